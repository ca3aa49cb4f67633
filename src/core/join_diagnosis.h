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

}  // namespace mobmap
