// Margins of error, significance of differences and multiple-comparison corrections (analysis/moe.h,
// analysis/multiple_testing.h). Expected values come from R 4.2 (Debian r-base): the ACS handbook's formulas
// written out in R, qnorm/pnorm, and p.adjust; the R code is quoted above each case.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "analysis/moe.h"
#include "analysis/multiple_testing.h"
#include "analysis/separability.h"
#include "core/error.h"
#include "core/metric_columns.h"

using namespace mobmap;
using namespace mobmap::analysis;

// R: sum_zero <- function(est, moe) { z <- est == 0; sqrt(sum(moe[!z]^2) + if (any(z)) max(moe[z])^2 else 0) }
//    sum_zero(c(0, 120, 0, 35), c(17, 30, 24, 11))  -> 39.9624824053762
TEST_CASE("sum MOE: of the zero estimates only the largest MOE enters", "[moe]") {
  const std::vector<double> est = {0, 120, 0, 35}, moe = {17, 30, 24, 11};
  CHECK(sumMoeZeroRule(est, moe) == Approx(39.9624824053762).epsilon(1e-12));
  // Without zeros it is the plain root of the sum of squares.
  const std::vector<double> est2 = {5, 120}, moe2 = {17, 30};
  CHECK(sumMoeZeroRule(est2, moe2) == Approx(std::sqrt(17.0 * 17 + 30 * 30)));
  const std::vector<double> one = {1};
  CHECK_THROWS_AS(sumMoeZeroRule(one, moe2), Error);
}

// R: prop <- function(x, mx, y, my) { p <- x/y; r <- mx^2 - p^2*my^2; if (r < 0) sqrt(mx^2 + p^2*my^2)/y else sqrt(r)/y }
//    prop(42, 44, 2796, 281) -> 0.0156641863489049;  prop(108, 80, 2884, 282) -> 0.0274965093529219
//    prop(900, 50, 1000, 300) -> 0.27459060435492 (radicand negative: the ratio formula)
//    prodm <- function(x, mx, y, my) sqrt(x^2*my^2 + y^2*mx^2); prodm(0.35, 0.04, 2796, 281) -> 148.932562255539
TEST_CASE("derived proportion, ratio and product MOEs follow the ACS handbook", "[moe]") {
  bool fallback = true;
  CHECK(proportionMoe(42, 44, 2796, 281, &fallback) == Approx(0.0156641863489049).epsilon(1e-12));
  CHECK_FALSE(fallback);
  CHECK(proportionMoe(108, 80, 2884, 282) == Approx(0.0274965093529219).epsilon(1e-12));
  CHECK(proportionMoe(900, 50, 1000, 300, &fallback) == Approx(0.27459060435492).epsilon(1e-12));
  CHECK(fallback);
  CHECK(ratioMoe(900, 50, 1000, 300) == Approx(0.27459060435492).epsilon(1e-12));
  CHECK(productMoe(0.35, 0.04, 2796, 281) == Approx(148.932562255539).epsilon(1e-12));
}

// R: z <- (101261 - 97484)/sqrt((25253/1.645)^2 + (23991/1.645)^2) -> 0.178374181680812
//    z2 <- (0.82 - 0.75)/sqrt(((0.86-0.78)/(2*1.96))^2 + ((0.79-0.71)/(2*1.96))^2) -> 2.42537625946986
//    2*pnorm(-abs(z)) -> 0.858429124169304
TEST_CASE("z of a difference from ACS MOEs and from 95% bounds", "[moe]") {
  const auto z = differenceZ(101261, standardErrorFromMoe(25253), 97484, standardErrorFromMoe(23991));
  REQUIRE(z);
  CHECK(*z == Approx(0.178374181680812).epsilon(1e-12));
  CHECK(twoSidedP(*z) == Approx(0.858429124169304).epsilon(1e-10));
  const auto z2 = differenceZ(0.82, standardErrorFromBounds(0.78, 0.86), 0.75, standardErrorFromBounds(0.71, 0.79));
  REQUIRE(z2);
  CHECK(*z2 == Approx(2.42537625946986).epsilon(1e-12));
  CHECK(std::fabs(*z2) > criticalZ(0.90));
  // No sampling error on either side: nothing to test.
  CHECK_FALSE(differenceZ(3, 0, 2, 0));
  CHECK_FALSE(differenceZ(NAN, 1, 2, 1));
}

