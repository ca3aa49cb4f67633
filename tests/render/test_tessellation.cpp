// Tessellation: the triangles of each polygon must cover exactly its area (exterior minus holes), compared
// with the shoelace formula on the same rings, for hand-made polygons, the synthetic demo tracts and, when
// ../shared/data is present, Chicago's 791 census tracts (EPSG:3435, real holes and multipolygons).
#include <catch2/catch.hpp>

#include <cmath>

#include "io/source_reader.h"
#include "render/tessellation.h"
#include "test_support.h"

using mobmap::GeometryStore;
using mobmap::PartKind;
using mobmap::Point;
namespace render = mobmap::render;

namespace {

double trianglesArea(const std::vector<Point>& v, const std::vector<std::uint32_t>& idx) {
  double sum = 0;
  for (std::size_t i = 0; i + 2 < idx.size(); i += 3) {
    const Point &a = v[idx[i]], &b = v[idx[i + 1]], &c = v[idx[i + 2]];
    double twice = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    CHECK(twice >= 0);  // every triangle counter-clockwise (or flat)
    sum += twice / 2;
  }
  return sum;
}

// For every polygon part: |exterior| - sum |holes| against the triangle areas. Returns the parts checked.
std::size_t checkLayer(const GeometryStore& g, double relTolerance) {
  std::size_t parts = 0, mismatches = 0;
  for (std::size_t f = 0; f < g.featureCount(); ++f)
    for (std::size_t p : g.partsOf(f)) {
      if (g.partKind(p) != PartKind::Polygon) continue;
      std::vector<std::span<const Point>> rings;
      double expected = 0;
      bool first = true;
      for (std::size_t r : g.ringsOf(p)) {
        rings.push_back(g.ring(r));
        double a = std::abs(render::signedDoubleArea(g.ring(r))) / 2;
        expected += first ? a : -a;
        first = false;
      }
      std::vector<Point> v;
      std::vector<std::uint32_t> idx;
      render::tessellatePolygon(rings, v, idx);
      double got = trianglesArea(v, idx);
      ++parts;
      if (std::abs(got - expected) > relTolerance * std::abs(expected)) {
        ++mismatches;
        if (mismatches <= 5) WARN("feature " << f << " part " << p << ": triangles " << got << ", polygon " << expected);
      }
    }
  CHECK(mismatches == 0);
  return parts;
}

}  // namespace

TEST_CASE("a square with two holes and a concave polygon are covered exactly", "[tessellation]") {
  // Square 10 x 10 (area 100) with holes 2 x 2 and 1 x 3 (areas 4 and 3): 93.
  const std::vector<Point> outer{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
  const std::vector<Point> hole1{{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}};
  const std::vector<Point> hole2{{6, 5}, {7, 5}, {7, 8}, {6, 8}};  // open ring, counter-clockwise
  std::vector<std::span<const Point>> rings{outer, hole1, hole2};
  std::vector<Point> v;
  std::vector<std::uint32_t> idx;
  render::tessellatePolygon(rings, v, idx);
  CHECK(trianglesArea(v, idx) == Approx(93).epsilon(1e-12));

  // A clockwise "U" (area 3 x 3 - 1 x 2 = 7): concave, so a naive fan would overshoot.
  const std::vector<Point> u{{0, 0}, {0, 3}, {1, 3}, {1, 1}, {2, 1}, {2, 3}, {3, 3}, {3, 0}};
  std::vector<std::span<const Point>> uRings{u};
  v.clear();
  idx.clear();
  render::tessellatePolygon(uRings, v, idx);
  CHECK(trianglesArea(v, idx) == Approx(7).epsilon(1e-12));
  CHECK(idx.size() == 3 * (u.size() - 2));  // n - 2 triangles for a simple polygon

  // Degenerate rings add nothing.
  const std::vector<Point> line{{0, 0}, {1, 1}, {0, 0}};
  std::vector<std::span<const Point>> lineRings{line};
  v.clear();
  idx.clear();
  render::tessellatePolygon(lineRings, v, idx);
  CHECK(idx.empty());
}

TEST_CASE("the demo tracts tessellate to their polygon areas", "[tessellation]") {
  mobmap::Layer tracts = mobmap::io::readLayer((mobmap::test::sourceDir() / "geodata/demo/tracts.geojson").string());
  CHECK(checkLayer(tracts.geometry, 1e-9) == 306);
  render::LayerMesh mesh = render::tessellateLayer(tracts.geometry);
  CHECK(mesh.featureFirstSegment.size() == 307);
  CHECK(mesh.vertexFeature.size() == mesh.vertices.size());
  CHECK(mesh.indices.size() % 3 == 0);
}

TEST_CASE("Chicago's census tracts tessellate to their polygon areas", "[tessellation]") {
  auto path = mobmap::test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!path) return;
  mobmap::Layer tracts = mobmap::io::readLayer(path->string());
  CHECK(checkLayer(tracts.geometry, 1e-9) >= 791);
}
