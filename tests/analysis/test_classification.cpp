// Tests for map classification (analysis/classification.h).
//
// Expected numbers come from hand arithmetic written next to each case, from brute force written here,
// or (real data) from properties that must hold whatever the data: an exact optimum is never beaten,
// the fast and the plain dynamic programme agree, counts add up.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/classification.h"
#include "core/error.h"
#include "test_support.h"

using mobmap::analysis::ClassMethod;
using mobmap::analysis::Classification;
using mobmap::analysis::classify;
using mobmap::analysis::classifyUnique;
using mobmap::analysis::goodnessOfVarianceFit;
using mobmap::analysis::JenksSolver;
using mobmap::analysis::naturalBreaks;
using mobmap::analysis::quantileType7;
using Values = std::vector<std::optional<double>>;

namespace {

Values present(const std::vector<double>& v) { return Values(v.begin(), v.end()); }

void requireBreaks(const std::vector<double>& actual, const std::vector<double>& expected) {
  REQUIRE(actual.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("break " << i);
    CHECK(actual[i] == Approx(expected[i]).margin(1e-12));
  }
}

// Within-class sum of squared deviations of `values` grouped by `group` (group ids 0..k-1).
double withinSumOfSquares(const std::vector<double>& values, const std::vector<int>& group, int k) {
  std::vector<double> sum(static_cast<std::size_t>(k), 0.0);
  std::vector<double> count(static_cast<std::size_t>(k), 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    sum[static_cast<std::size_t>(group[i])] += values[i];
    count[static_cast<std::size_t>(group[i])] += 1;
  }
  double ss = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto g = static_cast<std::size_t>(group[i]);
    const double d = values[i] - sum[g] / count[g];
    ss += d * d;
  }
  return ss;
}

// Smallest within-class sum of squares over every partition of `values` (as a set, not only runs of
// the sorted order) into exactly k non-empty groups, by enumerating restricted growth strings.
double bruteForceBest(const std::vector<double>& values, int k) {
  std::vector<int> group(values.size(), 0);
  double best = std::numeric_limits<double>::infinity();
  std::function<void(std::size_t, int)> visit = [&](std::size_t i, int used) {
    if (i == values.size()) {
      if (used == k) best = std::min(best, withinSumOfSquares(values, group, k));
      return;
    }
    // Not enough items left to open the groups still needed.
    if (static_cast<int>(values.size() - i) < k - used) return;
    for (int g = 0; g <= std::min(used, k - 1); ++g) {
      group[i] = g;
      visit(i + 1, std::max(used, g + 1));
    }
  };
  visit(0, 0);
  return best;
}

// The column `field` of a dBASE III file (.dbf) as numbers; blank cells are nullopt.
// Layout: 32-byte header (record count at 4, header length at 8, record length at 10, little endian),
// 32-byte field descriptors (name 11 bytes, type at 11, width at 16) up to a 0x0D byte, then fixed-width
// records that start with a deletion flag byte; numeric cells are right-aligned ASCII.
Values readDbfNumbers(const std::filesystem::path& path, const std::string& field) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.size() >= 32);
  auto u8 = [&](std::size_t at) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes.at(at))); };
  const std::uint32_t records = u8(4) | u8(5) << 8 | u8(6) << 16 | u8(7) << 24;
  const std::uint32_t headerLength = u8(8) | u8(9) << 8;
  const std::uint32_t recordLength = u8(10) | u8(11) << 8;
  std::size_t offset = 1;  // past the deletion flag
  std::optional<std::size_t> fieldOffset;
  std::size_t fieldWidth = 0;
  for (std::size_t d = 32; d < headerLength && bytes.at(d) != '\x0D'; d += 32) {
    const std::string name(bytes.c_str() + d, strnlen(bytes.c_str() + d, 11));
    const std::size_t width = u8(d + 16);
    if (name == field) {
      fieldOffset = offset;
      fieldWidth = width;
    }
    offset += width;
  }
  REQUIRE(fieldOffset.has_value());
  REQUIRE(offset == recordLength);
  REQUIRE(bytes.size() >= headerLength + static_cast<std::size_t>(records) * recordLength);
  Values out;
  for (std::uint32_t r = 0; r < records; ++r) {
    const std::size_t start = headerLength + static_cast<std::size_t>(r) * recordLength;
    if (bytes[start] == '*') continue;  // deleted record
    const std::string cell = bytes.substr(start + *fieldOffset, fieldWidth);
    const auto first = cell.find_first_not_of(' ');
    out.push_back(first == std::string::npos ? std::nullopt : std::optional<double>(std::stod(cell.substr(first))));
  }
  return out;
}

