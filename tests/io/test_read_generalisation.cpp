// Generalising geometry while reading (io::ReadOptions::vertexSpacing). Expected values: the GeoJSON written
// here — a 720-vertex circle of radius 1 degree, a ring 0.001 degree across, a line and a point — and the
// rule stated in io/source_reader.h (drop line and ring vertices within the spacing in x and y of the previous
// kept one; keep first and last; a ring keeps at least 4 vertices; points untouched).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numbers>
#include <sstream>

#include "fixtures.h"
#include "io/source_reader.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

std::string writeShapes(const fs::path& dir) {
  std::ostringstream circle;
  circle.precision(12);
  for (int i = 0; i <= 720; ++i) {
    const double a = 2 * std::numbers::pi * (i % 720) / 720;
    circle << (i ? "," : "") << "[" << -88 + std::cos(a) << "," << 42 + std::sin(a) << "]";
  }
  const std::string path = (dir / "shapes.geojson").string();
  test::writeText(path, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"n":1},"geometry":{"type":"Polygon","coordinates":[[)" + circle.str() + R"(]]}},
{"type":"Feature","properties":{"n":2},"geometry":{"type":"Polygon","coordinates":[[[-80,40],[-79.9995,40],[-79.999,40.0003],[-79.9992,40.0007],[-79.9996,40.001],[-80,40.0008],[-80.0003,40.0004],[-80,40]]]}},
{"type":"Feature","properties":{"n":3},"geometry":{"type":"LineString","coordinates":[[-70,30],[-69.99,30],[-69.98,30],[-69,30],[-68.99,30.001]]}},
{"type":"Feature","properties":{"n":4},"geometry":{"type":"Point","coordinates":[-75,35]}}]})");
  return path;
}

}  // namespace

TEST_CASE("reading with a vertex spacing drops close vertices and keeps rings valid") {
  const std::string path = writeShapes(test::scratchDir("io-generalise"));
  const Layer full = io::readLayer(path);
  REQUIRE(full.geometry.ring(0).size() == 721);

  io::LayerFacts seen;
  io::ReadOptions options;
  options.vertexSpacing = [&seen](const io::LayerFacts& f) {
    seen = f;
    return 0.05;
  };
  const Layer g = io::readLayer(path, "", options);
  // The callback saw the declared CRS (GeoJSON is lon/lat) and the layer extent, before any feature.
  CHECK(seen.geographic);
  CHECK(seen.crsDefinition == "EPSG:4326");
  CHECK(seen.extent.minX == Approx(-89));
  CHECK(seen.extent.maxX == Approx(-68.99));
  REQUIRE(g.featureCount() == 4);

  // The circle: every kept vertex but the last is at least 0.05 from the previous kept one in x or y; the
  // ring is still closed and lies on the circle.
  auto circle = g.geometry.ring(0);
  CHECK(circle.size() < 721 / 4);
  CHECK(circle.size() > 40);
  CHECK(circle.front().x == circle.back().x);
  CHECK(circle.front().y == circle.back().y);
  for (std::size_t i = 1; i + 1 < circle.size(); ++i)
    CHECK(std::max(std::fabs(circle[i].x - circle[i - 1].x), std::fabs(circle[i].y - circle[i - 1].y)) >= 0.05);
  for (const Point& p : circle) CHECK(std::hypot(p.x + 88, p.y - 42) == Approx(1).epsilon(1e-9));

  // The tiny ring keeps 4 vertices (indices 0, n/3, 2n/3, n-1 of its 8): a closed triangle.
  auto tiny = g.geometry.ring(1);
  REQUIRE(tiny.size() == 4);
  CHECK(tiny[1].x == Approx(-79.999));  // vertex 2
  CHECK(tiny[2].x == Approx(-79.9996));  // vertex 5
  CHECK(tiny[0].x == tiny[3].x);

  // The line keeps its ends and drops the vertices 0.01 apart; the point is untouched.
  auto line = g.geometry.ring(2);
  REQUIRE(line.size() == 3);
  CHECK(line[0].x == Approx(-70));
  CHECK(line[1].x == Approx(-69));
  CHECK(line[2].x == Approx(-68.99));
  CHECK(g.geometry.ring(3).size() == 1);
}

TEST_CASE("a spacing of 0 or no callback keeps every vertex") {
  const std::string path = writeShapes(test::scratchDir("io-generalise-none"));
  io::ReadOptions options;
  options.vertexSpacing = [](const io::LayerFacts&) { return 0.0; };
  const Layer g = io::readLayer(path, "", options);
  const Layer full = io::readLayer(path);
  CHECK(g.geometry.pointCount() == full.geometry.pointCount());
  CHECK(full.geometry.pointCount() == 721 + 8 + 5 + 1);
}

TEST_CASE("onFacts is told the declared CRS and extent once, before the features, and changes nothing read") {
  // Expected: the same shapes as above; the GeoPackage written from them by GDAL keeps the extent in its
  // header (gpkg_contents), which must come out as the shapes' own bounds, -89..-68.99 E, 30..43 N.
  const fs::path dir = test::scratchDir("io-on-facts");
  const std::string geojson = writeShapes(dir);
  const std::string gpkg = (dir / "shapes.gpkg").string();
  fs::remove(gpkg);
  REQUIRE(std::system(("ogr2ogr -f GPKG '" + gpkg + "' '" + geojson + "'").c_str()) == 0);  // GDAL's own writer
  int calls = 0;
  io::LayerFacts seen;
  io::ReadOptions options;
  options.onFacts = [&](const io::LayerFacts& f) {
    ++calls;
    seen = f;
  };
  const Layer withCallback = io::readLayer(gpkg, "", options);
  const Layer plain = io::readLayer(gpkg);
  CHECK(calls == 1);
  CHECK(seen.geographic);
  CHECK(seen.crsDefinition == "EPSG:4326");
  CHECK(seen.extent.minX == Approx(-89));
  CHECK(seen.extent.maxX == Approx(-68.99));
  CHECK(seen.extent.minY == Approx(30));
  CHECK(seen.extent.maxY == Approx(43));
  REQUIRE(withCallback.geometry.pointCount() == plain.geometry.pointCount());
  for (std::size_t i = 0; i < plain.geometry.pointCount(); ++i) {
    CHECK(withCallback.geometry.points()[i].x == plain.geometry.points()[i].x);
    CHECK(withCallback.geometry.points()[i].y == plain.geometry.points()[i].y);
  }
}
