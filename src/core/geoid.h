#pragma once
// Normalising geographic identifiers so that the many forms files carry them in compare equal:
// "6037" / "06037", "17031010100.0", "1400000US17031010100", split columns (state + county).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_table.h"

namespace mobmap {

// One key value in canonical text: trimmed, surrounding quotes dropped, a Census summary-level prefix
// ("1400000US", "0500000US") dropped, and a real with no fraction ("17031010100.0", "1.7031e4") written as
// the integer it is. Text that is not a number is kept as is (names, letters).
std::string canonicalKeyPart(std::string_view raw);

// True for an identifier a spreadsheet wrote in scientific notation with fewer significant digits than the
// number has ("1.7031E+10" for 17031010100): the digits are lost and the value must not be matched.
bool isLossyScientificId(std::string_view raw);

// The width a FIPS component has from its column name: state 2, county 3, tract 6, place 5, block group 1,
// county GEOID 5, tract GEOID 11; 0 when the name says nothing.
int knownFipsWidth(std::string_view columnName);

// A join key: one column or several joined with '+' ("state+county").
struct KeySpec {
  std::vector<std::string> columns;

  // Parses "GEOID" or "state+county"; throws UsageError on empty pieces.
  static KeySpec parse(std::string_view text);
  std::string text() const;
};

// Builds the canonical key of every row of `table` (empty string for a row with a missing key part).
// Digit-only parts of a composite key are zero-padded to their known width, else to the widest value of that
// column, so "6" + "37" becomes "06037".
std::vector<std::string> buildKeys(const AttributeTable& table, const KeySpec& spec, std::string_view sourceName);

// Restores zeros lost by numeric storage across both sides of a join: digit-only keys one character shorter
// than the widest digit-only key get one leading zero ("6037" -> "06037"). FIPS codes start with a state code
// of 01-99, so at most one leading zero can have been lost.
void restoreLostLeadingZero(std::vector<std::string>& left, std::vector<std::string>& right);

// How two sets of keys differ (e.g. the tract GEOIDs of a long table's rows of two years): how many distinct keys
// only the first or only the second holds, and the first `examples` of each in ascending order. Empty keys
// (missing) are ignored.
struct KeySetDifference {
  std::size_t onlyFirst = 0, onlySecond = 0, common = 0;
  std::vector<std::string> onlyFirstExamples, onlySecondExamples;
};
KeySetDifference compareKeySets(const std::vector<std::string>& first, const std::vector<std::string>& second,
                                std::size_t examples = 5);

// The name of the state or territory with 2-digit FIPS code `fips` ("17" -> "Illinois"; "72" -> "Puerto Rico"),
// as the Census Bureau names it; nullopt for a code that names none.
std::optional<std::string> stateNameOfFips(std::string_view fips);

}  // namespace mobmap
