#pragma once
// Turns columns of text cells (from CSV, XLSX, ODS) into typed columns.
//
// Rules: "", "NA", "N/A" and "." are missing. A column stays String when its name is ID-like (GEOID, FIPS,
// state, county, tract, place, ..._id) or any value is a digit string with a leading zero ("06", "001"), so
// identifiers keep their zeros. Otherwise a column whose every present value is a number is Integer (no
// decimal point or exponent anywhere) or Real; anything else is String. A column with no present value is Real.
#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_table.h"

namespace mobmap {

// True for the cell texts that mean "no value".
bool isMissingToken(std::string_view cell);
// True when a column name says it holds identifiers (GEOID, FIPS codes, state/county/tract/place, *_id).
bool isIdLikeName(std::string_view columnName);
// A typed column from text cells, following the rules above.
Column typeColumn(std::string name, const std::vector<std::string>& cells);

}  // namespace mobmap
