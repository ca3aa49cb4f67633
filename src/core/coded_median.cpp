#include "core/coded_median.h"

#include "core/attribute_table.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace mobmap {

namespace {

enum class Kind { None, Income, Value, Rent };

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out += char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Kind kindOf(std::string_view columnName) {
  const std::string n = lower(columnName);
  for (const char* t : {"b19013", "b19113", "b19202", "b19019", "b19049", "b20002", "b20017", "b20018"})
    if (n.starts_with(t)) return Kind::Income;
  for (const char* t : {"b25077", "b25097"})
    if (n.starts_with(t)) return Kind::Value;
  for (const char* t : {"b25064", "b25058", "b25031"})
    if (n.starts_with(t)) return Kind::Rent;
  if (n.find("median") == std::string::npos) return Kind::None;
  if (n.find("moe") != std::string::npos || n.ends_with("_lb") || n.ends_with("_ub")) return Kind::None;
  if (n.find("income") != std::string::npos || n.find("earning") != std::string::npos || n.find("hh_inc") != std::string::npos)
    return Kind::Income;
  if (n.find("value") != std::string::npos) return Kind::Value;
  if (n.find("rent") != std::string::npos) return Kind::Rent;
  return Kind::None;
}

std::string grouped(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  std::string digits = buf, out;
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (negative ? "-" : "") + out;
}

}  // namespace

bool isCodedMedianColumn(std::string_view columnName) { return kindOf(columnName) != Kind::None; }

std::optional<CodedMedian> censusCodedMedian(std::string_view columnName, double value) {
  switch (kindOf(columnName)) {
    case Kind::None: return std::nullopt;
    case Kind::Income:
      if (value == 250001) return CodedMedian{true, 250000};
      if (value == 2499) return CodedMedian{false, 2499};
      return std::nullopt;
    case Kind::Value:
      if (value == 2000001) return CodedMedian{true, 2000000};
      if (value == 9999) return CodedMedian{false, 9999};
      return std::nullopt;
    case Kind::Rent:
      if (value == 3501) return CodedMedian{true, 3500};
      return std::nullopt;
  }
  return std::nullopt;
}

std::string codedMedianText(const CodedMedian& coded, const std::string& number) {
  return (number.empty() ? grouped(coded.shownAs) : number) + (coded.top ? " or more" : " or less");
}

std::string readableCellText(const Column& column, std::size_t row) {
  std::string text = column.displayText(row);
  if (column.isNumeric() && !column.isMissing(row))
    if (auto c = censusCodedMedian(column.name(), column.number(row))) return codedMedianText(*c) + " (" + text + ")";
  return text;
}

}  // namespace mobmap
