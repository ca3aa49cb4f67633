// Segregation indices on small hand-worked tables, with the arithmetic in the comments.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/segregation.h"
#include "core/error.h"

using namespace mobmap;
using namespace mobmap::analysis;

namespace {

std::vector<std::optional<double>> col(std::initializer_list<double> v) {
  std::vector<std::optional<double>> out;
  for (double x : v) out.push_back(x);
  return out;
}

}  // namespace

// Two groups in three areas: a = (10, 0, 10), b = (0, 10, 10); t = (10, 10, 20), A = B = 20, T = 40.
//   D_a = ½(|10/20 − 0/20| + |0 − 10/20| + |10/20 − 10/20|) = 0.5; pairwise the same.
//   isolation_a = (10/20)(10/10) + 0 + (10/20)(10/20) = 0.75; exposure a→b = 0 + 0 + (10/20)(10/20) = 0.25
//   E = ln 2; E_i = (0, 0, ln 2); H = (10·ln2 + 10·ln2 + 0) / (40 ln2) = 0.5
TEST_CASE("segregation indices on a two-group table", "[segregation]") {
  SegregationResult r = segregation({{"a", "b"}, {col({10, 0, 10}), col({0, 10, 10})}, std::nullopt});
  CHECK(r.areasUsed == 3);
  CHECK(r.total == 40);
  CHECK(*r.dissimilarity[0] == Approx(0.5));
  CHECK(*r.pairwise[0][1] == Approx(0.5));
  CHECK(*r.isolation[0] == Approx(0.75));
  CHECK(*r.exposure[0][1] == Approx(0.25));
  CHECK(*r.isolation[0] + *r.exposure[0][1] == Approx(1.0));  // the shares of the two groups add to 1
  CHECK(*r.entropy == Approx(std::log(2.0)));
  CHECK(*r.theilH == Approx(0.5));
  CHECK_FALSE(r.remainderGroup);
}

// Zero-population areas are skipped and counted; a missing count skips its area; a group with no members
// has no dissimilarity, isolation or exposure (0/0), but the other groups still get theirs.
TEST_CASE("zero totals, missing counts and an empty group", "[segregation]") {
  std::vector<std::optional<double>> a = col({10, 0, 10, 0}), b = col({0, 10, 10, 0}), c = col({0, 0, 0, 0});
  a.push_back(std::nullopt);
  b.push_back(5);
  c.push_back(0);
  SegregationResult r = segregation({{"a", "b", "empty"}, {a, b, c}, std::nullopt});
  CHECK(r.areas == 5);
  CHECK(r.areasUsed == 3);
  CHECK(r.areasZeroTotal == 1);
  CHECK(r.areasMissing == 1);
  CHECK(*r.dissimilarity[0] == Approx(0.5));
  CHECK_FALSE(r.dissimilarity[2]);
  CHECK_FALSE(r.isolation[2]);
  CHECK_FALSE(r.pairwise[0][2]);
  CHECK(*r.exposure[0][2] == Approx(0.0));  // a's members meet nobody of the empty group
  CHECK(*r.theilH == Approx(0.5));          // the empty group adds 0·ln 0 = 0 everywhere
}

// With a total field the remainder (total − groups) is a group in the entropy index:
// a = (10, 0), b = (0, 10), t = (20, 20): other = (10, 10), T = 40, P = (1/4, 1/4, 1/2),
//   E = −2·¼ln¼ − ½ln½ = 1.5 ln 2; E_i = −½ln½ − ½ln½ = ln 2 in both areas;
//   H = 40 (1.5 ln2 − ln2) / (40 · 1.5 ln2) = 1/3. D_a from everyone else = ½(|1 − 10/30| + |0 − 20/30|) = 2/3.
TEST_CASE("a total field adds the remainder group to the entropy index", "[segregation]") {
  SegregationResult r = segregation({{"a", "b"}, {col({10, 0}), col({0, 10})}, col({20, 20})});
  CHECK(r.remainderGroup);
  CHECK(*r.entropy == Approx(1.5 * std::log(2.0)));
  CHECK(*r.theilH == Approx(1.0 / 3.0));
  CHECK(*r.dissimilarity[0] == Approx(2.0 / 3.0));
  CHECK(*r.isolation[0] == Approx(0.5));  // (10/10)(10/20)
  SegregationResult over = segregation({{"a", "b"}, {col({15, 0}), col({10, 10})}, col({20, 20})});
  CHECK(over.areasGroupsExceedTotal == 1);
  CHECK_THROWS_AS(segregation({{"a"}, {col({0, 0})}, std::nullopt}), Error);  // no area with people
}
