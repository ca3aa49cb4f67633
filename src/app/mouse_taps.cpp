#include "app/mouse_taps.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <array>
#include <deque>

namespace mobmap::app {

namespace {

constexpr int kButtons = 3;  // left, right, middle: what the viewer uses

// One viewer window per process, so one set of buttons.
std::array<std::deque<bool>, kButtons> g_queued;  // per button: the states to show, oldest first
std::array<bool, kButtons> g_down{};              // per button: the state the last frame showed
GLFWwindow* g_window = nullptr;

void onMouseButton(GLFWwindow* window, int button, int action, int mods) {
  if (button >= 0 && button < kButtons) g_queued[static_cast<std::size_t>(button)].push_back(action == GLFW_PRESS);
  ImGui_ImplGlfw_MouseButtonCallback(window, button, action, mods);
}

}  // namespace

void installMouseTaps(GLFWwindow* window) {
  g_window = window;
  glfwSetMouseButtonCallback(window, onMouseButton);
}

void applyMouseTaps() {
  ImGuiIO& io = ImGui::GetIO();
  for (std::size_t b = 0; b < kButtons; ++b) {
    if (!g_queued[b].empty()) {
      g_down[b] = g_queued[b].front();
      g_queued[b].pop_front();
    } else if (g_window) {  // every change shown: the button as it is now
      g_down[b] = glfwGetMouseButton(g_window, static_cast<int>(b)) == GLFW_PRESS;
    }
    io.MouseDown[b] = g_down[b];
  }
}

}  // namespace mobmap::app
