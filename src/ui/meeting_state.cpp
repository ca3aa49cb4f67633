#include "ui/meeting_state.h"

#include <algorithm>

namespace mobmap::ui {

std::string adjacentView(const std::vector<std::string>& views, const std::string& current, int step) {
  if (views.empty()) return current;
  const std::size_t at = viewPosition(views, current);
  if (at == 0) return views.front();
  const long target = std::clamp(static_cast<long>(at) - 1 + step, 0L, static_cast<long>(views.size()) - 1);
  return views[static_cast<std::size_t>(target)];
}

std::size_t viewPosition(const std::vector<std::string>& views, const std::string& current) {
  auto it = std::find(views.begin(), views.end(), current);
  return it == views.end() ? 0 : static_cast<std::size_t>(it - views.begin()) + 1;
}

}  // namespace mobmap::ui
