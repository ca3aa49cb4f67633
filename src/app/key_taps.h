#pragma once
// Quick key taps for Dear ImGui 1.86, which reads keys as "held down" once per frame: a key pressed and
// released between two frames (a presentation clicker, a fast typist, scripted input) would never be seen.
// Installed between GLFW and the ImGui backend, this holds back every release that follows a press between the
// same two frames until the frame after, so that frame sees the tapped key with the modifiers tapped with it.
//
// Usage:
//   ImGui_ImplGlfw_InitForOpenGL(window, true);
//   installKeyTaps(window);
//   for (;;) { releaseTappedKeys(window); glfwPollEvents(); ImGui_ImplGlfw_NewFrame(); ... }
struct GLFWwindow;

namespace mobmap::app {

// Routes `window`'s key events through the tap keeper (after the ImGui backend installed its callbacks).
void installKeyTaps(GLFWwindow* window);

// Passes on the releases held back since the last call; call once per frame before polling events.
void releaseTappedKeys(GLFWwindow* window);

}  // namespace mobmap::app
