#pragma once
// Timings of a scripted viewer run (`--timings`): start of the process to the first complete frame, the
// median time of frames drawn while the map pans by a fixed offset each frame, and a classification change
// to the end of the next frame. Times are taken after glFinish, so they include the GPU's (or the software
// rasteriser's) work.
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
  // for the first complete frame, then pan (by panOffsetPx()), then change the classification once.
  Action beginFrame(bool ready);
  // The horizontal pan of this frame in pixels: a fixed step, its sign flipping every 8 frames so the view
  // stays over the layer.
  double panOffsetPx() const;
  // Marks the start of the map drawing within the frame (after glFinish of what came before).
  void beginMap();
  // Records the frame just finished (after glFinish). Returns true once every measurement is taken.
  bool endFrame(bool ready);

  // Writes `first_frame_s=... frame_ms=... map_ms=... recolour_ms=... frames=N` on one line.
  void print(std::ostream& out) const;

 private:
  using Clock = std::chrono::steady_clock;
  enum class Phase { Loading, Panning, Recolour, Done };
  int m_panFrames;
  Phase m_phase = Phase::Loading;
  Action m_action = Action::None;
  Clock::time_point m_frameStart, m_mapStart;
  double m_firstFrameS = 0, m_recolourMs = 0;
  std::vector<double> m_frameMs, m_mapMs;
};

}  // namespace mobmap::app
