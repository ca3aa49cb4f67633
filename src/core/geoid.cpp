#include "core/geoid.h"

#include <utility>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.h"
#include "core/text.h"

namespace mobmap {

std::string canonicalKeyPart(std::string_view raw) {
  std::string_view v = trim(raw);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    v = trim(v.substr(1, v.size() - 2));
  // Census API / data.census.gov form: summary level + "US" + GEOID.
  if (std::size_t us = v.find("US"); us != std::string_view::npos && us > 0 && isAllDigits(v.substr(0, us)) &&
                                     isAllDigits(v.substr(us + 2)))
    v = v.substr(us + 2);
  if (isAllDigits(v)) return std::string(v);
  // A number written as a real: keep it only when it is whole.
  if (auto n = parseNumber(v); n && *n >= 0 && *n == std::floor(*n) && *n < 1e17) return formatNumber(*n);
  return std::string(v);
}

bool isLossyScientificId(std::string_view raw) {
  std::string_view t = trim(raw);
  const std::size_t e = t.find_first_of("eE");
  if (e == std::string_view::npos || e == 0 || e + 1 >= t.size()) return false;
  std::string_view mantissa = t.substr(0, e), exponent = t.substr(e + 1);
  if (exponent.front() == '+') exponent.remove_prefix(1);
  if (exponent.empty() || !isAllDigits(exponent)) return false;  // negative exponents are not IDs
  std::size_t digits = 0;
  bool dot = false;
  for (char c : mantissa) {
    if (c == '.' && !dot) dot = true;
    else if (c >= '0' && c <= '9') ++digits;
    else return false;
  }
  const int exp = std::stoi(std::string(exponent));
  // An integer with exp + 1 digits written with fewer significant digits lost the rest.
  return digits > 0 && static_cast<std::size_t>(exp) + 1 > digits;
}

int knownFipsWidth(std::string_view columnName) {
  std::string n = toLower(trim(columnName));
  if (n == "state" || n == "statefp" || n == "statefp10" || n == "statefp20" || n == "state_fips") return 2;
  if (n == "county" || n == "countyfp" || n == "countyfp10" || n == "countyfp20" || n == "county_fips") return 3;
  if (n == "tract" || n == "tractce" || n == "tractce10" || n == "tractce20") return 6;
  if (n == "place" || n == "placefp" || n == "place_fips") return 5;
  if (n == "blkgrp" || n == "block_group" || n == "blockgroup") return 1;
  return 0;
}

KeySpec KeySpec::parse(std::string_view text) {
  KeySpec spec;
  for (const std::string& piece : split(text, '+')) {
    std::string_view p = trim(piece);
    if (p.empty()) throw UsageError("key '" + std::string(text) + "' has an empty column name");
    spec.columns.emplace_back(p);
  }
  return spec;
}

std::string KeySpec::text() const {
  std::string out;
  for (const std::string& c : columns) out += (out.empty() ? "" : "+") + c;
  return out;
}

std::vector<std::string> buildKeys(const AttributeTable& table, const KeySpec& spec, std::string_view sourceName) {
  const std::size_t rows = table.rowCount();
  std::vector<std::string> keys(rows);
  std::vector<bool> missing(rows, false);
  const bool composite = spec.columns.size() > 1;
  for (const std::string& name : spec.columns) {
    const Column& column = table.require(name, sourceName);
    std::vector<std::string> parts(rows);
    std::size_t widest = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      if (column.isMissing(r)) {
        missing[r] = true;
        continue;
      }
      parts[r] = canonicalKeyPart(column.displayText(r));
      if (isAllDigits(parts[r])) widest = std::max(widest, parts[r].size());
    }
    std::size_t width = knownFipsWidth(name) > 0 ? static_cast<std::size_t>(knownFipsWidth(name)) : widest;
    for (std::size_t r = 0; r < rows; ++r) {
      std::string& p = parts[r];
      if (composite && isAllDigits(p) && p.size() < width) p.insert(0, width - p.size(), '0');
      keys[r] += p;
    }
  }
  for (std::size_t r = 0; r < rows; ++r)
    if (missing[r]) keys[r].clear();
  return keys;
}

void restoreLostLeadingZero(std::vector<std::string>& left, std::vector<std::string>& right) {
  std::size_t widest = 0;
  for (const auto* side : {&left, &right})
    for (const std::string& k : *side)
      if (isAllDigits(k)) widest = std::max(widest, k.size());
  if (widest < 2) return;
  for (auto* side : {&left, &right})
    for (std::string& k : *side)
      if (k.size() + 1 == widest && isAllDigits(k)) k.insert(0, 1, '0');
}

KeySetDifference compareKeySets(const std::vector<std::string>& first, const std::vector<std::string>& second,
                                std::size_t examples) {
  std::set<std::string> a, b;
  for (const std::string& k : first)
    if (!k.empty()) a.insert(k);
  for (const std::string& k : second)
    if (!k.empty()) b.insert(k);
  KeySetDifference d;
  for (const std::string& k : a) {
    if (b.count(k)) {
      ++d.common;
      continue;
    }
    if (d.onlyFirst++ < examples) d.onlyFirstExamples.push_back(k);
  }
  for (const std::string& k : b)
    if (!a.count(k) && d.onlySecond++ < examples) d.onlySecondExamples.push_back(k);
  return d;
}

std::optional<std::string> stateNameOfFips(std::string_view fips) {
  static constexpr std::pair<std::string_view, std::string_view> kStates[] = {
      {"01", "Alabama"}, {"02", "Alaska"}, {"04", "Arizona"}, {"05", "Arkansas"}, {"06", "California"}, {"08", "Colorado"},
      {"09", "Connecticut"}, {"10", "Delaware"}, {"11", "District of Columbia"}, {"12", "Florida"}, {"13", "Georgia"},
      {"15", "Hawaii"}, {"16", "Idaho"}, {"17", "Illinois"}, {"18", "Indiana"}, {"19", "Iowa"}, {"20", "Kansas"},
      {"21", "Kentucky"}, {"22", "Louisiana"}, {"23", "Maine"}, {"24", "Maryland"}, {"25", "Massachusetts"},
      {"26", "Michigan"}, {"27", "Minnesota"}, {"28", "Mississippi"}, {"29", "Missouri"}, {"30", "Montana"},
      {"31", "Nebraska"}, {"32", "Nevada"}, {"33", "New Hampshire"}, {"34", "New Jersey"}, {"35", "New Mexico"},
      {"36", "New York"}, {"37", "North Carolina"}, {"38", "North Dakota"}, {"39", "Ohio"}, {"40", "Oklahoma"},
      {"41", "Oregon"}, {"42", "Pennsylvania"}, {"44", "Rhode Island"}, {"45", "South Carolina"}, {"46", "South Dakota"},
      {"47", "Tennessee"}, {"48", "Texas"}, {"49", "Utah"}, {"50", "Vermont"}, {"51", "Virginia"}, {"53", "Washington"},
      {"54", "West Virginia"}, {"55", "Wisconsin"}, {"56", "Wyoming"}, {"60", "American Samoa"}, {"66", "Guam"},
      {"69", "Northern Mariana Islands"}, {"72", "Puerto Rico"}, {"78", "Virgin Islands"}};
  for (const auto& [code, name] : kStates)
    if (code == fips) return std::string(name);
  return std::nullopt;
}

}  // namespace mobmap
