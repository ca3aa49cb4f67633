#pragma once
// Drawing an area on the map for a community note: the corners clicked so far (display CRS), checked as a ring
// before the note editor opens. Holds no ImGui or GL types; the app feeds it clicks and keys.
//
// Usage:
//   AreaDrawing d;  d.active = true;
//   d.vertices.push_back(world);            // a click
//   if (std::string why = ringProblem(d.vertices); why.empty()) { ... open the editor ... }
#include <string>
#include <vector>

#include "core/geometry.h"

namespace mobmap::ui {

struct AreaDrawing {
  bool active = false;
  std::vector<Point> vertices;   // display CRS, in click order (the ring is closed implicitly)
  std::string message;           // why the last Enter did not finish the area
};

// Why `ring` (open: the closing edge is implied) cannot be a note's area, or "" when it can: fewer than three
// distinct corners, no area (all corners on one line), or edges that cross or touch other than at the corners
// they share. The same rule as notes::ringProblem, which the note stores apply to every area they are given.
std::string ringProblem(const std::vector<Point>& ring);

}  // namespace mobmap::ui
