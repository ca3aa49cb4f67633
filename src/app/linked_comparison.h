#pragma once
// The linked comparison: the shown view (left, the viewer's own state) beside a second saved view (right),
// two viewports with one camera so pan and zoom stay in step, and by default the same classes on both sides
// (ui::buildLinkedMaps), or independent classes when pooling would mislead (ui::poolingProblem). When the two
// views have different display CRSs the right camera follows the left through longitude/latitude at the same
// ground scale; only when the CRSs cannot be related does each side get its own camera, and state.meeting says
// so.
//
// Usage, each frame (GL context current):
//   comparison.update(state);                        // loads the right view, recolours both sides
//   if (comparison.active()) { split the map area with halves(); syncCamera(); draw(); route the pointer }
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "app/map_canvas.h"
#include "session/view_loader.h"
#include "ui/panels.h"

namespace mobmap::app {

// `camera` (in the CRS of `from`) as a camera of the CRS of `to` showing the same place: the same centre in
// longitude/latitude and the same ground metres per pixel there, the same viewport. nullopt when PROJ cannot
// take the centre from one to the other.
std::optional<render::Camera> cameraAcrossCrs(const render::Camera& camera, const session::MapProbe& from,
                                              const session::MapProbe& to);

class LinkedComparison {
 public:
  // Follows state.meeting: loads the right-hand view in the background when it changes, drops it when the
  // comparison is switched off (restoring the left map's own classes), and rebuilds both sides' colours
  // when either map or the choice of breaks changes. Errors go to state.meeting.compareMessage.
  void update(ui::ViewerState& state);

  // True when both sides are loaded and the comparison is on.
  bool active(const ui::ViewerState& state) const;
  // True while the right-hand view is loading.
  bool busy() const { return m_loader.busy(); }
  std::string stage() const { return m_loader.stage(); }

  // The left and right halves of the map area (the same size, so one camera fits both).
  static std::pair<ui::PanelRect, ui::PanelRect> halves(const ui::PanelRect& area);

  // The right side's state (its view, map, camera, hover and selection).
  ui::ViewerState& right() { return m_right; }

  // Gives the right side the left camera (linked) or keeps its own at the same viewport size (unlinked).
  void syncCamera(const ui::ViewerState& state);
  // Draws the right side into the framebuffer rectangle (x, y from the bottom left).
  void draw(int x, int y, int width, int height);

  // After the viewer handled the pointer with the left state: when it was over the right half, moves the
  // hover to the right side's own areas, and keeps a click there from selecting a left-side area of another
  // layer (`selectedBefore` is the left selection before the frame's input).
  void routePointer(ui::ViewerState& state, bool overRight, std::optional<std::size_t> selectedBefore);

 private:
  bool sameLayer(const ui::ViewerState& state) const;
  // The right side's camera showing what the left camera shows (the same centre in lon/lat, the same ground
  // metres per pixel), for views in different display CRSs; nullopt when PROJ cannot relate them there.
  std::optional<render::Camera> cameraAcross(const ui::ViewerState& state) const;
  bool m_acrossCrs = false;  // the two views have different display CRSs

  session::ViewLoader m_loader;
  ui::ViewerState m_right;
  std::unique_ptr<MapCanvas> m_canvas;
  std::string m_loadedName, m_loadingName;
  int m_seenLeftVersion = -1;
  bool m_seenIndependent = false;
  bool m_dirty = false;
  bool m_leftRecoloured = false;  // the left map carries the comparison's classes
};

}  // namespace mobmap::app
