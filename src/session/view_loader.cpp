#include "session/view_loader.h"

#include <chrono>
#include <filesystem>

#include "core/error.h"
#include "io/source_reader.h"
#include "render/shared_boundaries.h"

namespace mobmap::session {

ViewLoader::~ViewLoader() {
  if (m_future.valid()) {
    m_cancel.store(true);
    m_future.wait();
  }
}

std::string ViewLoader::stage() const {
  std::lock_guard lock(m_stageMutex);
  return m_stage;
}

void ViewLoader::setStage(std::string text) {
  std::lock_guard lock(m_stageMutex);
  m_stage = std::move(text);
}

void ViewLoader::start(ViewSpec spec) {
  if (m_future.valid()) {
    m_cancel.store(true);
    m_future.wait();
  }
  m_cancel.store(false);
  m_progress.store(0);
  setStage("Reading " + std::filesystem::path(spec.data).filename().string());
  m_future = std::async(std::launch::async, [this, spec = std::move(spec)]() -> LoadResult {
    LoadResult result;
    try {
      auto view = std::make_unique<LoadedView>();
      view->times.startedAt = std::chrono::steady_clock::now();
      view->spec = spec;
      view->data = loadViewData(spec, FieldSelection::All, nullptr, &view->times.readS, &view->times.reprojectS);
      if (m_cancel.load()) return {nullptr, "loading was cancelled"};
      // A joined long table (year and subgroup columns): the years and subgroups the viewer can switch to.
      const AttributeTable& joined = view->data.layer.attributes;
      if (!spec.join.empty() && joined.find("year") && joined.find("subgroup")) {
        setStage("Reading years and subgroups of " + std::filesystem::path(spec.join).filename().string());
        view->longTable = longTableChoices(io::readTable(spec.join, spec.joinLayer));
      }
      m_progress.store(0);
      setStage("Tessellating " + std::to_string(view->data.layer.featureCount()) + " areas");
      const GeometryStore& geometry = view->data.layer.geometry;
      const render::MeshLevelPlan plan = render::planMeshLevels(geometry.extent(), geometry.pointCount());
      const auto t0 = std::chrono::steady_clock::now();
      if (plan.first.empty()) {  // a small layer: full detail at once
        view->mesh = render::tessellateFullDetail(geometry, &m_progress, &m_cancel);
        view->times.fullDetailS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      } else {  // the level a whole-layer view draws now; the other levels and full detail behind the view
        view->junctions = std::make_shared<const std::vector<std::uint8_t>>(render::findJunctions(geometry));
        view->mesh.coarserLevels = render::buildMeshLevels(geometry, plan.first, *view->junctions, &m_cancel);
        view->mesh.extent = geometry.extent();
        view->mesh.hasFullDetail = false;
        view->mesh.featureFirstSegment.assign(geometry.featureCount() + 1, 0);  // no outline segments yet
        view->times.levelsS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      }
      for (const OverlayLayer& c : view->data.contextLayers) view->contextMeshes.push_back(render::tessellateLayer(c.layer.geometry));
      if (m_cancel.load()) return {nullptr, "loading was cancelled"};
      if (!view->mesh.hasFullDetail) {
        view->meshDetail = std::make_unique<MeshDetailJob>();
        // Held until the view's first frame is drawn (the canvas says go), or a second at most.
        view->meshDetail->start(view->data.layer.geometry, plan.later, view->junctions, std::chrono::seconds(1));
      }
      view->times.doneAt = std::chrono::steady_clock::now();
      result.view = std::move(view);
    } catch (const std::exception& e) {
      result.error = e.what();
    }
    return result;
  });
}

void ViewLoader::waitFor(std::chrono::milliseconds timeout) const {
  if (m_future.valid()) m_future.wait_for(timeout);
}

std::optional<LoadResult> ViewLoader::takeResult() {
  if (!m_future.valid()) return std::nullopt;
  if (m_future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  return m_future.get();
}

}  // namespace mobmap::session
