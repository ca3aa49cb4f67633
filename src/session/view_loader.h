#pragma once
// Loading a view off the UI thread: reading, joining, reprojecting and tessellating run on a worker thread
// while the caller keeps drawing frames and shows the stage and progress.
//
// Usage:
//   ViewLoader loader;
//   loader.start(spec);                                   // returns at once
//   each frame: if (auto r = loader.takeResult()) { if (r->view) use(*r->view); else show(r->error); }
//               else draw a progress bar with loader.stage(), loader.progress()
#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "render/tessellation.h"
#include "session/long_table.h"
#include "session/view_data.h"
#include "session/view_spec.h"

namespace mobmap::session {

// A view ready to draw: its data in the display CRS and the triangles of each layer.
struct LoadedView {
  ViewSpec spec;
  ViewData data;
  render::LayerMesh mesh;                        // of data.layer
  std::vector<render::LayerMesh> contextMeshes;  // of data.contextLayers, same order
  std::optional<LongTableChoices> longTable;     // years and subgroups of a joined long table, if it is one
};

struct LoadResult {
  std::unique_ptr<LoadedView> view;  // null on failure
  std::string error;                 // the message for the user when view is null
};

class ViewLoader {
 public:
  ViewLoader() = default;
  // Waits for a running load (after asking it to stop).
  ~ViewLoader();
  ViewLoader(const ViewLoader&) = delete;
  ViewLoader& operator=(const ViewLoader&) = delete;

  // Starts loading `spec` (every attribute column) on a worker thread. A load already running is cancelled
  // and its result dropped.
  void start(ViewSpec spec);
  // True from start() until the result has been taken.
  bool busy() const { return m_future.valid(); }
  // What the worker is doing ("Reading tracts.geojson", "Tessellating 306 areas") and how far it is (0-1).
  std::string stage() const;
  float progress() const { return m_progress.load(); }
  // Asks a running load to stop; its result will carry an error saying it was cancelled.
  void cancel() { m_cancel.store(true); }
  // The result once the worker has finished (once), else nullopt without waiting.
  std::optional<LoadResult> takeResult();

 private:
  void setStage(std::string text);

  std::future<LoadResult> m_future;
  std::atomic<float> m_progress{0};
  std::atomic<bool> m_cancel{false};
  mutable std::mutex m_stageMutex;
  std::string m_stage;
};

}  // namespace mobmap::session
