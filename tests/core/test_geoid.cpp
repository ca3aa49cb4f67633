// Key normalisation, table-driven. Expected values follow the GEOID rules in DESIGN.md section 5
// (state 2, county 3, tract 6, place 5 digits; Census "1400000US" prefixes).
#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/geoid.h"

using namespace mobmap;

TEST_CASE("canonicalKeyPart normalises the forms files carry GEOIDs in") {
  struct Case {
    const char* raw;
    const char* expected;
  };
  const Case cases[] = {
      {"17031010100", "17031010100"},          // already canonical
      {" 17031010100 ", "17031010100"},        // whitespace
      {"17031010100.0", "17031010100"},        // real from a spreadsheet or dBASE N field
      {"1.70310101e10", "17031010100"},        // exponent form of the same real
      {"1400000US17031010100", "17031010100"}, // data.census.gov tract GEO_ID
      {"0500000US06037", "06037"},             // county GEO_ID keeps its zero
      {"\"06037\"", "06037"},                  // quoted
      {"06037", "06037"},                      // leading zero kept
      {"Cook County", "Cook County"},          // text stays text
      {"12.5", "12.5"},                        // a real with a fraction is not a whole-number key
  };
  for (const Case& c : cases) {
    INFO(c.raw);
    CHECK(canonicalKeyPart(c.raw) == c.expected);
  }
}

TEST_CASE("knownFipsWidth knows the FIPS component widths") {
  CHECK(knownFipsWidth("state") == 2);
  CHECK(knownFipsWidth("COUNTY") == 3);
  CHECK(knownFipsWidth("tract") == 6);
  CHECK(knownFipsWidth("place") == 5);
  CHECK(knownFipsWidth("TRACTCE10") == 6);
  CHECK(knownFipsWidth("name") == 0);
}

TEST_CASE("KeySpec parses single and composite keys") {
  CHECK(KeySpec::parse("GEOID").columns == std::vector<std::string>{"GEOID"});
  CHECK(KeySpec::parse("state + county").columns == std::vector<std::string>{"state", "county"});
  CHECK_THROWS_AS(KeySpec::parse("state+"), UsageError);
}

TEST_CASE("buildKeys pads composite parts to their FIPS widths") {
  Column st("state", FieldType::Integer);
  Column co("county", FieldType::Integer);
  st.appendNumber(6);   // California as a number: lost its zero
  co.appendNumber(37);  // Los Angeles county as a number
  st.appendNumber(17);
  co.appendNumber(31);
  st.appendMissing();
  co.appendNumber(1);
  AttributeTable t;
  t.addColumn(std::move(st));
  t.addColumn(std::move(co));
  auto keys = buildKeys(t, KeySpec::parse("state+county"), "test");
  CHECK(keys == std::vector<std::string>{"06037", "17031", ""});
}

TEST_CASE("restoreLostLeadingZero restores at most the one zero a state code can lose") {
  std::vector<std::string> left = {"06037", "17031", "01001"};
  std::vector<std::string> right = {"6037", "17031", "1001", "999"};
  restoreLostLeadingZero(left, right);
  CHECK(right == std::vector<std::string>{"06037", "17031", "01001", "999"});
  CHECK(left == std::vector<std::string>{"06037", "17031", "01001"});
}

TEST_CASE("compareKeySets counts and lists the keys only one side holds") {
  const std::vector<std::string> a = {"09001", "09003", "01001", "01001", "", "02261"};
  const std::vector<std::string> b = {"09110", "01001", "09120", "02063", "02066"};
  const KeySetDifference d = compareKeySets(a, b, 2);
  CHECK(d.common == 1);
  CHECK(d.onlyFirst == 3);
  CHECK(d.onlySecond == 4);
  CHECK(d.onlyFirstExamples == std::vector<std::string>{"02261", "09001"});
  CHECK(d.onlySecondExamples == std::vector<std::string>{"02063", "02066"});
  CHECK(compareKeySets({}, {}).common == 0);
}
