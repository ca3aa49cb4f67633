#pragma once
// Formatting numbers for legends in the unit people read them in.
#include <string>
#include <vector>

namespace mobmap::render {

// How a field's values are shown: "share" (0–1 shown as percent), "percent", "dollars", or plain.
struct NumberFormat {
  std::string unit;  // catalog unit; "" = plain number
  int decimals = 0;

  // "12.5%", "$23,776", "1,234.5".
  std::string format(double value) const;
};

// The format for `unit` with the fewest decimals that keeps every adjacent pair of `breaks` distinct.
NumberFormat formatForBreaks(const std::string& unit, const std::vector<double>& breaks);

// Thousands separators for an already formatted plain number ("1234567.5" -> "1,234,567.5").
std::string groupThousands(const std::string& number);

}  // namespace mobmap::render
