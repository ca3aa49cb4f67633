#include "app/presentation.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <utility>

namespace mobmap::app {

namespace {

// The monitor under the window's centre (a projector beside a laptop screen), else the primary one.
GLFWmonitor* monitorOf(GLFWwindow* window) {
  int x = 0, y = 0, w = 0, h = 0;
  glfwGetWindowPos(window, &x, &y);
  glfwGetWindowSize(window, &w, &h);
  const int cx = x + w / 2, cy = y + h / 2;
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  for (int i = 0; i < count; ++i) {
    int mx = 0, my = 0;
    glfwGetMonitorPos(monitors[i], &mx, &my);
    const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
    if (mode && cx >= mx && cy >= my && cx < mx + mode->width && cy < my + mode->height) return monitors[i];
  }
  return glfwGetPrimaryMonitor();
}

}  // namespace

void Presentation::enter(ui::ViewerState& state) {
  if (m_active) return;
  glfwGetWindowPos(m_window, &m_x, &m_y);
  glfwGetWindowSize(m_window, &m_width, &m_height);
  if (GLFWmonitor* monitor = monitorOf(m_window)) {
    // Stay full screen when the presenter clicks on another screen (a laptop beside the projector).
    glfwSetWindowAttrib(m_window, GLFW_AUTO_ICONIFY, GLFW_FALSE);
    if (const GLFWvidmode* mode = glfwGetVideoMode(monitor))
      glfwSetWindowMonitor(m_window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  }
  m_savedScale = state.uiScale;
  m_savedCamera = state.camera;
  m_savedView = state.viewName;
  state.zoomToLayerRequested = true;  // the map fitted to the screen (again once the window is full screen)
  state.uiScale = m_savedScale * ui::kPresentationScale;
  m_savedTable = std::exchange(state.showTable, false);
  state.meeting.presenting = true;
  state.notes.publishedOnly = true;  // a projected map shows only notes that may be shown outside the coalition
  m_active = true;
}

void Presentation::leave(ui::ViewerState& state) {
  if (!m_active) return;
  glfwSetWindowMonitor(m_window, nullptr, m_x, m_y, m_width, m_height, 0);
  state.uiScale = m_savedScale;
  state.showTable = m_savedTable;
  // Back to where the planner was, when the view is still the one shown before; else the new view fitted.
  if (state.viewName == m_savedView)
    state.camera = m_savedCamera;
  else
    state.zoomToLayerRequested = true;
  state.meeting.presenting = false;
  state.notes.publishedOnly = false;
  m_active = false;
}

void Presentation::handleKeys(ui::ViewerState& state) {
  state.meeting.presentPosition = ui::viewPosition(state.projectViews, state.viewName);
  if (std::exchange(state.meeting.presentRequested, false)) enter(state);
  if (ImGui::GetIO().WantCaptureKeyboard) return;
  // ImGui 1.86 indexes keys by the GLFW key codes.
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key); };
  if (!m_active) {
    if (pressed(GLFW_KEY_F5)) enter(state);
    return;
  }
  const bool placingNote = state.notes.addArmed || state.notes.draft;
  if (pressed(GLFW_KEY_F5) || (pressed(GLFW_KEY_ESCAPE) && !placingNote)) {
    leave(state);
    return;
  }
  int step = 0;
  if (pressed(GLFW_KEY_RIGHT) || pressed(GLFW_KEY_PAGE_DOWN)) ++step;
  if (pressed(GLFW_KEY_LEFT) || pressed(GLFW_KEY_PAGE_UP)) --step;
  if (step != 0 && !state.projectViews.empty()) {
    const std::string next = ui::adjacentView(state.projectViews, state.viewName, step);
    if (next != state.viewName) state.requestedView = next;
  }
}

}  // namespace mobmap::app
