#pragma once
// Timings of a scripted viewer run (`--timings`): start of the process to the first complete frame (drawn
// with the detail its zoom needs: for a whole-layer view of a large layer, the coarse level built first), to
// the first frame with full detail and every level on the GPU, the median time of frames drawn while the map pans by a fixed offset each frame (taken
// once full detail is in, so no background work competes), and a classification change to the end of the
// next frame. Times are taken after glFinish, so they include the GPU's (or the software rasteriser's) work.
#include <chrono>
#include <iosfwd>
#include <vector>

namespace mobmap::app {

class FrameTimings {
 public:
  enum class Action { None, Pan, Recolour };

  // `panFrames` timed frames while panning (at least 1).
  explicit FrameTimings(int panFrames);

  // Starts a frame's clock and says what the frame must do before drawing: nothing while the view loads or
  // for the first complete frame, then (once `settled`: every level in, and full detail where the zoom needs it) pan (by panOffsetPx()), then change
  // the classification once.
  Action beginFrame(bool ready, bool settled = true);
  // The horizontal pan of this frame in pixels: a fixed step, its sign flipping every 8 frames so the view
  // stays over the layer.
  double panOffsetPx() const;
  // Marks the start of the map drawing within the frame (after glFinish of what came before).
  void beginMap();
  // Records the frame just finished (after glFinish): `ready` when it showed the loaded view completely
  // (with the detail its zoom needs), `settled` when every level is in and the zoom has the detail it needs. Returns true once every measurement
  // is taken.
  bool endFrame(bool ready, bool settled = true);

  // Records one pass of the viewer's loop (events, loading results, UI, drawing) that took `ms`, from the
  // pass that installed the view on; the longest is printed as longest_frame_ms (the longest the window
  // did not respond).
  void noteLoopPass(double ms);
  // Writes `first_frame_s=... settled_s=... frame_ms=... map_ms=... recolour_ms=... longest_frame_ms=...
  // frames=N frame_cpu_ms=...` on one line; frame_cpu_ms is the process's CPU time (all its threads: the
  // software rasteriser's too) per panning frame, which other work on the machine changes less than wall time.
  void print(std::ostream& out) const;
  // Seconds from process start to now.
  static double sinceStart();
  // Seconds from process start to `t`.
  static double sinceStart(std::chrono::steady_clock::time_point t);

 private:
  using Clock = std::chrono::steady_clock;
  enum class Phase { Loading, Panning, Recolour, Done };
  int m_panFrames;
  Phase m_phase = Phase::Loading;
  Action m_action = Action::None;
  Clock::time_point m_frameStart, m_mapStart;
  double m_firstFrameS = 0, m_settledS = 0, m_recolourMs = 0, m_longestPassMs = 0;
  std::vector<double> m_frameMs, m_mapMs;
  double m_panCpuStartMs = 0, m_frameCpuMs = 0;
};

}  // namespace mobmap::app
