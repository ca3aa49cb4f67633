// The display CRS chosen for real lon/lat data: north-up where the map is centred, and the composite national
// map with insets. Meridian convergence is measured with crs::northAngle (PROJ's own projection factors); the
// limit of 1 degree is the issue's, and the 10-degree figure for NC in CONUS Albers follows from the cone
// constant of EPSG:5070 (standard parallels 29.5 and 45.5 N: n = 0.6029) times NC's 17 degrees from -96.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "core/error.h"
#include "core/vertex_positions.h"
#include "crs/display_crs.h"
#include "crs/map_geometry.h"
#include "io/source_reader.h"
#include "test_support.h"

using namespace mobmap;

namespace {

double convergenceDegrees(const std::string& crs, const Extent& e) {
  return std::fabs(crs::northAngle(crs, {(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2})) * 180 / M_PI;
}

bool overlaps(const Extent& a, const Extent& b) {
  return a.maxX > b.minX && a.minX < b.maxX && a.maxY > b.minY && a.minY < b.maxY;
}

}  // namespace

TEST_CASE("a lon/lat state (NC counties, NAD27) is drawn north-up: under 1 degree of convergence at its centre") {
  auto gpkg = test::sharedData("nc-counties-sids/nc.gpkg");
  if (!gpkg) return;
  Layer nc = io::readLayer(gpkg->string());
  REQUIRE(nc.crsIsGeographic);
  const std::string chosen = crs::chooseDisplayCrs(nc);
  CHECK(chosen.starts_with("+proj=laea"));
  Layer inChosen = nc;
  crs::reprojectLayer(inChosen, chosen);
  CHECK(convergenceDegrees(chosen, inChosen.geometry.extent()) < 1.0);
  // What CONUS Albers did to it: rotated by about 10 degrees.
  Layer inAlbers = nc;
  crs::reprojectLayer(inAlbers, "EPSG:5070");
  CHECK(convergenceDegrees("EPSG:5070", inAlbers.geometry.extent()) > 8.0);
}

TEST_CASE("a lon/lat city (Chicago community areas, WGS 84) is drawn north-up") {
  auto shp = test::sharedData("chicago-tracts-community-areas/community_areas_cmap2020/Chicago_2020.shp");
  if (!shp) return;
  Layer city = io::readLayer(shp->string());
  if (!city.crsIsGeographic) return;
  const std::string chosen = crs::chooseDisplayCrs(city);
  crs::reprojectLayer(city, chosen);
  CHECK(convergenceDegrees(chosen, city.geometry.extent()) < 1.0);
  CHECK_FALSE(crs::isNationalUs(city));
}

TEST_CASE("national counties: the contiguous US in EPSG:5070 with Alaska, Hawaii, Puerto Rico and island-area insets") {
  auto topo = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  if (!topo) return;
  Layer counties = io::readLayer(topo->string(), "counties");
  REQUIRE(crs::isNationalUs(counties));
  // Which state each feature is, from its GEOID (the first two characters of "id").
  std::vector<std::string> state;
  const Column& id = counties.attributes.require("id", "counties");
  for (std::size_t r = 0; r < counties.attributes.rowCount(); ++r) state.push_back(id.displayText(r).substr(0, 2));
  const std::vector<crs::Inset> insets = crs::reprojectWithUsInsets(counties);
  CHECK(counties.crsDefinition == "EPSG:5070");
  // us-atlas 2023 counties by state (ogrinfo): AK 30, HI 5, PR 78 + VI 3, GU 1 + MP 4, AS 3.
  std::map<std::string, std::size_t> byName;
  for (const crs::Inset& i : insets) byName[i.name] = i.features;
  CHECK(byName["Alaska"] == 30);
  CHECK(byName["Hawaii"] == 5);
  CHECK(byName["Puerto Rico and U.S. Virgin Islands"] == 81);
  CHECK(byName["Guam and Northern Mariana Islands"] == 5);
  CHECK(byName["American Samoa"] == 3);
  // Every county lies inside the composite map's extent; each inset's counties inside its box; no county of
  // the contiguous US under an inset, and no two insets overlap.
  const Extent all = crs::compositeUsExtent(insets);
  std::size_t outside = 0;
  for (std::size_t f = 0; f < counties.geometry.featureCount(); ++f) {
    const Extent e = counties.geometry.featureExtent(f);
    if (e.empty()) continue;
    if (!e.within(all)) ++outside;
    const bool insetState = state[f] == "02" || state[f] == "15" || state[f] == "72" || state[f] == "78" ||
                            state[f] == "60" || state[f] == "66" || state[f] == "69";
    for (const crs::Inset& i : insets) {
      if (insetState) continue;
      INFO("county " << id.displayText(f) << " under the " << i.name << " inset");
      CHECK_FALSE(overlaps(e, i.box));
    }
    if (state[f] == "02") CHECK(e.within(insets[0].box));
  }
  CHECK(outside == 0);
  for (std::size_t a = 0; a < insets.size(); ++a)
    for (std::size_t b = a + 1; b < insets.size(); ++b) {
      INFO(insets[a].name << " and " << insets[b].name);
      CHECK_FALSE(overlaps(insets[a].box, insets[b].box));
    }
}

TEST_CASE("the transformations a national lon/lat layer will need are known from its declared extent") {
  // Expected: reprojectWithUsInsets's own choices (to EPSG:5070, and to each inset's projection with its
  // placement) for an extent reaching Hawaii and Puerto Rico; none for one state's box (Illinois, about
  // -91.5..-87.0 E, 37.0..42.5 N) or for a box outside the contiguous US.
  Extent national;
  national.add(-160.3, 17.8);  // Hawaii's west to Puerto Rico's east, as the partial national tract file
  national.add(-65.2, 49.4);
  const auto pairs = crs::likelyUsInsetTransformations("EPSG:4326", national);
  auto has = [&](const std::string& from, const std::string& to) {
    return std::find(pairs.begin(), pairs.end(), std::make_pair(from, to)) != pairs.end();
  };
  CHECK(has("EPSG:4326", "EPSG:5070"));
  std::size_t hawaii = 0, caribbean = 0;
  for (const auto& [from, to] : pairs) {
    if (to.find("+lon_0=-157.5") != std::string::npos) ++hawaii;
    if (to.find("+lon_0=-66.3") != std::string::npos) ++caribbean;
    CHECK(to != "EPSG:3338");  // Alaska is not reached
  }
  CHECK(hawaii == 2);  // the data's transformation and the placement's
  CHECK(caribbean == 2);
  Extent illinois;
  illinois.add(-91.5, 37.0);
  illinois.add(-87.0, 42.5);
  CHECK(crs::likelyUsInsetTransformations("EPSG:4269", illinois).empty());
  Extent europe;
  europe.add(-10, 35);
  europe.add(30, 60);
  CHECK(crs::likelyUsInsetTransformations("EPSG:4326", europe).empty());
  // And what they are for: every inset transformation of the real national composite is among them.
  auto topo = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  if (!topo) return;
  Layer counties = io::readLayer(topo->string(), "counties");
  const std::string source = counties.crsDefinition;
  const auto expected = crs::likelyUsInsetTransformations(source, counties.geometry.extent());
  CHECK(std::find(expected.begin(), expected.end(), std::make_pair(source, std::string("EPSG:5070"))) != expected.end());
  for (const crs::Inset& i : crs::reprojectWithUsInsets(counties)) {
    INFO(i.name);
    CHECK(std::find(expected.begin(), expected.end(), std::make_pair(source, i.crs)) != expected.end());
  }
}

TEST_CASE("a layer's positions transformed once each give the same coordinates, to the last bit, as every vertex") {
  // Expected: the same layer reprojected vertex by vertex (PROJ gives equal inputs equal outputs), compared
  // bit for bit, with the same warning; on the NC counties (NAD27, whose neighbours share their boundaries)
  // to the centred projection, on the national counties as the composite with insets, and on NC into an
  // orthographic view of the other side of the Earth, where every vertex fails.
  auto gpkg = test::sharedData("nc-counties-sids/nc.gpkg");
  auto topo = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  if (!gpkg || !topo) return;
  auto sameBits = [](const Layer& a, const Layer& b) {
    const auto pa = a.geometry.points(), pb = b.geometry.points();
    if (pa.size() != pb.size()) return false;
    for (std::size_t i = 0; i < pa.size(); ++i)
      if (std::memcmp(&pa[i], &pb[i], sizeof(Point)) != 0) return false;
    return true;
  };
  const Layer nc = io::readLayer(gpkg->string());
  const VertexPositions ncAt = vertexPositions(nc.geometry);
  REQUIRE(ncAt.positionCount() < nc.geometry.pointCount());  // neighbours share vertices
  for (const std::string& target : {crs::chooseDisplayCrs(nc), std::string("+proj=ortho +lat_0=-30 +lon_0=100 +ellps=WGS84")}) {
    INFO(target);
    Layer once = nc, every = nc;
    crs::reprojectLayer(once, target, &ncAt);
    crs::reprojectLayer(every, target);
    CHECK(sameBits(once, every));
    CHECK(once.warnings == every.warnings);
  }
  const Layer counties = io::readLayer(topo->string(), "counties");
  Layer once = counties, every = counties;
  const VertexPositions at = vertexPositions(counties.geometry);
  const std::vector<crs::Inset> withPositions = crs::reprojectWithUsInsets(once, &at);
  const std::vector<crs::Inset> without = crs::reprojectWithUsInsets(every);
  CHECK(sameBits(once, every));
  CHECK(withPositions.size() == without.size());
  // Positions of another layer are refused, not misread.
  Layer other = nc;
  CHECK_THROWS_AS(crs::reprojectLayer(other, "EPSG:5070", &at), Error);
}

TEST_CASE("reprojectIfNationalUs: the national counties as reprojectWithUsInsets moves them, a city left as it is") {
  // Expected: for national data the same vertices (bit for bit) and insets as isNationalUs followed by
  // reprojectWithUsInsets; for a city (not national) nullopt and the layer untouched.
  auto topo = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  auto shp = test::sharedData("chicago-tracts-community-areas/community_areas_cmap2020/Chicago_2020.shp");
  if (!topo || !shp) return;
  Layer expected = io::readLayer(topo->string(), "counties");
  Layer once = expected;
  REQUIRE(crs::isNationalUs(expected));
  const std::vector<crs::Inset> insets = crs::reprojectWithUsInsets(expected);
  const std::optional<std::vector<crs::Inset>> got = crs::reprojectIfNationalUs(once);
  REQUIRE(got);
  REQUIRE(got->size() == insets.size());
  for (std::size_t i = 0; i < insets.size(); ++i) CHECK(got->at(i).features == insets[i].features);
  CHECK(once.crsDefinition == expected.crsDefinition);
  REQUIRE(once.geometry.pointCount() == expected.geometry.pointCount());
  std::size_t differing = 0;
  for (std::size_t v = 0; v < once.geometry.pointCount(); ++v) {
    const Point a = once.geometry.points()[v], b = expected.geometry.points()[v];
    if (std::memcmp(&a, &b, sizeof a) != 0) ++differing;
  }
  CHECK(differing == 0);

  Layer city = io::readLayer(shp->string());
  const Layer asRead = city;
  CHECK_FALSE(crs::reprojectIfNationalUs(city));
  CHECK(city.crsDefinition == asRead.crsDefinition);
  CHECK(std::memcmp(city.geometry.points().data(), asRead.geometry.points().data(), city.geometry.pointCount() * sizeof(Point)) == 0);
}
