// Group-weighted mean exposure on small hand-worked tables, with the arithmetic in the comments.
#include <catch2/catch.hpp>

#include "analysis/disparity.h"
#include "core/error.h"

using namespace mobmap;
using namespace mobmap::analysis;

namespace {

using Values = std::vector<std::optional<double>>;

}  // namespace

// F = (10, 30, missing), g1 = (100, 0, 50), g2 = (100, 300, 20):
//   mean_g1 = (100·10 + 0·30)/100 = 10; mean_g2 = (100·10 + 300·30)/400 = 25
//   reference g1: gap g2 = 15, ratio 2.5; people left out (area 3 has no F): g1 50, g2 20.
TEST_CASE("group-weighted means, gap, ratio and people left out", "[disparity]") {
  Values f = {10, 30, std::nullopt};
  DisparityTable t = disparity(f, {"g1", "g2"}, {{100, 0, 50}, {100, 300, 20}}, 0);
  CHECK(t.areasUsed == 2);
  CHECK(t.areasMissingField == 1);
  CHECK(*t.groups[0].mean == Approx(10));
  CHECK(*t.groups[1].mean == Approx(25));
  CHECK(*t.groups[1].gap == Approx(15));
  CHECK(*t.groups[1].ratio == Approx(2.5));
  CHECK(*t.groups[0].gap == Approx(0));
  CHECK(t.groups[0].people == 100);
  CHECK(t.groups[0].peopleLeftOut == 50);
  CHECK(t.groups[1].peopleLeftOut == 20);
  DisparityTable r2 = disparity(f, {"g1", "g2"}, {{100, 0, 50}, {100, 300, 20}}, 1);
  CHECK(*r2.groups[0].ratio == Approx(0.4));
  CHECK_THROWS_AS(disparity(f, {"g1"}, {{1, 2, 3}}, 3), UsageError);
}

// A group with no members where F is present has no mean, and so no gap or ratio; an all-missing field
// leaves every area out. A reference mean of 0 gives gaps but no ratios.
TEST_CASE("empty groups, all-missing fields and a zero reference", "[disparity]") {
  DisparityTable t = disparity({1, 2}, {"g", "none"}, {{5, 5}, {0, 0}}, 0);
  CHECK_FALSE(t.groups[1].mean);
  CHECK_FALSE(t.groups[1].gap);
  DisparityTable missing = disparity({std::nullopt, std::nullopt}, {"g"}, {{5, 7}}, 0);
  CHECK(missing.areasUsed == 0);
  CHECK(missing.groups[0].peopleLeftOut == 12);
  CHECK_FALSE(missing.groups[0].mean);
  DisparityTable zero = disparity({0, 4}, {"ref", "other"}, {{1, 0}, {1, 1}}, 0);
  CHECK(*zero.groups[1].gap == Approx(2));
  CHECK_FALSE(zero.groups[1].ratio);
}

// by = 1..10: R's quantile(1:10, seq(0, 1, 0.2), type = 7) = 1, 2.8, 4.6, 6.4, 8.2, 10, so the quintiles
// hold {1,2}, {3,4}, {5,6}, {7,8}, {9,10}. With F = by and one person per area, quintile q's mean is the
// mean of its two values: 1.5, 3.5, 5.5, 7.5, 9.5.
TEST_CASE("disparity by quintile of a second field", "[disparity]") {
  Values f, by;
  std::vector<std::optional<double>> g;
  for (int i = 1; i <= 10; ++i) {
    f.push_back(i);
    by.push_back(i);
    g.push_back(1);
  }
  by.push_back(std::nullopt);
  f.push_back(100);
  g.push_back(1);
  DisparityByQuintile q = disparityByQuintile(f, {"g"}, {g}, 0, by);
  REQUIRE(q.breaks.size() == 6);
  CHECK(q.breaks[1] == Approx(2.8));
  CHECK(q.breaks[4] == Approx(8.2));
  CHECK(q.areasMissingBy == 1);
  for (int k = 0; k < 5; ++k) {
    CHECK(q.quintiles[static_cast<std::size_t>(k)].areasUsed == 2);
    CHECK(*q.quintiles[static_cast<std::size_t>(k)].groups[0].mean == Approx(1.5 + 2 * k));
  }
}
