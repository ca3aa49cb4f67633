#pragma once
// The shared GL state for drawing map layers: the shader programs (plain fills, hatched fills,
// constant-width lines) and the hatch settings. One per GL context.
#include "render/camera.h"
#include "render/gl/shader_program.h"
#include "style/color.h"

namespace mobmap::render::gl {

class MapRenderer {
 public:
  // Builds the shader programs from the embedded shaders/ files (GL 3.3 core context current).
  // Throws mobmap::Error when the driver rejects them.
  MapRenderer();

  // Fills: plain colours, or with the hatch pattern over features flagged for it (a costlier fragment
  // shader, used only when some feature is hatched).
  const ShaderProgram& fillProgram() const { return m_fill; }
  const ShaderProgram& hatchFillProgram() const { return m_hatchFill; }
  const ShaderProgram& lineProgram() const { return m_line; }

  // Hatch over low-quality features, in framebuffer pixels.
  style::Rgb hatchColor{40, 40, 40};
  float hatchSpacingPx = 6;
  float hatchWidthPx = 1;

  // Clears the canvas area (x, y from the framebuffer's bottom left) and sets the viewport to it.
  static void beginCanvas(int x, int y, int width, int height, style::Rgb background);

 private:
  ShaderProgram m_fill;
  ShaderProgram m_hatchFill;
  ShaderProgram m_line;
};

}  // namespace mobmap::render::gl
