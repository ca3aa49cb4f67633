#pragma once
// The map canvas: the loaded view's layers on the GPU, recoloured from the thematic map, drawn through
// the viewer's camera with hover and selection highlights.
#include <iosfwd>
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

  // Uploads the meshes of a freshly loaded view (replacing the previous one) and drops the view's CPU copy of
  // its main mesh (LoadedView::releaseMainMesh): call once per view. A view whose full detail is still being
  // tessellated draws its coarser levels; draw() uploads full detail once the view has it, and drops it likewise.
  void setView(session::LoadedView& view);
  // Uploads the view's context layers again (overlays added, removed or reordered), keeping the main layer.
  void setContextLayers(const session::LoadedView& view);
  // True once the view has on the GPU the detail `camera` needs (the level within half a pixel, or full detail
  // with level of detail off) and its detail job has nothing more in hand, or there is no view: what a
  // scripted run waits for.
  bool settled(const render::Camera& camera) const {
    return !m_main || (!m_detailPending && (m_main->hasFullDetail() || (m_levelOfDetail && m_main->detailSufficient(camera))));
  }
  // True once full detail itself is on the GPU.
  bool fullDetailIn() const { return !m_main || m_main->hasFullDetail(); }
  // True when the frame at `camera` draws the detail it needs (within half a pixel), even if full detail is
  // still being tessellated (or there is no view).
  bool detailSufficient(const render::Camera& camera) const { return !m_main || m_main->detailSufficient(camera); }
  // Writes the load's stage times (`stages: read_s=... reproject_s=... levels_s=... view_at_s=... upload_s=...
  // detail_tessellate_s=... detail_upload_s=...`) and each level's triangle and outline segment counts
  // (`level 1: tolerance=... triangles=... segments=...`), for `--timings`.
  void printStages(std::ostream& out, const session::LoadedView& view) const;
  // Seconds spent uploading the view's meshes in setView, and its full detail (0 until uploaded).
  double uploadSeconds() const { return m_uploadS; }
  double fullDetailUploadSeconds() const { return m_fullDetailUploadS; }

  // Draws into the framebuffer rectangle (x, y from the bottom left; width, height in pixels).
  void draw(const ui::ViewerState& state, int x, int y, int width, int height);

  // Level of detail for the mapped layer (on by default; off draws full detail at every zoom), and the level
  // drawn at `camera` (0 = full detail).
  void setLevelOfDetail(bool on) { m_levelOfDetail = on; }
  std::size_t mainLevel(const render::Camera& camera) const { return m_main ? m_main->levelFor(camera) : 0; }

 private:
  void updateColors(const ui::ViewerState& state);
  // Uploads what the view's background detail job has finished since the last call.
  void takeDetail(session::LoadedView& view);

  render::gl::MapRenderer m_renderer;
  std::unique_ptr<render::gl::GlMapLayer> m_main;
  std::vector<std::unique_ptr<render::gl::GlMapLayer>> m_context;
  const session::LoadedView* m_view = nullptr;  // the view m_main was made from
  double m_lastPpu = 0;
  bool m_drawnSinceView = false;  // a frame of m_view has been drawn
  bool m_detailPending = false;   // the view's detail job is building (or holds) detail a zoom asked for
  double m_uploadS = 0, m_fullDetailUploadS = 0, m_viewAtS = 0;
  int m_colorsVersion = -1;
  bool m_levelOfDetail = true;
  double m_typicalFeatureSize = 0;  // display-CRS units: median sqrt(bounding-box area) of the features
};

}  // namespace mobmap::app
