#include "app/map_canvas.h"

#include <algorithm>
#include <cmath>

namespace mobmap::app {

namespace {

constexpr double kPxPerPt = 96.0 / 72.0;
const style::Rgb kBackground{250, 250, 248};

}  // namespace

void MapCanvas::setView(const session::LoadedView& view) {
  m_main = std::make_unique<render::gl::GlMapLayer>(view.mesh);
  m_main->setLevelOfDetail(m_levelOfDetail);
  m_context.clear();
  for (const render::LayerMesh& m : view.contextMeshes) m_context.push_back(std::make_unique<render::gl::GlMapLayer>(m));
  m_colorsVersion = -1;
  // The typical area's size: the median of the square roots of the feature bounding-box areas (a mean would
  // be dominated by a few large rural areas while most are small and dense).
  const GeometryStore& g = view.data.layer.geometry;
  std::vector<double> sizes;
  sizes.reserve(g.featureCount());
  for (std::size_t f = 0; f < g.featureCount(); ++f) {
    Extent e = g.featureExtent(f);
    if (!e.empty()) sizes.push_back(std::sqrt(e.width() * e.height()));
  }
  m_typicalFeatureSize = 0;
  if (!sizes.empty()) {
    std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2), sizes.end());
    m_typicalFeatureSize = sizes[sizes.size() / 2];
  }
  for (auto& c : m_context) {
    std::vector<render::gl::FeatureStyle> none(c->featureCount());
    for (auto& s : none) s.noFill = true;
    c->setFeatureStyles(none);
  }
}

void MapCanvas::updateColors(const ui::ViewerState& state) {
  if (!m_main || m_colorsVersion == state.colorsVersion) return;
  m_colorsVersion = state.colorsVersion;
  std::vector<render::gl::FeatureStyle> styles(m_main->featureCount());
  if (state.map) {
    const render::ThematicMap& map = *state.map;
    for (std::size_t f = 0; f < styles.size() && f < map.fillIndex.size(); ++f) {
      int idx = map.fillIndex[f];
      if (idx < 0 || idx >= static_cast<int>(map.fills.size())) {
        styles[f].noFill = true;
        continue;
      }
      const render::Fill& fill = map.fills[static_cast<std::size_t>(idx)];
      styles[f].fill = fill.color;
      styles[f].hatch = (f < map.lowQuality.size() && map.lowQuality[f]) || fill.pattern != render::Pattern::None;
    }
  } else {
    for (auto& s : styles) s.fill = {217, 217, 217};  // the field cannot be mapped: the no-data grey
  }
  m_main->setFeatureStyles(styles);
}

void MapCanvas::draw(const ui::ViewerState& state, int x, int y, int width, int height) {
  render::gl::MapRenderer::beginCanvas(x, y, width, height, kBackground);
  if (!m_main || !state.view) {
    glDisable(GL_SCISSOR_TEST);
    return;
  }
  updateColors(state);
  const render::Camera& cam = state.camera;
  const float fbs = state.framebufferScale;
  const style::MapStyle* ms = state.map ? &state.map->style : nullptr;
  if (ms) {
    m_renderer.hatchColor = ms->lowQualityHatch.color;
    m_renderer.hatchSpacingPx = static_cast<float>(std::max(3.0, ms->lowQualityHatch.spacingPt * kPxPerPt * 1.5) * fbs);
    m_renderer.hatchWidthPx = static_cast<float>(std::max(1.0, ms->lowQualityHatch.lineWidthPt * kPxPerPt * 1.5) * fbs);
  }
  const ui::LayerDisplay& main = state.mainLayer;
  if (main.visible) {
    if (!main.outlineOnly) m_main->drawFills(cam, m_renderer, main.opacity);
    // Outlines fade out when areas get only a few pixels across, so dense layers do not turn grey.
    const double featurePx = m_typicalFeatureSize * cam.pixelsPerUnit() / fbs;
    render::gl::OutlineStyle outline;
    outline.color = ms ? ms->outline : style::Rgb{110, 110, 110};
    outline.widthPx = std::max(1.0f, static_cast<float>((ms ? ms->outlineWidthPt : 0.25) * kPxPerPt * 2) * fbs);
    outline.alpha = main.outlineOnly ? main.opacity : static_cast<float>(std::clamp((featurePx - 6) / 18, 0.0, 1.0)) * main.opacity;
    if (outline.alpha > 0.01f) m_main->drawOutlines(cam, m_renderer, outline);
  }
  for (std::size_t i = 0; i < m_context.size() && i < state.contextLayers.size(); ++i) {
    const ui::LayerDisplay& d = state.contextLayers[i];
    if (!d.visible) continue;
    render::gl::OutlineStyle outline;
    outline.color = ms ? ms->contextOutline : style::Rgb{34, 34, 34};
    outline.widthPx = std::max(1.0f, static_cast<float>((ms ? ms->contextOutlineWidthPt : 0.8) * kPxPerPt) * fbs);
    outline.alpha = d.opacity;
    m_context[i]->drawOutlines(cam, m_renderer, outline);
  }
  for (std::size_t f : state.customArea.picked)  // custom-area picks: an orange outline
    if (f < m_main->featureCount()) m_main->drawFeatureOutline(f, cam, m_renderer, {{230, 120, 0}, 1.0f, 3.0f * fbs});
  if (state.selected) {
    m_main->drawFeatureOutline(*state.selected, cam, m_renderer, {{255, 255, 255}, 1.0f, 5.0f * fbs});
    m_main->drawFeatureOutline(*state.selected, cam, m_renderer, {{0, 0, 0}, 1.0f, 2.5f * fbs});
  }
  if (state.hovered && state.hovered != state.selected)
    m_main->drawFeatureOutline(*state.hovered, cam, m_renderer, {{20, 20, 20}, 1.0f, 2.0f * fbs});
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
}

}  // namespace mobmap::app
