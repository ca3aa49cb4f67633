#include "session/mesh_detail_job.h"

#ifdef __linux__
#include <sys/resource.h>
#endif

namespace mobmap::session {

MeshDetailJob::~MeshDetailJob() { stop(); }

void MeshDetailJob::stop() {
  if (!m_future.valid()) return;
  m_cancel.store(true);
  m_future.wait();
}

void MeshDetailJob::start(const GeometryStore& geometry, std::vector<double> tolerances,
                          std::shared_ptr<const std::vector<std::uint8_t>> junctions) {
  stop();
  m_cancel.store(false);
  m_seconds.store(0);
  m_future = std::async(std::launch::async, [this, &geometry, tolerances = std::move(tolerances), junctions = std::move(junctions)] {
#ifdef __linux__
                // Below the UI thread (and the rasteriser's threads): on Linux the nice value is per thread,
                // and the worker threads this one starts inherit it.
                setpriority(PRIO_PROCESS, 0, 10);
#endif
                const auto t0 = std::chrono::steady_clock::now();
                std::vector<render::MeshLevel> levels = render::buildMeshLevels(
                    geometry, tolerances, junctions ? std::span<const std::uint8_t>(*junctions) : std::span<const std::uint8_t>(),
                    &m_cancel);
                render::LayerMesh mesh = render::tessellateFullDetail(geometry, nullptr, &m_cancel);
                mesh.coarserLevels = std::move(levels);
                m_seconds.store(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
                return mesh;
              }).share();
}

const render::LayerMesh* MeshDetailJob::result() const {
  if (!m_future.valid() || m_future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
  return &m_future.get();
}

}  // namespace mobmap::session
