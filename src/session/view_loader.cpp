#include "session/view_loader.h"

#include <chrono>
#include <filesystem>

#include "core/error.h"
#include "core/parallel.h"
#include "io/source_reader.h"
#include "render/shared_boundaries.h"

namespace mobmap::session {

namespace {

// Loads `spec` for the viewer, reporting its stage and progress to `control` and stopping early when asked.
LoadResult loadView(const ViewSpec& spec, JobControl& control) {
  LoadResult result;
  const std::atomic<bool>* cancel = &control.cancel;
  try {
    auto view = std::make_unique<LoadedView>();
    view->times.startedAt = std::chrono::steady_clock::now();
    view->spec = spec;
    VertexPositions positions;  // found before the reprojection, which they halve for shared boundaries
    view->data = loadViewData(spec, FieldSelection::All, nullptr, &view->times.readS, &view->times.reprojectS,
                              &positions);
    if (control.cancelled()) return {nullptr, "loading was cancelled"};
    // A joined long table (year and subgroup columns): the years and subgroups the viewer can switch to.
    const AttributeTable& joined = view->data.layer.attributes;
    if (!spec.join.empty() && joined.find("year") && joined.find("subgroup")) {
      control.setStage("Reading years and subgroups of " + std::filesystem::path(spec.join).filename().string());
      view->longTable = longTableChoices(io::readTable(spec.join, spec.joinLayer));
    }
    control.progress.store(0);
    control.setStage("Tessellating " + std::to_string(view->data.layer.featureCount()) + " areas");
    const GeometryStore& geometry = view->data.layer.geometry;
    const Extent extent = geometry.extent();
    const render::MeshLevelPlan plan = render::planMeshLevels(extent, geometry.pointCount());
    const auto t0 = std::chrono::steady_clock::now();
    std::shared_ptr<const std::vector<std::uint8_t>> junctions;  // of the first level, kept for the detail job's
    auto tessellate = [&] {
      if (plan.first.empty()) {  // a small layer: full detail at once
        view->mesh = render::tessellateFullDetail(geometry, &control.progress, cancel);
        view->times.fullDetailS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      } else {  // the level a whole-layer view draws now; the other levels and full detail behind the view
        junctions = std::make_shared<const std::vector<std::uint8_t>>(render::findJunctions(geometry, positions));
        positions = {};
        view->mesh.coarserLevels = render::buildMeshLevels(geometry, plan.first, *junctions, cancel);
        view->mesh.extent = extent;
        view->mesh.hasFullDetail = false;
        view->mesh.featureFirstSegment.assign(geometry.featureCount() + 1, 0);  // no outline segments yet
        view->times.levelsS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      }
    };
    // The probe (PROJ takes tens of milliseconds to choose each of its transformations) and the picker are
    // made beside the tessellation, not on the viewer's thread.
    if (maxThreads() == 1) {
      tessellate();
      view->makeProbeAndPicker();
    } else {
      runWorkers(2, [&](unsigned worker) { worker == 0 ? tessellate() : view->makeProbeAndPicker(); });
    }
    for (const OverlayLayer& c : view->data.contextLayers) view->contextMeshes.push_back(render::tessellateLayer(c.layer.geometry));
    if (control.cancelled()) return {nullptr, "loading was cancelled"};
    if (!view->mesh.hasFullDetail) {
      view->meshDetail = std::make_unique<MeshDetailJob>();
      // Held until the view's first frame is drawn (the canvas says go), or a second at most.
      view->meshDetail->start(view->data.layer.geometry, plan.later, junctions, std::chrono::seconds(1));
    }
    view->times.doneAt = std::chrono::steady_clock::now();
    result.view = std::move(view);
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

}  // namespace

void ViewLoader::start(ViewSpec spec) {
  const std::string what = "Reading " + std::filesystem::path(spec.data).filename().string();
  m_loadNumber = m_job.start(what, [spec = std::move(spec)](JobControl& control) { return loadView(spec, control); });
}

}  // namespace mobmap::session
