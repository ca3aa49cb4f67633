// The flat geometry store: offsets and extents for a hand-built multipolygon with a hole.
#include <catch2/catch.hpp>

#include "core/geometry.h"

using namespace mobmap;

TEST_CASE("GeometryStore keeps features, parts and rings apart") {
  GeometryStore g;
  g.beginFeature();  // feature 0: square with a hole + a second square
  g.beginPart(PartKind::Polygon);
  g.beginRing();
  for (auto [x, y] : {std::pair{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}) g.addPoint(x, y);
  g.beginRing();
  for (auto [x, y] : {std::pair{1, 1}, {1, 2}, {2, 2}, {1, 1}}) g.addPoint(x, y);
  g.beginPart(PartKind::Polygon);
  g.beginRing();
  for (auto [x, y] : {std::pair{10, 10}, {11, 10}, {11, 11}, {10, 10}}) g.addPoint(x, y);
  g.beginFeature();  // feature 1: no geometry
  g.beginFeature();  // feature 2: a point
  g.beginPart(PartKind::Point);
  g.beginRing();
  g.addPoint(-5, 7);

  REQUIRE(g.featureCount() == 3);
  CHECK(g.partsOf(0).size() == 2);
  CHECK(g.ringsOf(*g.partsOf(0).begin()).size() == 2);
  CHECK(g.ring(1).size() == 4);
  CHECK(g.partsOf(1).empty());
  CHECK(g.featureExtent(1).empty());
  Extent e0 = g.featureExtent(0);
  CHECK(e0.minX == 0);
  CHECK(e0.maxY == 11);
  CHECK(g.partKind(*g.partsOf(2).begin()) == PartKind::Point);
  Extent all = g.extent();
  CHECK(all.minX == -5);
  CHECK(all.maxX == 11);
}

TEST_CASE("boxes overlap when they share a point, touching edges included") {
  const Extent a{0, 0, 2, 2};
  CHECK(a.overlaps(Extent{1, 1, 3, 3}));
  CHECK(a.overlaps(Extent{2, 0, 4, 2}));  // a shared edge
  CHECK_FALSE(a.overlaps(Extent{2.5, 0, 4, 2}));
  CHECK_FALSE(a.overlaps(Extent{}));  // empty
  CHECK_FALSE(Extent{}.overlaps(a));
}
