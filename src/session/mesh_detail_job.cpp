#include "session/mesh_detail_job.h"

namespace mobmap::session {

MeshDetailJob::~MeshDetailJob() { stop(); }

void MeshDetailJob::stop() {
  if (!m_future.valid()) return;
  m_cancel.store(true);
  go();
  m_future.wait();
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
  m_cancel.store(false);
  m_seconds.store(0);
  {
    std::lock_guard lock(m_goMutex);
    m_go = false;
  }
  auto work = [this, &geometry, tolerances = std::move(tolerances), junctions = std::move(junctions), hold] {
    waitForGo(hold);
    const auto t0 = std::chrono::steady_clock::now();
    std::span<const std::uint8_t> shared;
    if (junctions) shared = *junctions;
    std::vector<render::MeshLevel> levels = render::buildMeshLevels(geometry, tolerances, shared, &m_cancel);
    render::LayerMesh mesh = render::tessellateFullDetail(geometry, nullptr, &m_cancel);
    mesh.coarserLevels = std::move(levels);
    m_seconds.store(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return mesh;
  };
  m_future = std::async(std::launch::async, std::move(work)).share();
}

const render::LayerMesh* MeshDetailJob::result() const {
  if (!m_future.valid() || m_future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
  return &m_future.get();
}

}  // namespace mobmap::session
