#pragma once
// American Community Survey margins of error (90% level) for sums and derived ratios, following the Census
// Bureau's "Understanding and Using ACS Data" handbook (2020), chapter 8.
#include <span>

namespace mobmap::analysis {

// The z value of the ACS's 90% margins of error.
inline constexpr double kAcsZ = 1.645;
// Estimates whose coefficient of variation exceeds this are flagged as low reliability.
inline constexpr double kLowReliabilityCv = 0.40;

// MOE of a sum of estimates Σ wᵢ·Xᵢ: sqrt(Σ (wᵢ·MOEᵢ)²), given the already weighted MOEs wᵢ·MOEᵢ.
double sumMoe(std::span<const double> weightedMoes);

// MOE of a ratio R = X/Y whose numerator is not part of the denominator: sqrt(MOE_X² + R²·MOE_Y²) / Y.
double ratioMoe(double x, double moeX, double y, double moeY);

// MOE of a proportion P = X/Y whose numerator is a subset of the denominator: sqrt(MOE_X² − P²·MOE_Y²) / Y, or,
// when the value under the root is negative, the ratio formula (and `usedRatioFormula` is set).
double proportionMoe(double x, double moeX, double y, double moeY, bool* usedRatioFormula = nullptr);

// Coefficient of variation (MOE / 1.645) / |estimate|; +infinity for a zero estimate with a positive MOE,
// 0 for a zero estimate with a zero MOE.
double coefficientOfVariation(double estimate, double moe);

// True when the CV exceeds 40% (ACS "low reliability").
bool isLowReliability(double estimate, double moe);

}  // namespace mobmap::analysis
