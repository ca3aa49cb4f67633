#include "analysis/getis_ord.h"

#include <algorithm>
#include <cmath>

#include "analysis/moe.h"
#include "core/error.h"

namespace mobmap::analysis {

std::string hotSpotClass(std::optional<double> z, std::optional<double> p) {
  if (!z || !p) return "no neighbours";
  const char* level = *p <= 0.01 ? "99%" : *p <= 0.05 ? "95%" : *p <= 0.10 ? "90%" : nullptr;
  if (!level || *z == 0) return "not significant";
  return std::string(*z > 0 ? "hot spot " : "cold spot ") + level;
}

LocalG localG(const std::vector<double>& x, const SpatialWeights& weights, bool star) {
  const std::size_t n = x.size();
  if (weights.size() != n) throw Error("Getis-Ord G: " + std::to_string(n) + " values for " + std::to_string(weights.size()) + " areas");
  if (n < 3) throw Error("Getis-Ord G needs at least 3 areas");
  double sum = 0, sumSq = 0;
  for (double v : x) {
    sum += v;
    sumSq += v * v;
  }
  const double mean = sum / static_cast<double>(n);
  double centred = 0;
  for (double v : x) centred += (v - mean) * (v - mean);
  if (!(centred > 0)) throw Error("Getis-Ord G is undefined: every value is the same");
  const double dn = static_cast<double>(n);

  LocalG out;
  out.star = star;
  out.z.resize(n);
  out.p.resize(n);
  out.cls.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& nb = weights.neighbours(i);
    double lag = star ? x[i] : 0.0;
    for (std::size_t j : nb) lag += x[j];
    const double W = static_cast<double>(nb.size()) + (star ? 1.0 : 0.0), S1 = W;  // binary weights
    double xbar, variance;
    if (star) {
      xbar = mean;
      variance = (centred / dn) * (dn * S1 - W * W) / (dn - 1);
    } else {
      xbar = (sum - x[i]) / (dn - 1);
      const double s2 = (sumSq - x[i] * x[i]) / (dn - 1) - xbar * xbar;
      variance = s2 * ((dn - 1) * S1 - W * W) / (dn - 2);
    }
    if (W > 0 && variance > 0) {
      out.z[i] = (lag - W * xbar) / std::sqrt(variance);
      out.p[i] = twoSidedP(*out.z[i]);
    }
    out.cls[i] = hotSpotClass(out.z[i], out.p[i]);
    if (!out.z[i]) ++out.noNeighbours;
    else if (out.cls[i].starts_with("hot")) ++out.hot;
    else if (out.cls[i].starts_with("cold")) ++out.cold;
    else ++out.notSignificant;
  }
  return out;
}

}  // namespace mobmap::analysis