// R: qnorm(c(0.95, 0.975, 0.995, 0.9, 0.8, 0.001, 1e-10, 0.5)) ->
//    1.644853626951472 1.959963984540054 2.575829303548900 1.281551565544601 0.841621233572914
//    -3.090232306167813 -6.361340902404056 0
TEST_CASE("normal quantiles and the Census Bureau's critical values", "[moe]") {
  const double p[] = {0.95, 0.975, 0.995, 0.9, 0.8, 0.001, 1e-10, 0.5};
  const double q[] = {1.644853626951472, 1.959963984540054, 2.575829303548900, 1.281551565544601, 0.841621233572914,
                      -3.090232306167813, -6.361340902404056, 0};
  for (int i = 0; i < 8; ++i) CHECK(normalQuantile(p[i]) == Approx(q[i]).epsilon(1e-13).margin(1e-15));
  CHECK(criticalZ(0.90) == 1.645);
  CHECK(criticalZ(0.95) == 1.960);
  CHECK(criticalZ(0.99) == 2.576);
  CHECK(criticalZ(0.80) == Approx(1.281551565544601).epsilon(1e-13));
  CHECK_THROWS_AS(criticalZ(1.5), UsageError);
  CHECK_THROWS_AS(normalQuantile(0), UsageError);
}

// R: p <- c(0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.9, 0.049, 0.5, 0.001)
//    p.adjust(p, "BH") -> 0.0333333333333333 0.0666666666666667 0.0666666666666667 0.025 0.25
//                         0.0666666666666667 0.9 0.07 0.555555555555556 0.01
//    p.adjust(p, "bonferroni") -> 0.10 0.40 0.30 0.05 1.00 0.40 1.00 0.49 1.00 0.01
TEST_CASE("Benjamini-Hochberg and Bonferroni match p.adjust", "[moe]") {
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.9, 0.049, 0.5, 0.001};
  const std::vector<double> bh = {0.0333333333333333, 0.0666666666666667, 0.0666666666666667, 0.025, 0.25,
                                  0.0666666666666667, 0.9, 0.07, 0.555555555555556, 0.01};
  const std::vector<double> bf = {0.10, 0.40, 0.30, 0.05, 1.00, 0.40, 1.00, 0.49, 1.00, 0.01};
  const auto gotBh = benjaminiHochberg(p), gotBf = bonferroni(p);
  for (std::size_t i = 0; i < p.size(); ++i) {
    CHECK(gotBh[i] == Approx(bh[i]).epsilon(1e-12));
    CHECK(gotBf[i] == Approx(bf[i]).epsilon(1e-12));
  }
  CHECK(adjustPValues(p, PCorrection::None) == p);
  CHECK(parsePCorrection("FDR") == PCorrection::FalseDiscoveryRate);
  CHECK(parsePCorrection("bonferroni") == PCorrection::Bonferroni);
  CHECK_THROWS_AS(parsePCorrection("holm"), UsageError);
  CHECK_THROWS_AS(benjaminiHochberg({0.5, 1.2}), Error);
}

TEST_CASE("medians and per-capita values are recognised by name", "[moe]") {
  CHECK(nonAdditiveKind("median_hh_income") == "median");
  CHECK(nonAdditiveKind("B19013_001E") == "median");
  CHECK(nonAdditiveKind("MEDINC") == "median");
  CHECK(nonAdditiveKind("MED_HV") == "median");
  CHECK(nonAdditiveKind("EP_PCI") == "per-capita value");
  CHECK(nonAdditiveKind("PerCapInc_per_capita") == "per-capita value");
  CHECK(nonAdditiveKind("PerCInc14") == "per-capita value");  // Chicago community areas, ACS 2014
  CHECK(nonAdditiveKind("INCPERCAP") == "per-capita value");  // CMAP 2020
  CHECK(nonAdditiveKind("Pop2014").empty());
  CHECK(nonAdditiveKind("pov_below").empty());
  CHECK(nonAdditiveKind("MEANMI_07").empty());
}

TEST_CASE("class limits crossed by confidence intervals", "[moe]") {
  // Intervals [1,3], [2,6], [5,9], and one without an interval: limits 2.5 and 5.5 of breaks {0, 2.5, 5.5, 10}.
  const std::vector<std::pair<double, double>> iv = {{1, 3}, {2, 6}, {5, 9}, {NAN, 4}};
  const std::vector<double> share = classLimitCrossing(iv, {0, 2.5, 5.5, 10});
  REQUIRE(share.size() == 2);
  CHECK(share[0] == Approx(2.0 / 3));
  CHECK(share[1] == Approx(2.0 / 3));
  CHECK(classLimitCrossing(iv, {0, 10}).empty());
}

