#include "session/mesh_detail_job.h"

namespace mobmap::session {

namespace {

// The result once it is ready; null while it is not, and for good when the work failed (the viewer keeps the
// coarse level it has).
template <class T>
const T* readyOrNull(const std::shared_future<T>& f) {
  if (!f.valid() || f.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
  try {
    return &f.get();
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

MeshDetailJob::~MeshDetailJob() { stop(); }

void MeshDetailJob::stop() {
  m_job.discard();  // told to stop; it finishes on its own thread (the job waits for it when destroyed)
  go();
}

void MeshDetailJob::go() const {
  {
    std::lock_guard lock(m_goMutex);
    m_go = true;
  }
  m_goSignal.notify_all();
}

void MeshDetailJob::waitForGo(std::chrono::milliseconds hold) const {
  std::unique_lock lock(m_goMutex);
  m_goSignal.wait_for(lock, hold, [this] { return m_go; });
}

void MeshDetailJob::start(const GeometryStore& geometry, std::vector<double> tolerances,
                          std::shared_ptr<const std::vector<std::uint8_t>> junctions, std::chrono::milliseconds hold) {
  stop();
  m_started = true;
  m_seconds.store(0);
  m_levelSeconds.store(0);
  {
    std::lock_guard lock(m_goMutex);
    m_go = false;
  }
  auto fullPromise = std::make_shared<std::promise<render::LayerMesh>>();
  auto levelsPromise = std::make_shared<std::promise<std::vector<render::MeshLevel>>>();
  m_full = fullPromise->get_future().share();
  m_levels = levelsPromise->get_future().share();
  auto work = [this, &geometry, tolerances = std::move(tolerances), junctions = std::move(junctions), hold, fullPromise,
               levelsPromise](JobControl& control) {
    const std::atomic<bool>* cancel = &control.cancel;
    waitForGo(hold);
    using Clock = std::chrono::steady_clock;
    bool fullSet = false;
    try {  // a failure (out of memory on a huge layer) leaves the promises failed, never the viewer crashed
      const auto t0 = Clock::now();
      fullPromise->set_value(render::tessellateFullDetail(geometry, nullptr, cancel));
      fullSet = true;
      m_seconds.store(std::chrono::duration<double>(Clock::now() - t0).count());
      const auto t1 = Clock::now();
      std::span<const std::uint8_t> shared;
      if (junctions) shared = *junctions;
      levelsPromise->set_value(render::buildMeshLevels(geometry, tolerances, shared, cancel));
      m_levelSeconds.store(std::chrono::duration<double>(Clock::now() - t1).count());
    } catch (...) {
      if (!fullSet) fullPromise->set_exception(std::current_exception());
      levelsPromise->set_exception(std::current_exception());
    }
    return true;  // the results are the promises' (two stages); the job's own result is unused
  };
  m_job.start("Tessellating full detail", std::move(work));
}

const render::LayerMesh* MeshDetailJob::result() const { return readyOrNull(m_full); }

const std::vector<render::MeshLevel>* MeshDetailJob::levels() const { return readyOrNull(m_levels); }

}  // namespace mobmap::session
