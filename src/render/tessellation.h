#pragma once
// Triangulating polygons for drawing: ear clipping with holes bridged into the exterior ring, in double
// precision. Backend-neutral; the GL back end uploads the result once per layer.
//
// Usage:
//   std::vector<std::span<const Point>> rings = {exterior, hole1, ...};
//   std::vector<Point> verts; std::vector<std::uint32_t> tris;
//   render::tessellatePolygon(rings, verts, tris);        // appends; indices refer to `verts`
//   LayerMesh mesh = render::tessellateLayer(layer.geometry, &progress);
#include <atomic>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/geometry.h"
#include "render/mesh_levels.h"

namespace mobmap::render {

// Appends the triangles of one polygon (first ring the exterior, the others holes; rings may be closed or
// open, in either orientation) to `vertices` / `indices` (three indices per triangle, counter-clockwise).
// Degenerate input (fewer than three distinct vertices) adds nothing. For a simple polygon whose holes lie
// inside its exterior and do not touch each other, the triangles cover the polygon exactly once.
void tessellatePolygon(std::span<const std::span<const Point>> rings, std::vector<Point>& vertices,
                       std::vector<std::uint32_t>& indices);

// The triangles and outlines of a whole layer, with the feature each belongs to.
struct LayerMesh {
  std::vector<Point> vertices;                 // triangle vertices, display CRS
  std::vector<std::uint32_t> vertexFeature;    // per vertex: its feature index
  std::vector<std::uint32_t> indices;          // three per triangle, into vertices
  std::vector<Point> segments;                 // outline segments: pairs of end points (every ring edge)
  std::vector<std::uint32_t> featureFirstSegment;  // per feature + 1: segments of feature f are
                                                   // [featureFirstSegment[f], featureFirstSegment[f + 1])
  std::vector<std::uint32_t> featureFirstIndex;    // per feature + 1, likewise for indices (empty without
                                                   // full detail)
  Extent extent;
  // False for a mesh that holds only its coarser levels (the vertex, index and segment arrays above are
  // empty and featureFirstSegment all zeros; full detail comes later).
  bool hasFullDetail = true;
  // Coarser copies for drawing zoomed out (level of detail), finest first; empty for small layers. Feature
  // indices are the same as above, so one per-feature colour table serves every level.
  std::vector<MeshLevel> coarserLevels;
};

// Splits the features of `geometry` into up to `threads` (0: one per core) consecutive ranges [first, last)
// of about equal vertex counts, for tessellating on several threads; one range for small layers (under about
// 40,000 vertices). The ranges cover every feature in order; never empty (one empty range for no features).
std::vector<std::pair<std::size_t, std::size_t>> splitFeatures(const GeometryStore& geometry, unsigned threads = 0);

// Tessellates every polygon part of `geometry` at full detail (lines become outline segments only; points are
// skipped), without coarser levels, the features split over up to `threads` threads (0: one per core). The
// result is the same as on one thread. `progress`, when given, goes from 0 to 1; setting `cancel` stops early.
LayerMesh tessellateFullDetail(const GeometryStore& geometry, std::atomic<float>* progress = nullptr,
                               const std::atomic<bool>* cancel = nullptr, unsigned threads = 0);

// Tessellates every polygon part of `geometry` (lines become outline segments only; points are skipped),
// then builds the coarser levels that render::meshLevelTolerances names for the layer.
// `progress`, when given, goes from 0 to 1 as features are done; setting `cancel` stops early (the mesh is
// then partial).
LayerMesh tessellateLayer(const GeometryStore& geometry, std::atomic<float>* progress = nullptr,
                          const std::atomic<bool>* cancel = nullptr);

// Twice the signed area of a ring (positive when counter-clockwise); the closing edge is implied. Computed
// relative to the first vertex, so it keeps its precision far from the coordinate origin.
double signedDoubleArea(std::span<const Point> ring);

}  // namespace mobmap::render
