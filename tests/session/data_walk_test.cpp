// The data walk poster's reading of the numbers (session/data_walk.h) on a small hand-made map whose every
// number is worked out here. Quartiles are R's default (type 7):
//   quantile(c(10, 20, 30, 40, 50), c(0.25, 0.5, 0.75))            # 20 30 40
// and the test of the gap between the ends is the Census Bureau's, z = (A − B) / sqrt(SE_A² + SE_B²) against
// qnorm(0.95) = 1.644854 at 90%:
//   (50 - 10) / sqrt(3^2 + 2^2)   # 11.09: significant
//   (12 - 10) / sqrt(5^2 + 5^2)   # 0.28: not significant
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "session/data_walk.h"

using namespace mobmap;
using session::AreaReading;

namespace {

session::ReadingInput shares() {
  session::ReadingInput in;
  in.metric = "Poverty rate";
  in.format = {"percent", 1};
  in.areaNoun = "tracts";
  const double nan = std::nan("");
  in.areas = {{"A", 10, 3, false}, {"B", 20, nan, false}, {"C", 30, nan, true},
              {"D", 40, nan, false}, {"E", 50, 2, false}, {"F", nan, nan, false}};
  in.missingReasons[MissingReason::Blank] = 1;
  return in;
}

}  // namespace

TEST_CASE("the reading names the ends, the middle half and the areas at the top and bottom with their margins") {
  const session::NumbersReading r = session::readTheNumbers(shares());
  REQUIRE(r.reading.size() == 5);
  CHECK(r.reading[0] == "Poverty rate: from 10.0% in A to 50.0% in E, across 5 tracts with a value.");
  CHECK(r.reading[1] == "The middle value is 30.0%; half of the tracts are between 20.0% and 40.0%.");
  // Two at each end (half of five, rounded down); MOE = 1.644854 × SE: 3.29 and 4.93.
  CHECK(r.reading[2] == "Highest (\u00b1 90% margin of error): E, 50.0% (\u00b1 3.3%) and D, 40.0%.");
  CHECK(r.reading[3] == "Lowest: A, 10.0% (\u00b1 4.9%) and B, 20.0%.");
  CHECK(r.reading[4] == "The highest is 40.0 percentage points above the lowest (5 times as high). The margins of error "
                        "cannot explain this gap: it is statistically significant at 90%.");
  REQUIRE(r.caveats.size() == 3);
  CHECK(r.caveats[0].starts_with("1 tract of 6 has no value and is left out above (1 blank"));
  CHECK(r.caveats[1].starts_with("1 tract is hatched on the map"));
  CHECK(r.caveats[2].starts_with("These are estimates from a survey"));
}

TEST_CASE("a gap within the margins of error is called possibly not real, and no margins are said to be missing") {
  session::ReadingInput in;
  in.metric = "Share employed";
  in.format = {"percent", 0};
  in.areaNoun = "counties";
  in.areas = {{"Near", 12, 5, false}, {"Far", 10, 5, false}};
  session::NumbersReading r = session::readTheNumbers(in);
  CHECK(r.reading.back().find("may not be real (not statistically significant at 90%)") != std::string::npos);

  for (AreaReading& a : in.areas) a.se = std::nan("");
  r = session::readTheNumbers(in);
  CHECK(r.reading.back() == "The highest is 2 percentage points above the lowest (1.2 times as high).");
  CHECK(r.caveats.back() == "The data give no margins of error, so we cannot say how sure any difference is.");
}

TEST_CASE("a map without a single value cannot be read") {
  session::ReadingInput in;
  in.metric = "Poverty rate";
  in.areas = {{"A", std::nan(""), std::nan(""), false}};
  CHECK_THROWS_AS(session::readTheNumbers(in), Error);
}
