#include "session/mesh_detail_job.h"

namespace mobmap::session {

namespace {

// The result, moved out, once it is ready; nullopt while it is not, after it was taken, and for good when the
// work failed (the viewer keeps the coarse level it has).
template <class T>
std::optional<T> takeIfReady(std::future<T>& f) {
  if (!f.valid() || f.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  try {
    return f.get();  // leaves the future invalid: taken once
  } catch (const std::exception&) {
    return std::nullopt;
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
    m_fullNeeded = false;
  }
  auto fullPromise = std::make_shared<std::promise<render::LayerMesh>>();
  auto levelQueue = std::make_shared<LevelQueue>();
  m_full = fullPromise->get_future();
  m_levelQueue = levelQueue;
  auto work = [this, &geometry, tolerances = std::move(tolerances), junctions = std::move(junctions), hold, fullPromise,
               levelQueue](JobControl& control) {
    const std::atomic<bool>* cancel = &control.cancel;
    waitForGo(hold);
    using Clock = std::chrono::steady_clock;
    bool fullSet = false;
    auto buildFull = [&] {
      const auto t0 = Clock::now();
      fullPromise->set_value(render::tessellateFullDetail(geometry, nullptr, cancel));
      fullSet = true;
      m_seconds.store(std::chrono::duration<double>(Clock::now() - t0).count());
    };
    try {  // a failure (out of memory on a huge layer) leaves the promises failed, never the viewer crashed
      // Full detail first when the view already needs it (zoomed in, or --full-detail); else the levels, and
      // full detail only once a zoom needs it: a whole-layer view never holds it.
      if (fullDetailNeeded()) buildFull();
      // One level at a time, each handed over when built: the viewer uploads and frees it before the next.
      const auto t1 = Clock::now();
      std::span<const std::uint8_t> shared;
      if (junctions) shared = *junctions;
      for (std::size_t i = 0; i < tolerances.size() && !cancel->load(); ++i) {
        std::vector<render::MeshLevel> level = render::buildMeshLevels(geometry, std::span(tolerances).subspan(i, 1), shared, cancel);
        std::lock_guard lock(levelQueue->mutex);
        for (render::MeshLevel& l : level) levelQueue->ready.push_back(std::move(l));
      }
      levelQueue->finish();
      m_levelSeconds.store(std::chrono::duration<double>(Clock::now() - t1).count());
      if (!fullSet) {
        {
          std::unique_lock lock(m_goMutex);
          m_goSignal.wait(lock, [&] { return m_fullNeeded || cancel->load(); });
        }
        if (!cancel->load()) buildFull();
      }
    } catch (...) {
      if (!fullSet) fullPromise->set_exception(std::current_exception());
      levelQueue->finish();  // the levels built so far stay; no more come
    }
    return true;  // the results are the promises' (two stages); the job's own result is unused
  };
  m_job.start("Tessellating full detail", std::move(work));
}

void MeshDetailJob::needFullDetail() const {
  {
    std::lock_guard lock(m_goMutex);
    if (m_fullNeeded) return;
    m_fullNeeded = true;
  }
  m_goSignal.notify_all();
}

bool MeshDetailJob::fullDetailNeeded() const {
  std::lock_guard lock(m_goMutex);
  return m_fullNeeded;
}

std::optional<render::LayerMesh> MeshDetailJob::takeResult() { return takeIfReady(m_full); }

std::optional<std::vector<render::MeshLevel>> MeshDetailJob::takeLevels() {
  if (!m_levelQueue) return std::nullopt;
  std::lock_guard lock(m_levelQueue->mutex);
  if (m_levelQueue->ready.empty()) return std::nullopt;
  return std::exchange(m_levelQueue->ready, {});
}

bool MeshDetailJob::levelsDone() const {
  if (!m_levelQueue) return true;
  std::lock_guard lock(m_levelQueue->mutex);
  return m_levelQueue->done && m_levelQueue->ready.empty();
}

}  // namespace mobmap::session
