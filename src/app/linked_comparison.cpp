#include "app/linked_comparison.h"

#include <cmath>

#include "ui/linked_maps.h"

namespace mobmap::app {

void LinkedComparison::update(ui::ViewerState& state) {
  ui::MeetingState& m = state.meeting;
  const bool wanted = m.comparing && !m.compareWith.empty() && !state.projectFile.empty();
  if (!wanted) {
    if (m_right.view || m_loader.busy()) {
      m_loader.discard();  // not busy any more, so the frame loop stops polling for it
      m_right.view.reset();
      m_right.map.reset();
      m_loadedName.clear();
      m_loadingName.clear();
    }
    if (std::exchange(m_leftRecoloured, false)) ui::rebuildMap(state);  // the left view's own classes again
    return;
  }
  if (m.compareWith != m_loadedName && m.compareWith != m_loadingName) {
    try {
      session::ViewSpec spec;
      spec.data = state.projectFile;
      session::applyProjectView(spec, m.compareWith);
      m_loadingName = m.compareWith;
      m.compareMessage.clear();
      m_loader.start(std::move(spec));
    } catch (const std::exception& e) {
      m.compareMessage = e.what();
      m.comparing = false;
      return;
    }
  }
  if (auto result = m_loader.takeResult()) {
    if (!result->view) {
      m.compareMessage = "Could not load " + m_loadingName + ": " + result->error;
      m_loadingName.clear();
      m.comparing = false;
      return;
    }
    if (!m_canvas) m_canvas = std::make_unique<MapCanvas>();
    m_canvas->setView(*result->view);
    ui::installView(m_right, std::move(result->view));
    m_loadedName = std::exchange(m_loadingName, std::string());
    m_dirty = true;
    state.zoomToLayerRequested = true;  // the map is now half as wide: fit the layer again
  }
  if (!state.view || !m_right.view || m_loadedName != m.compareWith) return;

  m_acrossCrs = state.view->data.displayCrs != m_right.view->data.displayCrs;
  m.camerasLinked = !m_acrossCrs || cameraAcross(state).has_value();
  const std::string crsNote = m.camerasLinked ? std::string()
                                              : "The views use display CRSs that cannot be related (" + state.view->data.displayCrs +
                                                    ", " + m_right.view->data.displayCrs + "): pan and zoom are not linked";
  if (m_dirty && !m.breaksChosen) {  // a new pair of views: pooled classes unless they would mislead
    try {
      m.poolingProblem = ui::poolingProblem(ui::buildLinkedMaps(*state.view, *m_right.view, false));
    } catch (const std::exception&) {
      m.poolingProblem.clear();  // the build below says what is wrong
    }
    m.independentBreaks = !m.poolingProblem.empty();
  }
  if (m.breaksChosen) m.poolingProblem.clear();
  if (m_dirty || state.colorsVersion != m_seenLeftVersion || m.independentBreaks != m_seenIndependent) {
    m_dirty = false;
    m_seenIndependent = m.independentBreaks;
    m.compareMessage = crsNote;
    try {
      ui::LinkedMaps maps = ui::buildLinkedMaps(*state.view, *m_right.view, !m.independentBreaks);
      state.map = std::move(maps.left);
      state.mapError.clear();
      ++state.colorsVersion;
      m_leftRecoloured = true;
      m_right.map = std::move(maps.right);
      m_right.mapError.clear();
      ++m_right.colorsVersion;
    } catch (const std::exception& e) {
      // Each side keeps (or gets) its own classes; say why they are not shared.
      m.compareMessage = std::string("Classes not shared: ") + e.what();
      if (std::exchange(m_leftRecoloured, false)) ui::rebuildMap(state);
      ui::rebuildMap(m_right);
    }
    m_seenLeftVersion = state.colorsVersion;
  }
}

bool LinkedComparison::active(const ui::ViewerState& state) const {
  return state.meeting.comparing && state.view && m_right.view && m_loadedName == state.meeting.compareWith;
}

std::pair<ui::PanelRect, ui::PanelRect> LinkedComparison::halves(const ui::PanelRect& area) {
  const float gap = 4;  // a thin divider of background between the maps
  const float w = std::floor((area.width - gap) / 2);
  return {ui::PanelRect{area.x, area.y, w, area.height}, ui::PanelRect{area.x + area.width - w, area.y, w, area.height}};
}

bool LinkedComparison::sameLayer(const ui::ViewerState& state) const {
  return state.view && m_right.view && state.view->spec.data == m_right.view->spec.data &&
         state.view->spec.layer == m_right.view->spec.layer &&
         state.view->data.layer.featureCount() == m_right.view->data.layer.featureCount();
}

void LinkedComparison::syncCamera(const ui::ViewerState& state) {
  m_right.framebufferScale = state.framebufferScale;
  m_right.uiScale = state.uiScale;
  if (state.meeting.camerasLinked) {
    if (!m_acrossCrs) {
      m_right.camera = state.camera;
    } else if (auto across = cameraAcross(state)) {
      m_right.camera = *across;
    }
    m_right.zoomToLayerRequested = false;
  } else {
    m_right.camera.setViewport(state.camera.viewportWidth(), state.camera.viewportHeight());
    if (m_right.zoomToLayerRequested && state.camera.viewportWidth() > 1) {
      m_right.zoomToLayerRequested = false;
      m_right.camera.fit(m_right.homeExtent, 24 * state.framebufferScale);
    }
  }
  if (sameLayer(state)) m_right.selected = state.selected;
}

std::optional<render::Camera> cameraAcrossCrs(const render::Camera& camera, const session::MapProbe& from,
                                              const session::MapProbe& to) {
  const Point centre = camera.center();
  const std::optional<Point> lonLat = from.lonLat(centre);
  const std::optional<Point> toCentre = lonLat ? to.displayPoint(*lonLat) : std::nullopt;
  if (!toCentre) return std::nullopt;
  const std::optional<double> fromMetres = from.groundMetresPerUnit(centre);
  const std::optional<double> toMetres = to.groundMetresPerUnit(*toCentre);
  if (!fromMetres || !toMetres || !(*fromMetres > 0) || !(*toMetres > 0)) return std::nullopt;
  render::Camera out = camera;  // the viewport
  out.setScaleLimits(0, 1e300);
  out.setCenter(*toCentre);
  out.setPixelsPerUnit(camera.pixelsPerUnit() * *toMetres / *fromMetres);  // the same ground metres per pixel
  return out;
}

std::optional<render::Camera> LinkedComparison::cameraAcross(const ui::ViewerState& state) const {
  if (!state.probe || !m_right.probe) return std::nullopt;
  return cameraAcrossCrs(state.camera, *state.probe, *m_right.probe);
}

void LinkedComparison::draw(int x, int y, int width, int height) {
  if (m_canvas && width > 0 && height > 0) m_canvas->draw(m_right, x, y, width, height);
}

void LinkedComparison::routePointer(ui::ViewerState& state, bool overRight, std::optional<std::size_t> selectedBefore) {
  m_right.hovered.reset();
  m_right.cursorWorld.reset();
  if (!overRight) return;
  m_right.cursorWorld = state.cursorWorld;
  // Linked across display CRSs, the pointer was placed with the left camera: the same pixel on the right map.
  if (m_acrossCrs && state.meeting.camerasLinked && state.cursorWorld)
    m_right.cursorWorld = m_right.camera.screenToWorld(state.camera.worldToScreen(*state.cursorWorld));
  state.cursorWorld.reset();
  state.hovered.reset();
  if (m_right.cursorWorld && m_right.picker) m_right.hovered = m_right.picker->pick(*m_right.cursorWorld);
  if (state.selected != selectedBefore && !sameLayer(state)) {
    // A click on the right map selects among the right layer's areas, not the left one's.
    state.selected = selectedBefore;
    m_right.selected = m_right.cursorWorld && m_right.picker ? m_right.picker->pick(*m_right.cursorWorld) : std::nullopt;
  }
}

}  // namespace mobmap::app
