#pragma once
// The full-detail mesh of a layer and its finer levels of detail, built on worker threads after the coarsest
// levels were shown: the viewer draws the first frame from a coarse level and can zoom in to full detail when
// this job is done.
//
// Usage:
//   MeshDetailJob job;
//   job.start(layer.geometry, plan.later);     // returns at once; geometry must outlive the job
//   each frame: if (const render::LayerMesh* m = job.result()) upload(*m);
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <vector>

#include "core/geometry.h"
#include "render/tessellation.h"

namespace mobmap::session {

class MeshDetailJob {
 public:
  MeshDetailJob() = default;
  // Asks a running job to stop and waits for it.
  ~MeshDetailJob();
  MeshDetailJob(const MeshDetailJob&) = delete;
  MeshDetailJob& operator=(const MeshDetailJob&) = delete;

  // Starts building the levels of `tolerances` (render::buildMeshLevels) and then full detail
  // (render::tessellateFullDetail), on all cores, into one mesh (its coarserLevels those levels). `geometry`
  // must stay alive and unchanged until the job has finished or is destroyed. A running job is cancelled.
  // `junctions`: render::findJunctions(geometry), or null to simplify each ring on its own. The work begins
  // once go() is called or `hold` has passed, so that it does not compete with the first frame drawn from
  // the coarse level (go() from the frame after it).
  void start(const GeometryStore& geometry, std::vector<double> tolerances = {},
             std::shared_ptr<const std::vector<std::uint8_t>> junctions = nullptr,
             std::chrono::milliseconds hold = std::chrono::milliseconds(0));
  // Lets a held job begin (at once; later calls do nothing). Safe from any thread.
  void go() const;
  // True once started (whether or not it has finished).
  bool started() const { return m_future.valid(); }
  // The finished mesh, or null while the job runs or when it was never started. Never waits.
  const render::LayerMesh* result() const;
  // Seconds the tessellation took (0 until it has finished).
  double seconds() const { return m_seconds.load(); }

 private:
  void stop();
  void waitForGo(std::chrono::milliseconds hold) const;

  std::shared_future<render::LayerMesh> m_future;
  std::atomic<bool> m_cancel{false};
  std::atomic<double> m_seconds{0};
  mutable std::mutex m_goMutex;
  mutable std::condition_variable m_goSignal;
  mutable bool m_go = false;
};

}  // namespace mobmap::session
