#include "app/key_taps.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>

#include <vector>

namespace mobmap::app {

namespace {

struct HeldRelease {
  int key, scancode, mods;
};

// One viewer window per process, so one set of keys.
bool g_pressedSincePoll = false;
std::vector<HeldRelease> g_held;

void onKey(GLFWwindow* window, int key, int scancode, int action, int mods) {
  // A release after a press between the same two frames waits for the frame after: the frame then sees the
  // pressed key together with every key still held with it (Ctrl+Z sent as Ctrl down, Z down, Ctrl up, Z up).
  if (action == GLFW_RELEASE && (g_pressedSincePoll || !g_held.empty())) {
    g_held.push_back({key, scancode, mods});
    return;
  }
  if (action == GLFW_PRESS) g_pressedSincePoll = true;
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

}  // namespace

void installKeyTaps(GLFWwindow* window) { glfwSetKeyCallback(window, onKey); }

void releaseTappedKeys(GLFWwindow* window) {
  std::vector<HeldRelease> held;
  held.swap(g_held);
  g_pressedSincePoll = false;
  for (const HeldRelease& r : held) ImGui_ImplGlfw_KeyCallback(window, r.key, r.scancode, GLFW_RELEASE, r.mods);
}

}  // namespace mobmap::app
