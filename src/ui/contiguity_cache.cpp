#include "ui/contiguity_cache.h"

#include "core/error.h"

namespace mobmap::ui {

std::shared_ptr<const analysis::SpatialWeights> ContiguityCache::queen(const std::shared_ptr<const session::LoadedView>& view,
                                                                       const std::atomic<bool>* cancel) {
  for (;;) {
    std::shared_future<std::shared_ptr<const analysis::SpatialWeights>> cached;
    std::promise<std::shared_ptr<const analysis::SpatialWeights>> promise;
    {
      std::lock_guard lock(m_mutex);
      if (m_weights.valid() && m_view.lock() == view) {
        cached = m_weights;
      } else {
        m_view = view;
        m_weights = promise.get_future().share();
      }
    }
    if (cached.valid()) {
      try {
        return cached.get();  // waits while another thread is still building them
      } catch (const Cancelled&) {
        // That thread's request was cancelled, not this one: build them here unless this one is cancelled too.
        if (cancel && cancel->load()) throw;
        continue;
      }
    }
    // Built outside the lock: a job for an older view never holds up the newest one.
    try {
      auto weights = std::make_shared<const analysis::SpatialWeights>(analysis::contiguityWeights(
          view->data.layer.geometry, analysis::Contiguity::Queen, analysis::kPoly2nbSnap, cancel));
      promise.set_value(weights);
      return weights;
    } catch (...) {
      {
        // Reset before waking the waiters, so one that retries after a cancelled build starts a new one.
        std::lock_guard lock(m_mutex);
        if (m_view.lock() == view) m_weights = {};  // the next request tries again
      }
      promise.set_exception(std::current_exception());  // threads already waiting get the failure
      throw;
    }
  }
}

}  // namespace mobmap::ui
