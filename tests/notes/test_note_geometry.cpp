// Note locations as text: a drawn ring's WKT, the rings read back, and every coordinate moved. Compared
// against GDAL/OGR reading the same WKT (OGRGeometryFactory::createFromWkt), and hand-written WKT.
#include <catch2/catch.hpp>
#include <ogr_geometry.h>

#include <memory>

#include "core/error.h"
#include "notes/note_geometry.h"

using namespace mobmap;

namespace {

std::unique_ptr<OGRGeometry> ogr(const std::string& wkt) {
  OGRGeometry* raw = nullptr;
  REQUIRE(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &raw) == OGRERR_NONE);
  return std::unique_ptr<OGRGeometry>(raw);
}

}  // namespace

TEST_CASE("polygonWkt closes the ring and keeps every coordinate exactly", "[notes][geometry]") {
  const std::vector<Point> ring = {{-89.123456789012345, 40.1}, {-89.0, 40.1}, {-89.05, 40.2000000000001}};
  const std::string wkt = notes::polygonWkt(ring);
  CHECK(wkt == "POLYGON ((-89.12345678901235 40.1, -89 40.1, -89.05 40.2000000000001, -89.12345678901235 40.1))");
  auto g = ogr(wkt);
  const OGRLinearRing* r = g->toPolygon()->getExteriorRing();
  REQUIRE(r->getNumPoints() == 4);
  for (int i = 0; i < 3; ++i) {
    CHECK(r->getX(i) == ring[i].x);  // shortest round-trip text reads back bit for bit
    CHECK(r->getY(i) == ring[i].y);
  }
  // An already closed ring is not closed twice.
  CHECK(notes::polygonWkt({{0, 0}, {1, 0}, {0, 1}, {0, 0}}) == "POLYGON ((0 0, 1 0, 0 1, 0 0))");
}

TEST_CASE("wktRings reads points, polygons with holes and multipolygons", "[notes][geometry]") {
  auto p = notes::wktRings("POINT (-89.5 40.25)");
  REQUIRE(p.size() == 1);
  REQUIRE(p[0].size() == 1);
  CHECK(p[0][0].x == -89.5);
  const auto mp = notes::wktRings("MULTIPOLYGON (((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1)), ((10 10, 11 10, 11 11, 10 10)))");
  REQUIRE(mp.size() == 3);
  CHECK(mp[1][2].x == 2);
  CHECK(mp[2][0].y == 10);
  CHECK(notes::isAreaWkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))"));
  CHECK(notes::isAreaWkt(" polygon ((0 0, 1 0, 1 1, 0 0))"));
  CHECK_FALSE(notes::isAreaWkt("POINT (1 2)"));
  CHECK_THROWS_AS(notes::wktRings("POLYGON ((0 0, 1))"), Error);
  // Three values per vertex would be paired up wrongly: refused (an even count of numbers would not show it).
  CHECK_THROWS_AS(notes::wktRings("POLYGON Z ((0 0 5, 4 0 5, 4 4 5, 0 4 5, 0 0 5))"), Error);
  CHECK_THROWS_AS(notes::wktRings("POINTM (1 2 3 4)"), Error);
}

TEST_CASE("mapWktCoordinates moves every vertex and keeps the structure", "[notes][geometry]") {
  const std::string in = "MULTIPOLYGON (((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1)), ((10 10, 11 10, 11 11, 10 10)))";
  const std::string out = notes::mapWktCoordinates(in, [](Point p) { return Point{p.x + 0.5, p.y - 1}; });
  CHECK(out == "MULTIPOLYGON (((0.5 -1, 4.5 -1, 4.5 3, 0.5 -1), (1.5 0, 2.5 0, 2.5 1, 1.5 0)), ((10.5 9, 11.5 9, 11.5 10, 10.5 9)))");
  // OGR reads the moved text as the same shape, shifted: same area, centroid moved by the offset.
  auto a = ogr(in), b = ogr(out);
  CHECK(b->toMultiPolygon()->get_Area() == Approx(a->toMultiPolygon()->get_Area()));
  OGRPoint ca, cb;
  a->Centroid(&ca);
  b->Centroid(&cb);
  CHECK(cb.getX() == Approx(ca.getX() + 0.5));
  CHECK(cb.getY() == Approx(ca.getY() - 1));
  CHECK(notes::mapWktCoordinates("POINT (-89.5 40.25)", [](Point p) { return Point{p.x * 2, p.y}; }) == "POINT (-179 40.25)");
}
