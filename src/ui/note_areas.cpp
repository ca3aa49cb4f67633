#include "ui/note_areas.h"

#include <algorithm>
#include <span>

#include "render/feature_picker.h"

namespace mobmap::ui {

namespace {

bool properCross(Point a, Point b, Point c, Point d) {
  auto side = [](Point o, Point p, Point q) { return (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x); };
  const double d1 = side(c, d, a), d2 = side(c, d, b), d3 = side(a, b, c), d4 = side(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

// True when polygon feature f and the area `rings` (exterior first) share interior points: a corner of one
// inside the other, or crossing edges.
bool overlaps(const GeometryStore& g, std::size_t f, const std::vector<std::vector<Point>>& rings) {
  std::vector<std::span<const Point>> noteRings(rings.begin(), rings.end());
  for (const auto& ring : rings)
    for (const Point& p : ring)
      if (render::featureContains(g, f, p)) return true;
  for (std::size_t part : g.partsOf(f)) {
    if (g.partKind(part) != PartKind::Polygon) continue;
    for (std::size_t r : g.ringsOf(part)) {
      const std::span<const Point> fr = g.ring(r);
      for (const Point& p : fr)
        if (render::pointInPolygon(noteRings, p)) return true;
      for (const auto& nr : rings)
        for (std::size_t i = 0; i + 1 < fr.size(); ++i)
          for (std::size_t j = 0; j < nr.size(); ++j)
            if (properCross(fr[i], fr[i + 1], nr[j], nr[(j + 1) % nr.size()])) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> noteAreaKeys(const ViewerState& state, const std::vector<std::vector<Point>>& displayRings) {
  std::vector<std::string> keys;
  if (!state.view || displayRings.empty() || displayRings.front().empty()) return keys;
  const GeometryStore& g = state.view->data.layer.geometry;
  auto add = [&](std::size_t f) {
    std::string k = featureKey(state, f);
    if (!k.empty() && std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(std::move(k));
  };
  if (displayRings.size() == 1 && displayRings.front().size() == 1) {
    if (state.picker)
      if (auto f = state.picker->pick(displayRings.front().front())) add(*f);
    return keys;
  }
  Extent box;
  for (const auto& ring : displayRings)
    for (const Point& p : ring) box.add(p.x, p.y);
  const std::vector<Extent> extents = g.featureExtents();
  for (std::size_t f = 0; f < extents.size(); ++f) {
    const Extent& e = extents[f];
    if (e.empty() || e.maxX < box.minX || e.minX > box.maxX || e.maxY < box.minY || e.minY > box.maxY) continue;
    if (overlaps(g, f, displayRings)) add(f);
  }
  return keys;
}

}  // namespace mobmap::ui
