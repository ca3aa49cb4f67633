// Simplifying neighbours without cracks: junction finding and shared-stretch simplification. Expected values
// are derived from the constructed inputs: which vertices two rings share and where their shared boundary
// starts and ends (known by construction), the Douglas-Peucker promise (every dropped vertex within the
// tolerance of the result, checked by brute force), and the property that matters for drawing: two rings
// holding the same stretch keep the same vertices along it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include "core/vertex_positions.h"
#include "crs/display_crs.h"
#include "io/source_reader.h"
#include "render/mesh_levels.h"
#include "render/shared_boundaries.h"
#include "render/tessellation.h"
#include "test_support.h"

using mobmap::GeometryStore;
using mobmap::PartKind;
using mobmap::Point;
namespace render = mobmap::render;

namespace {

// The shared boundary x = 1 (+ a deterministic wiggle), from (1, 0) up to (1, 1), 101 vertices.
std::vector<Point> wigglyEdge() {
  std::vector<Point> e;
  std::uint32_t s = 12345;
  for (int i = 0; i <= 100; ++i) {
    s = s * 1664525u + 1013904223u;
    const double jitter = 0.004 * (static_cast<double>(s >> 8) / (1u << 24) - 0.5);
    const double w = (i == 0 || i == 100) ? 0 : 0.02 * std::sin(i * 0.7) + jitter;
    e.push_back({1 + w, i / 100.0});
  }
  return e;
}

void addRing(GeometryStore& g, const std::vector<Point>& ring) {
  g.beginFeature();
  g.beginPart(PartKind::Polygon);
  g.beginRing();
  for (const Point& p : ring) g.addPoint(p.x, p.y);
}

// Left square (0..1) and right square (1..2) sharing the wiggly edge; both closed, counter-clockwise, starting
// at different corners.
std::pair<std::vector<Point>, std::vector<Point>> twoSquares() {
  const std::vector<Point> edge = wigglyEdge();
  std::vector<Point> left{{0, 0}};
  left.insert(left.end(), edge.begin(), edge.end());  // (1,0) up to (1,1)
  left.push_back({0, 1});
  left.push_back({0, 0});
  std::vector<Point> right{{2, 1}};
  right.insert(right.end(), edge.rbegin(), edge.rend());  // (1,1) down to (1,0)
  right.push_back({2, 0});
  right.push_back({2, 1});
  return {left, right};
}

double distanceToRing(const Point& p, const std::vector<Point>& ring) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % ring.size()];
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    best = std::min(best, std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y));
  }
  return best;
}

std::set<std::pair<double, double>> pointSet(const std::vector<Point>& pts, double minX, double maxX) {
  std::set<std::pair<double, double>> out;
  for (const Point& p : pts)
    if (p.x >= minX && p.x <= maxX) out.insert({p.x, p.y});
  return out;
}

}  // namespace

TEST_CASE("junctions are where a shared boundary starts and ends", "[lod]") {
  const auto [left, right] = twoSquares();
  GeometryStore g;
  addRing(g, left);
  addRing(g, right);
  const std::vector<std::uint8_t> j = render::findJunctions(g);
  REQUIRE(j.size() == g.pointCount());
  std::size_t flagged = 0;
  for (std::size_t r = 0; r < g.ringCount(); ++r) {
    auto ring = g.ring(r);
    auto flags = render::ringJunctions(g, j, r);
    REQUIRE(flags.size() == ring.size());
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const bool end = ring[i].x == 1 && (ring[i].y == 0 || ring[i].y == 1);
      INFO("ring " << r << " vertex " << i << " (" << ring[i].x << ", " << ring[i].y << ")");
      CHECK(static_cast<bool>(flags[i]) == end);
      flagged += flags[i];
    }
  }
  CHECK(flagged == 4);  // (1,0) and (1,1), in each ring
  CHECK(render::ringJunctions(g, {}, 0).empty());
}

