#pragma once
// Simplifying neighbouring polygons without cracks between them. Rings that share a boundary (census tracts,
// counties) hold the same vertices along it; simplifying each ring on its own drops different vertices on
// the two sides and leaves slivers of background between neighbours. Here every vertex where a shared
// boundary starts, ends or branches (a junction: its neighbouring vertices differ between the rings that
// hold it) is kept, and each stretch between two junctions is simplified in one canonical direction, so
// both rings get the very same simplified stretch.
//
// Usage:
//   std::vector<std::uint8_t> j = render::findJunctions(layer.geometry);        // once per layer
//   std::span<const std::uint8_t> jr = render::ringJunctions(layer.geometry, j, r);
//   std::vector<Point> s = render::simplifySharedRing(layer.geometry.ring(r), jr, tolerance);
#include <cstdint>
#include <span>
#include <vector>

#include "core/geometry.h"
#include "core/vertex_positions.h"

namespace mobmap::render {

// One flag per vertex of geometry.points(): 1 where the vertex is a junction of the polygon rings (it lies
// on two or more polygon rings whose neighbouring vertices there differ, or twice on one ring), else 0.
// Vertices of line and point parts are 0. Work is split over up to `threads` threads (0: one per core).
std::vector<std::uint8_t> findJunctions(const GeometryStore& geometry, unsigned threads = 0);
// The same with the vertices' positions already found (vertexPositions of `geometry`, or of the same vertex
// array before it was reprojected: a transformation keeps equal points equal). Throws mobmap::Error when
// `positions` were made for another store.
std::vector<std::uint8_t> findJunctions(const GeometryStore& geometry, const VertexPositions& positions,
                                        unsigned threads = 0);

// The flags of ring `r` within findJunctions' result (empty when `junctions` is empty).
std::span<const std::uint8_t> ringJunctions(const GeometryStore& geometry, std::span<const std::uint8_t> junctions,
                                            std::size_t r);

// Simplifies a closed ring (closing repeat optional) by Douglas-Peucker decimation at `tolerance`, keeping
// every vertex flagged in `junction` (one flag per ring vertex; empty: none) and simplifying each stretch
// between junctions (or the whole ring, when it has none) from a canonical start and direction, so that
// two rings holding the same stretch get the same result. Every input vertex lies within `tolerance` of
// the result's edges. Returns the kept vertices in input order, open, without consecutive duplicates; empty
// when fewer than three remain or the ring encloses no area.
std::vector<Point> simplifySharedRing(std::span<const Point> ring, std::span<const std::uint8_t> junction,
                                      double tolerance);

}  // namespace mobmap::render
