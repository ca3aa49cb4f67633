// R type-7 sample quantiles.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "analysis/classification.h"
#include "core/error.h"

namespace mobmap::analysis {

double quantileType7(const std::vector<double>& sortedValues, double p) {
  if (sortedValues.empty()) throw Error("cannot take a quantile of no values");
  if (!(p >= 0.0 && p <= 1.0)) throw Error("quantile probability must be within [0, 1], got " + std::to_string(p));
  const std::size_t n = sortedValues.size();
  // h = (n-1)p; the quantile is (1 - f) x[j] + f x[j+1] with j = floor(h), f = h - j (0-based), the form
  // R uses. A relative fuzz of a few ulps snaps h onto an integer, so that e.g. p = 0.3 with n = 11
  // gives exactly x[3] rather than a value a hair below it (which would move x[3] up a class).
  const double h = static_cast<double>(n - 1) * p;
  double lowerIndex = std::floor(h);
  const double fuzz = 8.0 * std::numeric_limits<double>::epsilon() * std::max(1.0, h);
  if (h - lowerIndex > 1.0 - fuzz) lowerIndex += 1.0;
  const auto j = static_cast<std::size_t>(lowerIndex);
  if (j + 1 >= n) return sortedValues[n - 1];
  const double fraction = h - lowerIndex;
  const double lo = sortedValues[j];
  const double hi = sortedValues[j + 1];
  if (fraction <= fuzz || lo == hi) return lo;
  return std::clamp((1.0 - fraction) * lo + fraction * hi, lo, hi);
}

}  // namespace mobmap::analysis
