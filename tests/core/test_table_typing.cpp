// CSV cell typing. Expected types follow the rules stated in core/table_typing.h (IDs keep leading zeros;
// NA, empty and "." are missing).
#include <catch2/catch.hpp>

#include "core/table_typing.h"

using namespace mobmap;

TEST_CASE("missing tokens") {
  for (const char* t : {"", "NA", "N/A", ".", "  "}) CHECK(isMissingToken(t));
  for (const char* t : {"0", "na", "None", "-"}) {
    INFO(t);
    CHECK_FALSE(isMissingToken(t));
  }
}

TEST_CASE("numbers parse as numbers, with missing values") {
  Column c = typeColumn("pctl_income_20", {"23776.01", "NA", "", "1.5e3", "-4"});
  REQUIRE(c.type() == FieldType::Real);
  CHECK(c.number(0) == Approx(23776.01));
  CHECK(c.isMissing(1));
  CHECK(c.isMissing(2));
  CHECK(c.number(3) == 1500);
  CHECK(c.number(4) == -4);
}

TEST_CASE("whole numbers are Integer") {
  Column c = typeColumn("year", {"2014", "2023", "NA"});
  CHECK(c.type() == FieldType::Integer);
  CHECK(c.number(1) == 2023);
}

TEST_CASE("ID-like columns stay strings with their leading zeros") {
  Column county = typeColumn("county", {"001", "031", "NA"});
  REQUIRE(county.type() == FieldType::String);
  CHECK(county.text(0) == "001");
  CHECK(county.isMissing(2));
  // ID by name even without leading zeros.
  CHECK(typeColumn("GEOID", {"17031010100"}).type() == FieldType::String);
  CHECK(typeColumn("place_fips", {"1714000"}).type() == FieldType::String);
  // ID by value: a leading zero anywhere keeps the whole column text.
  Column code = typeColumn("code", {"12", "06"});
  CHECK(code.type() == FieldType::String);
  CHECK(code.text(1) == "06");
}

TEST_CASE("mixed text stays String, all-missing is Real") {
  CHECK(typeColumn("subgroup", {"All", "Black, Non-Hispanic"}).type() == FieldType::String);
  CHECK(typeColumn("ratio", {"2235:1", "12"}).type() == FieldType::String);
  Column empty = typeColumn("share_x", {"NA", "NA"});
  CHECK(empty.type() == FieldType::Real);
  CHECK(empty.isMissing(0));
}
