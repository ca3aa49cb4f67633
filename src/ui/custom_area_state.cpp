#include "ui/custom_area_state.h"

#include <algorithm>

namespace mobmap::ui {

bool togglePick(CustomAreaState& state, std::size_t feature) {
  auto it = std::find(state.picked.begin(), state.picked.end(), feature);
  if (it != state.picked.end()) {
    state.picked.erase(it);
    return false;
  }
  state.picked.push_back(feature);
  return true;
}

bool isPicked(const CustomAreaState& state, std::size_t feature) {
  return std::find(state.picked.begin(), state.picked.end(), feature) != state.picked.end();
}

}  // namespace mobmap::ui
