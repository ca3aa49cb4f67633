#pragma once
// Quick mouse clicks for Dear ImGui 1.86, whose GLFW backend reads the buttons as "held down" once per frame:
// when a frame is slow (a loaded machine, a software renderer), a click and the next one can fall between the
// same two frames and a double click is seen as one press. Installed between GLFW and the ImGui backend, this
// queues every button press and release and gives each frame at most one change per button, in order.
//
// Usage:
//   ImGui_ImplGlfw_InitForOpenGL(window, true);
//   installMouseTaps(window);
//   for (;;) { glfwPollEvents(); ImGui_ImplGlfw_NewFrame(); applyMouseTaps(); ImGui::NewFrame(); ... }
struct GLFWwindow;

namespace mobmap::app {

// Routes `window`'s mouse button events through the queue (after the ImGui backend installed its callbacks).
void installMouseTaps(GLFWwindow* window);

// Sets ImGui's button states for this frame from the queue; call after ImGui_ImplGlfw_NewFrame().
void applyMouseTaps();

}  // namespace mobmap::app
