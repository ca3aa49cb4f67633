#include "render/gl/gl_map_layer.h"

#include <algorithm>

#include "render/gl/map_renderer.h"

namespace mobmap::render::gl {

namespace {

// Float coordinates relative to the local origin: small numbers keep float precision at street scale.
std::vector<float> relative(std::span<const Point> points, Point origin) {
  std::vector<float> out;
  out.reserve(points.size() * 2);
  for (const Point& p : points) {
    out.push_back(static_cast<float>(p.x - origin.x));
    out.push_back(static_cast<float>(p.y - origin.y));
  }
  return out;
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
      m_featureFirstSegment(mesh.featureFirstSegment),
      m_hasFullDetail(mesh.hasFullDetail || mesh.coarserLevels.empty()) {
  if (!mesh.extent.empty())
    m_origin = {(mesh.extent.minX + mesh.extent.maxX) / 2, (mesh.extent.minY + mesh.extent.maxY) / 2};
  m_levels.push_back(upload(0, mesh.vertices, mesh.vertexFeature, mesh.indices, mesh.segments));
  for (const MeshLevel& l : mesh.coarserLevels) {
    m_levels.push_back(upload(l.tolerance, l.vertices, l.vertexFeature, l.indices, l.segments));
    m_tolerances.push_back(l.tolerance);
  }

  glGenBuffers(1, &m_colorBuffer);
  glGenTextures(1, &m_colorTexture);
  std::vector<FeatureStyle> none(m_featureCount);
  for (FeatureStyle& s : none) s.noFill = true;
  setFeatureStyles(none);
}

GlMapLayer::Level GlMapLayer::upload(double tolerance, std::span<const Point> vertices,
                                     std::span<const std::uint32_t> vertexFeature, std::span<const std::uint32_t> indices,
                                     std::span<const Point> segments) const {
  Level l;
  l.tolerance = tolerance;
  l.indexCount = static_cast<GLsizei>(indices.size());
  l.segmentCount = static_cast<GLsizei>(segments.size() / 2);

  glGenVertexArrays(1, &l.fillVao);
  glBindVertexArray(l.fillVao);
  std::vector<float> pos = relative(vertices, m_origin);
  glGenBuffers(1, &l.fillVbo);
  glBindBuffer(GL_ARRAY_BUFFER, l.fillVbo);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(pos.size() * sizeof(float)), pos.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glGenBuffers(1, &l.fillFeatureVbo);
  glBindBuffer(GL_ARRAY_BUFFER, l.fillFeatureVbo);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertexFeature.size() * sizeof(std::uint32_t)),
               vertexFeature.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(1);
  glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, 0, nullptr);
  glGenBuffers(1, &l.fillIbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, l.fillIbo);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * sizeof(std::uint32_t)),
               indices.data(), GL_STATIC_DRAW);

  glGenVertexArrays(1, &l.lineVao);
  glBindVertexArray(l.lineVao);
  std::vector<float> seg = relative(segments, m_origin);
  glGenBuffers(1, &l.lineVbo);
  glBindBuffer(GL_ARRAY_BUFFER, l.lineVbo);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(seg.size() * sizeof(float)), seg.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glVertexAttribDivisor(0, 1);
  glVertexAttribDivisor(1, 1);
  glBindVertexArray(0);
  return l;
}

void GlMapLayer::release(const Level& l) {
  GLuint buffers[] = {l.fillVbo, l.fillFeatureVbo, l.fillIbo, l.lineVbo};
  glDeleteBuffers(4, buffers);
  GLuint arrays[] = {l.fillVao, l.lineVao};
  glDeleteVertexArrays(2, arrays);
}

void GlMapLayer::setFullDetail(const LayerMesh& mesh) {
  release(m_levels.front());
  m_levels.front() = upload(0, mesh.vertices, mesh.vertexFeature, mesh.indices, mesh.segments);
  for (const MeshLevel& l : mesh.coarserLevels)
    m_levels.push_back(upload(l.tolerance, l.vertices, l.vertexFeature, l.indices, l.segments));
  std::sort(m_levels.begin() + 1, m_levels.end(), [](const Level& a, const Level& b) { return a.tolerance < b.tolerance; });
  m_tolerances.clear();
  for (std::size_t i = 1; i < m_levels.size(); ++i) m_tolerances.push_back(m_levels[i].tolerance);
  m_featureFirstSegment = mesh.featureFirstSegment;
  m_hasFullDetail = true;
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
  const ShaderProgram& p = renderer.fillProgram();
  glUseProgram(p.id());
  setCameraUniforms(p, camera, m_origin);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_BUFFER, m_colorTexture);
  glUniform1i(p.uniform("u_colors"), 0);
  glUniform3f(p.uniform("u_hatchColor"), renderer.hatchColor.r / 255.f, renderer.hatchColor.g / 255.f,
              renderer.hatchColor.b / 255.f);
  glUniform1f(p.uniform("u_hatchSpacing"), renderer.hatchSpacingPx);
  glUniform1f(p.uniform("u_hatchWidth"), renderer.hatchWidthPx);
  glUniform1f(p.uniform("u_opacity"), opacity);
  if (opacity < 1) {
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  } else {
    glDisable(GL_BLEND);
  }
  glBindVertexArray(level.fillVao);
  glDrawElements(GL_TRIANGLES, level.indexCount, GL_UNSIGNED_INT, nullptr);
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
  drawSegments(level, 0, level.segmentCount, camera, renderer, style);
}

void GlMapLayer::drawFeatureOutline(std::size_t feature, const Camera& camera, const MapRenderer& renderer,
                                    const OutlineStyle& style) const {
  if (feature + 1 >= m_featureFirstSegment.size()) return;
  GLint first = static_cast<GLint>(m_featureFirstSegment[feature]);
  GLsizei count = static_cast<GLsizei>(m_featureFirstSegment[feature + 1] - m_featureFirstSegment[feature]);
  drawSegments(m_levels.front(), first, count, camera, renderer, style);
}

}  // namespace mobmap::render::gl
