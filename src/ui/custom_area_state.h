#pragma once
// The viewer's custom areas (dissolve): the areas picked on the map with shift+click, the name to give them,
// the background job merging them, and the last area made.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "session/custom_area.h"

namespace mobmap::ui {

struct CustomAreaState {
  std::vector<std::size_t> picked;             // rows of the mapped layer, in the order they were picked
  std::string name = "Custom area";
  std::shared_ptr<session::CustomAreaJob> job; // made on first use
  std::string message;                         // the last error, or what was made
  std::optional<session::CustomArea> area;     // the last area made (also drawn as an overlay)
  bool inspect = false;                        // the inspector shows the area (until an area is clicked)
  std::string exportPath = "custom-area.gpkg";
  std::string exportMessage;
};

// Adds `feature` to the pick set, or removes it when it is already there. Returns true when it was added.
bool togglePick(CustomAreaState& state, std::size_t feature);

// True when `feature` is in the pick set.
bool isPicked(const CustomAreaState& state, std::size_t feature);

}  // namespace mobmap::ui
