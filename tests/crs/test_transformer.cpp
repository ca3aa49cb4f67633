// Reprojection with PROJ: known points and the display-CRS choice.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <span>
#include <vector>

#include "core/error.h"
#include "core/parallel.h"
#include "crs/display_crs.h"
#include "crs/transformer.h"
#include "io/source_reader.h"
#include "test_support.h"

using namespace mobmap;

namespace {
// Metres on the ground between two lon/lat points (equirectangular; exact enough below 1 km).
double groundMetres(Point a, Point b) {
  const double r = 6371008.8, rad = M_PI / 180;
  double dx = (a.x - b.x) * rad * std::cos((a.y + b.y) / 2 * rad) * r, dy = (a.y - b.y) * rad * r;
  return std::hypot(dx, dy);
}
}  // namespace

TEST_CASE("EPSG:3435 natural origin maps to its defining lon/lat within 1 cm") {
  // EPSG:3435 (NAD83 / Illinois East, US survey feet): transverse Mercator, origin 36°40'N 88°20'W,
  // false easting 300,000 m = 984,250 ftUS, false northing 0 (EPSG registry). The origin is exact by definition.
  crs::Transformer t("EPSG:3435", "EPSG:4269");
  Point p = t.forward({984250.0, 0.0});
  CHECK(groundMetres(p, {-88.0 - 20.0 / 60, 36.0 + 40.0 / 60}) < 0.01);
}

TEST_CASE("a Chicago tract vertex goes to lon/lat and back within 1 cm, inside Chicago") {
  crs::Transformer t("EPSG:3435", "EPSG:4326");
  // First vertex of Chi-SDOH tract 17031010100 (read with ogrinfo from the real file).
  Point ft{1163650.7953572, 1950346.07150725};
  Point ll = t.forward(ft);
  // Rogers Park, the far north of Chicago: the community-area file puts the city within
  // -87.940114..-87.524137 E, 41.644543..42.023039 N.
  CHECK(ll.x > -87.70);
  CHECK(ll.x < -87.60);
  CHECK(ll.y > 42.00);
  CHECK(ll.y < 42.03);
  Point back = t.inverse(ll);
  CHECK(std::hypot(back.x - ft.x, back.y - ft.y) * 0.3048006 < 0.01);
}

TEST_CASE("a transformation chosen once is the same in every Transformer and thread, in each area PROJ chose for") {
  // NAD27 to WGS 84 is a "meta" transformation: PROJ chooses among several by the area a point lies in. The
  // expected values are PROJ's own command line (cs2cs, which chooses per point the same way), run here; the
  // first Transformer of the pair chooses, the others are clones made on four threads at once.
  if (std::system("command -v cs2cs >/dev/null 2>&1") != 0) {
    WARN("SKIPPED: cs2cs (Debian package proj-bin) is missing");
    return;
  }
  const std::vector<Point> lonLat = {{-87.6, 41.8}, {-157.8, 21.3}, {-66.1, 18.4}, {-150.0, 61.0}};
  std::string input;
  for (const Point& p : lonLat) input += std::to_string(p.y) + " " + std::to_string(p.x) + "\n";  // cs2cs: lat lon
  const std::filesystem::path in = test::scratchDir("transformer-clones") / "points.txt";
  { std::ofstream(in) << input; }
  FILE* pipe = ::popen(("cs2cs -f %.10f EPSG:4267 EPSG:4326 < " + in.string()).c_str(), "r");
  REQUIRE(pipe);
  std::vector<Point> expected;
  double lat = 0, lon = 0, z = 0;
  while (std::fscanf(pipe, "%lf %lf %lf", &lat, &lon, &z) == 3) expected.push_back({lon, lat});
  ::pclose(pipe);
  REQUIRE(expected.size() == lonLat.size());
  auto transformAll = [&] {
    crs::Transformer t("EPSG:4267", "EPSG:4326");
    std::vector<Point> out = lonLat;
    t.forward(std::span<Point>(out));
    return out;
  };
  const std::vector<Point> first = transformAll();
  std::vector<std::vector<Point>> clones(4);
  runWorkers(4, [&](unsigned w) { clones[w] = transformAll(); });
  for (std::size_t i = 0; i < lonLat.size(); ++i) {
    INFO("point " << i);
    CHECK(std::abs(first[i].x - expected[i].x) < 1e-9);
    CHECK(std::abs(first[i].y - expected[i].y) < 1e-9);
    for (const std::vector<Point>& c : clones) {
      CHECK(c[i].x == first[i].x);
      CHECK(c[i].y == first[i].y);
    }
  }
  // The shifts differ by area (about 1.5 m near Chicago, none in Hawaii): each point got its area's choice.
  CHECK(first[0].x != lonLat[0].x);
  CHECK(first[1].x == Approx(lonLat[1].x).margin(1e-12));
}

