#pragma once
// The finer levels of detail of a layer and its full-detail mesh, built on worker threads after the coarse
// level for a whole-layer view was shown: the viewer draws the first frame from that level and adds the finer
// levels when they are done. Full detail is built only once a zoom needs it (needFullDetail): a view of the
// whole layer never holds it, on the CPU or the GPU.
//
// Usage:
//   MeshDetailJob job;
//   job.start(layer.geometry, plan.later, junctions);   // returns at once; geometry must outlive the job
//   each frame: job.go();  if (levels insufficient for the zoom) job.needFullDetail();
//               if (auto levels = job.takeLevels()) upload(*levels);
//               if (auto m = job.takeResult()) upload(*m);      // the CPU copy goes after upload
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

  // Starts building the levels of `tolerances` (render::buildMeshLevels with `junctions`,
  // render::findJunctions(geometry), or null to simplify each ring on its own) and then, once needFullDetail()
  // was called, full detail (render::tessellateFullDetail; first, when it was asked for before the work
  // began), on all cores. `geometry` must stay alive and unchanged until the job has finished or is destroyed.
  // The work begins once go() is called or `hold` has passed, so that it does not compete with the first frame
  // drawn from the coarse level. A running job is superseded (told to stop, not waited for).
  void start(const GeometryStore& geometry, std::vector<double> tolerances = {},
             std::shared_ptr<const std::vector<std::uint8_t>> junctions = nullptr,
             std::chrono::milliseconds hold = std::chrono::milliseconds(0));
  // Lets a held job begin (at once; later calls do nothing). Safe from any thread.
  void go() const;
  // Asks for full detail (a zoom the levels are too coarse for). Safe from any thread; later calls do nothing.
  void needFullDetail() const;
  // True once started (whether or not it has finished).
  bool started() const { return m_started; }
  // The full-detail mesh (without coarser levels), handed over once: nullopt until asked for and built, when
  // never started, when it failed, and after it was taken (the job keeps no copy, so that a layer's mesh is in
  // memory once: on the GPU after the caller uploads it). Never waits. Call from one thread.
  std::optional<render::LayerMesh> takeResult();
  // The finer levels built since the last call (each handed over once, in the order of `tolerances`), or
  // nullopt when none is new. Never waits.
  std::optional<std::vector<render::MeshLevel>> takeLevels();
  // True once every level has been built and taken (or the work failed or was stopped).
  bool levelsDone() const;
  // Seconds full detail took, and the levels (0 until each has finished).
  double seconds() const { return m_seconds.load(); }
  double levelSeconds() const { return m_levelSeconds.load(); }

 private:
  void stop();
  void waitForGo(std::chrono::milliseconds hold) const;
  bool fullDetailNeeded() const;

  std::future<render::LayerMesh> m_full;
  // Levels built and not yet taken; shared with the worker, so that a superseded worker fills its own.
  struct LevelQueue {
    std::mutex mutex;
    std::vector<render::MeshLevel> ready;
    bool done = false;
    void finish() {
      std::lock_guard lock(mutex);
      done = true;
    }
  };
  std::shared_ptr<LevelQueue> m_levelQueue;
  std::atomic<double> m_seconds{0}, m_levelSeconds{0};
  mutable std::mutex m_goMutex;
  mutable std::condition_variable m_goSignal;
  mutable bool m_go = false;
  mutable bool m_fullNeeded = false;  // needFullDetail was called; under m_goMutex
  bool m_started = false;
  // The worker thread (core's one job type); declared last, so destroyed first: it waits for the worker while
  // the members the worker uses are still alive.
  BackgroundJob<bool> m_job;
};

}  // namespace mobmap::session
