// The Census Bureau's top- and bottom-coded medians (core/coded_median.h). Expected values: the ACS's published
// codes for open-ended medians — B19013 median household income "250,000+" as 250001 and "2,500-" as 2499,
// B25077 median value "2,000,000+" as 2000001 and "10,000-" as 9999, B25064 median gross rent "3,500+" as 3501
// (ACS 2015 on).
#include <catch2/catch.hpp>

#include "core/attribute_table.h"
#include "core/coded_median.h"

using namespace mobmap;

TEST_CASE("top- and bottom-coded medians read as what they mean, only in median columns") {
  auto top = censusCodedMedian("median_hh_income", 250001);
  REQUIRE(top.has_value());
  CHECK(top->top);
  CHECK(codedMedianText(*top) == "250,000 or more");
  CHECK(codedMedianText(*top, "$250,000") == "$250,000 or more");
  auto bottom = censusCodedMedian("median_hh_income", 2499);
  REQUIRE(bottom.has_value());
  CHECK(codedMedianText(*bottom) == "2,499 or less");
  CHECK(censusCodedMedian("B19013_001E", 250001).has_value());
  CHECK(codedMedianText(*censusCodedMedian("median_home_value", 2000001)) == "2,000,000 or more");
  CHECK(codedMedianText(*censusCodedMedian("B25077_001E", 9999)) == "9,999 or less");
  CHECK(codedMedianText(*censusCodedMedian("median_gross_rent", 3501)) == "3,500 or more");
  // Ordinary amounts, other columns, and the MOE of a median are never coded.
  CHECK_FALSE(censusCodedMedian("median_hh_income", 250000).has_value());
  CHECK_FALSE(censusCodedMedian("median_gross_rent", 2001).has_value());
  CHECK_FALSE(censusCodedMedian("pov_below", 250001).has_value());
  CHECK_FALSE(censusCodedMedian("median_hh_income_moe", 2499).has_value());
  CHECK_FALSE(censusCodedMedian("median_age", 2499).has_value());

  Column c("median_hh_income", FieldType::Real);
  c.appendNumber(250001);
  c.appendNumber(61250);
  CHECK(readableCellText(c, 0) == "250,000 or more (250001)");
  CHECK(readableCellText(c, 1) == c.displayText(1));
}
