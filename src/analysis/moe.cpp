#include "analysis/moe.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "analysis/multiple_testing.h"
#include "core/error.h"

namespace mobmap::analysis {

double sumMoe(std::span<const double> weightedMoes) {
  double s = 0;
  for (double m : weightedMoes) s += m * m;
  return std::sqrt(s);
}

double sumMoeZeroRule(std::span<const double> estimates, std::span<const double> moes) {
  if (estimates.size() != moes.size())
    throw Error("MOE of a sum: " + std::to_string(estimates.size()) + " estimates but " + std::to_string(moes.size()) + " MOEs");
  double s = 0, largestZeroMoe = 0;
  for (std::size_t i = 0; i < estimates.size(); ++i) {
    if (estimates[i] == 0) largestZeroMoe = std::max(largestZeroMoe, std::fabs(moes[i]));
    else s += moes[i] * moes[i];
  }
  return std::sqrt(s + largestZeroMoe * largestZeroMoe);
}

double ratioMoe(double x, double moeX, double y, double moeY) {
  const double r = x / y;
  return std::sqrt(moeX * moeX + r * r * moeY * moeY) / std::abs(y);
}

double proportionMoe(double x, double moeX, double y, double moeY, bool* usedRatioFormula) {
  const double p = x / y;
  const double under = moeX * moeX - p * p * moeY * moeY;
  if (usedRatioFormula) *usedRatioFormula = under < 0;
  if (under < 0) return ratioMoe(x, moeX, y, moeY);
  return std::sqrt(under) / std::abs(y);
}

double productMoe(double x, double moeX, double y, double moeY) {
  return std::sqrt(x * x * moeY * moeY + y * y * moeX * moeX);
}

double coefficientOfVariation(double estimate, double moe) {
  if (estimate == 0) return moe > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return (moe / kAcsZ) / std::abs(estimate);
}

bool isLowReliability(double estimate, double moe) { return coefficientOfVariation(estimate, moe) > kLowReliabilityCv; }

double standardErrorFromMoe(double moe) { return moe / kAcsZ; }

double standardErrorFromBounds(double lower, double upper) { return (upper - lower) / (2 * kZ95); }

std::optional<double> differenceZ(double a, double seA, double b, double seB) {
  if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(seA) || !std::isfinite(seB)) return std::nullopt;
  const double se = std::sqrt(seA * seA + seB * seB);
  if (!(se > 0)) return std::nullopt;
  return (a - b) / se;
}

double twoSidedP(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

double normalQuantile(double p) {
  if (!(p > 0 && p < 1)) throw UsageError("a normal quantile needs a probability between 0 and 1");
  // Acklam's rational approximation (relative error below 1.2e-9), then two Newton steps on erfc, which bring
  // it to double precision.
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
  const double low = 0.02425;
  double x;
  if (p < low) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  for (int step = 0; step < 2; ++step) {
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
    x = x - u / (1 + x * u / 2);
  }
  return x;
}

double criticalZ(double level) {
  if (!(level > 0 && level < 1)) throw UsageError("a confidence level must lie between 0 and 1 (e.g. 0.90)");
  if (std::fabs(level - 0.90) < 1e-12) return 1.645;
  if (std::fabs(level - 0.95) < 1e-12) return 1.960;
  if (std::fabs(level - 0.99) < 1e-12) return 2.576;
  return normalQuantile((1 + level) / 2);
}

DifferenceTests testDifferences(std::span<const double> a, std::span<const double> seA, std::span<const double> b,
                                std::span<const double> seB, double level, bool fdr, double seScale) {
  const std::size_t n = a.size();
  if (seA.size() != n || b.size() != n || seB.size() != n)
    throw Error("significance test: " + std::to_string(n) + " areas but " + std::to_string(seA.size()) + ", " +
                std::to_string(b.size()) + " and " + std::to_string(seB.size()) + " values beside them");
  DifferenceTests t;
  t.criticalZ = criticalZ(level);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  t.z.assign(n, nan);
  t.p.assign(n, nan);
  t.pAdjusted.assign(n, nan);
  t.significant.assign(n, -1);
  std::vector<double> pTested;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i])) continue;
    const std::optional<double> z = differenceZ(a[i], seA[i] * seScale, b[i], seB[i] * seScale);
    if (!z) {
      ++t.untestedCount;
      continue;
    }
    t.z[i] = *z;
    t.p[i] = twoSidedP(*z);
    pTested.push_back(t.p[i]);
    rows.push_back(i);
  }
  t.tested = rows.size();
  const std::vector<double> adjusted = adjustPValues(pTested, fdr ? PCorrection::FalseDiscoveryRate : PCorrection::None);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const std::size_t i = rows[k];
    t.pAdjusted[i] = adjusted[k];
    const bool significant = fdr ? adjusted[k] <= 1 - level : std::fabs(t.z[i]) > t.criticalZ;
    t.significant[i] = significant ? 1 : 0;
    (significant ? t.significantCount : t.notSignificantCount) += 1;
  }
  return t;
}

double overlappingPeriodSeFactor(int yearsApart, int periodYears) {
  if (yearsApart < 1 || periodYears < 1) throw UsageError("overlapping periods: years apart and period length must be at least 1");
  const double shared = std::max(0, periodYears - yearsApart);
  return std::sqrt(1 - shared / periodYears);
}

std::vector<double> classLimitCrossing(const std::vector<std::pair<double, double>>& intervals, const std::vector<double>& breaks) {
  std::vector<double> out(breaks.size() > 2 ? breaks.size() - 2 : 0, 0.0);
  std::size_t counted = 0;
  for (const auto& [lo, hi] : intervals) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) continue;
    ++counted;
    for (std::size_t k = 0; k < out.size(); ++k)
      if (lo <= breaks[k + 1] && breaks[k + 1] <= hi) out[k] += 1;
  }
  if (counted > 0)
    for (double& v : out) v /= static_cast<double>(counted);
  return out;
}

}  // namespace mobmap::analysis
