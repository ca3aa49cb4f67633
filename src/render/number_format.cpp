#include "render/number_format.h"

#include <cmath>
#include <algorithm>
#include <cctype>
#include <cstdio>

namespace mobmap::render {

std::string groupThousands(const std::string& number) {
  std::size_t start = (!number.empty() && number[0] == '-') ? 1 : 0;
  std::size_t dot = number.find('.');
  std::size_t intEnd = dot == std::string::npos ? number.size() : dot;
  std::string out = number.substr(0, start);
  for (std::size_t i = start; i < intEnd; ++i) {
    out += number[i];
    std::size_t remaining = intEnd - i - 1;
    if (remaining > 0 && remaining % 3 == 0) out += ',';
  }
  return out + number.substr(intEnd);
}

std::string NumberFormat::format(double value) const {
  double shown = unit == "share" ? value * 100 : value;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, shown);
  std::string text = buf;
  if (text.starts_with("-") && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);  // no "-0.0"
  text = groupThousands(text);
  const bool negative = text.starts_with("-");
  if (negative) text.erase(0, 1);
  const std::string minus = negative ? "\u2212" : "";
  if (unit == "share" || unit == "percent") return minus + text + "%";
  if (unit == "dollars") return minus + "$" + text;
  return minus + text;
}

int formatDecimals(const std::string& displayFormat) {
  if (displayFormat.empty() || !std::isdigit(static_cast<unsigned char>(displayFormat.back()))) return -1;
  return displayFormat.back() - '0';
}

std::string boundaryText(const NumberFormat& fmt, double breakValue, double below, double above) {
  const double toShown = fmt.unit == "share" ? 100.0 : 1.0;
  for (int d = fmt.decimals; d <= fmt.decimals + 6; ++d) {
    const double scale = std::pow(10.0, d);
    const double shown = breakValue * toShown * scale;
    for (double candidate : {std::round(shown), std::floor(shown), std::ceil(shown)}) {
      const double value = candidate / scale / toShown;
      const bool fitsBelow = std::isnan(below) || below <= value + 1e-12 * std::max(1.0, std::fabs(value));
      const bool fitsAbove = std::isnan(above) || above > value;
      if (fitsBelow && fitsAbove) return NumberFormat{fmt.unit, d}.format(value);
    }
  }
  return NumberFormat{fmt.unit, fmt.decimals + 6}.format(breakValue);
}

NumberFormat formatForBreaks(const std::string& unit, const std::vector<double>& breaks, int maxDecimals) {
  double span = 0;
  for (double b : breaks) span = std::max(span, std::fabs(unit == "share" ? b * 100 : b));
  const int start = span >= 100 ? 0 : span >= 1 ? 1 : 2;
  auto distinct = [&](const NumberFormat& f) {
    for (std::size_t i = 1; i < breaks.size(); ++i)
      if (breaks[i] != breaks[i - 1] && f.format(breaks[i]) == f.format(breaks[i - 1])) return false;
    return true;
  };
  auto exact = [&](const NumberFormat& f) {
    const double scale = std::pow(10.0, f.decimals);
    for (double b : breaks) {
      const double shown = (unit == "share" ? b * 100 : b) * scale;
      if (std::fabs(shown - std::round(shown)) > 1e-6 * std::max(1.0, std::fabs(shown))) return false;
    }
    return true;
  };
  // Prefer the fewest decimals (up to two more than the magnitude suggests) that show every break exactly,
  // so legend boundaries are the true class boundaries; else the fewest that keep them distinct.
  const int cap = maxDecimals >= 0 ? std::min(maxDecimals, 6) : 6;
  if (start > cap) return {unit, cap};
  for (int d = start; d <= std::min(start + 2, cap); ++d)
    if (NumberFormat f{unit, d}; exact(f) && distinct(f)) return f;
  for (int d = start; d <= cap; ++d)
    if (NumberFormat f{unit, d}; distinct(f)) return f;
  return {unit, cap};
}

}  // namespace mobmap::render
