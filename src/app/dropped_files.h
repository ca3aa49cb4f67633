#pragma once
// Files dropped onto the viewer's window (GLFW's drop callback), collected between frames.
#include <string>
#include <vector>

struct GLFWwindow;

namespace mobmap::app {

// Installs the drop callback on `window` (one viewer window per process).
void installDropCallback(GLFWwindow* window);
// The paths dropped since the last call, in the order dropped.
std::vector<std::string> takeDroppedFiles();

}  // namespace mobmap::app
