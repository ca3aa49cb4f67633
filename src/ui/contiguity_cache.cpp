#include "ui/contiguity_cache.h"

namespace mobmap::ui {

std::shared_ptr<const analysis::SpatialWeights> ContiguityCache::queen(const std::shared_ptr<const session::LoadedView>& view) {
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
  if (cached.valid()) return cached.get();  // waits while another thread is still building them
  // Built outside the lock: a job for an older view never holds up the newest one.
  try {
    auto weights = std::make_shared<const analysis::SpatialWeights>(
        analysis::contiguityWeights(view->data.layer.geometry, analysis::Contiguity::Queen, analysis::kPoly2nbSnap));
    promise.set_value(weights);
    return weights;
  } catch (...) {
    promise.set_exception(std::current_exception());  // threads already waiting get the failure
    std::lock_guard lock(m_mutex);
    if (m_view.lock() == view) m_weights = {};  // the next request tries again
    throw;
  }
}

}  // namespace mobmap::ui
