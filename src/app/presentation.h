#pragma once
// Presentation mode for coalition meetings: the window goes full screen on its monitor (the monitor's video
// mode), type grows by ui::kPresentationScale, the side panels and status bar go away (the viewer stops
// drawing them while state.meeting.presenting is set), and the keys step through the project's saved views.
#include "ui/viewer_state.h"

struct GLFWwindow;

namespace mobmap::app {

class Presentation {
 public:
  explicit Presentation(GLFWwindow* window) : m_window(window) {}

  bool active() const { return m_active; }
  // Full screen on the window's monitor (else the primary one) at its current video mode, UI scale ×
  // ui::kPresentationScale.
  void enter(ui::ViewerState& state);
  // Back to the window's earlier position, size, UI scale, data table and, when the same view is shown, the
  // camera (entering fits the map to the screen).
  void leave(ui::ViewerState& state);

  // Keys of the current frame (ImGui's keyboard state): F5 or a panel's request enters; in presentation
  // Esc (with no note being placed or edited) and F5 leave, Left / Right / PageUp / PageDown (what a clicker
  // sends) ask for the previous / next saved view through state.requestedView. Also keeps
  // state.meeting.presentPosition current.
  void handleKeys(ui::ViewerState& state);

 private:
  GLFWwindow* m_window;
  bool m_active = false;
  int m_x = 0, m_y = 0, m_width = 0, m_height = 0;  // the window before full screen
  float m_savedScale = 1;
  render::Camera m_savedCamera;  // where the map was before presenting
  std::string m_savedView;
  bool m_savedTable = false;
};

}  // namespace mobmap::app
