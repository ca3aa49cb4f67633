#include "render/gl/map_renderer.h"

namespace mobmap::render::gl {

MapRenderer::MapRenderer()
    : m_fill(shaderSource("fill.vert"), shaderSource("fill.frag"), "fill"),
      m_hatchFill(shaderSource("fill.vert"), shaderSource("fill_hatch.frag"), "hatched fill"),
      m_line(shaderSource("line.vert"), shaderSource("line.frag"), "line") {}

void MapRenderer::beginCanvas(int x, int y, int width, int height, style::Rgb background) {
  glViewport(x, y, width, height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(x, y, width, height);
  glClearColor(background.r / 255.f, background.g / 255.f, background.b / 255.f, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
}

}  // namespace mobmap::render::gl
