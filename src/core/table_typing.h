#pragma once
// Turns columns of text cells (from CSV, XLSX, ODS) into typed columns.
//
// Rules: the missing-value rule of core/missing_value.h decides which cells are missing and why ("", NA,
// N/A, ".", null, the Census codes and marks, inf/NaN, |v| >= 1e300). The Census marks "-", "N" and "*" are
// missing only in a column whose other values are numbers; in a column of words they are text.
// A column stays String when its name is ID-like (GEOID, FIPS, state, county, tract, place, ..._id) or any
// value is a digit string with a leading zero ("06", "001"), so identifiers keep their zeros. Otherwise a
// column whose every present value is a number is Integer (no decimal point or exponent anywhere) or Real;
// anything else is String. A column with no present value is Real.
// Two-share text: a column whose name contains "ratio" and whose every present value is two numbers joined
// by ':' (Urban's "0.190:0.272", "20.8%:27.5%", "2235:1") is Real, holding the first divided by the second
// (b = 0: missing, "ratio undefined"); Column::readNote() says so. Any other column with such values stays
// String, and twoShareExample() lets a caller say why it cannot be mapped.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/attribute_table.h"

namespace mobmap {

// True for the cell texts that mean "no value" in any column (core/missing_value.h), excluding the marks
// "-", "N" and "*" that are missing only among numbers.
bool isMissingToken(std::string_view cell);
// The two numbers of a two-share cell ("0.190:0.272", "20.8%:27.5%", "2235:1"), else nullopt.
std::optional<std::pair<double, double>> parseTwoShares(std::string_view cell);
// The first present value of a String column that is in two-share form, or "" when none is.
std::string twoShareExample(const Column& column);
// True when a column name says it holds identifiers (GEOID, FIPS codes, state/county/tract/place, *_id).
bool isIdLikeName(std::string_view columnName);
// A typed column from text cells, following the rules above.
Column typeColumn(std::string name, const std::vector<std::string>& cells);

}  // namespace mobmap
