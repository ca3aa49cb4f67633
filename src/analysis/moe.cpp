#include "analysis/moe.h"

#include <cmath>
#include <limits>

namespace mobmap::analysis {

double sumMoe(std::span<const double> weightedMoes) {
  double s = 0;
  for (double m : weightedMoes) s += m * m;
  return std::sqrt(s);
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

double coefficientOfVariation(double estimate, double moe) {
  if (estimate == 0) return moe > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return (moe / kAcsZ) / std::abs(estimate);
}

bool isLowReliability(double estimate, double moe) { return coefficientOfVariation(estimate, moe) > kLowReliabilityCv; }

}  // namespace mobmap::analysis
