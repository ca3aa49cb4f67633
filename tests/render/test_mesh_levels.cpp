// Level of detail: ring simplification and the coarser mesh levels. Expected values are derived, not
// recorded: the Douglas-Peucker promise (every dropped vertex within the tolerance of the kept outline,
// checked by brute force against the input), the area bound that follows from it (the two outlines are
// never more than the tolerance apart, so the area changes by at most 2 x tolerance x perimeter), shoelace
// areas of the input rings, and the feature count of the full mesh from render::tessellateLayer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

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

// A closed ring around (cx, cy): radius r with a wobble and deterministic jitter, counter-clockwise.
std::vector<Point> noisyCircle(double cx, double cy, double r, std::size_t n, std::uint32_t seed) {
  std::vector<Point> out;
  std::uint32_t s = seed;
  for (std::size_t i = 0; i < n; ++i) {
    s = s * 1664525u + 1013904223u;
    const double jitter = (static_cast<double>(s >> 8) / static_cast<double>(1u << 24) - 0.5) * 0.01 * r;
    const double a = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
    const double rr = r * (1 + 0.1 * std::sin(7 * a)) + jitter;
    out.push_back({cx + rr * std::cos(a), cy + rr * std::sin(a)});
  }
  out.push_back(out.front());
  return out;
}

double perimeter(const std::vector<Point>& ring) {
  double p = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % ring.size()];
    p += std::hypot(b.x - a.x, b.y - a.y);
  }
  return p;
}

double distanceToSegment(const Point& p, const Point& a, const Point& b) {
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0;
  return std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
}

// The largest distance from an input vertex to the simplified closed ring.
double maxDeviation(const std::vector<Point>& input, const std::vector<Point>& simplified) {
  double worst = 0;
  for (const Point& p : input) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < simplified.size(); ++i)
      best = std::min(best, distanceToSegment(p, simplified[i], simplified[(i + 1) % simplified.size()]));
    worst = std::max(worst, best);
  }
  return worst;
}

// Triangle area per feature.
std::vector<double> featureAreas(const std::vector<Point>& v, const std::vector<std::uint32_t>& vf,
                                 const std::vector<std::uint32_t>& idx, std::size_t features) {
  std::vector<double> areas(features, 0);
  for (std::size_t i = 0; i + 2 < idx.size(); i += 3) {
    const Point &a = v[idx[i]], &b = v[idx[i + 1]], &c = v[idx[i + 2]];
    areas[vf[idx[i]]] += ((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)) / 2;
  }
  return areas;
}

// Sum over a feature's polygon rings of their lengths.
std::vector<double> featurePerimeters(const GeometryStore& g) {
  std::vector<double> out(g.featureCount(), 0);
  for (std::size_t f = 0; f < g.featureCount(); ++f)
    for (std::size_t p : g.partsOf(f))
      for (std::size_t r : g.ringsOf(p)) {
        auto ring = g.ring(r);
        out[f] += perimeter(std::vector<Point>(ring.begin(), ring.end()));
      }
  return out;
}

// Checks a level against the full mesh: every feature with triangles keeps some, and (when `areaBound`)
// each feature's area moves by at most 2 x tolerance x its perimeter. Returns the features checked.
std::size_t checkLevel(const GeometryStore& g, const render::LayerMesh& full, const render::MeshLevel& level,
                       bool areaBound) {
  const std::size_t n = g.featureCount();
  REQUIRE(level.vertexFeature.size() == level.vertices.size());
  REQUIRE(level.indices.size() % 3 == 0);
  for (std::uint32_t f : level.vertexFeature) REQUIRE(f < n);
  const auto fullAreas = featureAreas(full.vertices, full.vertexFeature, full.indices, n);
  const auto levelAreas = featureAreas(level.vertices, level.vertexFeature, level.indices, n);
  const auto perimeters = featurePerimeters(g);
  std::size_t checked = 0, lost = 0, outOfBound = 0;
  for (std::size_t f = 0; f < n; ++f) {
    if (fullAreas[f] <= 0) continue;
    ++checked;
    if (levelAreas[f] <= 0) ++lost;
    if (areaBound && std::abs(levelAreas[f] - fullAreas[f]) > 2 * level.tolerance * perimeters[f]) {
      ++outOfBound;
      if (outOfBound <= 5) WARN("feature " << f << ": " << fullAreas[f] << " -> " << levelAreas[f]);
    }
  }
  CHECK(lost == 0);
  CHECK(outOfBound == 0);
  return checked;
}

}  // namespace

