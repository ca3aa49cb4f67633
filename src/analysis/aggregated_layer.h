#pragma once
// Turning an aggregation result into a layer that can be mapped and exported like any other.
#include "analysis/aggregation.h"
#include "core/layer.h"

namespace mobmap::analysis {

// The target layer (geometry and attributes as given) with, per aggregated field F, a column F (F_agg when the
// target already has a field F), F_moe, F_cv and F_low_cv (1 when CV > 40%, else 0) when F has a margin of
// error, plus n_sources (contributing source areas) and coverage (share of the area covered, when known).
Layer aggregatedLayer(const Layer& target, const AggregationResult& result);

}  // namespace mobmap::analysis
