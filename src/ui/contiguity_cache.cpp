#include "ui/contiguity_cache.h"

namespace mobmap::ui {

std::shared_ptr<const analysis::SpatialWeights> ContiguityCache::queen(const std::shared_ptr<const session::LoadedView>& view) {
  {
    std::lock_guard lock(m_mutex);
    if (m_weights && m_view.lock() == view) return m_weights;
  }
  // Built outside the lock: a job for an older view must not hold up the newest one.
  auto weights = std::make_shared<const analysis::SpatialWeights>(
      analysis::contiguityWeights(view->data.layer.geometry, analysis::Contiguity::Queen, analysis::kPoly2nbSnap));
  std::lock_guard lock(m_mutex);
  m_view = view;
  m_weights = weights;
  return weights;
}

}  // namespace mobmap::ui