TEST_CASE("ring simplification keeps every vertex within the tolerance and bounds the area change", "[lod]") {
  const std::vector<Point> ring = noisyCircle(5000, -3000, 100, 2000, 7);
  const std::vector<Point> open(ring.begin(), ring.end() - 1);
  const double area = render::signedDoubleArea(open) / 2;
  REQUIRE(area > 0);
  for (double tol : {0.05, 0.5, 2.0, 10.0}) {
    INFO("tolerance " << tol);
    std::vector<Point> s = render::simplifyRing(ring, tol);
    REQUIRE(s.size() >= 3);
    CHECK(s.size() < open.size());
    // Valid ring: open, no consecutive duplicates, same orientation.
    CHECK((s.front().x != s.back().x || s.front().y != s.back().y));
    for (std::size_t i = 0; i + 1 < s.size(); ++i) CHECK((s[i].x != s[i + 1].x || s[i].y != s[i + 1].y));
    const double sArea = render::signedDoubleArea(s) / 2;
    CHECK(sArea > 0);
    CHECK(maxDeviation(open, s) <= tol * (1 + 1e-9));
    CHECK(std::abs(sArea - area) <= 2 * tol * perimeter(open));
  }
  // Coarser tolerances keep fewer vertices.
  CHECK(render::simplifyRing(ring, 10).size() < render::simplifyRing(ring, 0.5).size());
  // Tolerance 0 only cleans: the closing repeat goes, nothing else.
  CHECK(render::simplifyRing(ring, 0).size() == open.size());
}

TEST_CASE("rings thinner or smaller than the tolerance collapse, lines keep their end points", "[lod]") {
  const std::vector<Point> sliver{{0, 0}, {10, 0}, {10, 0.1}, {0, 0.1}, {0, 0}};
  CHECK(render::simplifyRing(sliver, 1).empty());
  CHECK(render::simplifyRing(sliver, 0.01).size() == 4);
  const std::vector<Point> small{{0, 0}, {0.5, 0}, {0.5, 0.5}, {0, 0.5}};
  CHECK(render::simplifyRing(small, 1).empty());
  CHECK(render::simplifyRing(small, 0.1).size() == 4);
  const std::vector<Point> flat{{0, 0}, {1, 0}, {2, 0}, {0, 0}};
  CHECK(render::simplifyRing(flat, 0).empty());  // no area at all

  const std::vector<Point> line{{0, 0}, {1, 0.01}, {2, -0.01}, {3, 0}, {3, 5}};
  std::vector<Point> l = render::simplifyLine(line, 0.1);
  REQUIRE(l.size() == 3);  // the bend at (3, 0) stays, the wiggles go
  CHECK(l.front().x == 0);
  CHECK(l[1].x == 3);
  CHECK(l.back().y == 5);
}

TEST_CASE("the level is chosen so the simplification stays under half a pixel", "[lod]") {
  const std::vector<double> tolerances{10, 80};  // finest first
  CHECK(render::chooseMeshLevel(tolerances, 1.0) == 0);           // 10 px: full detail
  CHECK(render::chooseMeshLevel(tolerances, 0.05) == 1);          // 0.5 px at the fine level, 4 px at the coarse
  CHECK(render::chooseMeshLevel(tolerances, 0.5 / 80) == 2);      // 0.5 px at the coarse level
  CHECK(render::chooseMeshLevel(tolerances, 0.0001) == 2);
  CHECK(render::chooseMeshLevel({}, 0.0001) == 0);

  mobmap::Extent e;
  e.add(0, 0);
  e.add(4.0e6, 2.5e6);
  CHECK(render::meshLevelTolerances(e, 10000).empty());  // small layers draw full detail only
  const auto t = render::meshLevelTolerances(e, 2700000);
  REQUIRE(t.size() == 4);  // each level half the detail of the one before
  CHECK(t[0] == Approx(4.0e6 / 32000));
  CHECK(t[1] == Approx(4.0e6 / 16000));
  CHECK(t[2] == Approx(4.0e6 / 8000));
  CHECK(t[3] == Approx(4.0e6 / 4000));
}

