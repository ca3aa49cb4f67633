#include "session/mesh_detail_job.h"

#include <algorithm>
#include <utility>

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
  if (!m_demand) return;
  {
    std::lock_guard lock(m_demand->mutex);
    m_demand->stopped = true;
  }
  m_demand->signal.notify_all();
}

void MeshDetailJob::go() const {
  if (!m_demand) return;
  {
    std::lock_guard lock(m_demand->mutex);
    m_demand->go = true;
  }
  m_demand->signal.notify_all();
}

void MeshDetailJob::needDetail(double tolerance) const {
  if (!m_demand) return;
  {
    std::lock_guard lock(m_demand->mutex);
    if (!(tolerance < m_demand->wanted)) return;
    m_demand->wanted = tolerance;
  }
  m_demand->signal.notify_all();
}

void MeshDetailJob::start(const GeometryStore& geometry, std::vector<double> tolerances,
                          std::shared_ptr<const std::vector<std::uint8_t>> junctions, std::chrono::milliseconds hold) {
  stop();
  m_seconds.store(0);
  m_levelSeconds.store(0);
  auto demand = std::make_shared<Demand>();
  auto fullPromise = std::make_shared<std::promise<render::LayerMesh>>();
  m_demand = demand;
  m_full = fullPromise->get_future();
  auto work = [this, &geometry, tolerances = std::move(tolerances), junctions = std::move(junctions), hold, fullPromise,
               demand](JobControl& control) {
    const std::atomic<bool>* cancel = &control.cancel;
    using Clock = std::chrono::steady_clock;
    Demand& d = *demand;
    {
      std::unique_lock lock(d.mutex);
      d.signal.wait_for(lock, hold, [&] { return d.go || d.stopped; });
    }
    std::span<const std::uint8_t> shared;
    if (junctions) shared = *junctions;
    std::vector<double> built;
    for (;;) {
      double wanted = 0;
      {
        std::unique_lock lock(d.mutex);
        d.signal.wait(lock, [&] { return d.stopped || cancel->load() || d.wanted < d.served; });
        if (d.stopped || cancel->load()) break;
        wanted = d.wanted;
        d.working = true;
      }
      // The coarsest level not built yet that is fine enough; full detail when there is none.
      double pick = -1;
      for (double t : tolerances)
        if (t <= wanted && t > pick && std::find(built.begin(), built.end(), t) == built.end()) pick = t;
      double served = 0;
      std::vector<render::MeshLevel> level;
      const auto t0 = Clock::now();
      try {  // a failure (out of memory on a huge layer) ends the work, never the viewer
        if (pick >= 0) {
          level = render::buildMeshLevels(geometry, std::span(&pick, 1), shared, cancel);
          built.push_back(pick);
          served = pick;
          m_levelSeconds.store(m_levelSeconds.load() + std::chrono::duration<double>(Clock::now() - t0).count());
        } else {
          fullPromise->set_value(render::tessellateFullDetail(geometry, nullptr, cancel));
          m_seconds.store(std::chrono::duration<double>(Clock::now() - t0).count());
        }
      } catch (...) {
        if (pick < 0) fullPromise->set_exception(std::current_exception());
        served = 0;  // nothing more is built
      }
      std::lock_guard lock(d.mutex);
      for (render::MeshLevel& l : level) d.ready.push_back(std::move(l));
      d.served = served;
      d.working = false;
    }
    return true;  // the results are handed over through `demand` and the promise; the job's own is unused
  };
  m_job.start("Building detail", std::move(work));
}

std::optional<render::LayerMesh> MeshDetailJob::takeResult() { return takeIfReady(m_full); }

std::optional<std::vector<render::MeshLevel>> MeshDetailJob::takeLevels() {
  if (!m_demand) return std::nullopt;
  std::lock_guard lock(m_demand->mutex);
  if (m_demand->ready.empty()) return std::nullopt;
  return std::exchange(m_demand->ready, {});
}

bool MeshDetailJob::idle() {
  if (m_full.valid() && m_full.wait_for(std::chrono::seconds(0)) == std::future_status::ready) return false;  // not taken yet
  if (!m_demand) return true;
  std::lock_guard lock(m_demand->mutex);
  return !m_demand->working && !(m_demand->wanted < m_demand->served) && m_demand->ready.empty();
}

}  // namespace mobmap::session
