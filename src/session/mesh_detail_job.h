#pragma once
// The full-detail mesh of a layer and its finer levels of detail, built on worker threads after the coarse
// level for a whole-layer view was shown: the viewer draws the first frame from that level, switches to full
// detail when it is done, and adds the finer levels (for zooms between the two) after it.
//
// Usage:
//   MeshDetailJob job;
//   job.start(layer.geometry, plan.later, junctions);   // returns at once; geometry must outlive the job
//   each frame: job.go();  if (auto m = job.takeResult()) upload(*m);      // the CPU copy goes after upload
//               if (auto levels = job.takeLevels()) upload(*levels);
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/background_job.h"
#include "core/geometry.h"
#include "render/tessellation.h"

namespace mobmap::session {

class MeshDetailJob {
 public:
  MeshDetailJob() = default;
  // Asks a running job to stop; the job waits for its worker when destroyed.
  ~MeshDetailJob();
  MeshDetailJob(const MeshDetailJob&) = delete;
  MeshDetailJob& operator=(const MeshDetailJob&) = delete;

  // Starts tessellating full detail (render::tessellateFullDetail) and then building the levels of
  // `tolerances` (render::buildMeshLevels with `junctions`, render::findJunctions(geometry), or null to
  // simplify each ring on its own), on all cores. `geometry` must stay alive and unchanged until the job has
  // finished or is destroyed. The work begins once go() is called or `hold` has passed, so that it does not
  // compete with the first frame drawn from the coarse level. A running job is superseded (told to stop,
  // not waited for).
  void start(const GeometryStore& geometry, std::vector<double> tolerances = {},
             std::shared_ptr<const std::vector<std::uint8_t>> junctions = nullptr,
             std::chrono::milliseconds hold = std::chrono::milliseconds(0));
  // Lets a held job begin (at once; later calls do nothing). Safe from any thread.
  void go() const;
  // True once started (whether or not it has finished).
  bool started() const { return m_started; }
  // The full-detail mesh (without coarser levels), handed over once: nullopt while it is being built, when never
  // started, when it failed, and after it was taken (the job keeps no copy, so that a layer's mesh is in memory
  // once: on the GPU after the caller uploads it). Never waits. Call from one thread.
  std::optional<render::LayerMesh> takeResult();
  // The finer levels (finest first), handed over once likewise. They are built after full detail has been
  // taken (or a few seconds after it is ready). Never waits.
  std::optional<std::vector<render::MeshLevel>> takeLevels();
  // Seconds full detail took, and then the levels (0 until each has finished).
  double seconds() const { return m_seconds.load(); }
  double levelSeconds() const { return m_levelSeconds.load(); }

 private:
  void stop();
  void waitForGo(std::chrono::milliseconds hold) const;

  std::future<render::LayerMesh> m_full;
  std::future<std::vector<render::MeshLevel>> m_levels;
  std::atomic<double> m_seconds{0}, m_levelSeconds{0};
  mutable std::mutex m_goMutex;
  mutable std::condition_variable m_goSignal;
  mutable bool m_go = false;
  bool m_fullTaken = false;  // takeResult has handed full detail over (the levels may start); under m_goMutex
  bool m_started = false;
  // The worker thread (core's one job type); declared last, so destroyed first: it waits for the worker while
  // the members the worker uses are still alive.
  BackgroundJob<bool> m_job;
};

}  // namespace mobmap::session
