#pragma once
// Merging selected source areas (tracts) into custom areas, and aggregating their values onto them.
//
// Usage:
//   std::vector<analysis::DissolveArea> areas = {{"East side", {3, 4, 9}}};
//   Layer custom = analysis::dissolveAreas(tracts, areas);
//   analysis::AggregationResult r = analysis::aggregateDissolved(tracts, areas, request);
#include <string>
#include <vector>

#include "analysis/aggregation.h"
#include "core/layer.h"

namespace mobmap::analysis {

// A custom area: a name and the source rows (0-based) it is made of.
struct DissolveArea {
  std::string name;
  std::vector<std::size_t> members;
};

// One feature per area, in the source's CRS: the union of its members' polygons (invalid rings made valid
// first), with the attributes `name` and `n_sources`. Throws mobmap::Error for a member row out of range or an
// area without members.
Layer dissolveAreas(const Layer& source, const std::vector<DissolveArea>& areas);

// Aggregates the request's fields of `source` onto the areas: every member counts wholly (share 1) in its area;
// a source in two areas counts in both. Coverage is 1 by construction.
AggregationResult aggregateDissolved(const Layer& source, const std::vector<DissolveArea>& areas,
                                     const AggregationRequest& request);

}  // namespace mobmap::analysis
