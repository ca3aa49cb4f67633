#pragma once
// The map canvas: the loaded view's layers on the GPU, recoloured from the thematic map, drawn through
// the viewer's camera with hover and selection highlights.
#include <memory>
#include <vector>

#include "render/gl/gl_map_layer.h"
#include "render/gl/map_renderer.h"
#include "ui/viewer_state.h"

namespace mobmap::app {

class MapCanvas {
 public:
  // Builds the shader programs (GL context current). Throws mobmap::Error when the driver rejects them.
  MapCanvas() = default;

  // Uploads the meshes of a freshly loaded view (replacing the previous one).
  void setView(const session::LoadedView& view);

  // Draws into the framebuffer rectangle (x, y from the bottom left; width, height in pixels).
  void draw(const ui::ViewerState& state, int x, int y, int width, int height);

  // Level of detail for the mapped layer (on by default; off draws full detail at every zoom), and the level
  // drawn at `camera` (0 = full detail).
  void setLevelOfDetail(bool on) { m_levelOfDetail = on; }
  std::size_t mainLevel(const render::Camera& camera) const { return m_main ? m_main->levelFor(camera) : 0; }

 private:
  void updateColors(const ui::ViewerState& state);

  render::gl::MapRenderer m_renderer;
  std::unique_ptr<render::gl::GlMapLayer> m_main;
  std::vector<std::unique_ptr<render::gl::GlMapLayer>> m_context;
  int m_colorsVersion = -1;
  bool m_levelOfDetail = true;
  double m_typicalFeatureSize = 0;  // display-CRS units: median sqrt(bounding-box area) of the features
};

}  // namespace mobmap::app
