#pragma once
// JSON shapes shared by several commands.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/extent.h"
#include "core/missing_value.h"
#include "core/join_diagnosis.h"
#include "core/table_join.h"
#include "render/figure.h"
#include "render/legend.h"

namespace mobmap::cli {

// A number, or null when absent.
nlohmann::json optionalJson(const std::optional<double>& v);

// A number with `digits` decimals, or "n/a" when absent (for text output).
std::string optionalText(const std::optional<double>& v, int digits = 4);

// Missing values by reason: {"census_no_estimate": {"count": 3, "meaning": "Census: ..."}, ...}; {} when none.
nlohmann::json missingReasonsJson(const MissingCounts& counts);

// [minx, miny, maxx, maxy], or null for an empty extent.
nlohmann::json extentJson(const Extent& e);

// The join report: matched, unmatched_left, unmatched_right, duplicate_right, examples, notes, ...
nlohmann::json joinReportJson(const JoinReport& report);


// The legend as drawn: one entry per swatch, classes highest first, then the special swatches, each
// {"label", "count", "color": "#rrggbb", "kind"} (kind: class, missing, suppressed, low_quality, absent,
// not_significant).
nlohmann::json legendJson(const render::Legend& legend);

// What a composed figure says: title, subtitle, legend_title and source_line (strings, "" when absent).
nlohmann::json figureTextsJson(const render::Figure& figure);

}  // namespace mobmap::cli
