#include "ui/area_drawing.h"

#include <algorithm>
#include <cmath>

namespace mobmap::ui {

namespace {

double cross(Point o, Point a, Point b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

bool onSegment(Point a, Point b, Point p) {
  return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y && p.y <= std::max(a.y, b.y);
}

// True when segments ab and cd share a point (touching counts).
bool segmentsMeet(Point a, Point b, Point c, Point d) {
  const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 == 0 && onSegment(c, d, a)) || (d2 == 0 && onSegment(c, d, b)) || (d3 == 0 && onSegment(a, b, c)) ||
         (d4 == 0 && onSegment(a, b, d));
}

}  // namespace

std::string ringProblem(const std::vector<Point>& input) {
  // Repeated corners (a double click adds the same point twice) are one corner.
  std::vector<Point> ring;
  for (const Point& p : input)
    if (ring.empty() || p.x != ring.back().x || p.y != ring.back().y) ring.push_back(p);
  while (ring.size() > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) ring.pop_back();
  if (ring.size() < 3) return "an area needs at least three corners";
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const bool adjacent = j == i + 1 || (i == 0 && j == n - 1);
      if (adjacent) continue;
      if (segmentsMeet(ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n]))
        return "the outline crosses itself: edges " + std::to_string(i + 1) + " and " + std::to_string(j + 1) + " meet";
    }
  double area2 = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % ring.size()];
    area2 += (a.x - ring[0].x) * (b.y - ring[0].y) - (b.x - ring[0].x) * (a.y - ring[0].y);
  }
  double extent = 0;
  for (const Point& p : ring) extent = std::max({extent, std::abs(p.x - ring[0].x), std::abs(p.y - ring[0].y)});
  if (std::abs(area2) <= 1e-12 * extent * extent) return "the corners lie on one line: the area has no size";
  return {};
}

}  // namespace mobmap::ui
