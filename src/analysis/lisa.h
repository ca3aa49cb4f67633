#pragma once
// Local Moran's I (LISA) per area, as spdep::localmoran computes it, with conditional-permutation pseudo
// p values and cluster labels.
//
// With z = x − mean(x) over all n areas, m2 = Σ z² / n, lag_i = Σ_j w_ij z_j (row-standardised; 0 for an
// island), W_i = Σ_j w_ij (1, or 0 for an island), W2_i = Σ_j w_ij²:
//   I_i = z_i lag_i / m2
//   E[I_i] = −z_i² W_i / ((n − 1) m2)                                   (spdep conditional = TRUE)
//   Var[I_i] = (z_i/m2)² · n/(n − 2) · (W2_i − W_i²/(n − 1)) · (m2 − z_i²/(n − 1))
//   z_i = (I_i − E[I_i]) / sqrt(Var[I_i]),  p_i = 2·P(Z > |z_i|)         (spdep's two-sided default)
// Conditional permutation: for each area, N times, its card(i) neighbours' values are replaced by values
// drawn without replacement from the other n − 1 areas; with `larger` the number of draws whose I_i is at
// least the observed one, the folded pseudo p is (1 + min(larger, N − larger)) / (N + 1). The draws come from
// one table shared by all areas, as GeoDa's and PySAL's lookup-table LISA: N rows of max card(i) distinct
// positions among n − 1, area i taking the first card(i) of each row and skipping itself (position q names area
// q, or q + 1 from i on).
// Cluster: significant areas (p ≤ alpha) are high-high (z_i > 0, lag_i > 0), low-low (z_i < 0, lag_i < 0),
// high-low or low-high; the rest, and every island, are "not significant".
#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "analysis/multiple_testing.h"
#include "analysis/spatial_weights.h"

namespace mobmap::analysis {

enum class LisaCluster { NotSignificant, HighHigh, LowLow, HighLow, LowHigh };

// "not significant", "high-high", "low-low", "high-low", "low-high".
std::string_view lisaClusterLabel(LisaCluster c);

struct LocalMoranArea {
  double Ii = 0;
  double expected = 0;
  double variance = 0;
  std::optional<double> z, p;        // none for an island (zero variance)
  std::optional<double> pseudoP;     // none without permutations or for an island
  std::optional<double> pAdjusted;   // the p the cluster used, corrected for multiple comparisons (lisa_correction.h)
  double lag = 0;                    // Σ_j w_ij z_j
  bool island = false;
  LisaCluster cluster = LisaCluster::NotSignificant;
};

// The permutation test's defaults everywhere (the CLI, the viewer, figures): those of R spdep's
// localmoran_perm and of GeoDa: 999 permutations, significance at 0.05; seed 1 so that runs repeat.
inline constexpr int kDefaultPermutations = 999;
inline constexpr std::uint64_t kDefaultSeed = 1;
inline constexpr double kDefaultAlpha = 0.05;

struct LocalMoran {
  std::vector<LocalMoranArea> areas;
  int permutations = 0;
  double alpha = kDefaultAlpha;
  bool usedPseudoP = false;          // clusters from pseudo p (else from the normal-approximation p)
  PCorrection correction = PCorrection::None;  // set by correctLocalMoran
  std::size_t comparisons = 0;       // areas tested (islands excluded), the m of the correction
  std::size_t counts[5] = {0, 0, 0, 0, 0};  // per LisaCluster value
};

// Local Moran's I of `x` over `weights`. Clusters use the pseudo p when permutations > 0, else the
// analytical p. The permutation table is drawn with std::mt19937_64 seeded with `seed` (same seed, same result,
// whatever the number of threads; areas are computed in parallel, see MOBMAP_THREADS in the README). Throws
// mobmap::Error when x and the weights differ in length, there are fewer than 3 areas or x is constant,
// and mobmap::UsageError for alpha outside (0, 1) or negative permutations. When `cancel` is given and becomes
// true, throws mobmap::Cancelled within a few hundred areas; the result does not depend on it otherwise.
LocalMoran localMoran(const std::vector<double>& x, const SpatialWeights& weights, int permutations = kDefaultPermutations,
                      std::uint64_t seed = kDefaultSeed, double alpha = kDefaultAlpha,
                      const std::atomic<bool>* cancel = nullptr);

}  // namespace mobmap::analysis
