#include "core/table_typing.h"

#include <array>

#include "core/text.h"

namespace mobmap {

bool isMissingToken(std::string_view cell) {
  std::string_view t = trim(cell);
  return t.empty() || t == "NA" || t == "N/A" || t == ".";
}

bool isIdLikeName(std::string_view columnName) {
  std::string n = toLower(trim(columnName));
  static constexpr std::array<std::string_view, 16> exact = {
      "id",    "state", "county", "tract",    "place",  "zip",   "zcta",   "blkgrp",
      "block", "geoid", "geo_id", "gisjoin",  "statefp", "countyfp", "tractce", "placefp"};
  for (std::string_view e : exact)
    if (n == e) return true;
  if (n.find("geoid") != std::string::npos || n.find("fips") != std::string::npos) return true;
  if (n.starts_with("statefp") || n.starts_with("countyfp") || n.starts_with("tractce") || n.starts_with("zcta"))
    return true;
  return n.size() > 3 && n.ends_with("_id");
}

namespace {

bool hasLeadingZeroDigits(std::string_view v) { return v.size() > 1 && v.front() == '0' && isAllDigits(v); }

bool looksIntegral(std::string_view v) { return v.find_first_of(".eE") == std::string_view::npos; }

}  // namespace

Column typeColumn(std::string name, const std::vector<std::string>& cells) {
  bool anyPresent = false;
  bool allNumeric = true;
  bool allIntegral = true;
  bool leadingZero = false;
  for (const std::string& raw : cells) {
    if (isMissingToken(raw)) continue;
    anyPresent = true;
    std::string_view v = trim(raw);
    if (hasLeadingZeroDigits(v)) leadingZero = true;
    if (allNumeric && !parseNumber(v)) allNumeric = false;
    if (allIntegral && !looksIntegral(v)) allIntegral = false;
  }
  FieldType type = FieldType::String;
  if (!isIdLikeName(name) && !leadingZero && allNumeric)
    type = !anyPresent ? FieldType::Real : (allIntegral ? FieldType::Integer : FieldType::Real);

  Column column(std::move(name), type);
  for (const std::string& raw : cells) {
    if (isMissingToken(raw)) {
      column.appendMissing();
    } else if (type == FieldType::String) {
      column.appendText(std::string(trim(raw)));
    } else {
      column.appendNumber(*parseNumber(trim(raw)));
    }
  }
  return column;
}

}  // namespace mobmap
