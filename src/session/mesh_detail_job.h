#pragma once
// The finer levels of detail of a layer and its full-detail mesh, built on worker threads after the coarse
// level for a whole-layer view was shown, each only once a zoom needs it (needDetail): the viewer draws from
// the levels it has, and a view of the whole layer never holds the finer ones or full detail, on the CPU or
// the GPU.
//
// Usage:
//   MeshDetailJob job;
//   job.start(layer.geometry, plan.later, junctions);   // returns at once; geometry must outlive the job
//   each frame: job.go();  if (levels insufficient for the zoom) job.needDetail(halfPixel);
//               if (auto levels = job.takeLevels()) upload(*levels);
//               if (auto m = job.takeResult()) upload(*m);      // the CPU copy goes after upload
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <limits>
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

  // Starts a worker that builds detail as the view asks for it (needDetail): a level of `tolerances`
  // (render::buildMeshLevels with `junctions`, render::findJunctions(geometry), or null to simplify each ring
  // on its own), or full detail (render::tessellateFullDetail) when no level is fine enough; on all cores.
  // `geometry` must stay alive and unchanged until the job has finished or is destroyed. The work begins once
  // go() is called or `hold` has passed, so that it does not compete with the first frame drawn from the coarse
  // level. A running job is superseded (told to stop, not waited for).
  void start(const GeometryStore& geometry, std::vector<double> tolerances = {},
             std::shared_ptr<const std::vector<std::uint8_t>> junctions = nullptr,
             std::chrono::milliseconds hold = std::chrono::milliseconds(0));
  // Lets a held job begin (at once; later calls do nothing). Safe from any thread.
  void go() const;
  // Asks for detail within `tolerance` (display-CRS units; 0 = full detail): the job builds the coarsest level
  // of its tolerances that is within it, or full detail when none is, once per call that asks for more than
  // was built. Safe from any thread.
  void needDetail(double tolerance) const;
  // The full-detail mesh (without coarser levels), handed over once: nullopt until asked for and built, when
  // never started, when it failed, and after it was taken (the job keeps no copy, so that a layer's mesh is in
  // memory once: on the GPU after the caller uploads it). Never waits. Call from one thread.
  std::optional<render::LayerMesh> takeResult();
  // The levels built since the last call (each handed over once), or nullopt when none is new. Never waits.
  std::optional<std::vector<render::MeshLevel>> takeLevels();
  // True when the job has nothing to do or hand over for what was asked (every request built and taken, or the
  // work failed or stopped). Call from the thread that takes the results.
  bool idle();
  // Seconds full detail took, and the levels built so far (0 until built).
  double seconds() const { return m_seconds.load(); }
  double levelSeconds() const { return m_levelSeconds.load(); }

 private:
  void stop();

  // What the view asked for and what the worker built, shared with the worker (a superseded worker keeps its
  // own): all under `mutex`.
  struct Demand {
    std::mutex mutex;
    std::condition_variable signal;
    bool go = false, stopped = false;
    double wanted = std::numeric_limits<double>::infinity();  // the finest tolerance asked for
    double served = std::numeric_limits<double>::infinity();  // asked for at or above this: built (0: full detail)
    bool working = false;
    std::vector<render::MeshLevel> ready;                       // levels built, not yet taken
  };
  std::shared_ptr<Demand> m_demand;
  std::future<render::LayerMesh> m_full;
  std::atomic<double> m_seconds{0}, m_levelSeconds{0};
  // The worker thread (core's one job type); declared last, so destroyed first: it waits for the worker while
  // the members the worker uses are still alive.
  BackgroundJob<bool> m_job;
};

}  // namespace mobmap::session
