#pragma once
// Getis–Ord local statistics Gi and Gi* as spdep::localG computes them, with binary weights (spdep style "B").
//
// With lag_i = Σ_j w_ij x_j over the neighbours (Gi*: the area itself included, w_ii = 1), W_i = Σ_j w_ij and
// S1_i = Σ_j w_ij² (= W_i for binary weights):
//   Gi:  x̄_i = (Σx − x_i)/(n − 1),  s_i² = (Σx² − x_i²)/(n − 1) − x̄_i²,
//        Var_i = s_i² ((n − 1) S1_i − W_i²) / (n − 2)
//   Gi*: x̄ = Σx / n,  s² = Σ(x − x̄)² / n,  Var_i = s² (n S1_i − W_i²) / (n − 1)
//   z_i = (lag_i − W_i x̄_i) / √Var_i,  p_i = 2·P(Z > |z_i|)   (spdep's alternative "two.sided")
// Class (as ArcGIS's Gi_Bin): "hot spot 99%" (p ≤ 0.01, z > 0), "hot spot 95%", "hot spot 90%", the same for
// "cold spot" (z < 0), otherwise "not significant"; an area without neighbours (Gi) is "no neighbours".
#include <optional>
#include <string>
#include <vector>

#include "analysis/spatial_weights.h"

namespace mobmap::analysis {

struct LocalG {
  std::vector<std::optional<double>> z;   // none for an area without neighbours (zero variance)
  std::vector<std::optional<double>> p;
  std::vector<std::string> cls;
  bool star = false;
  std::size_t hot = 0, cold = 0, notSignificant = 0, noNeighbours = 0;
};

// The hot-spot class of z and p as above.
std::string hotSpotClass(std::optional<double> z, std::optional<double> p);

// Gi (star = false) or Gi* (star = true) of `x` over `weights` (links used as binary weights). Throws
// mobmap::Error when x and the weights differ in length, there are fewer than 3 areas or x is constant.
LocalG localG(const std::vector<double>& x, const SpatialWeights& weights, bool star);

}  // namespace mobmap::analysis
