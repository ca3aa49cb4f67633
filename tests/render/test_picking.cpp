// Picking: point in polygon with holes and multipolygons (even-odd rule), and FeaturePicker over a layer.
// The geometry is drawn by hand; which points are inside follows from the coordinates.
#include <catch2/catch.hpp>

#include "render/feature_picker.h"

using mobmap::GeometryStore;
using mobmap::PartKind;
using mobmap::Point;
using mobmap::pointInPolygon;
namespace render = mobmap::render;

namespace {

void addRing(GeometryStore& g, std::initializer_list<Point> pts) {
  g.beginRing();
  for (const Point& p : pts) g.addPoint(p.x, p.y);
}

// Feature 0: a 10 x 10 square with a 4 x 4 hole at (3..7, 3..7), plus a second part, the square (20..22, 0..2).
// Feature 1: a 2 x 2 island inside the hole, at (4..6, 4..6).
GeometryStore donutAndIsland() {
  GeometryStore g;
  g.beginFeature();
  g.beginPart(PartKind::Polygon);
  addRing(g, {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}});
  addRing(g, {{3, 3}, {3, 7}, {7, 7}, {7, 3}, {3, 3}});
  g.beginPart(PartKind::Polygon);
  addRing(g, {{20, 0}, {22, 0}, {22, 2}, {20, 2}, {20, 0}});
  g.beginFeature();
  g.beginPart(PartKind::Polygon);
  addRing(g, {{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}});
  return g;
}

}  // namespace

TEST_CASE("point in polygon excludes holes", "[picking]") {
  GeometryStore g = donutAndIsland();
  std::vector<std::span<const Point>> rings{g.ring(0), g.ring(1)};
  CHECK(pointInPolygon(rings, {1, 1}));
  CHECK(pointInPolygon(rings, {8.5, 5}));
  CHECK_FALSE(pointInPolygon(rings, {5, 5}));     // in the hole
  CHECK_FALSE(pointInPolygon(rings, {3.5, 6.5})); // in the hole, near its corner
  CHECK_FALSE(pointInPolygon(rings, {11, 5}));    // outside
  CHECK_FALSE(pointInPolygon(rings, {-0.1, 5}));
}

TEST_CASE("FeaturePicker finds the feature under a point, across parts and inside holes", "[picking]") {
  GeometryStore g = donutAndIsland();
  render::FeaturePicker picker(g);
  CHECK(picker.pick({1, 9}) == std::optional<std::size_t>(0));
  CHECK(picker.pick({21, 1}) == std::optional<std::size_t>(0));  // second part of feature 0
  CHECK(picker.pick({5, 5}) == std::optional<std::size_t>(1));   // the island in the hole
  CHECK_FALSE(picker.pick({3.5, 3.5}).has_value());              // hole, outside the island
  CHECK_FALSE(picker.pick({15, 1}).has_value());                 // between the parts
  CHECK_FALSE(picker.pick({-5, -5}).has_value());
}
