#include "render/gl/gl_map_layer.h"

#include <algorithm>
#include <utility>

#include "render/gl/map_renderer.h"

namespace mobmap::render::gl {

namespace {

// Fills the bound GL_ARRAY_BUFFER with `points` as float pairs relative to the local origin (small numbers keep
// float precision at street scale), written straight into the buffer's storage: no second copy of a large
// layer's coordinates exists while it uploads.
void uploadRelative(std::span<const Point> points, Point origin) {
  const auto bytes = static_cast<GLsizeiptr>(points.size() * 2 * sizeof(float));
  glBufferData(GL_ARRAY_BUFFER, bytes, nullptr, GL_STATIC_DRAW);
  if (bytes == 0) return;
  auto write = [&](float* out) {
    for (const Point& p : points) {
      *out++ = static_cast<float>(p.x - origin.x);
      *out++ = static_cast<float>(p.y - origin.y);
    }
  };
  if (auto* mapped = static_cast<float*>(glMapBufferRange(GL_ARRAY_BUFFER, 0, bytes, GL_MAP_WRITE_BIT | GL_MAP_INVALIDATE_BUFFER_BIT))) {
    write(mapped);
    if (glUnmapBuffer(GL_ARRAY_BUFFER) == GL_TRUE) return;
  }
  // The driver could not map the buffer (or lost its contents): through a copy instead.
  std::vector<float> copy(points.size() * 2);
  write(copy.data());
  glBufferSubData(GL_ARRAY_BUFFER, 0, bytes, copy.data());
}

// A new vertex array object, bound.
GLuint newVertexArray() {
  GLuint vao = 0;
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);
  return vao;
}

// A new buffer, bound to `target`, holding `values` (feature numbers or triangle indices).
GLuint newIndexBuffer(GLenum target, std::span<const std::uint32_t> values) {
  GLuint buffer = 0;
  glGenBuffers(1, &buffer);
  glBindBuffer(target, buffer);
  glBufferData(target, static_cast<GLsizeiptr>(values.size() * sizeof(std::uint32_t)), values.data(), GL_STATIC_DRAW);
  return buffer;
}

// A new GL_ARRAY_BUFFER, bound, holding `points` relative to `origin` (uploadRelative).
GLuint newPointBuffer(std::span<const Point> points, Point origin) {
  GLuint buffer = 0;
  glGenBuffers(1, &buffer);
  glBindBuffer(GL_ARRAY_BUFFER, buffer);
  uploadRelative(points, origin);
  return buffer;
}

void setCameraUniforms(const ShaderProgram& program, const Camera& camera, Point origin) {
  glUniform2f(program.uniform("u_offset"), static_cast<float>(origin.x - camera.center().x),
              static_cast<float>(origin.y - camera.center().y));
  glUniform2f(program.uniform("u_scale"), static_cast<float>(2 * camera.pixelsPerUnit() / camera.viewportWidth()),
              static_cast<float>(2 * camera.pixelsPerUnit() / camera.viewportHeight()));
}

}  // namespace

GlMapLayer::GlMapLayer(const LayerMesh& mesh)
    : m_featureCount(mesh.featureFirstSegment.empty() ? 0 : mesh.featureFirstSegment.size() - 1),
      m_hasFullDetail(mesh.hasFullDetail || mesh.coarserLevels.empty()) {
  if (!mesh.extent.empty())
    m_origin = {(mesh.extent.minX + mesh.extent.maxX) / 2, (mesh.extent.minY + mesh.extent.maxY) / 2};
  m_levels.push_back(upload(fullDetailData(mesh)));
  for (const MeshLevel& l : mesh.coarserLevels) {
    m_levels.push_back(upload(levelData(l)));
    m_tolerances.push_back(l.tolerance);
  }

  glGenBuffers(1, &m_colorBuffer);
  glGenTextures(1, &m_colorTexture);
  std::vector<FeatureStyle> none(m_featureCount);
  for (FeatureStyle& s : none) s.noFill = true;
  setFeatureStyles(none);
}

