// Which vertices share a position: checked against a std::map from each vertex's exact coordinates (with -0
// read as +0) to the first vertex there, built here independently, on hand-made rings and on a store of
// 200,000 vertices drawn at random from a small grid (so that most positions repeat), on one and on three
// threads.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <utility>

#include "core/vertex_positions.h"

using namespace mobmap;

namespace {

std::pair<std::uint64_t, std::uint64_t> exactPosition(const Point& p) {
  auto bits = [](double v) { return v == 0 ? std::uint64_t{0} : std::bit_cast<std::uint64_t>(v); };
  return {bits(p.x), bits(p.y)};
}

// Fails the test unless `at` groups the vertices of `g` as the map does and names each group's first vertex.
void checkAgainstMap(const GeometryStore& g, const VertexPositions& at) {
  REQUIRE(at.fits(g.pointCount()));
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint32_t> first;  // exact position → first vertex
  for (std::size_t v = 0; v < g.pointCount(); ++v) first.emplace(exactPosition(g.points()[v]), static_cast<std::uint32_t>(v));
  CHECK(at.positionCount() == first.size());
  for (std::size_t v = 0; v < g.pointCount(); ++v) {
    const std::uint32_t expected = first.at(exactPosition(g.points()[v]));
    REQUIRE(at.positionOf[v] < at.positionCount());
    CHECK(at.firstVertex[at.positionOf[v]] == expected);
    CHECK(at.positionOf[expected] == at.positionOf[v]);
  }
}

}  // namespace

TEST_CASE("vertices at the same position share its number, and the position names its lowest vertex") {
  GeometryStore g;
  g.beginFeature();
  g.beginPart(PartKind::Polygon);
  g.beginRing();
  for (auto [x, y] : {std::pair{0.0, 0.0}, {1.0, 0.0}, {1.0, 1.0}, {0.0, 0.0}}) g.addPoint(x, y);
  g.beginFeature();
  g.beginPart(PartKind::Polygon);
  g.beginRing();
  for (auto [x, y] : {std::pair{1.0, 0.0}, {2.0, 0.0}, {1.0, 1.0}, {1.0, 0.0}}) g.addPoint(x, y);
  const VertexPositions at = vertexPositions(g);
  checkAgainstMap(g, at);
  CHECK(at.positionCount() == 4);  // (0,0) (1,0) (1,1) (2,0)
  CHECK(at.positionOf[4] == at.positionOf[1]);
  CHECK(at.firstVertex[at.positionOf[7]] == 1);
  CHECK(at.standsForPosition(1));
  CHECK_FALSE(at.standsForPosition(4));
  CHECK_FALSE(at.standsForPosition(3));  // the closing repeat of (0,0)
}

TEST_CASE("a zero and a negative zero are one position, which says its vertices differ in the sign of a zero") {
  GeometryStore g;
  g.beginFeature();
  g.beginPart(PartKind::Line);
  g.beginRing();
  g.addPoint(0.0, 5.0);
  g.addPoint(-0.0, 5.0);
  g.addPoint(3.0, -0.0);
  g.addPoint(3.0, -0.0);
  const VertexPositions at = vertexPositions(g);
  checkAgainstMap(g, at);
  REQUIRE(at.positionCount() == 2);
  CHECK(at.signedZeros[at.positionOf[0]] == 1);
  CHECK(at.standsForPosition(1));  // it differs from the first in the sign of its zero: it stands for itself
  CHECK(at.signedZeros[at.positionOf[2]] == 0);
  CHECK_FALSE(at.standsForPosition(3));
}

TEST_CASE("non-finite vertices are positions by their bits") {
  GeometryStore g;
  g.beginFeature();
  g.beginPart(PartKind::Line);
  g.beginRing();
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  g.addPoint(nan, 1);
  g.addPoint(inf, 1);
  g.addPoint(nan, 1);
  g.addPoint(1, 1);
  const VertexPositions at = vertexPositions(g);
  CHECK(at.positionCount() == 3);
  CHECK(at.positionOf[0] == at.positionOf[2]);
  CHECK(at.positionOf[1] != at.positionOf[0]);
}

TEST_CASE("200,000 vertices on a small grid: the same grouping as a map, on one thread and on three") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> cell(0, 299);
  GeometryStore g;
  for (int f = 0; f < 2000; ++f) {
    g.beginFeature();
    g.beginPart(PartKind::Polygon);
    g.beginRing();
    for (int i = 0; i < 100; ++i) g.addPoint(-88.0 + cell(rng) * 1e-3, 41.0 + cell(rng) * 1e-3);
  }
  REQUIRE(g.pointCount() == 200000);
  const VertexPositions one = vertexPositions(g, 1), three = vertexPositions(g, 3);
  checkAgainstMap(g, one);
  checkAgainstMap(g, three);
  CHECK(one.positionOf == three.positionOf);
  CHECK(one.positionCount() < 90001);  // at most 300 × 300 cells
}