TEST_CASE("the level a whole-layer view draws is built before the first frame, the others after it", "[lod]") {
  mobmap::Extent e;
  e.add(0, 0);
  e.add(4.0e6, 2.5e6);
  const render::MeshLevelPlan plan = render::planMeshLevels(e, 2700000);
  REQUIRE(plan.first.size() == 1);
  CHECK(plan.first[0] == Approx(4.0e6 / 8000));
  // The whole layer (4,000 km) on a 3,000-pixel canvas: the first level is within half a pixel, and it is the
  // level chooseMeshLevel picks among all four.
  const double ppu = 3000 / 4.0e6;
  CHECK(plan.first[0] * ppu <= 0.5);
  const auto all = render::meshLevelTolerances(e, 2700000);
  CHECK(render::chooseMeshLevel(all, ppu) == 3);
  // The later ones are the other three, finest first.
  REQUIRE(plan.later.size() == 3);
  CHECK(plan.later[0] == Approx(all[0]));
  CHECK(plan.later[1] == Approx(all[1]));
  CHECK(plan.later[2] == Approx(all[3]));
  const render::MeshLevelPlan small = render::planMeshLevels(e, 10000);
  CHECK(small.first.empty());
  CHECK(small.later.empty());
}

TEST_CASE("coarser levels keep every feature, bound each feature's area change and have fewer vertices", "[lod]") {
  // 100 features, each a 600-vertex ring (60,000 vertices: enough for tessellateLayer to build levels); every
  // tenth has a hole. Radii 0.2 to 2.2 units on a grid 50 units apart.
  GeometryStore g;
  for (std::uint32_t i = 0; i < 100; ++i) {
    const double cx = 50.0 * (i % 10), cy = 50.0 * (i / 10), r = 0.2 + 0.02 * i;
    g.beginFeature();
    g.beginPart(PartKind::Polygon);
    g.beginRing();
    for (const Point& p : noisyCircle(cx, cy, r, 600, i + 1)) g.addPoint(p.x, p.y);
    if (i % 10 == 0) {
      g.beginRing();
      for (const Point& p : noisyCircle(cx, cy, r / 3, 40, i + 7)) g.addPoint(p.x, p.y);
    }
  }
  render::LayerMesh mesh = render::tessellateLayer(g);
  REQUIRE(mesh.coarserLevels.size() == 4);
  CHECK(mesh.coarserLevels[0].vertices.size() < mesh.vertices.size());
  for (std::size_t i = 1; i < mesh.coarserLevels.size(); ++i) {
    CHECK(mesh.coarserLevels[i - 1].tolerance < mesh.coarserLevels[i].tolerance);
    CHECK(mesh.coarserLevels[i].vertices.size() < mesh.coarserLevels[i - 1].vertices.size());
  }
  for (const render::MeshLevel& level : mesh.coarserLevels) CHECK(checkLevel(g, mesh, level, true) == 100);

  // A tolerance larger than every feature collapses all rings: each feature still gets a triangle.
  render::MeshLevel coarse = render::buildMeshLevel(g, 10);
  CHECK(checkLevel(g, mesh, coarse, false) == 100);
  CHECK(coarse.indices.size() == 300);
}

TEST_CASE("the demo tracts keep every feature at coarse tolerances", "[lod]") {
  mobmap::Layer tracts = mobmap::io::readLayer((mobmap::test::sourceDir() / "geodata/demo/tracts.geojson").string());
  render::LayerMesh full = render::tessellateLayer(tracts.geometry);
  const mobmap::Extent e = full.extent;
  const double size = std::max(e.width(), e.height());
  CHECK(checkLevel(tracts.geometry, full, render::buildMeshLevel(tracts.geometry, size / 4000), true) == 306);
  CHECK(checkLevel(tracts.geometry, full, render::buildMeshLevel(tracts.geometry, size / 500), true) == 306);
  CHECK(checkLevel(tracts.geometry, full, render::buildMeshLevel(tracts.geometry, size), false) == 306);
}

