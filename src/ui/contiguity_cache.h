#pragma once
// The queen contiguity of a loaded view's layer, built once per view and shared by the map-type jobs (the LISA
// map, the Moran scatter plot) on their worker threads. The weights depend on the geometry only, and on a
// national layer they are the costliest step of a LISA map, so another field or the scatter of the same view
// does not build them again.
#include <atomic>
#include <future>
#include <memory>
#include <mutex>

#include "analysis/spatial_weights.h"
#include "session/view_loader.h"

namespace mobmap::ui {

class ContiguityCache {
 public:
  // analysis::contiguityWeights(view->data.layer.geometry, Queen, kPoly2nbSnap), the weights LISA maps use:
  // from the cache when they were built for this view (the same object, still alive), else built on the
  // calling thread and kept (only the latest view's). Safe from any thread: a thread asking for the view
  // whose weights another thread is building waits for them. Rethrows what building them threw. When `cancel`
  // is given and becomes true, the build on this thread stops with mobmap::Cancelled and is not kept: the next
  // request builds the weights again, and a thread that was waiting for them (without its own flag set) builds
  // them itself.
  std::shared_ptr<const analysis::SpatialWeights> queen(const std::shared_ptr<const session::LoadedView>& view,
                                                        const std::atomic<bool>* cancel = nullptr);

 private:
  std::mutex m_mutex;
  std::weak_ptr<const session::LoadedView> m_view;
  std::shared_future<std::shared_ptr<const analysis::SpatialWeights>> m_weights;
};

}  // namespace mobmap::ui
