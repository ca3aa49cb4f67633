#pragma once
// Formatting numbers for legends in the unit people read them in.
#include <string>
#include <vector>

namespace mobmap::render {

// How a field's values are shown: "share" (0–1 shown as percent), "percent", "dollars", or plain.
struct NumberFormat {
  std::string unit;  // catalog unit; "" = plain number
  int decimals = 0;

  // "12.5%", "$23,776", "1,234.5"; negative numbers with a true minus sign ("−4.2", "−$1,200").
  std::string format(double value) const;
};

// The format for `unit` with the fewest decimals that keeps every adjacent pair of `breaks` distinct.
// `maxDecimals` (>= 0) caps the decimals, as the catalog's display format asks ("dollars0": whole dollars).
NumberFormat formatForBreaks(const std::string& unit, const std::vector<double>& breaks, int maxDecimals = -1);

// The decimals a catalog display format asks for ("percent1" -> 1, "dollars0" -> 0), or -1 for none.
int formatDecimals(const std::string& displayFormat);

// A class boundary as a legend may print it: a number that, at `fmt`'s decimals (or more where needed),
// still separates the classes it divides — every value of the class below is <= it and every value of
// the class above is > it (classes include their upper bound). `below` is the largest value of the classes
// below the break, `above` the smallest of those above (NaN when that side is empty). Returns the text.
std::string boundaryText(const NumberFormat& fmt, double breakValue, double below, double above);

// Thousands separators for an already formatted plain number ("1234567.5" -> "1,234,567.5").
std::string groupThousands(const std::string& number);

}  // namespace mobmap::render
