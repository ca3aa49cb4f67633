#pragma once
// The Mobility Metrics profile of a project made by `mobmap get`: the place's metrics read from its
// mobility_metrics table, set beside the state and national medians of its mobility_benchmarks table and
// described by the metric catalog (pillar, predictor, label, unit).
//
// Usage:
//   render::MetricProfile p = session::loadMetricProfile("cook-2022/project.toml");
//   session::writeMetricProfile(p, "profile.pdf", 11, 200);
#include <filesystem>

#include "render/metric_profile.h"

namespace mobmap::session {

// Reads the project's home place (the GEOID of its `county` or `place` layer), its mobility_metrics and
// mobility_benchmarks tables, and builds one row per catalog metric the place has a value for (subgroup All):
// the latest year's value, 95% bounds and quality word, the medians of that year, the values of every year,
// and the gaps of the subgroups (race and ethnicity measured from White, non-Hispanic; other groups from All)
// with their significance. Throws mobmap::Error naming the project file when it has no mobility_metrics
// table or no home place, or when the place has no metric values.
render::MetricProfile loadMetricProfile(const std::filesystem::path& projectFile);

// Writes the profile as a figure `widthIn` inches wide (.png at `dpi`, .svg or .pdf; written under a temporary
// name and renamed) and returns it. Throws mobmap::Error for a page under 8.3 in or a file that cannot be written.
render::Figure writeMetricProfile(const render::MetricProfile& profile, const std::string& out, double widthIn, double dpi);

}  // namespace mobmap::session