TEST_CASE("two rings sharing a boundary simplify it alike, within the tolerance", "[lod]") {
  const auto [left, right] = twoSquares();
  GeometryStore g;
  addRing(g, left);
  addRing(g, right);
  const std::vector<std::uint8_t> j = render::findJunctions(g);
  const std::vector<Point> leftOpen(left.begin(), left.end() - 1), rightOpen(right.begin(), right.end() - 1);
  for (double tol : {0.0005, 0.003, 0.01, 0.05}) {
    INFO("tolerance " << tol);
    const std::vector<Point> l = render::simplifySharedRing(g.ring(0), render::ringJunctions(g, j, 0), tol);
    const std::vector<Point> r = render::simplifySharedRing(g.ring(1), render::ringJunctions(g, j, 1), tol);
    REQUIRE(l.size() >= 3);
    REQUIRE(r.size() >= 3);
    // The same vertices along the shared boundary (x within the wiggle of 1) on both sides.
    CHECK(pointSet(l, 0.9, 1.1) == pointSet(r, 0.9, 1.1));
    CHECK(pointSet(l, 0.9, 1.1).count({1.0, 0.0}) == 1);  // the junctions stay
    CHECK(pointSet(l, 0.9, 1.1).count({1.0, 1.0}) == 1);
    for (const Point& p : leftOpen) CHECK(distanceToRing(p, l) <= tol * (1 + 1e-9));
    for (const Point& p : rightOpen) CHECK(distanceToRing(p, r) <= tol * (1 + 1e-9));
    CHECK(render::signedDoubleArea(l) > 0);  // orientation kept
    CHECK(render::signedDoubleArea(r) > 0);
  }
  // Coarse enough, the wiggle goes: only the corners and the two junctions are left.
  CHECK(render::simplifySharedRing(g.ring(0), render::ringJunctions(g, j, 0), 0.05).size() == 4);
}

TEST_CASE("an island and the hole it fills simplify to the same ring", "[lod]") {
  // The island's ring, and the same vertices as the surrounding polygon's hole: reversed and starting
  // elsewhere. No junctions (the two rings share every vertex with the same neighbours).
  std::vector<Point> island;
  for (int i = 0; i < 300; ++i) {
    const double a = 2 * 3.14159265358979 * i / 300;
    const double rr = 1 + 0.05 * std::sin(9 * a) + 0.01 * std::cos(37 * a);
    island.push_back({5 + rr * std::cos(a), 5 + rr * std::sin(a)});
  }
  std::vector<Point> hole(island.rbegin(), island.rend());
  std::rotate(hole.begin(), hole.begin() + 77, hole.end());
  GeometryStore g;
  g.beginFeature();
  g.beginPart(PartKind::Polygon);
  g.beginRing();
  for (const Point& p : std::vector<Point>{{0, 0}, {10, 0}, {10, 10}, {0, 10}}) g.addPoint(p.x, p.y);
  g.beginRing();
  for (const Point& p : hole) g.addPoint(p.x, p.y);
  addRing(g, island);
  const std::vector<std::uint8_t> j = render::findJunctions(g);
  CHECK(std::count(j.begin(), j.end(), 1) == 0);
  for (double tol : {0.001, 0.01, 0.04}) {
    INFO("tolerance " << tol);
    const std::vector<Point> h = render::simplifySharedRing(g.ring(1), render::ringJunctions(g, j, 1), tol);
    const std::vector<Point> i = render::simplifySharedRing(g.ring(2), render::ringJunctions(g, j, 2), tol);
    REQUIRE(i.size() >= 3);
    CHECK(i.size() < island.size());
    CHECK(pointSet(h, -1e9, 1e9) == pointSet(i, -1e9, 1e9));
    for (const Point& p : island) CHECK(distanceToRing(p, i) <= tol * (1 + 1e-9));
  }
}

TEST_CASE("a vertex a ring passes twice is a junction, lines and points are not looked at", "[lod]") {
  // A figure-eight-like ring touching itself at (1, 1), and a line through the same position.
  GeometryStore g;
  addRing(g, {{0, 0}, {1, 1}, {2, 0}, {2, 2}, {1, 1}, {0, 2}, {0, 0}});
  g.beginFeature();
  g.beginPart(PartKind::Line);
  g.beginRing();
  g.addPoint(1, 1);
  g.addPoint(5, 5);
  const std::vector<std::uint8_t> j = render::findJunctions(g);
  REQUIRE(j.size() == 9);
  const std::vector<std::uint8_t> expected{0, 1, 0, 0, 1, 0, 0, 0, 0};
  CHECK(j == expected);
}

TEST_CASE("the positions found before a layer is reprojected give the reprojected layer's junctions", "[lod]") {
  // The viewer finds positions on the vertices as read, reprojects with them and then finds the junctions of
  // the reprojected layer with them. Expected: the junctions found from the reprojected vertices themselves,
  // on the us-atlas counties moved into the national composite (insets included).
  auto topo = mobmap::test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  if (!topo) return;
  mobmap::Layer counties = mobmap::io::readLayer(topo->string(), "counties");
  const mobmap::VertexPositions asRead = mobmap::vertexPositions(counties.geometry);
  mobmap::crs::reprojectWithUsInsets(counties, &asRead);
  const std::vector<std::uint8_t> fromRead = render::findJunctions(counties.geometry, asRead);
  CHECK(fromRead == render::findJunctions(counties.geometry));
  CHECK(std::count(fromRead.begin(), fromRead.end(), 1) > 3000);  // about one where each county meets two others
  GeometryStore other;
  addRing(other, {{0, 0}, {1, 0}, {1, 1}, {0, 0}});
  CHECK_THROWS(render::findJunctions(other, asRead));
}
