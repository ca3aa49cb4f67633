#include "analysis/segregation.h"

#include <cmath>
#include <string>

#include "core/error.h"

namespace mobmap::analysis {

namespace {

double plogp(double p) { return p > 0 ? p * std::log(p) : 0.0; }

}  // namespace

SegregationResult segregation(const SegregationInput& in) {
  const std::size_t k = in.groups.size();
  if (k == 0 || in.counts.size() != k) throw Error("segregation: one count column per group is needed");
  const std::size_t n = in.counts.front().size();
  for (const auto& c : in.counts)
    if (c.size() != n) throw Error("segregation: the count columns differ in length");
  if (in.total && in.total->size() != n) throw Error("segregation: the total column differs in length");

  SegregationResult r;
  r.groups = in.groups;
  r.areas = n;
  // Usable areas with their counts and totals.
  std::vector<std::vector<double>> x(k);
  std::vector<double> t, other;
  for (std::size_t i = 0; i < n; ++i) {
    bool missing = false;
    double sum = 0;
    for (std::size_t g = 0; g < k; ++g) {
      const auto& v = in.counts[g][i];
      if (!v || !std::isfinite(*v) || *v < 0) missing = true;
      else sum += *v;
    }
    std::optional<double> ti = sum;
    if (in.total) {
      ti = (*in.total)[i];
      if (!ti || !std::isfinite(*ti) || *ti < 0) missing = true;
    }
    if (missing) {
      ++r.areasMissing;
      continue;
    }
    if (!(*ti > 0)) {
      ++r.areasZeroTotal;
      continue;
    }
    for (std::size_t g = 0; g < k; ++g) x[g].push_back(*in.counts[g][i]);
    t.push_back(*ti);
    double rest = *ti - sum;
    if (in.total && rest < 0) {
      ++r.areasGroupsExceedTotal;
      rest = 0;
    }
    other.push_back(in.total ? rest : 0.0);
  }
  r.areasUsed = t.size();
  if (r.areasUsed == 0) throw Error("segregation: no area has a positive total and every group count present");
  const std::size_t m = r.areasUsed;

  r.groupTotals.assign(k, 0.0);
  for (std::size_t g = 0; g < k; ++g)
    for (double v : x[g]) r.groupTotals[g] += v;
  for (double v : t) r.total += v;
  const double T = r.total;

  r.dissimilarity.resize(k);
  r.isolation.resize(k);
  r.pairwise.assign(k, std::vector<std::optional<double>>(k));
  r.exposure.assign(k, std::vector<std::optional<double>>(k));
  for (std::size_t a = 0; a < k; ++a) {
    const double A = r.groupTotals[a];
    if (A > 0 && T - A > 0) {
      double d = 0;
      for (std::size_t i = 0; i < m; ++i) d += std::fabs(x[a][i] / A - (t[i] - x[a][i]) / (T - A));
      r.dissimilarity[a] = d / 2;
    }
    if (!(A > 0)) continue;
    for (std::size_t b = 0; b < k; ++b) {
      const double B = r.groupTotals[b];
      double e = 0;
      for (std::size_t i = 0; i < m; ++i) e += (x[a][i] / A) * (x[b][i] / t[i]);
      r.exposure[a][b] = e;
      if (B > 0) {
        double d = 0;
        for (std::size_t i = 0; i < m; ++i) d += std::fabs(x[a][i] / A - x[b][i] / B);
        r.pairwise[a][b] = d / 2;
      }
    }
    r.isolation[a] = r.exposure[a][a];
  }

  // Entropy index over the groups, plus the remainder when a total field leaves people in no group.
  double otherTotal = 0;
  for (double v : other) otherTotal += v;
  r.remainderGroup = in.total.has_value() && otherTotal > 0;
  auto entropyOf = [&](auto shareOf, std::size_t groups) {
    double e = 0;
    for (std::size_t g = 0; g < groups; ++g) e -= plogp(shareOf(g));
    return e;
  };
  const std::size_t kk = k + (r.remainderGroup ? 1 : 0);
  const double E = entropyOf([&](std::size_t g) { return (g < k ? r.groupTotals[g] : otherTotal) / T; }, kk);
  r.entropy = E;
  if (E > 0) {
    double h = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const double Ei = entropyOf([&](std::size_t g) { return (g < k ? x[g][i] : other[i]) / t[i]; }, kk);
      h += t[i] * (E - Ei);
    }
    r.theilH = h / (T * E);
  }
  return r;
}

}  // namespace mobmap::analysis
