#pragma once
// Small text utilities shared by the modules.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mobmap {

// Lower-case ASCII copy.
std::string toLower(std::string_view s);
// ASCII case-insensitive equality.
bool equalsIgnoreCase(std::string_view a, std::string_view b);
// `s` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim(std::string_view s);
// Splits on `sep`, keeping empty pieces.
std::vector<std::string> split(std::string_view s, char sep);
// The whole of `s` as a finite number (decimal, optional sign and exponent), or nullopt.
std::optional<double> parseNumber(std::string_view s);
// Shortest text that reads back to `v`: "12", "0.25", "1e-07"; whole numbers never get ".0".
std::string formatNumber(double v);
// True when every character is an ASCII digit (and there is at least one).
bool isAllDigits(std::string_view s);

}  // namespace mobmap
