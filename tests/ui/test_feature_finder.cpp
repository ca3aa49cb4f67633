// Find against a hand-built table (expected ranks worked out by hand) and the demo's neighborhoods file
// (geodata/demo/neighborhoods.geojson: feature 0 is "Northgate", nbhd_id 1, per generate_demo.py's output).
#include <catch2/catch.hpp>

#include "io/source_reader.h"
#include "core/geometry.h"
#include "test_support.h"
#include "ui/feature_finder.h"

using mobmap::AttributeTable;
using mobmap::FieldType;
using mobmap::ui::findFeatures;

namespace {

AttributeTable tracts() {
  AttributeTable t;
  t.addColumn("GEOID", FieldType::String);
  t.addColumn("NAMELSAD", FieldType::String);
  t.addColumn("total_pop", FieldType::Integer);
  auto &geoid = t.column(0), &name = t.column(1), &pop = t.column(2);
  const char* geoids[] = {"17031010100", "17031010201", "17031081000", "17031010100"};
  const char* names[] = {"Census Tract 101", "Census Tract 102.01", "Census Tract 810", "Census Tract 101"};
  for (int r = 0; r < 4; ++r) {
    geoid.appendText(geoids[r]);
    name.appendText(names[r]);
    pop.appendNumber(1000 + r);
  }
  return t;
}

}  // namespace

TEST_CASE("find ranks an exact GEOID or name before prefixes before substrings", "[ui]") {
  const AttributeTable t = tracts();
  auto hits = findFeatures(t, "17031010100", 10);
  REQUIRE(hits.size() == 2);  // rows 0 and 3 carry that GEOID
  CHECK(hits[0].feature == 0);
  CHECK(hits[0].rank == 0);
  CHECK(hits[1].feature == 3);
  CHECK(hits[0].label == "Census Tract 101 (17031010100)");

  // "census tract 10": prefix of rows 0, 1 and 3 (row 2 is tract 810): rank 1 in feature order.
  hits = findFeatures(t, " census tract 10 ", 10);
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].feature == 0);
  CHECK(hits[1].feature == 1);
  CHECK(hits[2].feature == 3);
  CHECK(hits[0].rank == 1);

  // "810": only inside row 2's name and GEOID, neither at the start (rank 2).
  hits = findFeatures(t, "810", 10);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].feature == 2);
  CHECK(hits[0].rank == 2);

  // "101" is inside the GEOIDs of rows 0, 1 and 3 (1703[101]...), all rank 2; the limit keeps the first two.
  hits = findFeatures(t, "101", 2);
  REQUIRE(hits.size() == 2);  // the limit
  CHECK(hits[0].feature == 0);
  CHECK(hits[1].feature == 1);
}

TEST_CASE("find with an empty query or on a table without name or key columns finds nothing", "[ui]") {
  CHECK(findFeatures(tracts(), "   ", 10).empty());
  AttributeTable values;
  values.addColumn("total_pop", FieldType::Integer).appendNumber(5);
  CHECK(findFeatures(values, "5", 10).empty());
}

TEST_CASE("find goes to a neighborhood of the demo by name", "[ui]") {
  const auto path = mobmap::test::sourceDir() / "geodata/demo/neighborhoods.geojson";
  const mobmap::Layer layer = mobmap::io::readLayer(path.string());
  auto hits = findFeatures(layer.attributes, "northgate", 5);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].feature == 0);
  CHECK(hits[0].rank == 0);
  CHECK(hits[0].label == "Northgate");
}

// The hover tooltip's "in Northgate": the neighbourhood (feature 0 of the demo's file) whose polygon holds a
// point; the river, a named line, holds none; a point far outside the county is in no neighbourhood.
TEST_CASE("the named places drawn over the map that hold a point", "[ui]") {
  const mobmap::Layer hoods = mobmap::io::readLayer((mobmap::test::sourceDir() / "geodata/demo/neighborhoods.geojson").string());
  const mobmap::Layer river = mobmap::io::readLayer((mobmap::test::sourceDir() / "geodata/demo/river.geojson").string());
  // The centre of Northgate's bounding box, which lies inside it (checked first, so the check below means something).
  const mobmap::Extent e = hoods.geometry.featureExtent(0);
  const mobmap::Point inside{(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2};
  REQUIRE(mobmap::featureContains(hoods.geometry, 0, inside));
  mobmap::ui::PlaceFinder finder;
  CHECK(finder.placesContaining({&hoods, &river}, inside) == std::vector<std::string>{"Northgate"});
  CHECK(finder.placesContaining({&hoods}, {-80, 30}).empty());
  CHECK(finder.placesContaining({&hoods}, inside) == std::vector<std::string>{"Northgate"});  // rebuilt for one layer
}
