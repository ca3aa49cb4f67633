// Joins on normalised keys with their reports. Expected counts are worked out by hand from the small tables.
#include <catch2/catch.hpp>

#include "core/table_join.h"
#include "core/table_typing.h"

using namespace mobmap;

namespace {
AttributeTable makeTable(std::vector<std::pair<std::string, std::vector<std::string>>> cols) {
  AttributeTable t;
  for (auto& [name, cells] : cols) t.addColumn(typeColumn(name, cells));
  return t;
}
}  // namespace

TEST_CASE("county join: numbers that lost zeros, composite key, duplicates and unmatched both sides") {
  // Boundaries as us-atlas has them ("06037" strings); table with state/county split and a real-typed key.
  AttributeTable left = makeTable({{"id", {"06037", "17031", "36061", "01001"}}});
  AttributeTable right = makeTable({{"state", {"6", "17", "17", "48", "01"}},
                                    {"county", {"37", "31", "31", "201", "1"}},
                                    {"value", {"1.5", "2.5", "9.9", "3.5", "NA"}}});
  JoinResult r = joinTables(left, KeySpec::parse("id"), "b", right, KeySpec::parse("state+county"), "t");
  // 06037, 17031 and 01001 match; 36061 has no row; 48201 has no boundary; 17031 occurs twice.
  CHECK(r.report.matched == 3);
  CHECK(r.report.unmatchedLeft == 1);
  CHECK(r.report.unmatchedLeftExamples == std::vector<std::string>{"36061"});
  CHECK(r.report.unmatchedRight == 1);
  CHECK(r.report.unmatchedRightExamples == std::vector<std::string>{"48201"});
  CHECK(r.report.duplicateRight == 1);
  CHECK(r.report.duplicateRightExamples == std::vector<std::string>{"17031"});
  CHECK(r.rightRowOf[1] == std::optional<std::size_t>(1));  // first occurrence wins

  AttributeTable joined = appendJoinedColumns(left, right, r);
  const Column& value = joined.require("value", "joined");
  CHECK(value.number(0) == 1.5);
  CHECK(value.number(1) == 2.5);
  CHECK(value.isMissing(2));
  CHECK(value.isMissing(3));  // matched, but the value itself is NA
}

TEST_CASE("tract join: reals and Census prefixes, row filter") {
  // Chicago's geoid10 is a dBASE real; ACS downloads use 1400000US prefixes.
  AttributeTable left;
  Column& g = left.addColumn("geoid10", FieldType::Real);
  g.appendNumber(17031010100.0);
  g.appendNumber(17031010201.0);
  AttributeTable right = makeTable({{"GEO_ID", {"1400000US17031010100", "1400000US17031010201", "1400000US17031010201"}},
                                    {"year", {"2014", "2014", "2019"}}});
  std::vector<bool> only2014 = {true, true, false};
  JoinResult r = joinTables(left, KeySpec::parse("geoid10"), "b", right, KeySpec::parse("GEO_ID"), "t", only2014);
  CHECK(r.report.matched == 2);
  CHECK(r.report.duplicateRight == 0);  // the 2019 row was filtered out
  CHECK(r.report.rightRows == 2);
}

TEST_CASE("a low tract match rate explains vintages, Connecticut regions are named") {
  AttributeTable left = makeTable({{"GEOID", {"09001010101", "09001010102", "09001010103"}}});
  AttributeTable right = makeTable({{"GEOID", {"09110010101", "09110010102", "09001010103"}}});
  JoinResult r = joinTables(left, KeySpec::parse("GEOID"), "b", right, KeySpec::parse("GEOID"), "t");
  REQUIRE(r.report.matched == 1);
  bool vintage = false;
  for (const std::string& n : r.report.notes) vintage |= n.find("2010 and 2020") != std::string::npos;
  CHECK(vintage);

  AttributeTable counties = makeTable({{"id", {"09001", "09003"}}});
  AttributeTable metrics = makeTable({{"state", {"09", "09", "09"}}, {"county", {"110", "120", "001"}}});
  JoinResult c = joinTables(counties, KeySpec::parse("id"), "b", metrics, KeySpec::parse("state+county"), "t");
  bool regions = false;
  for (const std::string& n : c.report.notes) regions |= n.find("Connecticut planning regions (09110, 09120)") != std::string::npos;
  CHECK(regions);
}