std::vector<double> sortedPresent(const Values& values) {
  std::vector<double> out;
  for (const auto& v : values) {
    if (v) out.push_back(*v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("method names parse and print both ways", "[classification]") {
  // Expected: the names and labels fixed in classification.h.
  const std::vector<std::pair<std::string, ClassMethod>> names{
      {"quantile", ClassMethod::Quantile}, {"equal", ClassMethod::EqualInterval},
      {"jenks", ClassMethod::NaturalBreaks}, {"stddev", ClassMethod::StdDev},
      {"box", ClassMethod::BoxMap},          {"percentile", ClassMethod::Percentile},
      {"manual", ClassMethod::Manual}};
  for (const auto& [name, method] : names) {
    CHECK(mobmap::analysis::parseClassMethod(name) == method);
    CHECK(mobmap::analysis::methodName(method) == name);
  }
  CHECK(mobmap::analysis::parseClassMethod("Jenks") == ClassMethod::NaturalBreaks);
  CHECK(mobmap::analysis::methodLabel(ClassMethod::NaturalBreaks) == "Natural breaks (Jenks)");
  CHECK(mobmap::analysis::methodLabel(ClassMethod::Quantile) == "Quantile");
  try {
    mobmap::analysis::parseClassMethod("kmeans");
    FAIL("no exception");
  } catch (const mobmap::UsageError& e) {
    CHECK(std::string(e.what()).find("kmeans") != std::string::npos);
    CHECK(std::string(e.what()).find("quantile, equal, jenks, stddev, box, percentile, manual") != std::string::npos);
  }
}

TEST_CASE("type-7 quantiles match R's quantile() by hand", "[classification]") {
  // R type 7: h = (n-1)p, q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]), 0-based.
  // x = 1..10: p=.25 -> h=2.25 -> 3 + .25*1 = 3.25; p=.5 -> h=4.5 -> 5.5; p=.75 -> h=6.75 -> 7.75
  // (R: quantile(1:10) gives 1, 3.25, 5.5, 7.75, 10).
  const std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(quantileType7(x, 0.0) == 1.0);
  CHECK(quantileType7(x, 0.25) == Approx(3.25));
  CHECK(quantileType7(x, 0.5) == Approx(5.5));
  CHECK(quantileType7(x, 0.75) == Approx(7.75));
  CHECK(quantileType7(x, 1.0) == 10.0);
  // p = .01 -> h = .09 -> 1.09; p = .99 -> h = 8.91 -> 9 + .91 = 9.91.
  CHECK(quantileType7(x, 0.01) == Approx(1.09));
  CHECK(quantileType7(x, 0.99) == Approx(9.91));
  // A p one ulp off 0.3 with n = 11 (h = 3 up to rounding) must give x[3] itself, not a value a hair
  // away from it: x = 0, 10, ..., 100 -> exactly 30.
  std::vector<double> tens;
  for (int i = 0; i <= 10; ++i) tens.push_back(10.0 * i);
  CHECK(quantileType7(tens, std::nextafter(0.3, 0.0)) == 30.0);
  CHECK(quantileType7(tens, std::nextafter(0.3, 1.0)) == 30.0);
  CHECK_THROWS_AS(quantileType7({}, 0.5), mobmap::Error);
}

TEST_CASE("quantile classification of unsorted values with missing ones", "[classification]") {
  // Present values sorted: 1 2 3 4 6 7 8 10 12 15 (n = 10), quintiles by type 7:
  //   p=.2: h=1.8 -> 2 + .8*(3-2) = 2.8      p=.4: h=3.6 -> 4 + .6*(6-4) = 5.2
  //   p=.6: h=5.4 -> 7 + .4*(8-7) = 7.4      p=.8: h=7.2 -> 10 + .2*(12-10) = 10.4
  // Classes (upper-closed): [1,2.8]={1,2} (2.8,5.2]={3,4} (5.2,7.4]={6,7} (7.4,10.4]={8,10} (10.4,15]={12,15}.
  const Values values{10, 2, std::nullopt, 7, 3, 15, std::nullopt, 8, 1, 4, 12, 6};
  const Classification c = classify(values, ClassMethod::Quantile, 5);
  requireBreaks(c.breaks, {1, 2.8, 5.2, 7.4, 10.4, 15});
  CHECK(c.counts == std::vector<std::size_t>{2, 2, 2, 2, 2});
  CHECK(c.missing == 2);
  CHECK(c.classOf == std::vector<int>{3, 0, -1, 2, 1, 4, -1, 3, 0, 1, 4, 2});
  CHECK(c.note.empty());
  // Labels: breaks span 14 -> one decimal; class 0 closed at both ends, the rest open below.
  CHECK(c.classLabels ==
        std::vector<std::string>{"\u2264 2.8", "> 2.8 \u2013 5.2", "> 5.2 \u2013 7.4", "> 7.4 \u2013 10.4",
                                 "> 10.4 \u2013 15.0"});
}

TEST_CASE("quantile breaks from ties collapse and say so", "[classification]") {
  // x = 1 1 1 1 1 1 2 3 4 5, quartiles: p=.25: h=2.25 -> x2=x3=1 -> 1 (= min, merged);
  // p=.5: h=4.5 -> x4=x5=1 -> 1 (merged); p=.75: h=6.75 -> 2 + .75*(3-2) = 2.75.
  // Breaks 1, 2.75, 5: two classes, [1,2.75] = six 1s and the 2 (7 values), (2.75,5] = 3 values.
  const Classification c = classify(present({1, 1, 1, 1, 1, 1, 2, 3, 4, 5}), ClassMethod::Quantile, 4);
  requireBreaks(c.breaks, {1, 2.75, 5});
  CHECK(c.counts == std::vector<std::size_t>{7, 3});
  CHECK(c.note.find("2 classes instead of 4") != std::string::npos);
}

TEST_CASE("equal intervals, labels and empty classes", "[classification]") {
  // [0, 10] in 5 classes: width 2 -> breaks 0 2 4 6 8 10.
  // 0,1,2 -> [0,2]; nothing in (2,4]; 5 -> (4,6]; nothing in (6,8]; 9,10 -> (8,10].
  const Classification c = classify(present({5, 0, 10, 1, 9, 2}), ClassMethod::EqualInterval, 5);
  requireBreaks(c.breaks, {0, 2, 4, 6, 8, 10});
  CHECK(c.counts == std::vector<std::size_t>{3, 0, 1, 0, 2});
  CHECK(c.classOf == std::vector<int>{2, 0, 4, 0, 4, 0});
  CHECK(c.classLabels == std::vector<std::string>{"\u2264 2.0", "> 2.0 \u2013 4.0", "> 4.0 \u2013 6.0",
                                                  "> 6.0 \u2013 8.0", "> 8.0 \u2013 10.0"});
  // Breaks spanning 100,000 print without decimals; negative numbers use a minus sign.
  const Classification wide = classify(present({-50000, 0, 50000}), ClassMethod::EqualInterval, 2);
  CHECK(wide.classLabels == std::vector<std::string>{"\u2264 0", "> 0 \u2013 50000"});
  const Classification negative = classify(present({-4, -1, 0, 2}), ClassMethod::EqualInterval, 2);
  CHECK(negative.classLabels == std::vector<std::string>{"\u2264 \u22121.00", "> \u22121.00 \u2013 2.00"});
}

TEST_CASE("natural breaks on an obvious three-cluster array", "[classification]") {
  // 1 2 3 | 10 11 12 | 30: within SS = 2 + 2 + 0 = 4; every other 3-split is far worse (e.g. moving 12
  // up costs (30-12)^2/2 = 162). Breaks are class maxima: 1, 3, 12, 30.
  // GVF: SDAM = sum x^2 - (sum x)^2/n = 1279 - 69^2/7 = 4192/7, so GVF = 1 - 4/(4192/7) = 1 - 28/4192.
  const std::vector<double> x{12, 1, 30, 3, 11, 2, 10};
  const Classification c = classify(present(x), ClassMethod::NaturalBreaks, 3);
  requireBreaks(c.breaks, {1, 3, 12, 30});
  CHECK(c.counts == std::vector<std::size_t>{3, 3, 1});
  CHECK(c.gvf == Approx(1.0 - 28.0 / 4192.0).epsilon(1e-12));
  CHECK(goodnessOfVarianceFit({1, 2, 3, 10, 11, 12, 30}, {1, 3, 12, 30}) == Approx(1.0 - 28.0 / 4192.0));
}

TEST_CASE("natural breaks reach the brute-force optimum on data with ties", "[classification]") {
  // Expected: the smallest within-class sum of squares over ALL set partitions into k groups
  // (restricted growth strings; S(10,5) = 42,525 partitions at most), so the test also checks that
  // classes of consecutive distinct values, never splitting ties, lose nothing.
  const std::vector<std::vector<double>> arrays{
      {3, 1, 4, 1, 5, 9, 2, 6, 5, 3},
      {7, 7, 7, 1, 1, 2, 9, 9, 4, 7},
      {0.5, 0.5, 0.5, 0.5, 2, 2, 3.5, 8, 8, 8.25},
  };
  for (const auto& x : arrays) {
    for (int k = 2; k <= 5; ++k) {
      INFO("k = " << k << ", first value " << x.front());
      const Classification c = classify(present(x), ClassMethod::NaturalBreaks, k);
      const double jenks = withinSumOfSquares(x, c.classOf, static_cast<int>(c.counts.size()));
      CHECK(static_cast<int>(c.counts.size()) == k);
      CHECK(jenks == Approx(bruteForceBest(x, k)).margin(1e-9));
      CHECK(std::find(c.counts.begin(), c.counts.end(), 0u) == c.counts.end());
      // The plain O(k n^2) programme finds the same optimum.
      std::vector<double> sorted = x;
      std::sort(sorted.begin(), sorted.end());
      const auto plain = naturalBreaks(sorted, k, JenksSolver::Exhaustive);
      CHECK(goodnessOfVarianceFit(sorted, plain) == Approx(c.gvf).margin(1e-12));
    }
  }
}

TEST_CASE("natural breaks GVF beats every other method and random partitions", "[classification]") {
  // Property of an exact optimum: no partition into at most the same number of classes has a higher
  // goodness of variance fit. Data: 200 log-normal values rounded to 0.1 (so there are ties), fixed seed.
  std::mt19937 rng(20240611);
  std::lognormal_distribution<double> dist(3.0, 0.6);
  std::vector<double> x;
  for (int i = 0; i < 200; ++i) x.push_back(std::round(dist(rng) * 10.0) / 10.0);
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());

  for (ClassMethod other : {ClassMethod::Quantile, ClassMethod::EqualInterval, ClassMethod::StdDev,
                            ClassMethod::BoxMap, ClassMethod::Percentile}) {
    const Classification o = classify(present(x), other, 5);
    const int classes = static_cast<int>(o.counts.size());
    const Classification j = classify(present(x), ClassMethod::NaturalBreaks, classes);
    INFO(mobmap::analysis::methodName(other) << " with " << classes << " classes: " << o.gvf << " vs " << j.gvf);
    CHECK(j.gvf >= o.gvf - 1e-12);
  }
  const Classification jenks5 = classify(present(x), ClassMethod::NaturalBreaks, 5);
  std::uniform_int_distribution<std::size_t> pick(0, sorted.size() - 1);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<double> breaks{sorted.front(), sorted.back()};
    for (int b = 0; b < 4; ++b) breaks.push_back(sorted[pick(rng)]);
    std::sort(breaks.begin(), breaks.end());
    CHECK(goodnessOfVarianceFit(sorted, breaks) <= jenks5.gvf + 1e-12);
  }
}

TEST_CASE("divide-and-conquer natural breaks equal the plain dynamic programme", "[classification]") {
  // Expected: the O(k n^2) programme's optimum (same objective), on 1,500 values with and without ties.
  std::mt19937 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (bool rounded : {false, true}) {
    std::vector<double> x;
    for (int i = 0; i < 1500; ++i) {
      const double v = std::exp(normal(rng)) + (i % 3 == 0 ? 5.0 : 0.0);
      x.push_back(rounded ? std::round(v * 4.0) / 4.0 : v);
    }
    std::sort(x.begin(), x.end());
    for (int k = 2; k <= 9; ++k) {
      INFO("k = " << k << (rounded ? " (ties)" : ""));
      const double fast = goodnessOfVarianceFit(x, naturalBreaks(x, k, JenksSolver::DivideAndConquer));
      const double plain = goodnessOfVarianceFit(x, naturalBreaks(x, k, JenksSolver::Exhaustive));
      CHECK(fast == Approx(plain).margin(1e-12));
    }
  }
}

TEST_CASE("standard deviation map with all six classes", "[classification]") {
  // x = 0, eight 10s, 20: mean 10, sum of squared deviations 100 + 100 = 200, sample sd = sqrt(200/9)
  // = 4.7140452; cuts 10 -/+ 2sd = 0.5719096 / 19.4280904, 10 -/+ sd = 5.2859548 / 14.7140452, all
  // inside (0, 20). Counts: 0 -> class 0, the 10s -> (5.29, 10], 20 -> (19.43, 20].
  const double sd = std::sqrt(200.0 / 9.0);
  const Classification c =
      classify(present({0, 10, 10, 10, 10, 10, 10, 10, 10, 20}), ClassMethod::StdDev, 3 /* ignored */);
  requireBreaks(c.breaks, {0, 10 - 2 * sd, 10 - sd, 10, 10 + sd, 10 + 2 * sd, 20});
  CHECK(c.counts == std::vector<std::size_t>{1, 0, 8, 0, 0, 1});
  CHECK(c.classLabels.front() == "\u2264 0.6 (below \u22122 sd)");
  CHECK(c.classLabels[2] == "> 5.3 \u2013 10.0 (\u22121 sd to mean)");
  CHECK(c.classLabels.back() == "> 19.4 \u2013 20.0 (above +2 sd)");
}

TEST_CASE("standard deviation cuts outside the data are dropped", "[classification]") {
  // x = 2 4 4 4 5 5 7 9: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, sample sd = sqrt(32/7)
  // = 2.1380899; 5 - 2sd = 0.72 < min and 5 + 2sd = 9.28 > max are dropped, leaving cuts
  // 2.8619 / 5 / 7.1381 and 4 classes: {2}, {4,4,4,5,5}, {7}, {9}.
  const double sd = std::sqrt(32.0 / 7.0);
  const Classification c = classify(present({2, 4, 4, 4, 5, 5, 7, 9}), ClassMethod::StdDev, 5);
  requireBreaks(c.breaks, {2, 5 - sd, 5, 5 + sd, 9});
  CHECK(c.counts == std::vector<std::size_t>{1, 5, 1, 1});
  CHECK(c.classLabels.front().find("below \u22121 sd") != std::string::npos);
  CHECK(c.classLabels.back().find("above +1 sd") != std::string::npos);
  CHECK(c.note.find("dropped") != std::string::npos);
}

TEST_CASE("box map with an upper outlier and an empty lower outlier class", "[classification]") {
  // x = 1..9, 30 (n = 10), type 7: Q1 h=2.25 -> 3.25; median h=4.5 -> 5.5; Q3 h=6.75 -> 7 + .75 = 7.75.
  // IQR 4.5; fences 3.25 - 6.75 = -3.5 and 7.75 + 6.75 = 14.5. Classes: none <= -3.5; {1,2,3};
  // {4,5}; {6,7}; {8,9}; {30} above 14.5.
  const Classification c = classify(present({1, 2, 3, 4, 5, 6, 7, 8, 9, 30}), ClassMethod::BoxMap, 0);
  requireBreaks(c.breaks, {1, -3.5, 3.25, 5.5, 7.75, 14.5, 30});
  CHECK(c.counts == std::vector<std::size_t>{0, 3, 2, 2, 2, 1});
  CHECK(c.classLabels.front() == "\u2264 \u22123.5 (lower outlier)");
  CHECK(c.classLabels.back() == "> 14.5 (upper outlier)");
  CHECK(c.classOf.back() == 5);
}

TEST_CASE("percentile map", "[classification]") {
  // x = 0..100 (n = 101): h = 100p, so the 1st/10th/50th/90th/99th percentiles are 1, 10, 50, 90, 99.
  // Classes: [0,1] = {0,1}; (1,10] = 9; (10,50] = 40; (50,90] = 40; (90,99] = 9; (99,100] = {100}.
  Values x;
  for (int i = 100; i >= 0; --i) x.emplace_back(i);
  const Classification c = classify(x, ClassMethod::Percentile, 0);
  requireBreaks(c.breaks, {0, 1, 10, 50, 90, 99, 100});
  CHECK(c.counts == std::vector<std::size_t>{2, 9, 40, 40, 9, 1});
  CHECK(c.classLabels.front() == "\u2264 1 (< 1%)");
  CHECK(c.classLabels.back() == "> 99 \u2013 100 (> 99%)");

  // x = 1..10: p=.01 -> h=.09 -> 1.09; p=.1 -> h=.9 -> 1.9; p=.5 -> 5.5; p=.9 -> h=8.1 -> 9.1;
  // p=.99 -> h=8.91 -> 9.91. Classes {1}, {}, {2..5}, {6..9}, {}, {10}.
  const Classification small = classify(present({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), ClassMethod::Percentile, 0);
  requireBreaks(small.breaks, {1, 1.09, 1.9, 5.5, 9.1, 9.91, 10});
  CHECK(small.counts == std::vector<std::size_t>{1, 0, 4, 4, 0, 1});
}

TEST_CASE("manual breaks, interior and full", "[classification]") {
  // Interior 5, 15 over 1 5 10 15 20: breaks 1 5 15 20; [1,5] = {1,5}, (5,15] = {10,15}, (15,20] = {20}.
  const Classification interior = classify(present({1, 5, 10, 15, 20}), ClassMethod::Manual, 3, {5, 15});
  requireBreaks(interior.breaks, {1, 5, 15, 20});
  CHECK(interior.counts == std::vector<std::size_t>{2, 2, 1});

  // Interior breaks beyond the data: breaks extend to them; -100 and 200 are the data's ends.
  const Classification wide = classify(present({-100, 1, 200}), ClassMethod::Manual, 3, {0, 100});
  requireBreaks(wide.breaks, {-100, 0, 100, 200});
  CHECK(wide.counts == std::vector<std::size_t>{1, 1, 1});

  // Full breaks 0 10 20 30: -5 and 31 lie outside and are not classed; 0,10 -> class 0, 11 -> 1, 30 -> 2.
  const Classification full =
      classify(present({-5, 0, 10, 11, 30, 31}), ClassMethod::Manual, 3, {0, 10, 20, 30});
  requireBreaks(full.breaks, {0, 10, 20, 30});
  CHECK(full.classOf == std::vector<int>{-1, 0, 0, 1, 2, -1});
  CHECK(full.counts == std::vector<std::size_t>{2, 1, 1});
  CHECK(full.outOfRange == 2);
  CHECK(full.missing == 0);
  CHECK(full.note.find("2 values outside the manual breaks") != std::string::npos);

  CHECK_THROWS_AS(classify(present({1, 2, 3}), ClassMethod::Manual, 3, {5, 5}), mobmap::UsageError);
  CHECK_THROWS_AS(classify(present({1, 2, 3}), ClassMethod::Manual, 3, {1, 2, 3}), mobmap::UsageError);
}

TEST_CASE("classification refuses what it cannot do, with clear messages", "[classification]") {
  // Expected messages: the wording promised in classification.h.
  auto message = [](const std::function<void()>& call) {
    try {
      call();
    } catch (const mobmap::Error& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  CHECK(message([] { classify(present({1, 1, 1}), ClassMethod::Quantile, 5); }) ==
        "field has only 1 distinct value; cannot make 5 classes");
  CHECK(message([] { classify(present({1, 2, 3, 3}), ClassMethod::NaturalBreaks, 5); }) ==
        "field has only 3 distinct values; cannot make 5 classes");
  CHECK(message([] { classify(Values{std::nullopt, std::nullopt, std::nullopt}, ClassMethod::EqualInterval, 5); }) ==
        "field has no values (all 3 are missing); cannot classify");
  CHECK(message([] { classify(present({4, 4}), ClassMethod::BoxMap, 5); }) ==
        "field has only 1 distinct value; cannot make a box map");
  CHECK_THROWS_AS(classify(present({1, 2, 3}), ClassMethod::Quantile, 1), mobmap::UsageError);
  CHECK_THROWS_AS(classify(present({1, 2, 3}), ClassMethod::Quantile, 10), mobmap::UsageError);
  // NaN counts as missing rather than poisoning the breaks.
  const Classification c =
      classify(Values{1, std::numeric_limits<double>::quiet_NaN(), 2, 3}, ClassMethod::EqualInterval, 2);
  CHECK(c.missing == 1);
  CHECK(c.classOf[1] == -1);
}

TEST_CASE("unique values: ranking, Other bucket and missing", "[classification]") {
  // Tallies: a=3, b=3, c=2, d=1, e=1, f=1, 2 missing. Ranked by count then name: a b c d e f.
  // maxClasses 4 keeps a b c and merges d e f (3 values) into Other.
  using Strings = std::vector<std::optional<std::string>>;
  const Strings v{"c", "a", "b", std::nullopt, "a", "d", "b", "e", "a", "f", "c", "b", std::nullopt};
  const auto u = classifyUnique(v, 4);
  CHECK(u.categories == std::vector<std::string>{"a", "b", "c", "Other"});
  CHECK(u.counts == std::vector<std::size_t>{3, 3, 2, 3});
  CHECK(u.missing == 2);
  CHECK(u.merged == 3);
  CHECK(u.classOf == std::vector<int>{2, 0, 1, -1, 0, 3, 1, 3, 0, 3, 2, 1, -1});
  const auto all = classifyUnique(v);
  CHECK(all.categories.size() == 6);
  CHECK(all.merged == 0);
  // A real category named "Other" keeps its name; the merged bucket is told apart.
  const auto named = classifyUnique(Strings{"Other", "Other", "x", "y", "z"}, 3);
  CHECK(named.categories == std::vector<std::string>{"Other", "x", "Other (merged)"});
  CHECK_THROWS_AS(classifyUnique(Strings{std::nullopt}), mobmap::Error);
}

TEST_CASE("real data: natural breaks of Chicago tract poverty (Pov14)", "[classification][data]") {
  // No exact reference exists for 791 values, so this checks what must hold: the divide-and-conquer
  // optimum equals the plain O(k n^2) programme's, and beats quantile and equal-interval GVF.
  const auto path = mobmap::test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.dbf");
  if (!path) return;
  const Values pov = readDbfNumbers(*path, "Pov14");
  REQUIRE(pov.size() == 791);  // the 791 Chicago tracts (data/INDEX.md)
  const std::vector<double> sorted = sortedPresent(pov);
  const Classification jenks = classify(pov, ClassMethod::NaturalBreaks, 5);
  const double plain = goodnessOfVarianceFit(sorted, naturalBreaks(sorted, 5, JenksSolver::Exhaustive));
  CHECK(jenks.gvf == Approx(plain).margin(1e-12));
  CHECK(jenks.gvf >= classify(pov, ClassMethod::Quantile, 5).gvf);
  CHECK(jenks.gvf >= classify(pov, ClassMethod::EqualInterval, 5).gvf);
  std::size_t total = 0;
  for (std::size_t n : jenks.counts) total += n;
  CHECK(total + jenks.missing == pov.size());
  CHECK(jenks.breaks.front() == sorted.front());
  CHECK(jenks.breaks.back() == sorted.back());
}

TEST_CASE("real data: county income metric with NA values", "[classification][data]") {
  // Expected: the NA count the test makes itself while reading the CSV; the file has no quoted fields
  // (checked below), so splitting on commas is exact.
  const auto path = mobmap::test::sharedData(
      "mobility-metrics/v2025.01/01_financial-well-being/final/metrics_income_county_all_longitudinal.csv");
  if (!path) return;
  std::ifstream in(*path);
  REQUIRE(in);
  auto split = [](std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
  };
  std::string line;
  REQUIRE(std::getline(in, line));
  const auto header = split(line);
  const auto yearColumn = std::find(header.begin(), header.end(), "year") - header.begin();
  const auto valueColumn = std::find(header.begin(), header.end(), "pctl_income_20") - header.begin();
  REQUIRE(static_cast<std::size_t>(valueColumn) < header.size());
  Values values;
  std::size_t na = 0;
  std::size_t quoted = 0;
  std::size_t ragged = 0;
  while (std::getline(in, line)) {
    quoted += line.find('"') != std::string::npos ? 1 : 0;
    const auto cells = split(line);
    if (cells.size() != header.size()) {
      ++ragged;
      continue;
    }
    if (cells[static_cast<std::size_t>(yearColumn)] != "2023") continue;
    const std::string& cell = cells[static_cast<std::size_t>(valueColumn)];
    if (cell == "NA" || cell.empty()) {
      ++na;
      values.emplace_back(std::nullopt);
    } else {
      values.emplace_back(std::stod(cell));
    }
  }
  REQUIRE(quoted == 0);
  REQUIRE(ragged == 0);
  // Sanity against the file as published (v2025.01): 3,144 counties in 2023, 344 of them NA there.
  CHECK(values.size() == 3144);
  CHECK(na == 344);
  for (ClassMethod method : {ClassMethod::Quantile, ClassMethod::NaturalBreaks, ClassMethod::BoxMap}) {
    const Classification c = classify(values, method, 5);
    INFO(mobmap::analysis::methodName(method));
    CHECK(c.missing == na);
    std::size_t total = 0;
    for (std::size_t n : c.counts) total += n;
    CHECK(total == values.size() - na);
    CHECK(std::count(c.classOf.begin(), c.classOf.end(), -1) == static_cast<std::ptrdiff_t>(na));
  }
}
