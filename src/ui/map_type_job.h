#pragma once
// Building a map type (LISA clusters, gap, ratio, bivariate) or the Moran scatter plot off the UI thread: the
// viewer keeps drawing the previous map while a worker computes the new one, and a newer request supersedes
// an older one (the older result is never handed back, and its LISA or scatter computation stops early).
//
// Usage:
//   MapTypeJob job;
//   job.start({view, view->spec, MapType::Lisa, "", false});   // returns at once
//   each frame: if (auto r = job.takeResult()) { if (r->map) use(*r->map); else show(r->error); }
//               else show job.stage() in the status bar
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/background_job.h"
#include "render/moran_scatter.h"
#include "render/thematic_map.h"
#include "session/view_loader.h"
#include "ui/contiguity_cache.h"
#include "ui/map_type.h"

namespace mobmap::ui {

struct MapTypeRequest {
  // The view whose layer is analysed; the job keeps it alive while it runs (its layer is only read).
  std::shared_ptr<const session::LoadedView> view;
  // The field and style options, copied: the panels edit the view's own spec while the job runs.
  session::ViewSpec spec;
  MapType type = MapType::Choropleth;
  std::string secondField;
  bool scatter = false;  // the Moran scatter plot of the mapped field instead of a map
  // Where the view's contiguity weights are kept between requests (LISA, scatter), or null to build them.
  std::shared_ptr<ContiguityCache> contiguity;
};

struct MapTypeResult {
  std::uint64_t ticket = 0;                     // start()'s return value for the request
  std::optional<render::ThematicMap> map;       // a map request that succeeded
  std::optional<render::MoranScatter> scatter;  // a scatter request that succeeded
  std::string title;                            // the map's figure title when the view has none (session::BuiltMap)
  std::string error;                            // why neither is set
  double seconds = 0;                           // time the worker spent
};

// The map of `request` (or its scatter) computed on the calling thread: what the job computes on its worker.
// When `cancel` is given and becomes true, a LISA map or scatter stops early and the result's error says it
// was cancelled.
MapTypeResult computeMapType(const MapTypeRequest& request, const std::atomic<bool>* cancel = nullptr);

// The map types' use of the viewer's one background-job type (core/background_job.h).
class MapTypeJob {
 public:
  // Starts computing `request` on a worker thread and returns its ticket (increasing). A request still running
  // is superseded: it is cancelled, stops early on its own thread, and its result is dropped.
  std::uint64_t start(MapTypeRequest request);
  // Supersedes (and cancels) the request running, if any, without starting another.
  void discard() { m_job.discard(); }
  // True from start() until the newest request's result has been taken (or discarded).
  bool busy() const { return m_job.busy(); }
  // "Computing LISA clusters (1.2 s)" while busy, else "".
  std::string stage() const { return m_job.stage(); }
  // The newest request's result once its worker has finished (once), else nullopt without waiting. Results
  // of superseded requests are never returned.
  std::optional<MapTypeResult> takeResult();
  // Waits until the newest request has finished or `timeout` has passed (returns at once when not busy).
  void waitFor(std::chrono::milliseconds timeout) const { m_job.waitFor(timeout); }
  // Superseded requests whose workers have not finished yet.
  std::size_t staleRunning() { return m_job.staleRunning(); }

 private:
  BackgroundJob<MapTypeResult> m_job;
};

}  // namespace mobmap::ui
