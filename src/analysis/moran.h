#pragma once
// Global Moran's I with row-standardised weights (contiguity, k nearest, distance band or inverse distance:
// SpatialWeights::weight), as spdep::moran.test and moran.mc compute it.
//
// With z = x − mean(x) over all n areas, lag_i = Σ_j w_ij z_j (w_ij = 1/card(i); 0 for an island),
// S0 = Σ w_ij, and n' = n − islands (spdep's adjust.n = TRUE):
//   I = (n'/S0) · Σ z_i lag_i / Σ z_i²,   E[I] = −1/(n'−1)
//   S1 = ½ Σ_ij (w_ij + w_ji)²,  S2 = Σ_i (Σ_j w_ij + Σ_j w_ji)²,  K = n Σ z⁴ / (Σ z²)²
//   Var_normal[I] = (n'² S1 − n' S2 + 3 S0²) / (S0² (n'² − 1)) − E[I]²
//   Var_random[I] = [n'((n'² − 3n' + 3) S1 − n' S2 + 3 S0²) − K((n'² − n') S1 − 2n' S2 + 6 S0²)]
//                   / ((n'−1)(n'−2)(n'−3) S0²) − E[I]²
//   z = (I − E[I]) / sqrt(Var),  p = P(Z > z) (spdep's alternative "greater") and 2·P(Z > |z|).
// The pseudo p of N random permutations of x over the areas is (1 + #{I_perm ≥ I}) / (N + 1).
#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/spatial_weights.h"

namespace mobmap::analysis {

struct MoranTest {
  double variance = 0;
  double z = 0;
  double pGreater = 0;   // one-sided, spdep's default alternative
  double pTwoSided = 0;
};

struct GlobalMoran {
  std::size_t n = 0;         // areas analysed
  std::size_t islands = 0;   // areas without neighbours (zero weights, left out of n')
  double nAdjusted = 0;      // n' = n − islands
  double I = 0;
  double expected = 0;       // E[I]
  double s0 = 0, s1 = 0, s2 = 0, kurtosis = 0;
  MoranTest normal;          // moran.test(randomisation = FALSE)
  MoranTest randomisation;   // moran.test(randomisation = TRUE), spdep's default
  int permutations = 0;
  std::optional<double> pseudoP;        // when permutations > 0
  std::optional<double> permutationMean, permutationSd;
};

// P(Z > z) for a standard normal Z.
double normalUpperTail(double z);

// Moran's I of `x` (one value per area of `weights`) with the tests above. Permutations use
// std::mt19937_64 seeded with `seed`, so the same seed gives the same pseudo p (the shuffles are drawn in
// order, their statistics computed in parallel). Throws mobmap::Error when
// x and the weights differ in length, fewer than 4 areas have neighbours, or x is constant.
GlobalMoran globalMoran(const std::vector<double>& x, const SpatialWeights& weights, int permutations = 0,
                        std::uint64_t seed = 1);

}  // namespace mobmap::analysis
