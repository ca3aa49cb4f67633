#pragma once
// Margins of error, standard errors and significance tests of survey estimates, in one place:
// - American Community Survey margins of error (90% level) for sums and derived proportions, ratios and
//   products, following the Census Bureau's "Understanding and Using American Community Survey Data: What All
//   Data Users Need to Know" handbook (2020), chapter 8 ("Calculating Measures of Error for Derived Estimates");
// - standard errors from an ACS MOE (MOE / 1.645) or from a 95% confidence interval such as the Urban
//   Institute's `_lb`/`_ub` bounds ((ub − lb) / (2 · 1.96));
// - the Census Bureau's test of a difference between two estimates (handbook chapter 7, "Making Comparisons"):
//   z = (A − B) / sqrt(SE_A² + SE_B²), significant at level L when |z| exceeds the critical value of L.
#include <cstddef>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace mobmap::analysis {

// The z value of the ACS's 90% margins of error.
inline constexpr double kAcsZ = 1.645;
// The z value of a 95% confidence interval (Urban's `_lb` / `_ub`).
inline constexpr double kZ95 = 1.96;
// Estimates whose coefficient of variation exceeds this are flagged as low reliability.
inline constexpr double kLowReliabilityCv = 0.40;

// MOE of a sum of estimates Σ wᵢ·Xᵢ: sqrt(Σ (wᵢ·MOEᵢ)²), given the already weighted MOEs wᵢ·MOEᵢ.
double sumMoe(std::span<const double> weightedMoes);

// MOE of a sum of estimates by the Census Bureau's zero-estimate rule: sqrt(Σ MOEᵢ²) over the non-zero
// estimates plus, of the estimates that are zero, only the largest MOE squared. `estimates` and `moes` have
// the same length (throws mobmap::Error otherwise).
double sumMoeZeroRule(std::span<const double> estimates, std::span<const double> moes);

// MOE of a ratio R = X/Y whose numerator is not part of the denominator: sqrt(MOE_X² + R²·MOE_Y²) / Y.
double ratioMoe(double x, double moeX, double y, double moeY);

// MOE of a proportion P = X/Y whose numerator is a subset of the denominator: sqrt(MOE_X² − P²·MOE_Y²) / Y, or,
// when the value under the root is negative, the ratio formula (and `usedRatioFormula` is set).
double proportionMoe(double x, double moeX, double y, double moeY, bool* usedRatioFormula = nullptr);

// MOE of a product X·Y: sqrt(X²·MOE_Y² + Y²·MOE_X²).
double productMoe(double x, double moeX, double y, double moeY);

// Coefficient of variation (MOE / 1.645) / |estimate|; +infinity for a zero estimate with a positive MOE,
// 0 for a zero estimate with a zero MOE.
double coefficientOfVariation(double estimate, double moe);

// True when the CV exceeds 40% (ACS "low reliability").
bool isLowReliability(double estimate, double moe);

// Standard error from an ACS 90% margin of error: MOE / 1.645.
double standardErrorFromMoe(double moe);

// Standard error from the bounds of a 95% confidence interval: (ub − lb) / (2 · 1.96).
double standardErrorFromBounds(double lower, double upper);

// z = (a − b) / sqrt(seA² + seB²). Empty when both standard errors are zero (no sampling error on either
// side: the difference cannot be tested) or any input is not finite.
std::optional<double> differenceZ(double a, double seA, double b, double seB);

// The two-sided p value of a standard normal z: 2·P(Z > |z|).
double twoSidedP(double z);

// The quantile of the standard normal distribution (R's qnorm) for 0 < p < 1; throws mobmap::UsageError otherwise.
double normalQuantile(double p);

// The critical |z| of a two-sided test at confidence `level` (0 < level < 1): the Census Bureau's published
// values 1.645, 1.960 and 2.576 for 0.90, 0.95 and 0.99, the normal quantile qnorm((1 + level) / 2) for other
// levels. Throws mobmap::UsageError outside (0, 1).
double criticalZ(double level);

// The verdicts of testing many areas' differences A − B at once (see testDifferences).
struct DifferenceTests {
  std::vector<double> z, p, pAdjusted;   // per area; NaN where not tested
  std::vector<signed char> significant;  // per area: 1 significant, 0 not, -1 not tested or no data
  std::size_t significantCount = 0, notSignificantCount = 0, untestedCount = 0;
  std::size_t tested = 0;                // areas with a z (the comparisons a false discovery rate runs over)
  double criticalZ = 0;                  // the |z| threshold without fdr
};

// Tests the difference a[i] − b[i] of every area at confidence `level` as the Census Bureau's statistical testing
// defines it: z = (a − b) / (seScale · sqrt(seA² + seB²)), significant when |z| > criticalZ(level), or with `fdr`
// when the Benjamini–Hochberg adjusted two-sided p (R's p.adjust(p, "BH") over the tested areas) is at most
// 1 − level. An area with a or b not finite has no data (-1, not counted); one with both values but no usable
// standard error (missing, or zero on both sides) is counted as not tested. `seScale` (1 for independent samples)
// scales the standard error of the difference, e.g. overlappingPeriodSeFactor. Throws mobmap::Error when the
// spans differ in length, mobmap::UsageError for a level outside (0, 1).
DifferenceTests testDifferences(std::span<const double> a, std::span<const double> seA, std::span<const double> b,
                                std::span<const double> seB, double level, bool fdr, double seScale = 1.0);

// The factor sqrt(1 − C) by which the standard error of a difference between two overlapping multiyear ACS
// estimates shrinks, C being the share of the period's years that both estimates cover: the Census Bureau's
// approximation SE(X₁ − X₂) ≈ sqrt(1 − C) · sqrt(SE₁² + SE₂²) ("A Compass for Understanding and Using American
// Community Survey Data: What General Data Users Need to Know", 2008, appendix "Making Comparisons"). Periods
// of `periodYears` ending `yearsApart` years apart share max(0, periodYears − yearsApart) years; 1 when they do
// not overlap. Throws mobmap::UsageError for yearsApart < 1 or periodYears < 1.
double overlappingPeriodSeFactor(int yearsApart, int periodYears = 5);

// For each interior class limit (breaks[1] … breaks[n−2]), the share of the given confidence intervals
// [lower, upper] that contain it: areas whose class the sampling error leaves in doubt. Intervals with a missing
// or non-finite end are skipped; 0 for every limit when none is left.
std::vector<double> classLimitCrossing(const std::vector<std::pair<double, double>>& intervals, const std::vector<double>& breaks);

}  // namespace mobmap::analysis
