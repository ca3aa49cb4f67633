#include "analysis/separability.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "analysis/classification.h"
#include "core/error.h"

namespace mobmap::analysis {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Sorted {
  std::vector<double> x, se;
};

Sorted sortedWithSe(const std::vector<double>& values, const std::vector<double>& se) {
  if (values.size() != se.size())
    throw Error("class separability: " + std::to_string(values.size()) + " values but " + std::to_string(se.size()) + " standard errors");
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (std::isfinite(values[i]) && std::isfinite(se[i]) && se[i] >= 0) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b] || (values[a] == values[b] && a < b); });
  Sorted s;
  for (std::size_t i : order) {
    s.x.push_back(values[i]);
    s.se.push_back(se[i]);
  }
  return s;
}

double pairZ(const Sorted& s, std::size_t i, std::size_t j) {
  const double d = s.x[j] - s.x[i], e = std::sqrt(s.se[i] * s.se[i] + s.se[j] * s.se[j]);
  return e > 0 ? d / e : (d > 0 ? kInf : 0.0);
}

// S(p) for every gap p (between sorted positions p and p + 1): min over i ≤ p < j of z(i, j). Pairs whose z
// cannot be below the largest z of two neighbours are skipped: no S(p) exceeds that z.
std::vector<double> gapSeparability(const Sorted& s) {
  const std::size_t n = s.x.size();
  std::vector<double> gap(n > 0 ? n - 1 : 0, kInf);
  if (n < 2) return gap;
  double bound = 0, maxSe = 0;
  for (std::size_t p = 0; p + 1 < n; ++p) bound = std::max(bound, pairZ(s, p, p + 1));
  for (double e : s.se) maxSe = std::max(maxSe, e);
  std::vector<double> suffix;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    // j runs while a pair (i, j) could still be the least separable one across some gap.
    std::size_t last = i + 1;
    while (last + 1 < n) {
      const double e = std::sqrt(s.se[i] * s.se[i] + maxSe * maxSe);
      const double lowest = e > 0 ? (s.x[last + 1] - s.x[i]) / e : kInf;
      if (lowest > bound) break;
      ++last;
    }
    // suffix[k] = min over j ≥ i + 1 + k (j ≤ last) of z(i, j); S(p) for p in [i, last − 1] takes suffix at p + 1.
    suffix.assign(last - i, kInf);
    for (std::size_t j = last + 1; j-- > i + 1;) {
      const double z = pairZ(s, i, j);
      const std::size_t k = j - i - 1;
      suffix[k] = k + 1 < suffix.size() ? std::min(z, suffix[k + 1]) : z;
    }
    for (std::size_t p = i; p < last; ++p) gap[p] = std::min(gap[p], suffix[p - i]);
  }
  return gap;
}

}  // namespace

SeparableBreaks separableBreaks(const std::vector<double>& values, const std::vector<double>& se, int classes,
                                std::size_t minClassSize) {
  if (classes < kMinClasses || classes > kMaxClasses)
    throw UsageError("number of classes must be between " + std::to_string(kMinClasses) + " and " + std::to_string(kMaxClasses) +
                     ", got " + std::to_string(classes));
  const Sorted s = sortedWithSe(values, se);
  const std::size_t n = s.x.size();
  if (n < 2 || s.x.front() == s.x.back())
    throw Error("class separability needs at least 2 distinct values with a margin of error; " + std::to_string(n) + " values have one");
  const std::vector<double> gap = gapSeparability(s);
  std::vector<std::size_t> candidates;
  for (std::size_t p = 0; p + 1 < n; ++p)
    if (s.x[p] < s.x[p + 1]) candidates.push_back(p);
  std::stable_sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) { return gap[a] > gap[b]; });
  const std::size_t m = std::max<std::size_t>(1, minClassSize);
  std::vector<std::size_t> chosen;  // gap positions, ascending
  for (std::size_t p : candidates) {
    if (chosen.size() + 1 >= static_cast<std::size_t>(classes)) break;
    const auto at = std::lower_bound(chosen.begin(), chosen.end(), p);
    const std::size_t lowStart = at == chosen.begin() ? 0 : *(at - 1) + 1;  // first value of the class below p
    const std::size_t highEnd = at == chosen.end() ? n - 1 : *at;          // last value of the class above p
    if (p + 1 - lowStart < m || highEnd - p < m) continue;
    chosen.insert(at, p);
  }
  SeparableBreaks out;
  out.valuesUsed = n;
  out.breaks.push_back(s.x.front());
  for (std::size_t p : chosen) {
    out.breaks.push_back(s.x[p]);
    out.separability.push_back(gap[p]);
  }
  out.breaks.push_back(s.x.back());
  return out;
}

std::vector<double> limitSeparability(const std::vector<double>& values, const std::vector<double>& se,
                                      const std::vector<double>& breaks) {
  const Sorted s = sortedWithSe(values, se);
  const std::vector<double> gap = gapSeparability(s);
  std::vector<double> out;
  for (std::size_t k = 1; k + 1 < breaks.size(); ++k) {
    // The gap just above the last value ≤ the limit.
    const std::size_t below = static_cast<std::size_t>(std::upper_bound(s.x.begin(), s.x.end(), breaks[k]) - s.x.begin());
    out.push_back(below == 0 || below >= s.x.size() ? kInf : gap[below - 1]);
  }
  return out;
}

double separabilityConfidence(double z) { return std::isfinite(z) ? std::erf(std::fabs(z) / std::sqrt(2.0)) : 1.0; }

}  // namespace mobmap::analysis