// R: a <- c(100, 50, NA, 30, 12); b <- c(80, 49, 10, 30, 20); sa <- c(10, 5, 3, 0, 4)/1.645; sb <- c(6, 5, 2, 0, 3)/1.645
//    z <- (a - b)/sqrt(sa^2 + sb^2) -> 2.82115172559427 0.232638131010374 NA NaN -2.632
//    p.adjust(2*pnorm(-abs(z[c(1, 2, 5)])), "BH") -> 0.0127325794317385 0.8160424152812396 0.0127325794317385
//    z2 <- (a - b)/(sqrt(1 - 3/5)*sqrt(sa^2 + sb^2)) -> 4.460632538896117 0.367833182298715 NA NaN -4.161557400781587
TEST_CASE("testDifferences: z, verdicts, untested areas, BH and the overlapping-period factor", "[moe]") {
  const double nan = std::nan("");
  const std::vector<double> a = {100, 50, nan, 30, 12}, b = {80, 49, 10, 30, 20};
  const std::vector<double> sa = {10 / 1.645, 5 / 1.645, 3 / 1.645, 0, 4 / 1.645}, sb = {6 / 1.645, 5 / 1.645, 2 / 1.645, 0, 3 / 1.645};
  const DifferenceTests t = testDifferences(a, sa, b, sb, 0.90, false);
  CHECK(t.z[0] == Approx(2.82115172559427).epsilon(1e-12));
  CHECK(t.z[1] == Approx(0.232638131010374).epsilon(1e-12));
  CHECK(std::isnan(t.z[2]));
  CHECK(std::isnan(t.z[3]));
  CHECK(t.z[4] == Approx(-2.632).epsilon(1e-12));
  CHECK(t.significant == std::vector<signed char>{1, 0, -1, -1, 1});
  CHECK(t.significantCount == 2);
  CHECK(t.notSignificantCount == 1);
  CHECK(t.untestedCount == 1);  // area 4: both standard errors 0; area 3 has no value and is not counted
  CHECK(t.tested == 3);
  const DifferenceTests f = testDifferences(a, sa, b, sb, 0.90, true);
  CHECK(f.pAdjusted[0] == Approx(0.0127325794317385).epsilon(1e-10));
  CHECK(f.pAdjusted[1] == Approx(0.8160424152812396).epsilon(1e-10));
  CHECK(f.significantCount == 2);
  const DifferenceTests o = testDifferences(a, sa, b, sb, 0.90, false, overlappingPeriodSeFactor(2));
  CHECK(o.z[0] == Approx(4.460632538896117).epsilon(1e-12));
  CHECK(o.z[1] == Approx(0.367833182298715).epsilon(1e-12));
  CHECK(overlappingPeriodSeFactor(2) == Approx(std::sqrt(0.4)));
  CHECK(overlappingPeriodSeFactor(4) == Approx(std::sqrt(0.8)));
  CHECK(overlappingPeriodSeFactor(5) == 1.0);
  CHECK(overlappingPeriodSeFactor(9) == 1.0);
  CHECK_THROWS_AS(overlappingPeriodSeFactor(0), UsageError);
  CHECK_THROWS_AS(testDifferences(a, sa, b, std::vector<double>{1}, 0.9, false), Error);
  CHECK_THROWS_AS(testDifferences(a, sa, b, sb, 1.5, false), UsageError);
}

TEST_CASE("the non-additive warning names medians and per-capita values only", "[moe]") {
  CHECK(nonAdditiveWarning("median_hh_income", "summed").find("looks like a median: it was summed") != std::string::npos);
  CHECK(nonAdditiveWarning("PerCInc14", "averaged").find("per-capita value") != std::string::npos);
  CHECK(nonAdditiveWarning("pov_below", "summed").empty());
}

// The limits' separability computed with pruned pairs equals the criterion evaluated over every pair
// (min over x_i ≤ limit < x_j of (x_j − x_i) / √(SE_i² + SE_j²)), on values with ties and zero errors.
TEST_CASE("class separability: pruned pairs give the all-pairs criterion", "[moe]") {
  std::vector<double> x, se;
  std::uint32_t state = 12345;
  auto next = [&state] { return (state = state * 1664525u + 1013904223u) / 4294967296.0; };
  for (int i = 0; i < 400; ++i) {
    x.push_back(std::round(next() * 2000) / 10);
    se.push_back(i % 17 == 0 ? 0.0 : next() * 6);
  }
  std::vector<double> limits = {-1, 20, 55.5, 100, 150.2, 190, 500};
  const std::vector<double> z = limitSeparability(x, se, limits);
  REQUIRE(z.size() == limits.size() - 2);
  for (std::size_t k = 1; k + 1 < limits.size(); ++k) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < x.size(); ++i)
      for (std::size_t j = 0; j < x.size(); ++j)
        if (x[i] <= limits[k] && x[j] > limits[k]) {
          const double e = std::sqrt(se[i] * se[i] + se[j] * se[j]);
          best = std::min(best, e > 0 ? (x[j] - x[i]) / e : std::numeric_limits<double>::infinity());
        }
    CHECK(z[k - 1] == Approx(best).epsilon(1e-12));
  }
  const SeparableBreaks b = separableBreaks(x, se, 5, 20);
  REQUIRE(b.breaks.size() == 6);
  for (std::size_t k = 1; k + 1 < b.breaks.size(); ++k) CHECK(b.breaks[k] > b.breaks[k - 1]);
  CHECK(separabilityConfidence(1.645) == Approx(0.90).epsilon(1e-3));
  CHECK_THROWS_AS(separableBreaks(x, se, 12, 1), UsageError);
  CHECK_THROWS_AS(separableBreaks({1, 1}, {1, 1}, 2, 1), Error);
}
