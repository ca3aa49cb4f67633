#include "analysis/empirical_bayes.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "core/error.h"
#include "core/text.h"

namespace mobmap::analysis {

EbMethod parseEbMethod(std::string_view name) {
  const std::string n = toLower(std::string(name));
  if (n == "eb-global" || n == "global") return EbMethod::Global;
  if (n == "eb-local" || n == "local") return EbMethod::Local;
  throw UsageError("unknown smoothing method '" + std::string(name) + "' (use eb-global or eb-local)");
}

std::string_view ebMethodName(EbMethod m) { return m == EbMethod::Global ? "eb-global" : "eb-local"; }

namespace {

void checkCounts(const std::vector<double>& cases, const std::vector<double>& population) {
  if (cases.size() != population.size())
    throw Error("EB rates: " + std::to_string(cases.size()) + " counts for " + std::to_string(population.size()) + " populations");
  if (cases.size() < 2) throw Error("EB rates need at least 2 areas");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (!(population[i] > 0) || !std::isfinite(population[i]))
      throw Error("EB rates: the population at risk of area " + std::to_string(i + 1) + " is not positive");
    if (!(cases[i] >= 0) || !std::isfinite(cases[i]))
      throw Error("EB rates: the count of area " + std::to_string(i + 1) + " is negative or not a number");
  }
}

// Mean b and variance a of the global prior (Poisson), a not clamped.
std::pair<double, double> globalPrior(const std::vector<double>& cases, const std::vector<double>& population) {
  double r = 0, n = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    r += cases[i];
    n += population[i];
  }
  const double b = r / n;
  double s2 = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) s2 += population[i] * std::pow(cases[i] / population[i] - b, 2);
  s2 /= n;
  return {b, s2 - b / (n / static_cast<double>(cases.size()))};
}

}  // namespace

EbEstimate ebGlobal(const std::vector<double>& cases, const std::vector<double>& population) {
  checkCounts(cases, population);
  EbEstimate e;
  auto [b, a] = globalPrior(cases, population);
  a = std::max(a, 0.0);
  e.mean = b;
  e.variance = a;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const double x = cases[i] / population[i];
    e.raw.push_back(x);
    e.smoothed.push_back(b + a * (x - b) / (a + b / population[i]));
  }
  return e;
}

EbEstimate ebLocal(const std::vector<double>& cases, const std::vector<double>& population, const SpatialWeights& weights) {
  checkCounts(cases, population);
  const std::size_t n = cases.size();
  if (weights.size() != n) throw Error("EB rates: " + std::to_string(n) + " areas but weights for " + std::to_string(weights.size()));
  EbEstimate e;
  e.raw.resize(n);
  for (std::size_t i = 0; i < n; ++i) e.raw[i] = cases[i] / population[i];
  e.smoothed.resize(n);
  e.localMean.resize(n);
  e.localVariance.resize(n);
  // Per area, over Sᵢ (the area and its neighbours): Σr, Σn and mᵢ = Σr / Σn.
  std::vector<double> sumR(n), sumN(n);
  for (std::size_t i = 0; i < n; ++i) {
    sumR[i] = cases[i];
    sumN[i] = population[i];
    for (std::size_t j : weights.neighbours(i)) {
      sumR[i] += cases[j];
      sumN[i] += population[j];
    }
    e.localMean[i] = sumR[i] / sumN[i];
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double m = e.localMean[i];
    // spdep (geoda = FALSE) sums nⱼ(xⱼ − mⱼ)², each neighbour about its own local mean.
    double c = population[i] * std::pow(e.raw[i] - e.localMean[i], 2);
    for (std::size_t j : weights.neighbours(i)) c += population[j] * std::pow(e.raw[j] - e.localMean[j], 2);
    const double meanPopulation = sumN[i] / static_cast<double>(weights.cardinality(i) + 1);
    const double a = std::max(0.0, c / sumN[i] - m / meanPopulation);
    e.localVariance[i] = a;
    e.smoothed[i] = a + m / population[i] > 0 ? m + (e.raw[i] - m) * (a / (a + m / population[i])) : m;
  }
  return e;
}

namespace {

// Moran's I of z with row-standardised weights, spdep's EBImoran: (N / S0) Σ zc_i lag_i / Σ zc².
double moranOf(const std::vector<double>& z, const SpatialWeights& w, double s0) {
  double mean = 0;
  for (double v : z) mean += v;
  mean /= static_cast<double>(z.size());
  double num = 0, den = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double zi = z[i] - mean;
    den += zi * zi;
    const auto& nb = w.neighbours(i);
    if (nb.empty()) continue;
    double lag = 0;
    for (std::size_t j : nb) lag += z[j] - mean;
    num += zi * lag / static_cast<double>(nb.size());
  }
  return static_cast<double>(z.size()) / s0 * num / den;
}

}  // namespace

EbMoran ebMoran(const std::vector<double>& cases, const std::vector<double>& population, const SpatialWeights& weights,
                int permutations, std::uint64_t seed) {
  checkCounts(cases, population);
  const std::size_t n = cases.size();
  if (weights.size() != n) throw Error("EB Moran's I: " + std::to_string(n) + " areas but weights for " + std::to_string(weights.size()));
  if (permutations < 0) throw UsageError("--permutations must be 0 or more");
  const double s0 = static_cast<double>(n - weights.islands().size());
  if (s0 < 2) throw Error("EB Moran's I needs at least 2 areas with neighbours");
  const auto [b, aRaw] = globalPrior(cases, population);
  const double a = std::max(aRaw, 0.0);  // as spdep::EBest's parameters, which EBImoran.mc uses
  EbMoran out;
  out.z.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    double v = a + b / population[i];
    if (v < 0) v = b / population[i];
    out.z[i] = (cases[i] / population[i] - b) / std::sqrt(v);
  }
  const auto [lo, hi] = std::minmax_element(out.z.begin(), out.z.end());
  if (*lo == *hi) throw Error("EB Moran's I is undefined: every standardised rate is the same");
  out.I = moranOf(out.z, weights, s0);
  if (permutations > 0) {
    out.permutations = permutations;
    std::mt19937_64 rng(seed);
    std::vector<double> perm = out.z;
    std::size_t atLeast = 0;
    for (int k = 0; k < permutations; ++k) {
      std::shuffle(perm.begin(), perm.end(), rng);
      if (moranOf(perm, weights, s0) >= out.I) ++atLeast;
    }
    out.pseudoP = (1.0 + static_cast<double>(atLeast)) / (permutations + 1.0);
  }
  return out;
}

}  // namespace mobmap::analysis