TEST_CASE("a pair PROJ cannot relate fails the same way every time") {
  for (int i = 0; i < 2; ++i) {
    try {
      crs::Transformer t("EPSG:4326", "+proj=nonsense +type=crs");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("cannot transform coordinates from EPSG:4326") != std::string::npos);
    }
  }
}

TEST_CASE("describeCrs reports units and kind") {
  crs::CrsFacts ft = crs::describeCrs("EPSG:3435");
  CHECK_FALSE(ft.geographic);
  CHECK(ft.metresPerUnit == Approx(1200.0 / 3937.0));  // US survey foot
  CHECK(crs::describeCrs("EPSG:4326").geographic);
  CHECK_THROWS_AS(crs::describeCrs("EPSG:999999"), Error);
}

TEST_CASE("display CRS: projected stays, lon/lat gets an equal-area projection fitted to the data") {
  auto lonLatLayer = [](std::vector<Point> centres) {
    Layer l;
    l.crsDefinition = "EPSG:4326";
    l.crsIsGeographic = true;
    for (Point c : centres) {
      l.geometry.beginFeature();
      l.geometry.beginPart(PartKind::Polygon);
      l.geometry.beginRing();
      for (auto [dx, dy] : {std::pair{0.0, 0.0}, {0.1, 0.0}, {0.1, 0.1}, {0.0, 0.0}}) l.geometry.addPoint(c.x + dx, c.y + dy);
    }
    return l;
  };
  // Across the contiguous US (more than 20 degrees of longitude): CONUS Albers.
  CHECK(crs::chooseDisplayCrs(lonLatLayer({{-88, 41}, {-120, 38}})) == "EPSG:5070");
  // A region of a few states, a city, a place abroad: centred on the data's box (centres + half the 0.1° squares).
  CHECK(crs::chooseDisplayCrs(lonLatLayer({{-88, 41}, {-100, 35}})) ==
        "+proj=laea +lat_0=38.0500 +lon_0=-93.9500 +datum=WGS84 +units=m +no_defs +type=crs");
  CHECK(crs::chooseDisplayCrs(lonLatLayer({{-150, 61}})).starts_with("+proj=laea +lat_0=61.0500 +lon_0=-149.9500"));
  CHECK(crs::chooseDisplayCrs(lonLatLayer({{2.3, 48.8}})).starts_with("+proj=laea +lat_0=48.8"));
  // Alaska-wide, across the antimeridian (Aleutians at 173 E): Alaska Albers.
  CHECK(crs::chooseDisplayCrs(lonLatLayer({{-150, 61}, {173, 52.8}, {-135, 58}})) == "EPSG:3338");
  Layer projected;
  projected.crsDefinition = "EPSG:3435";
  CHECK(crs::chooseDisplayCrs(projected) == "EPSG:3435");
  Layer none;
  CHECK_THROWS_AS(crs::chooseDisplayCrs(none), Error);
}

TEST_CASE("real data: Chicago tracts reprojected to lon/lat fall inside the community areas' extent") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  Layer tracts = io::readLayer(shp->string());
  crs::reprojectLayer(tracts, "EPSG:4326");
  Extent e = tracts.geometry.extent();
  // Community areas (ComArea_ACS14_f, WGS84) extent from SOURCE.md; tracts tile the same city (0.01° slack).
  CHECK(e.minX > -87.950);
  CHECK(e.maxX < -87.514);
  CHECK(e.minY > 41.634);
  CHECK(e.maxY < 42.033);
  CHECK(e.maxY > 42.0);
}

// The status bar's CRS name: PROJ's name with the EPSG code for a CRS in its database (the names as
// `projinfo EPSG:5070` and `projinfo EPSG:3435` print them), the centre for the data-centred projection
// chooseDisplayCrs writes, and the text itself for what PROJ cannot read.
TEST_CASE("short CRS names for people") {
  CHECK(crs::shortCrsName("EPSG:5070") == "NAD83 / Conus Albers (EPSG:5070)");
  CHECK(crs::shortCrsName("EPSG:3435") == "NAD83 / Illinois East (ftUS) (EPSG:3435)");
  CHECK(crs::shortCrsName("+proj=laea +lat_0=40.4512 +lon_0=-89.3456 +datum=WGS84 +units=m +no_defs +type=crs") ==
        "Lambert azimuthal equal-area centred on 40.45\u00b0N 89.35\u00b0W");
  CHECK(crs::shortCrsName("not a crs") == "not a crs");
}
