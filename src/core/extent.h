#pragma once
// An axis-aligned bounding box in some CRS.
#include <algorithm>
#include <limits>

namespace mobmap {

struct Extent {
  double minX = std::numeric_limits<double>::infinity();
  double minY = std::numeric_limits<double>::infinity();
  double maxX = -std::numeric_limits<double>::infinity();
  double maxY = -std::numeric_limits<double>::infinity();

  // True until a point has been added.
  bool empty() const { return minX > maxX || minY > maxY; }
  double width() const { return empty() ? 0 : maxX - minX; }
  double height() const { return empty() ? 0 : maxY - minY; }

  // Grows the box to contain (x, y).
  void add(double x, double y) {
    minX = std::min(minX, x);
    minY = std::min(minY, y);
    maxX = std::max(maxX, x);
    maxY = std::max(maxY, y);
  }
  // Grows the box to contain another box.
  void add(const Extent& other) {
    if (other.empty()) return;
    add(other.minX, other.minY);
    add(other.maxX, other.maxY);
  }
  // True when the two boxes share a point (touching edges count); false when either is empty.
  bool overlaps(const Extent& other) const {
    return !empty() && !other.empty() && maxX >= other.minX && minX <= other.maxX && maxY >= other.minY && minY <= other.maxY;
  }
  // True when every point of this box lies inside `outer`.
  bool within(const Extent& outer) const {
    return !empty() && minX >= outer.minX && maxX <= outer.maxX && minY >= outer.minY && maxY <= outer.maxY;
  }
};

}  // namespace mobmap