GlMapLayer::LevelData GlMapLayer::fullDetailData(const LayerMesh& mesh) {
  return {0, mesh.vertices, mesh.vertexFeature, mesh.indices, mesh.segments, mesh.featureFirstIndex, mesh.featureFirstSegment};
}

GlMapLayer::LevelData GlMapLayer::levelData(const MeshLevel& level) {
  return {level.tolerance, level.vertices,          level.vertexFeature,      level.indices,
          level.segments,  level.featureFirstIndex, level.featureFirstSegment};
}

GlMapLayer::Level GlMapLayer::upload(const LevelData& d, const std::function<void(UploadedArray)>& uploaded) const {
  const std::span<const Point> vertices = d.vertices, segments = d.segments;
  const std::span<const std::uint32_t> vertexFeature = d.vertexFeature, indices = d.indices;
  Level l;
  l.tolerance = d.tolerance;
  l.featureFirstSegment.assign(d.featureFirstSegment.begin(), d.featureFirstSegment.end());
  l.indexCount = static_cast<GLsizei>(indices.size());
  l.segmentCount = static_cast<GLsizei>(segments.size() / 2);

  // Chunks of kChunk consecutive features (features in file order are mostly neighbours, so their boxes stay
  // small); without per-feature ranges, one chunk of everything.
  constexpr std::size_t kChunk = 256;
  const std::size_t features = d.featureFirstIndex.empty() ? 0 : d.featureFirstIndex.size() - 1;
  const bool ranged = features > 0 && d.featureFirstSegment.size() == features + 1;
  for (std::size_t f = 0; f < (ranged ? features : 1); f += kChunk) {
    const std::size_t end = ranged ? std::min(features, f + kChunk) : 0;
    Chunk c;
    const std::size_t i0 = ranged ? d.featureFirstIndex[f] : 0, i1 = ranged ? d.featureFirstIndex[end] : indices.size();
    const std::size_t s0 = ranged ? d.featureFirstSegment[f] : 0;
    const std::size_t s1 = ranged ? d.featureFirstSegment[end] : segments.size() / 2;
    c.firstIndex = static_cast<GLsizei>(i0);
    c.indexCount = static_cast<GLsizei>(i1 - i0);
    c.firstSegment = static_cast<GLint>(s0);
    c.segmentCount = static_cast<GLsizei>(s1 - s0);
    for (std::size_t i = i0; i < i1; ++i) c.box.add(vertices[indices[i]].x, vertices[indices[i]].y);
    for (std::size_t s = 2 * s0; s < 2 * s1; ++s) c.box.add(segments[s].x, segments[s].y);
    l.chunks.push_back(c);
  }

  auto done = [&](UploadedArray a) {
    if (uploaded) uploaded(a);
  };
  l.lineVao = newVertexArray();
  l.lineVbo = newPointBuffer(segments, m_origin);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glVertexAttribDivisor(0, 1);
  glVertexAttribDivisor(1, 1);
  done(UploadedArray::Segments);

  l.fillVao = newVertexArray();
  l.fillVbo = newPointBuffer(vertices, m_origin);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  done(UploadedArray::Vertices);
  l.fillFeatureVbo = newIndexBuffer(GL_ARRAY_BUFFER, vertexFeature);
  glEnableVertexAttribArray(1);
  glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 0, nullptr);
  done(UploadedArray::VertexFeatures);
  l.fillIbo = newIndexBuffer(GL_ELEMENT_ARRAY_BUFFER, indices);
  glBindVertexArray(0);
  done(UploadedArray::Indices);
  return l;
}

void GlMapLayer::release(const Level& l) {
  GLuint buffers[] = {l.fillVbo, l.fillFeatureVbo, l.fillIbo, l.lineVbo};
  glDeleteBuffers(4, buffers);
  GLuint arrays[] = {l.fillVao, l.lineVao};
  glDeleteVertexArrays(2, arrays);
}

