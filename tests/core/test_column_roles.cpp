// Which column a map shows first, on the column names and kinds of the Chicago files as GeoDa publishes them
// (OBJECTID, Shape_Leng, TRACTCE10, geoid10, commarea ... in Chi-SDOH; ComAreaID ... in ComArea_ACS14_f;
// area_num_1, districtno, GEOID ... in Chicago_2020) and of Urban's long files (year, subgroup): never an ID,
// code, coordinate, year or 0/1 flag. Core only: the tables are built here with those columns' values.
#include <catch2/catch.hpp>

#include "core/column_roles.h"

using namespace mobmap;

namespace {

void add(AttributeTable& t, const std::string& name, std::vector<double> values) {
  Column& c = t.addColumn(name, FieldType::Real);
  for (double v : values) c.appendNumber(v);
}

}  // namespace

TEST_CASE("the first map of a plain file is a value, never an ID, code, coordinate, year or flag") {
  AttributeTable sdoh;  // Chi-SDOH.dbf column order
  add(sdoh, "OBJECTID", {1, 2, 3});
  add(sdoh, "Shape_Leng", {100, 200, 300});
  add(sdoh, "TRACTCE10", {10100, 10201, 10202});
  add(sdoh, "geoid10", {17031010100, 17031010201, 17031010202});
  add(sdoh, "commarea", {1, 1, 1});
  add(sdoh, "Blk", {0, 1, 0});
  add(sdoh, "ChldPvt14", {30.1, 12.4, 50.2});
  CHECK(defaultMapField(sdoh, nullptr) == "ChldPvt14");

  AttributeTable cmap;  // Chicago_2020.dbf column order
  add(cmap, "area_num_1", {1, 2, 3});
  add(cmap, "area_numbe", {1, 2, 3});
  add(cmap, "districtno", {1, 1, 2});
  add(cmap, "GEOID", {1714000, 1714000, 1714000});
  add(cmap, "X", {-87.6, -87.7, -87.65});
  add(cmap, "year", {2020, 2020, 2020});
  add(cmap, "TOT_POP", {55475, 71730, 56362});
  CHECK(defaultMapField(cmap, nullptr) == "TOT_POP");

  AttributeTable urban;  // a long table joined to counties: the catalog's metric comes first
  add(urban, "ComAreaID", {1, 2, 3});
  add(urban, "local_rate", {0.1, 0.2, 0.3});
  add(urban, "share_poverty_exposure", {0.1, 0.2, 0.3});
  CHECK(defaultMapField(urban, [](const std::string& n) { return n == "share_poverty_exposure"; }) == "share_poverty_exposure");
  CHECK(defaultMapField(urban, nullptr) == "local_rate");

  AttributeTable none;
  add(none, "OBJECTID", {1, 2});
  CHECK_FALSE(defaultMapField(none, nullptr).has_value());
}

// The area key every part of mobmap names areas by: the column order of Chi-SDOH (geoid10 after OBJECTID and
// TRACTCE10), of a data.census.gov table (GEO_ID, NAME) and of us-atlas TopoJSON (id); GEOID wins over the
// vintaged names when a file has both.
TEST_CASE("the area key column is found by one list of names, case-insensitively") {
  AttributeTable sdoh;
  add(sdoh, "OBJECTID", {1});
  add(sdoh, "TRACTCE10", {10100});
  add(sdoh, "geoid10", {17031010100});
  REQUIRE(areaKeyColumn(sdoh));
  CHECK(areaKeyColumn(sdoh)->name() == "geoid10");

  AttributeTable both;
  add(both, "GEOID20", {17031010100});
  add(both, "GEOID", {17031010100});
  CHECK(areaKeyColumn(both)->name() == "GEOID");

  AttributeTable censusTable;
  censusTable.addColumn("GEO_ID", FieldType::String).appendText("1400000US17031010100");
  add(censusTable, "S1701_C03_001E", {12.5});
  CHECK(areaKeyColumn(censusTable)->name() == "GEO_ID");

  AttributeTable none;
  add(none, "TOT_POP", {55475});
  CHECK(areaKeyColumn(none) == nullptr);
}

// Additivity of the Chicago SDOH tract columns (names and values as in Chi-SDOH.dbf): what a custom area may sum.
TEST_CASE("columnAdditivity sums counts only, weights shares, and never sums codes, flags, medians or per-capita values") {
  auto column = [](const char* name, std::vector<double> values) {
    Column c(name, FieldType::Real);
    for (double v : values) c.appendNumber(v);
    return c;
  };
  CHECK(columnAdditivity(column("Pop2014", {4189, 7083})).kind == Additivity::Count);
  CHECK(columnAdditivity(column("Pov14", {30.6, 29.2})).kind == Additivity::Share);
  CHECK(columnAdditivity(column("EP_LIMENG", {1, 8})).kind == Additivity::Share);
  CHECK(columnAdditivity(column("Wht14P", {45.5, 12.0})).kind == Additivity::Share);
  CHECK(columnAdditivity(column("TRACTCE10", {10100, 10201})).why == "an identifier or code");
  CHECK(columnAdditivity(column("commarea", {1, 1})).why == "an identifier or code");
  CHECK(columnAdditivity(column("geoid10", {17031010100, 17031010201})).why == "an identifier or code");
  CHECK(columnAdditivity(column("WHT50PCT", {0, 1})).why == "a 0/1 flag");
  CHECK(columnAdditivity(column("EP_PCI", {23701, 22845})).why == "a per-capita value");
  CHECK(columnAdditivity(column("median_hh_income", {41000, 52000})).why == "a median");
  AttributeTable t;
  t.addColumn(column("Pov14", {30.6, 29.2}));
  t.addColumn(column("Pop2014", {4189, 7083}));
  CHECK(populationColumn(t) == "Pop2014");
}
