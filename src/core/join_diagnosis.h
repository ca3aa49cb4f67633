#pragma once
// Plain-language explanations of a join's mismatches: key widths that differ, boundary vintages that differ.
#include <string>
#include <vector>

namespace mobmap {

struct JoinReport;

// Notes for the join report: why keys may not have matched and what to do. Empty when all is well.
std::vector<std::string> diagnoseJoin(const JoinReport& report, const std::vector<std::string>& leftKeys,
                                      const std::vector<std::string>& rightKeys,
                                      const std::vector<std::string>& unmatchedLeftKeys,
                                      const std::vector<std::string>& unmatchedRightKeys);

// The join report as `mobmap join` prints it (and the viewer shows it): matched features with the share, the
// unmatched features, unmatched table keys and duplicate table keys with examples, then each note.
std::string joinReportText(const JoinReport& report, const std::string& leftName, const std::string& rightName);

// Join keys to propose for boundaries with columns `left` and a table with columns `right`, best first, as
// "LEFT=RIGHT": GEOID-like columns on both sides (GEOID, GEOID10, GEOID20, GEO_ID, geoid10, FIPS, ...; the same
// name on both sides first), then the table's state+county(+tract) composites (Urban's Mobility Metrics files).
// Empty when neither side has a key-like column.
std::vector<std::string> proposeJoinKeys(const std::vector<std::string>& left, const std::vector<std::string>& right);

}  // namespace mobmap