namespace {

// Frees the arrays of a mesh or level as upload() reports them on the GPU.
template <class Mesh>
std::function<void(GlMapLayer::UploadedArray)> freeAsUploaded(Mesh& m) {
  return [&m](GlMapLayer::UploadedArray a) {
    switch (a) {
      case GlMapLayer::UploadedArray::Segments: std::exchange(m.segments, {}); break;
      case GlMapLayer::UploadedArray::Vertices: std::exchange(m.vertices, {}); break;
      case GlMapLayer::UploadedArray::VertexFeatures: std::exchange(m.vertexFeature, {}); break;
      case GlMapLayer::UploadedArray::Indices: std::exchange(m.indices, {}); break;
    }
  };
}

}  // namespace

void GlMapLayer::setFullDetail(LayerMesh&& mesh) {
  release(m_levels.front());
  m_levels.front() = upload(fullDetailData(mesh), freeAsUploaded(mesh));
  m_hasFullDetail = true;
  addLevels(std::move(mesh.coarserLevels));
}

void GlMapLayer::addLevels(std::vector<MeshLevel>&& levels) {
  for (MeshLevel& l : levels) m_levels.push_back(upload(levelData(l), freeAsUploaded(l)));
  std::sort(m_levels.begin() + 1, m_levels.end(), [](const Level& a, const Level& b) { return a.tolerance < b.tolerance; });
  m_tolerances.clear();
  for (std::size_t i = 1; i < m_levels.size(); ++i) m_tolerances.push_back(m_levels[i].tolerance);
}

GlMapLayer::~GlMapLayer() {
  for (const Level& l : m_levels) release(l);
  glDeleteBuffers(1, &m_colorBuffer);
  glDeleteTextures(1, &m_colorTexture);
}

std::size_t GlMapLayer::levelFor(const Camera& camera) const {
  const std::size_t finest = m_hasFullDetail ? 0 : 1;
  if (!m_levelOfDetail) return finest;
  return std::clamp(chooseMeshLevel(m_tolerances, camera.pixelsPerUnit()), finest, m_levels.size() - 1);
}

void GlMapLayer::setFeatureStyles(std::span<const FeatureStyle> styles) {
  std::vector<std::uint8_t> texels(std::max<std::size_t>(1, m_featureCount) * 4, 0);
  m_anyHatch = false;
  for (std::size_t f = 0; f < m_featureCount; ++f) {
    std::uint8_t* t = &texels[f * 4];
    if (f >= styles.size()) {
      t[3] = 2;
      continue;
    }
    const FeatureStyle& s = styles[f];
    t[0] = s.fill.r;
    t[1] = s.fill.g;
    t[2] = s.fill.b;
    t[3] = static_cast<std::uint8_t>((s.hatch ? 1 : 0) | (s.noFill ? 2 : 0));
    m_anyHatch = m_anyHatch || (s.hatch && !s.noFill);
  }
  glBindBuffer(GL_TEXTURE_BUFFER, m_colorBuffer);
  glBufferData(GL_TEXTURE_BUFFER, static_cast<GLsizeiptr>(texels.size()), texels.data(), GL_DYNAMIC_DRAW);
  glBindTexture(GL_TEXTURE_BUFFER, m_colorTexture);
  glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA8, m_colorBuffer);
  glBindTexture(GL_TEXTURE_BUFFER, 0);
  glBindBuffer(GL_TEXTURE_BUFFER, 0);
}

void GlMapLayer::drawFills(const Camera& camera, const MapRenderer& renderer, float opacity) const {
  const Level& level = m_levels[levelFor(camera)];
  if (level.indexCount == 0) return;
  // The plain program unless some feature is hatched: its fragment shader does less for each pixel block of
  // each triangle, which a software rasteriser pays for on every frame.
  const ShaderProgram& p = m_anyHatch ? renderer.hatchFillProgram() : renderer.fillProgram();
  glUseProgram(p.id());
  setCameraUniforms(p, camera, m_origin);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_BUFFER, m_colorTexture);
  glUniform1i(p.uniform("u_colors"), 0);
  if (m_anyHatch) {
    glUniform3f(p.uniform("u_hatchColor"), renderer.hatchColor.r / 255.f, renderer.hatchColor.g / 255.f,
                renderer.hatchColor.b / 255.f);
    glUniform1f(p.uniform("u_hatchSpacing"), renderer.hatchSpacingPx);
    glUniform1f(p.uniform("u_hatchWidth"), renderer.hatchWidthPx);
  }
  glUniform1f(p.uniform("u_opacity"), opacity);
  if (opacity < 1) {
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  } else {
    glDisable(GL_BLEND);
  }
  glBindVertexArray(level.fillVao);
  forVisibleRuns(level, camera, false, [](GLsizei first, GLsizei count) {
    glDrawElements(GL_TRIANGLES, count, GL_UNSIGNED_INT,
                   reinterpret_cast<const void*>(static_cast<std::uintptr_t>(first) * sizeof(std::uint32_t)));
  });
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_BUFFER, 0);
}

