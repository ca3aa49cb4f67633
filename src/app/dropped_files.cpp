#include "app/dropped_files.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace mobmap::app {

namespace {

std::vector<std::string> g_dropped;  // GLFW calls back on the main thread, from glfwPollEvents

void onDrop(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i)
    if (paths[i]) g_dropped.emplace_back(paths[i]);
}

}  // namespace

void installDropCallback(GLFWwindow* window) { glfwSetDropCallback(window, onDrop); }

std::vector<std::string> takeDroppedFiles() {
  std::vector<std::string> out;
  out.swap(g_dropped);
  return out;
}

}  // namespace mobmap::app
