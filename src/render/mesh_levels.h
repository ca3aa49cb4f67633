#pragma once
// Level of detail for the map canvas: coarser copies of a layer's mesh, built by dropping vertices that lie
// within a tolerance (display-CRS units) of the simplified outline, and the choice of level for a zoom.
// Backend-neutral; the GL back end uploads every level once and draws the one the camera's scale allows.
//
// Usage:
//   std::vector<Point> r = render::simplifyRing(ring, 25.0);   // empty when the ring collapses
//   MeshLevel level = render::buildMeshLevel(layer.geometry, 25.0);
//   std::size_t i = render::chooseMeshLevel(tolerances, camera.pixelsPerUnit());  // 0 = full detail
#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "core/extent.h"
#include "core/geometry.h"

namespace mobmap::render {

// One coarser copy of a layer mesh: the same layout as LayerMesh's triangles and outline segments.
struct MeshLevel {
  double tolerance = 0;                       // display-CRS units: no original vertex is further than this
                                              // from the simplified outline
  std::vector<Point> vertices;                // triangle vertices
  std::vector<std::uint32_t> vertexFeature;   // per vertex: its feature index
  std::vector<std::uint32_t> indices;         // three per triangle, into vertices
  std::vector<Point> segments;                // outline segments: pairs of end points
  std::vector<std::uint32_t> featureFirstIndex;    // per feature + 1: feature f's indices are
                                                   // [featureFirstIndex[f], featureFirstIndex[f + 1])
  std::vector<std::uint32_t> featureFirstSegment;  // per feature + 1, likewise for segments
};

// Simplifies a closed ring (closing repeat optional) by Douglas-Peucker decimation at `tolerance`: every
// input vertex lies within `tolerance` of the returned ring's edges. Returns the kept vertices in input
// order, open (no closing repeat), without consecutive duplicates; empty when fewer than three vertices
// remain or the ring encloses no area (it collapsed). A tolerance <= 0 only cleans the ring.
std::vector<Point> simplifyRing(std::span<const Point> ring, double tolerance);

// Simplifies an open line the same way, keeping both end points. Returns at least the two end points
// (fewer only when the input has fewer distinct points).
std::vector<Point> simplifyLine(std::span<const Point> line, double tolerance);

// Tessellates `geometry` with every polygon ring simplified at `tolerance` by render::simplifySharedRing
// (boundaries shared by neighbours simplify alike on both sides: no cracks between them). Rings that collapse
// are dropped, but a feature whose polygon rings all collapse keeps one triangle spanned by its largest ring
// (so every feature that has triangles at full detail still has some, and still shows its colour). Setting
// `cancel` stops early (the level is then partial). The work is split over the cores (render::splitFeatures);
// the result is the same as on one thread.
MeshLevel buildMeshLevel(const GeometryStore& geometry, double tolerance, const std::atomic<bool>* cancel = nullptr);

// buildMeshLevel for each of `tolerances` (same order) with the junctions of render::findJunctions(geometry)
// given (empty: each ring simplified on its own by simplifyRing), the features split over up to `threads`
// worker threads (0: one per core).
std::vector<MeshLevel> buildMeshLevels(const GeometryStore& geometry, std::span<const double> tolerances,
                                       std::span<const std::uint8_t> junctions, const std::atomic<bool>* cancel = nullptr,
                                       unsigned threads = 0);

// The tolerances of the coarser levels worth building for a layer with this extent and vertex count,
// finest first: none for small layers (below about 50,000 vertices), else 1/32,000, 1/16,000, 1/8,000 and
// 1/4,000 of the extent's larger side. Each level halves the previous one's detail, so the level drawn at any
// zoom (the coarsest within half a pixel) is off by a quarter to half a pixel: a whole-view frame draws about
// the same number of vertices per screen pixel whatever the window size.
std::vector<double> meshLevelTolerances(const Extent& extent, std::size_t pointCount);

// meshLevelTolerances split by when to build them: `first` before the first frame, the one level a view of
// the whole layer draws on canvases of 2,000 to 4,000 pixels (the second coarsest, 1/8,000 of the extent:
// within half a pixel on any canvas up to 4,000 pixels wide), and `later` the others, built with full
// detail after it. Both finest first; `later` empty for small layers, and `first` too.
struct MeshLevelPlan {
  std::vector<double> first;
  std::vector<double> later;
};
MeshLevelPlan planMeshLevels(const Extent& extent, std::size_t pointCount);

// The level to draw at `pixelsPerUnit`: 0 for full detail, i + 1 for the coarsest level i (tolerances
// finest first) whose tolerance spans at most `maxErrorPx` pixels.
std::size_t chooseMeshLevel(std::span<const double> tolerances, double pixelsPerUnit, double maxErrorPx = 0.5);

}  // namespace mobmap::render