void GlMapLayer::drawSegments(const Level& level, GLint first, GLsizei count, const Camera& camera, const MapRenderer& renderer,
                              const OutlineStyle& style) const {
  if (count <= 0) return;
  const ShaderProgram& p = renderer.lineProgram();
  glUseProgram(p.id());
  setCameraUniforms(p, camera, m_origin);
  glUniform2f(p.uniform("u_viewport"), static_cast<float>(camera.viewportWidth()), static_cast<float>(camera.viewportHeight()));
  glUniform1f(p.uniform("u_halfWidth"), style.widthPx / 2);
  glUniform4f(p.uniform("u_color"), style.color.r / 255.f, style.color.g / 255.f, style.color.b / 255.f, style.alpha);
  if (style.alpha < 1) {
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  } else {
    glDisable(GL_BLEND);
  }
  glBindVertexArray(level.lineVao);
  glBindBuffer(GL_ARRAY_BUFFER, level.lineVbo);
  // Instance i reads segment first + i: the two end points are consecutive pairs of floats.
  const auto base = static_cast<std::uintptr_t>(first) * 4 * sizeof(float);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), reinterpret_cast<const void*>(base));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), reinterpret_cast<const void*>(base + 2 * sizeof(float)));
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, count);
  glBindVertexArray(0);
}

void GlMapLayer::drawOutlines(const Camera& camera, const MapRenderer& renderer, const OutlineStyle& style) const {
  const Level& level = m_levels[levelFor(camera)];
  forVisibleRuns(level, camera, true, [&](GLsizei first, GLsizei count) {
    drawSegments(level, first, count, camera, renderer, style);
  });
}

template <class Draw>
void GlMapLayer::forVisibleRuns(const Level& level, const Camera& camera, bool segments, Draw&& draw) const {
  Extent view = camera.visibleExtent();
  // 16 pixels of slack: an outline (or highlight) of a feature just outside the view may still reach into it.
  const double slack = 16 / std::max(1e-300, camera.pixelsPerUnit());
  view.add(view.minX - slack, view.minY - slack);
  view.add(view.maxX + slack, view.maxY + slack);
  GLsizei runFirst = 0, runCount = 0;
  for (const Chunk& c : level.chunks) {
    const GLsizei first = segments ? c.firstSegment : c.firstIndex;
    const GLsizei count = segments ? c.segmentCount : c.indexCount;
    if (count == 0) continue;
    if (!c.box.overlaps(view)) continue;
    if (runCount > 0 && runFirst + runCount == first) {
      runCount += count;
      continue;
    }
    if (runCount > 0) draw(runFirst, runCount);
    runFirst = first;
    runCount = count;
  }
  if (runCount > 0) draw(runFirst, runCount);
}

void GlMapLayer::drawFeatureOutline(std::size_t feature, const Camera& camera, const MapRenderer& renderer,
                                    const OutlineStyle& style) const {
  // Full detail once it is in; before (a zoom that has not needed it), the finest level.
  const Level& level = m_levels[m_hasFullDetail || m_levels.size() == 1 ? 0 : 1];
  const std::vector<std::uint32_t>& ranges = level.featureFirstSegment;
  if (feature + 1 >= ranges.size()) return;
  GLint first = static_cast<GLint>(ranges[feature]);
  GLsizei count = static_cast<GLsizei>(ranges[feature + 1] - ranges[feature]);
  drawSegments(level, first, count, camera, renderer, style);
}

}  // namespace mobmap::render::gl
