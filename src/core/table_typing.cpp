#include "core/table_typing.h"

#include <array>

#include "core/text.h"

namespace mobmap {

bool isMissingToken(std::string_view cell) {
  return missingReasonOfText(cell, false) != MissingReason::None && !isAmbiguousCensusMark(cell);
}

namespace {

std::optional<double> parseShare(std::string_view s) {
  s = trim(s);
  if (s.ends_with('%')) s.remove_suffix(1);
  return parseNumber(s);
}

}  // namespace

std::optional<std::pair<double, double>> parseTwoShares(std::string_view cell) {
  std::string_view t = trim(cell);
  std::size_t colon = t.find(':');
  if (colon == std::string_view::npos || t.find(':', colon + 1) != std::string_view::npos) return std::nullopt;
  auto a = parseShare(t.substr(0, colon));
  auto b = parseShare(t.substr(colon + 1));
  if (!a || !b) return std::nullopt;
  return std::pair{*a, *b};
}

std::string twoShareExample(const Column& column) {
  if (column.isNumeric()) return {};
  for (std::size_t r = 0; r < column.size(); ++r)
    if (!column.isMissing(r) && parseTwoShares(column.text(r))) return column.text(r);
  return {};
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

std::string twoShareSample(const std::vector<std::string>& cells) {
  for (const std::string& c : cells)
    if (parseTwoShares(c)) return std::string(trim(c));
  return {};
}

}  // namespace

Column typeColumn(std::string name, const std::vector<std::string>& cells) {
  const bool moe = isMoeColumnName(name);
  bool anyNumber = false;
  bool allNumeric = true;    // every present value is a number, an ambiguous Census mark or a controlled MOE
  bool allTwoShares = true;  // every present value is two shares a:b
  bool anyTwoShare = false;
  bool allIntegral = true;
  bool leadingZero = false;
  for (const std::string& raw : cells) {
    std::string_view v = trim(raw);
    if (moeControlledValue(v, moe)) {
      anyNumber = true;
      allTwoShares = false;
      continue;
    }
    const MissingReason reason = missingReasonOfText(v, moe);
    if (reason != MissingReason::None && !isAmbiguousCensusMark(v)) continue;
    if (reason != MissingReason::None) {  // "-", "N", "*": missing among numbers, text among words
      allTwoShares = false;
      continue;
    }
    if (hasLeadingZeroDigits(v)) leadingZero = true;
    const bool number = parseNumber(v).has_value();
    anyNumber = anyNumber || number;
    if (!number) allNumeric = false;
    if (parseTwoShares(v))
      anyTwoShare = true;
    else
      allTwoShares = false;
    if (allIntegral && !looksIntegral(v)) allIntegral = false;
  }
  // A column of ambiguous marks alone ("N", "-") holds words, not numbers.
  bool hasAmbiguous = false;
  for (const std::string& raw : cells) hasAmbiguous = hasAmbiguous || isAmbiguousCensusMark(raw);
  if (!anyNumber && hasAmbiguous) allNumeric = false;

  const bool idLike = isIdLikeName(name) || leadingZero;
  const bool twoShares = !idLike && anyTwoShare && allTwoShares && toLower(name).find("ratio") != std::string::npos;
  FieldType type = FieldType::String;
  if (twoShares)
    type = FieldType::Real;
  else if (!idLike && allNumeric)
    type = !anyNumber ? FieldType::Real : (allIntegral ? FieldType::Integer : FieldType::Real);

  Column column(std::move(name), type);
  if (twoShares)
    column.setReadNote("two shares 'a:b' (e.g. '" + twoShareSample(cells) + "') read as the ratio a / b");
  for (const std::string& raw : cells) {
    std::string_view v = trim(raw);
    const MissingReason reason = missingReasonOfText(v, moe);
    const bool ambiguous = isAmbiguousCensusMark(v);
    if (type == FieldType::String) {
      if (reason != MissingReason::None && !ambiguous && reason != MissingReason::NotFinite)
        column.appendMissing(reason);
      else
        column.appendText(std::string(v));
    } else if (auto controlled = moeControlledValue(v, moe)) {
      column.appendNumber(*controlled);
    } else if (reason != MissingReason::None) {
      column.appendMissing(reason);
    } else if (twoShares) {
      auto [a, b] = *parseTwoShares(v);
      if (b == 0)
        column.appendMissing(MissingReason::UndefinedRatio);
      else
        column.appendNumber(a / b);
    } else {
      column.appendNumber(*parseNumber(v));
    }
  }
  return column;
}

}  // namespace mobmap
