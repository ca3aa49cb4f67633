#pragma once
// Loading a view off the UI thread: reading, joining, reprojecting and tessellating run on a worker thread
// (a BackgroundJob) while the caller keeps drawing frames and shows the stage and progress. A new load
// supersedes a running one without waiting for it.
//
// Usage:
//   ViewLoader loader;
//   loader.start(spec);                                   // returns at once
//   each frame: if (auto r = loader.takeResult()) { if (r->view) use(*r->view); else show(r->error); }
//               else draw a progress bar with loader.stage(), loader.progress()
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/background_job.h"
#include "render/feature_picker.h"
#include "render/tessellation.h"
#include "session/long_table.h"
#include "session/map_probe.h"
#include "session/mesh_detail_job.h"
#include "session/view_data.h"
#include "session/view_spec.h"

namespace mobmap::session {

// Seconds spent in each stage of a load, for `--timings`.
struct LoadStageTimes {
  double readS = 0;        // reading (and joining) the main layer
  double reprojectS = 0;   // finding the vertices' positions, choosing the display CRS and reprojecting
  double levelsS = 0;      // finding shared boundaries and building the coarsest levels (0 for small layers)
  double fullDetailS = 0;  // tessellating full detail in the loader (small layers; large ones: meshDetail)
  std::chrono::steady_clock::time_point startedAt;  // when the loader started
  std::chrono::steady_clock::time_point doneAt;     // when the view was ready to hand over
};

// A view ready to draw: its data in the display CRS and the triangles of each layer. For a large layer the
// loader hands the view over as soon as the coarser levels are built: `mesh` then holds them with
// mesh.hasFullDetail false, and `meshDetail` tessellates full detail and then the other levels on worker
// threads.
struct LoadedView {
  ViewSpec spec;
  ViewData data;
  render::LayerMesh mesh;                        // of data.layer (only its extent once uploaded: releaseMainMesh)
  std::vector<render::LayerMesh> contextMeshes;  // of data.contextLayers, same order
  std::optional<LongTableChoices> longTable;     // years and subgroups of a joined long table, if it is one
  // For the viewer to take: the probe of data.displayCrs and data.insets, and the picker of data.layer's areas.
  std::unique_ptr<MapProbe> probe;
  std::unique_ptr<render::FeaturePicker> picker;
  LoadStageTimes times;
  // Full detail of data.layer when mesh lacks it, else null. It reads data.layer.geometry while it runs, so a
  // view is not moved once its job has started (the loader hands views over by pointer). Declared after
  // data: destroyed, so stopped, first.
  std::unique_ptr<MeshDetailJob> meshDetail;
  // Makes the probe and the picker when the view has none: the loader makes them beside its tessellation;
  // a view made elsewhere gets them where it is first shown.
  void makeProbeAndPicker() {
    if (!probe) probe = std::make_unique<MapProbe>(data.displayCrs, data.insets);
    if (!picker) picker = std::make_unique<render::FeaturePicker>(data.layer.geometry);
  }
  // Drops the CPU copies of the meshes once the viewer has them on the GPU (mesh keeps its extent; the
  // context meshes stay: they are small and uploaded again when overlays change).
  void releaseMainMesh() {
    render::LayerMesh kept;
    kept.extent = mesh.extent;
    kept.hasFullDetail = mesh.hasFullDetail;
    mesh = std::move(kept);
  }
};

struct LoadResult {
  std::unique_ptr<LoadedView> view;  // null on failure
  std::string error;                 // the message for the user when view is null
};

class ViewLoader {
 public:
  // Starts loading `spec` (every attribute column) on a worker thread and returns at once. A load already
  // running is superseded: told to stop, and its result dropped.
  void start(ViewSpec spec);
  // True from start() until the result has been taken.
  bool busy() const { return m_job.busy(); }
  // What the worker is doing ("Reading tracts.geojson (0.4 s)", "Tessellating 306 areas (42%, 1.2 s)") and how
  // far it is (0-1, or < 0 before a stage reports progress).
  std::string stage() const { return m_job.stage(); }
  float progress() const { return m_job.progress(); }
  // Seconds since the load started (0 when nothing is loading).
  double secondsRunning() const { return m_job.secondsRunning(); }
  // The newest load's number (increasing with each start(); 0 before the first).
  std::uint64_t loadNumber() const { return m_loadNumber; }
  // Asks a running load to stop; its result will carry an error saying it was cancelled.
  void cancel() { m_job.cancel(); }
  // Stops a running load and drops it: nothing is handed over and busy() is false at once.
  void discard() { m_job.discard(); }
  // Waits until the worker has finished or `timeout` has passed (returns at once when nothing is loading), so
  // a caller that only shows progress can sleep instead of drawing frames that compete with the worker.
  void waitFor(std::chrono::milliseconds timeout) const { m_job.waitFor(timeout); }
  // The result once the worker has finished (once), else nullopt without waiting.
  std::optional<LoadResult> takeResult() { return m_job.takeResult(); }

 private:
  BackgroundJob<LoadResult> m_job;
  std::uint64_t m_loadNumber = 0;
};

}  // namespace mobmap::session
