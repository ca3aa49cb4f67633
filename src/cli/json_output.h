#pragma once
// JSON shapes shared by several commands.
#include <nlohmann/json.hpp>

#include "core/extent.h"
#include "core/missing_value.h"
#include "core/table_join.h"

namespace mobmap::cli {

// Missing values by reason: {"census_no_estimate": {"count": 3, "meaning": "Census: ..."}, ...}; {} when none.
nlohmann::json missingReasonsJson(const MissingCounts& counts);

// [minx, miny, maxx, maxy], or null for an empty extent.
nlohmann::json extentJson(const Extent& e);

// The join report: matched, unmatched_left, unmatched_right, duplicate_right, examples, notes, ...
nlohmann::json joinReportJson(const JoinReport& report);

// A few human lines describing a join report (for stdout without --json).
std::string joinReportText(const JoinReport& report, const std::string& leftName, const std::string& rightName);

}  // namespace mobmap::cli
