#pragma once
// Multiple-comparison corrections for local Moran's I: the clusters of a LocalMoran recomputed from its p
// values (pseudo p when it has permutations, else the analytical p) adjusted over the tested areas (islands
// excluded) by Bonferroni or Benjamini–Hochberg, as R's p.adjust does. An area stays in its quadrant's cluster
// when its adjusted p is at most alpha; otherwise it becomes "not significant".
#include <vector>

#include "analysis/lisa.h"
#include "analysis/multiple_testing.h"

namespace mobmap::analysis {

// Applies `correction` to `result`, computed by localMoran from `x` (the same values, in order): sets each area's
// pAdjusted, its cluster and the counts, and records the correction and the number of comparisons. None keeps
// the clusters and sets pAdjusted to the unadjusted p. Throws mobmap::Error when x does not match the result.
void correctLocalMoran(LocalMoran& result, const std::vector<double>& x, PCorrection correction);

}  // namespace mobmap::analysis
