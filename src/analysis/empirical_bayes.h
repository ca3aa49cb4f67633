#pragma once
// Empirical Bayes smoothing of rates from small counts, and the Assunção–Reis EB Moran's I, as R's spdep
// computes them (Poisson family).
//
// Rates are xᵢ = rᵢ / nᵢ with rᵢ the cases (events) and nᵢ the population at risk.
// Global (Marshall 1991; spdep::EBest): b = Σr / Σn, s² = Σ nᵢ(xᵢ − b)² / Σn, a = s² − b / (Σn / N), a set
//   to 0 when negative; the estimate is b + a (xᵢ − b) / (a + b / nᵢ).
// Local (spdep::EBlocal, geoda = FALSE): the same with the sums over Sᵢ, the area itself and its neighbours:
//   mᵢ = Σ_S r / Σ_S n, Cᵢ = Σ_{j∈S} nⱼ(xⱼ − mⱼ)² (spdep takes each member's own local mean mⱼ; GeoDa's
//   variant, geoda = TRUE, uses mᵢ), aᵢ = Cᵢ / Σ_S n − mᵢ / (Σ_S n / |Sᵢ|) (0 when negative),
//   estimate mᵢ + (xᵢ − mᵢ) aᵢ / (aᵢ + mᵢ / nᵢ).
// EB Moran's I (Assunção and Reis 1999; spdep::EBImoran.mc): with b and a (clamped) as in the global estimate and
//   vᵢ = a + b / nᵢ (b / nᵢ where that is negative), zᵢ = (xᵢ − b) / √vᵢ, I is Moran's I of z with
//   row-standardised weights: (N / S0) Σᵢ (zᵢ − z̄) Σⱼ wᵢⱼ (zⱼ − z̄) / Σ (zᵢ − z̄)².
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "analysis/spatial_weights.h"

namespace mobmap::analysis {

enum class EbMethod { Global, Local };

// Parses "eb-global" or "eb-local" (case-insensitive); throws mobmap::UsageError otherwise.
EbMethod parseEbMethod(std::string_view name);
// "eb-global" or "eb-local".
std::string_view ebMethodName(EbMethod m);

struct EbEstimate {
  std::vector<double> raw;        // rᵢ / nᵢ
  std::vector<double> smoothed;   // the EB estimate
  // Global: the prior's mean b and variance a (spdep's attr(, "parameters")); local: per area in `localMean` /
  // `localVariance`.
  double mean = 0, variance = 0;
  std::vector<double> localMean, localVariance;
};

// Marshall's global EB estimate. Throws mobmap::Error when the lengths differ, fewer than 2 areas are given, a
// population is not positive or a count is negative.
EbEstimate ebGlobal(const std::vector<double>& cases, const std::vector<double>& population);

// The local EB estimate over each area and its neighbours in `weights` (the same areas, in order); an island is
// smoothed towards its own rate only (its estimate equals its raw rate). Throws as ebGlobal, and when the
// weights are for a different number of areas.
EbEstimate ebLocal(const std::vector<double>& cases, const std::vector<double>& population, const SpatialWeights& weights);

struct EbMoran {
  double I = 0;
  std::vector<double> z;          // the standardised rates zᵢ
  int permutations = 0;
  std::optional<double> pseudoP;  // (1 + #{I_perm ≥ I}) / (N + 1), spdep's alternative "greater"
};

// The EB Moran's I of the rates. Permutations shuffle z over the areas with std::mt19937_64 seeded with `seed`.
// Throws as ebGlobal, and when fewer than 2 areas have neighbours or every z is equal.
EbMoran ebMoran(const std::vector<double>& cases, const std::vector<double>& population, const SpatialWeights& weights,
                int permutations = 0, std::uint64_t seed = 1);

}  // namespace mobmap::analysis