TEST_CASE("Chicago's census tracts keep every feature at coarse tolerances", "[lod]") {
  auto path = mobmap::test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!path) return;
  mobmap::Layer tracts = mobmap::io::readLayer(path->string());
  render::LayerMesh full = render::tessellateLayer(tracts.geometry);
  const double size = std::max(full.extent.width(), full.extent.height());
  for (double divisor : {32000.0, 4000.0, 500.0}) {
    render::MeshLevel level = render::buildMeshLevel(tracts.geometry, size / divisor);
    CHECK(checkLevel(tracts.geometry, full, level, true) >= 791);
    CHECK(level.vertices.size() < full.vertices.size());
  }
}

namespace {

// 2,000 features of 40-vertex rings (80,000 vertices: enough to split over threads), every fifth with a hole.
GeometryStore manyRings() {
  GeometryStore g;
  for (std::uint32_t i = 0; i < 2000; ++i) {
    const double cx = 10.0 * (i % 50), cy = 10.0 * (i / 50), r = 1 + 0.001 * i;
    g.beginFeature();
    g.beginPart(PartKind::Polygon);
    g.beginRing();
    for (const Point& p : noisyCircle(cx, cy, r, 40, i + 3)) g.addPoint(p.x, p.y);
    if (i % 5 == 0) {
      g.beginRing();
      for (const Point& p : noisyCircle(cx, cy, r / 3, 12, i + 5)) g.addPoint(p.x, p.y);
    }
  }
  return g;
}

bool samePoints(const std::vector<Point>& a, const std::vector<Point>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].x != b[i].x || a[i].y != b[i].y) return false;
  return true;
}

}  // namespace

TEST_CASE("feature ranges for threads cover every feature once, in order, with similar vertex counts", "[lod]") {
  const GeometryStore g = manyRings();
  const auto ranges = render::splitFeatures(g, 4);
  REQUIRE(ranges.size() == 4);
  std::size_t next = 0;
  for (const auto& [first, last] : ranges) {
    CHECK(first == next);
    CHECK(last > first);
    next = last;
  }
  CHECK(next == g.featureCount());
  CHECK(render::splitFeatures(g, 1).size() == 1);
  GeometryStore tiny;  // under the per-thread minimum: one range
  tiny.beginFeature();
  tiny.beginPart(PartKind::Polygon);
  tiny.beginRing();
  for (const Point& p : noisyCircle(0, 0, 1, 30, 1)) tiny.addPoint(p.x, p.y);
  CHECK(render::splitFeatures(tiny, 8).size() == 1);
}

TEST_CASE("tessellating and building levels on several threads gives what one thread gives", "[lod]") {
  // The one-thread result is the reference: the split must change nothing, not a vertex nor an index.
  const GeometryStore g = manyRings();
  const render::LayerMesh one = render::tessellateFullDetail(g, nullptr, nullptr, 1);
  const render::LayerMesh three = render::tessellateFullDetail(g, nullptr, nullptr, 3);
  CHECK(samePoints(one.vertices, three.vertices));
  CHECK(one.vertexFeature == three.vertexFeature);
  CHECK(one.indices == three.indices);
  CHECK(samePoints(one.segments, three.segments));
  CHECK(one.featureFirstSegment == three.featureFirstSegment);
  CHECK(one.featureFirstSegment.size() == g.featureCount() + 1);
  CHECK(one.extent.minX == three.extent.minX);
  CHECK(one.extent.maxY == three.extent.maxY);

  const std::vector<double> tolerances{0.01, 0.1};
  const std::vector<std::uint8_t> junctions = render::findJunctions(g, 1);
  const auto levelsOne = render::buildMeshLevels(g, tolerances, junctions, nullptr, 1);
  const auto levelsThree = render::buildMeshLevels(g, tolerances, junctions, nullptr, 3);
  REQUIRE(levelsOne.size() == 2);
  REQUIRE(levelsThree.size() == 2);
  for (std::size_t l = 0; l < 2; ++l) {
    CHECK(levelsOne[l].tolerance == tolerances[l]);
    CHECK(levelsThree[l].tolerance == tolerances[l]);
    CHECK(samePoints(levelsOne[l].vertices, levelsThree[l].vertices));
    CHECK(levelsOne[l].indices == levelsThree[l].indices);
    CHECK(levelsOne[l].vertexFeature == levelsThree[l].vertexFeature);
    CHECK(samePoints(levelsOne[l].segments, levelsThree[l].segments));
  }
  CHECK(render::findJunctions(g, 3) == junctions);
}
