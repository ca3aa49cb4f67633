#include "app/map_canvas.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <ostream>

#include "app/frame_timings.h"

namespace mobmap::app {

namespace {

constexpr double kPxPerPt = 96.0 / 72.0;
const style::Rgb kBackground{250, 250, 248};

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

void MapCanvas::setView(session::LoadedView& view) {
  const auto t0 = std::chrono::steady_clock::now();
  m_view = &view;
  m_main = std::make_unique<render::gl::GlMapLayer>(view.mesh);
  view.releaseMainMesh();
  m_detailPending = view.meshDetail != nullptr;
  takeDetail(view);
  m_main->setLevelOfDetail(m_levelOfDetail);
  setContextLayers(view);
  m_colorsVersion = -1;
  view.makeProbeAndPicker();  // the loader's, or made now for a view made elsewhere
  m_typicalFeatureSize = view.picker->typicalFeatureSize();
  m_uploadS = secondsSince(t0);
  m_fullDetailUploadS = 0;
  m_drawnSinceView = false;
  m_viewAtS = FrameTimings::sinceStart();
}

void MapCanvas::setContextLayers(const session::LoadedView& view) {
  m_context.clear();
  for (const render::LayerMesh& m : view.contextMeshes) {
    m_context.push_back(std::make_unique<render::gl::GlMapLayer>(m));
    std::vector<render::gl::FeatureStyle> none(m_context.back()->featureCount());
    for (auto& s : none) s.noFill = true;
    m_context.back()->setFeatureStyles(none);
  }
}

// The detail job hands each mesh over once: after the upload only the GPU holds it.
void MapCanvas::takeDetail(session::LoadedView& view) {
  if (!m_main->hasFullDetail() && view.meshDetail)
    if (std::optional<render::LayerMesh> full = view.meshDetail->takeResult()) {  // tessellated meanwhile: upload it
      const auto t0 = std::chrono::steady_clock::now();
      m_main->setFullDetail(std::move(*full));
      m_fullDetailUploadS = secondsSince(t0);
    }
  if (view.meshDetail) {
    if (std::optional<std::vector<render::MeshLevel>> levels = view.meshDetail->takeLevels()) m_main->addLevels(std::move(*levels));
    m_detailPending = !view.meshDetail->idle();
  }
}

void MapCanvas::printStages(std::ostream& out, const session::LoadedView& view) const {
  const session::LoadStageTimes& t = view.times;
  out << std::fixed << std::setprecision(3) << "stages: load_start_s=" << FrameTimings::sinceStart(t.startedAt)
      << " load_done_s=" << FrameTimings::sinceStart(t.doneAt) << " read_s=" << t.readS << " reproject_s=" << t.reprojectS
      << " levels_s=" << t.levelsS << " full_tessellate_s=" << t.fullDetailS << " view_at_s=" << m_viewAtS
      << " upload_s=" << m_uploadS << " detail_tessellate_s=" << (view.meshDetail ? view.meshDetail->seconds() : 0.0)
      << " finer_levels_s=" << (view.meshDetail ? view.meshDetail->levelSeconds() : 0.0)
      << " detail_upload_s=" << m_fullDetailUploadS << "\n";
  out.unsetf(std::ios::floatfield);
  if (!m_main) return;
  for (std::size_t i = 0; i < m_main->levelCount(); ++i) {
    const render::gl::GlMapLayer::LevelStats st = m_main->levelStats(i);
    out << "level " << i << ": tolerance=" << st.tolerance << " px=" << st.tolerance * m_lastPpu
        << " triangles=" << st.triangles << " segments=" << st.segments << "\n";
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
  if (state.view.get() == m_view) {
    if (m_drawnSinceView && state.view->meshDetail) state.view->meshDetail->go();  // the first frame is out
    // Finer levels and full detail are built only for a zoom the levels in hand are too coarse for: within
    // half a pixel (full detail at once with level of detail off).
    if (state.view->meshDetail && (!m_levelOfDetail || !m_main->detailSufficient(state.camera)))
      state.view->meshDetail->needDetail(m_levelOfDetail ? 0.5 / state.camera.pixelsPerUnit() : 0.0);
    takeDetail(*state.view);
  }
  m_drawnSinceView = state.view.get() == m_view;
  updateColors(state);
  const render::Camera& cam = state.camera;
  m_lastPpu = cam.pixelsPerUnit();
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
    const session::OverlayLayer* overlay = i < state.view->data.contextLayers.size() ? &state.view->data.contextLayers[i] : nullptr;
    const double widthPt = overlay && overlay->lineWidthPt >= 0 ? overlay->lineWidthPt : ms ? ms->contextOutlineWidthPt : 0.8;
    outline.color = overlay && overlay->color ? *overlay->color : ms ? ms->contextOutline : style::Rgb{34, 34, 34};
    outline.widthPx = std::max(1.0f, static_cast<float>(widthPt * kPxPerPt) * fbs);
    outline.alpha = d.opacity;
    m_context[i]->drawOutlines(cam, m_renderer, outline);
  }
  for (std::size_t f : state.customArea.picked)  // custom-area picks: an orange outline
    if (f < m_main->featureCount()) m_main->drawFeatureOutline(f, cam, m_renderer, {{230, 120, 0}, 1.0f, 3.0f * fbs});
  if (state.selected) {
    m_main->drawFeatureOutline(*state.selected, cam, m_renderer, {{255, 255, 255}, 1.0f, 5.0f * fbs});
    m_main->drawFeatureOutline(*state.selected, cam, m_renderer, {{0, 0, 0}, 1.0f, 2.5f * fbs});
  }
  if (const auto& found = state.foundOverlayArea; found && found->overlay < m_context.size()) {  // Find's overlay hit
    m_context[found->overlay]->drawFeatureOutline(found->feature, cam, m_renderer, {{255, 255, 255}, 1.0f, 6.0f * fbs});
    m_context[found->overlay]->drawFeatureOutline(found->feature, cam, m_renderer, {{0, 90, 200}, 1.0f, 3.0f * fbs});
  }
  if (state.hovered && state.hovered != state.selected)
    m_main->drawFeatureOutline(*state.hovered, cam, m_renderer, {{20, 20, 20}, 1.0f, 2.0f * fbs});
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
}

}  // namespace mobmap::app
