#include "session/long_table.h"

#include <algorithm>
#include <cmath>
#include <regex>

#include "core/text.h"

namespace mobmap::session {

namespace {

const std::regex& yearCondition() {
  static const std::regex re(R"(\byear\s*=\s*'?(\d+)'?)", std::regex::icase);
  return re;
}

const std::regex& subgroupCondition() {
  static const std::regex re(R"(\bsubgroup\s*=\s*'((?:[^']|'')*)')", std::regex::icase);
  return re;
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string replaceOrAdd(const std::string& where, const std::regex& re, const std::string& condition) {
  if (!std::regex_search(where, re)) return where.empty() ? condition : "(" + where + ") AND " + condition;
  // The replacement is literal text: escape '$' for regex_replace.
  std::string literal;
  for (char c : condition) literal += c == '$' ? std::string("$$") : std::string(1, c);
  return std::regex_replace(where, re, literal);
}

}  // namespace

std::optional<LongTableChoices> longTableChoices(const AttributeTable& table) {
  const Column* year = table.find("year");
  const Column* subgroup = table.find("subgroup");
  if (!year || !subgroup) return std::nullopt;
  LongTableChoices choices;
  for (std::size_t r = 0; r < table.rowCount(); ++r) {
    if (!year->isMissing(r)) {
      std::optional<double> y = year->isNumeric() ? year->optionalNumber(r) : parseNumber(year->text(r));
      if (y && std::isfinite(*y)) {
        const int v = static_cast<int>(std::lround(*y));
        if (std::find(choices.years.begin(), choices.years.end(), v) == choices.years.end()) choices.years.push_back(v);
      }
    }
    if (!subgroup->isMissing(r)) {
      std::string s = subgroup->displayText(r);
      if (std::find(choices.subgroups.begin(), choices.subgroups.end(), s) == choices.subgroups.end())
        choices.subgroups.push_back(std::move(s));
    }
  }
  std::sort(choices.years.begin(), choices.years.end());
  return choices;
}

std::optional<int> filterYear(const std::string& where) {
  std::smatch m;
  if (!std::regex_search(where, m, yearCondition())) return std::nullopt;
  return std::stoi(m[1].str());
}

std::optional<std::string> filterSubgroup(const std::string& where) {
  std::smatch m;
  if (!std::regex_search(where, m, subgroupCondition())) return std::nullopt;
  std::string out, raw = m[1].str();
  for (std::size_t i = 0; i < raw.size(); ++i) {
    out += raw[i];
    if (raw[i] == '\'' && i + 1 < raw.size() && raw[i + 1] == '\'') ++i;
  }
  return out;
}

std::string withYearAndSubgroup(const std::string& where, std::optional<int> year,
                                const std::optional<std::string>& subgroup) {
  std::string out = where;
  if (year) out = replaceOrAdd(out, yearCondition(), "year = " + std::to_string(*year));
  if (subgroup) out = replaceOrAdd(out, subgroupCondition(), "subgroup = " + quoted(*subgroup));
  return out;
}

std::string rowScopeText(const std::string& where) {
  const std::optional<std::string> subgroup = filterSubgroup(where);
  const std::optional<int> year = filterYear(where);
  std::string out = subgroup ? *subgroup : "";
  if (year) out += (out.empty() ? "" : ", ") + std::to_string(*year);
  return out;
}

bool namesRowsOf(const std::string& text, const std::string& where, bool subgroup, bool year) {
  if (text.empty()) return false;
  const std::string t = toLower(text);
  if (const std::optional<std::string> old = subgroup ? filterSubgroup(where) : std::nullopt) {
    const std::string s = toLower(trim(*old));
    if (!s.empty() && t.find(s) != std::string::npos) return true;
    const std::string first = toLower(trim(s.substr(0, s.find(','))));
    if (!first.empty() && t.find(first) != std::string::npos) return true;
  }
  if (const std::optional<int> old = year ? filterYear(where) : std::nullopt) return t.find(std::to_string(*old)) != std::string::npos;
  return false;
}

}  // namespace mobmap::session
