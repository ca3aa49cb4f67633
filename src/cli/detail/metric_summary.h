#pragma once
// Describing the Mobility Metrics columns a table carries (value, CI bounds, quality flag, catalog label).
#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "core/metric_columns.h"

namespace mobmap::cli {

// Metric column groups among `names` that the catalog knows or that have _lb/_ub/_quality companions,
// with quality columns under older names (e.g. pctl_20_quality) resolved through the catalog.
std::vector<MetricColumns> recognisedMetrics(const std::vector<std::string>& names);

// JSON array of the recognised metrics: metric, label, pillar, direction, lb, ub, quality (null when absent).
nlohmann::json metricSummaryJson(const std::vector<std::string>& names);

// Human lines for the same, each starting with `indent`; nothing when there are none.
void printMetricSummary(std::ostream& out, const std::vector<std::string>& names, const std::string& indent);

}  // namespace mobmap::cli
