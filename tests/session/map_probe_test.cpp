// The viewer's status-bar probe over a composite national map: a point inside the Alaska, Hawaii or Puerto
// Rico inset answers with the longitude/latitude drawn there, not with what EPSG:5070 puts at that spot. The
// reference is the layer as read: each vertex's original lon/lat, which crs::reprojectWithUsInsets moved.
#include <catch2/catch.hpp>

#include <cmath>

#include "crs/display_crs.h"
#include "io/source_reader.h"
#include "session/map_probe.h"
#include "test_support.h"

using namespace mobmap;

TEST_CASE("the map probe reads longitude/latitude inside the insets of a national map, and places them back") {
  auto topo = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  if (!topo) return;
  const Layer asRead = io::readLayer(topo->string(), "counties");
  Layer composite = asRead;
  const std::vector<crs::Inset> insets = crs::reprojectWithUsInsets(composite);
  REQUIRE(insets.size() >= 3);
  const session::MapProbe probe("EPSG:5070", insets);
  const session::MapProbe plain("EPSG:5070");
  const Column& id = asRead.attributes.require("id", "counties");
  // Anchorage (02020), Honolulu (15003), San Juan (72127), Cook County IL (17031): the first vertex of each.
  std::size_t checked = 0;
  for (const char* geoid : {"02020", "15003", "72127", "17031"}) {
    for (std::size_t f = 0; f < asRead.geometry.featureCount(); ++f) {
      if (id.displayText(f) != geoid) continue;
      const Point original = asRead.geometry.ring(asRead.geometry.ringsOf(asRead.geometry.partsOf(f)[0])[0])[0];
      const Point drawn = composite.geometry.ring(composite.geometry.ringsOf(composite.geometry.partsOf(f)[0])[0])[0];
      INFO("county " << geoid << " at " << original.x << ", " << original.y);
      const auto ll = probe.lonLat(drawn);
      REQUIRE(ll);
      // NAD83 as read against WGS 84 from the probe: PROJ's null transformation between them, so equal.
      CHECK(std::fabs(ll->x - original.x) < 1e-6);
      CHECK(std::fabs(ll->y - original.y) < 1e-6);
      const auto back = probe.displayPoint(original);
      REQUIRE(back);
      CHECK(std::fabs(back->x - drawn.x) < 1e-3);  // metres of the composite map
      CHECK(std::fabs(back->y - drawn.y) < 1e-3);
      const auto metres = probe.groundMetresPerUnit(drawn);
      REQUIRE(metres);
      if (std::string(geoid) == "02020") {
        // Alaska is drawn at 0.35×: a display metre there is about 1/0.35 ground metres, and EPSG:5070 alone
        // would put the point somewhere in the Pacific south of California.
        CHECK(*metres > 2.5);
        const auto wrong = plain.lonLat(drawn);
        REQUIRE(wrong);
        CHECK(std::fabs(wrong->y - original.y) > 10);
      }
      ++checked;
    }
  }
  CHECK(checked == 4);
}

TEST_CASE("for a layer in EPSG:4326 the probe places a lon/lat exactly on the vertex drawn for it") {
  // Expected: the composite map's own vertices. The probe transforms from EPSG:4326 with the transformations
  // the layer was drawn with (chosen once per pair of CRSs: crs::Transformer), so the same input gives the same
  // output to the last bit, in the contiguous US and in the insets.
  auto topo = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  if (!topo) return;
  const Layer asRead = io::readLayer(topo->string(), "counties");
  REQUIRE(asRead.crsDefinition == "EPSG:4326");  // TopoJSON declares none: lon/lat taken as EPSG:4326
  Layer composite = asRead;
  const std::vector<crs::Inset> insets = crs::reprojectWithUsInsets(composite);
  const session::MapProbe probe("EPSG:5070", insets);
  const Column& id = asRead.attributes.require("id", "counties");
  std::size_t checked = 0;
  for (std::size_t f = 0; f < asRead.geometry.featureCount(); ++f) {
    const std::string geoid = id.displayText(f);
    // Every 97th county, and Anchorage, Honolulu and San Juan (in the insets).
    if (f % 97 != 0 && geoid != "02020" && geoid != "15003" && geoid != "72127") continue;
    const auto ring = asRead.geometry.ringsOf(asRead.geometry.partsOf(f)[0])[0];
    const Point original = asRead.geometry.ring(ring)[0];
    const Point drawn = composite.geometry.ring(ring)[0];
    INFO("county " << geoid);
    const auto placed = probe.displayPoint(original);
    REQUIRE(placed);
    CHECK(placed->x == drawn.x);
    CHECK(placed->y == drawn.y);
    ++checked;
  }
  CHECK(checked > 33);
}
