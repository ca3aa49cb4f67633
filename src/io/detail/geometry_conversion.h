#pragma once
// Converting between OGR geometries and core's GeometryStore. Internal to io.
#include <cmath>
#include <cstddef>
#include <memory>
#include <vector>

#include "core/geometry.h"

class OGRGeometry;

namespace mobmap::io {

// Appends the parts of `geometry` to the current feature of `store` (curves are linearised; collections are
// flattened into their parts). With `vertexSpacing` > 0, line and ring vertices closer than that in both x and
// y to the previous kept vertex are dropped; the first and last vertex are kept, and a ring keeps at least 4.
void appendGeometry(GeometryStore& store, const OGRGeometry& geometry, double vertexSpacing = 0);

// Appends a line or ring of `n` vertices, vertex i at `vertexAt(i)` (a Point), as a new ring of `store`, with
// appendGeometry's `vertexSpacing` rule: vertices closer than the spacing (in both x and y) to the previous kept
// one are dropped; the first and last are kept, and a ring of 4 or more vertices keeps 4 at least (evenly spaced
// ones when the filter would leave fewer), so it stays a closed polygon. Every reader of vertices uses it.
template <class VertexAt>
void appendVertices(GeometryStore& store, std::size_t n, const VertexAt& vertexAt, double vertexSpacing, bool ring) {
  store.beginRing();
  if (vertexSpacing <= 0 || n <= 4) {
    for (std::size_t i = 0; i < n; ++i) {
      const Point v = vertexAt(i);
      store.addPoint(v.x, v.y);
    }
    return;
  }
  // Which vertices survive, decided before any is stored (a ring left with too few falls back to 4).
  thread_local std::vector<std::size_t> kept;
  kept.clear();
  kept.push_back(0);
  Point last = vertexAt(0);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const Point v = vertexAt(i);
    if (std::fabs(v.x - last.x) < vertexSpacing && std::fabs(v.y - last.y) < vertexSpacing) continue;
    kept.push_back(i);
    last = v;
  }
  kept.push_back(n - 1);
  if (ring && kept.size() < 4) kept = {0, n / 3, 2 * n / 3, n - 1};
  for (std::size_t i : kept) {
    const Point v = vertexAt(i);
    store.addPoint(v.x, v.y);
  }
}

// Reserves room in `store` for the whole layer once `rowsRead` rows of `expectedRows` are read, from their average
// vertex count, so that the vertex array is not reallocated (and briefly held twice) as it grows: the largest
// part of peak memory. Does nothing at any other row.
void reserveAfterSample(GeometryStore& store, std::size_t rowsRead, long long expectedRows);

// The OGR geometry of feature f: MultiPolygon when it has polygon parts, MultiLineString for lines,
// MultiPoint for points; null when the feature has no geometry.
std::unique_ptr<OGRGeometry> toOgrGeometry(const GeometryStore& store, std::size_t f);

}  // namespace mobmap::io
