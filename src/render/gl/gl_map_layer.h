#pragma once
// One map layer on the GPU: its triangles and outline segments, uploaded once (float, relative to a local
// origin), and a per-feature colour table that can change every frame without touching the geometry.
// The mesh's coarser levels are uploaded too; fills and outlines are drawn from the coarsest level whose
// simplification stays under half a pixel at the camera's scale (highlights use full detail once it is in,
// else the finest level). All levels share the one colour table.
//
// Usage (GL context current):
//   GlMapLayer layer(mesh);                       // mesh from render::tessellateLayer, done off the UI thread
//   layer.setFeatureStyles(styles);               // one FeatureStyle per feature; cheap
//   layer.drawFills(camera, renderer);  layer.drawOutlines(camera, renderer, style);
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/extent.h"
#include "render/camera.h"
#include "render/gl/gl_api.h"
#include "render/tessellation.h"
#include "style/color.h"

namespace mobmap::render::gl {

class MapRenderer;

// How one feature is filled.
struct FeatureStyle {
  style::Rgb fill{255, 255, 255};
  bool hatch = false;   // low quality: hatch pattern over the fill
  bool noFill = false;  // drawn as outline only
};

// Outline appearance.
struct OutlineStyle {
  style::Rgb color{110, 110, 110};
  float alpha = 1;
  float widthPx = 1;
};

class GlMapLayer {
 public:
  // Uploads the mesh (GL context current). Keeps the per-feature segment ranges for highlight outlines. A mesh
  // without full detail (mesh.hasFullDetail false) draws its finest coarser level until setFullDetail.
  explicit GlMapLayer(const LayerMesh& mesh);
  ~GlMapLayer();
  GlMapLayer(const GlMapLayer&) = delete;
  GlMapLayer& operator=(const GlMapLayer&) = delete;

  std::size_t featureCount() const { return m_featureCount; }
  // Uploads the full-detail part of `mesh` (its triangles, outlines and per-feature segment ranges) and its
  // coarser levels (those not built before: they join the others in tolerance order) for a layer built from
  // a mesh without full detail. Same features, same local origin. Each of the mesh's arrays is freed as soon
  // as it is on the GPU, so that a large layer is not held twice while it uploads.
  void setFullDetail(LayerMesh&& mesh);
  // Uploads more coarser levels (built after the others); they join them in tolerance order. Each level's
  // arrays are freed once uploaded, likewise.
  void addLevels(std::vector<MeshLevel>&& levels);
  bool hasFullDetail() const { return m_hasFullDetail; }
  // The arrays of a mesh or level, in the order they are uploaded (each can be freed once it is on the GPU).
  enum class UploadedArray { Segments, Vertices, VertexFeatures, Indices };
  // Replaces the colour table (`styles` has one entry per feature; missing entries are drawn unfilled).
  void setFeatureStyles(std::span<const FeatureStyle> styles);

  // The level fills and outlines use at this camera: 0 = full detail, i = the mesh's coarserLevels[i - 1];
  // never 0 while full detail is missing.
  std::size_t levelFor(const Camera& camera) const;
  std::size_t levelCount() const { return m_levels.size(); }
  // True when the level drawn at `camera` stays within half a pixel of full detail (false while full
  // detail is missing and the coarse levels present are too coarse for this zoom).
  bool detailSufficient(const Camera& camera) const {
    return m_levels[levelFor(camera)].tolerance * camera.pixelsPerUnit() <= 0.5;
  }
  // What level `i` (0 = full detail) holds on the GPU.
  struct LevelStats {
    double tolerance = 0;
    std::size_t triangles = 0, segments = 0;
  };
  LevelStats levelStats(std::size_t i) const {
    const Level& l = m_levels.at(i);
    return {l.tolerance, static_cast<std::size_t>(l.indexCount) / 3, static_cast<std::size_t>(l.segmentCount)};
  }
  // Off: always draw full detail (for comparing frame times); on by default.
  void setLevelOfDetail(bool on) { m_levelOfDetail = on; }

  // Draws the filled triangles.
  void drawFills(const Camera& camera, const MapRenderer& renderer, float opacity) const;
  // Draws every outline segment at a constant pixel width.
  void drawOutlines(const Camera& camera, const MapRenderer& renderer, const OutlineStyle& style) const;
  // Draws the outline of one feature (hover or selection highlight) at full detail, or at the finest level
  // while full detail is not in.
  void drawFeatureOutline(std::size_t feature, const Camera& camera, const MapRenderer& renderer,
                          const OutlineStyle& style) const;

 private:
  // A run of consecutive features of one level: its index and segment ranges and their bounding box, so a
  // zoomed-in frame draws only the runs in view.
  struct Chunk {
    Extent box;
    GLsizei firstIndex = 0, indexCount = 0;
    GLint firstSegment = 0;
    GLsizei segmentCount = 0;
  };
  // The buffers of one level of detail.
  struct Level {
    double tolerance = 0;  // display-CRS units; 0 for full detail
    GLsizei indexCount = 0;
    GLsizei segmentCount = 0;
    GLuint fillVao = 0, fillVbo = 0, fillFeatureVbo = 0, fillIbo = 0;
    GLuint lineVao = 0, lineVbo = 0;
    std::vector<Chunk> chunks;  // cover all indices and segments, in order
    std::vector<std::uint32_t> featureFirstSegment;  // per feature + 1: its outline segments (highlights)
  };
  struct LevelData {
    double tolerance = 0;
    std::span<const Point> vertices;
    std::span<const std::uint32_t> vertexFeature, indices;
    std::span<const Point> segments;
    std::span<const std::uint32_t> featureFirstIndex, featureFirstSegment;  // may be empty: one chunk
  };
  // Uploads one level: the outline segments first, then the vertices, their features and the indices,
  // calling `uploaded` after each with the array that is now on the GPU, for a caller that frees it.
  Level upload(const LevelData& data, const std::function<void(UploadedArray)>& uploaded = {}) const;
  static LevelData fullDetailData(const LayerMesh& mesh);
  static LevelData levelData(const MeshLevel& level);
  static void release(const Level& level);
  void drawSegments(const Level& level, GLint first, GLsizei count, const Camera& camera, const MapRenderer& renderer,
                    const OutlineStyle& style) const;
  // Calls draw(first, count) for each run of consecutive chunks of `level` that meet the camera's view, with
  // first/count over indices (`segments` false) or segments.
  template <class Draw>
  void forVisibleRuns(const Level& level, const Camera& camera, bool segments, Draw&& draw) const;

  Point m_origin;
  std::size_t m_featureCount = 0;
  std::vector<Level> m_levels;          // full detail first, then coarser
  std::vector<double> m_tolerances;     // of the coarser levels, finest first
  bool m_levelOfDetail = true;
  bool m_hasFullDetail = true;
  GLuint m_colorBuffer = 0, m_colorTexture = 0;
  bool m_anyHatch = false;  // some feature of the colour table is filled and hatched
};

}  // namespace mobmap::render::gl
