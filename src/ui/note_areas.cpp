#include "ui/note_areas.h"

#include <algorithm>
#include <span>

#include "core/column_roles.h"
#include "core/text.h"
#include "core/geometry.h"

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
      if (featureContains(g, f, p)) return true;
  for (std::size_t part : g.partsOf(f)) {
    if (g.partKind(part) != PartKind::Polygon) continue;
    for (std::size_t r : g.ringsOf(part)) {
      const std::span<const Point> fr = g.ring(r);
      for (const Point& p : fr)
        if (pointInPolygon(noteRings, p)) return true;
      for (const auto& nr : rings)
        for (std::size_t i = 0; i + 1 < fr.size(); ++i)
          for (std::size_t j = 0; j < nr.size(); ++j)
            if (properCross(fr[i], fr[i + 1], nr[j], nr[(j + 1) % nr.size()])) return true;
    }
  }
  return false;
}

// The features of `g` that the note (one one-point ring, or the rings of an area) falls in or overlaps.
std::vector<std::size_t> featuresUnder(const GeometryStore& g, const std::vector<std::vector<Point>>& rings) {
  std::vector<std::size_t> out;
  const bool point = rings.size() == 1 && rings.front().size() == 1;
  Extent box;
  for (const auto& ring : rings)
    for (const Point& p : ring) box.add(p.x, p.y);
  const std::vector<Extent> extents = g.featureExtents();
  for (std::size_t f = 0; f < extents.size(); ++f) {
    const Extent& e = extents[f];
    if (e.empty() || e.maxX < box.minX || e.minX > box.maxX || e.maxY < box.minY || e.minY > box.maxY) continue;
    if (point ? featureContains(g, f, rings.front().front()) : overlaps(g, f, rings)) out.push_back(f);
  }
  return out;
}

// The column naming an overlay's areas: the area key (core::areaKeyColumn), else an id, else a name; null when none.
const Column* overlayKeyColumn(const AttributeTable& t) {
  if (const Column* c = areaKeyColumn(t)) return c;
  for (const Column& c : t.columns()) {
    const std::string n = toLower(c.name());
    if (n.ends_with("_id") || n.ends_with("id")) return &c;
  }
  return areaNameColumn(t);
}

}  // namespace

std::vector<std::string> noteAreaIds(const ViewerState& state, const std::vector<std::vector<Point>>& displayRings) {
  std::vector<std::string> ids = noteAreaKeys(state, displayRings);
  if (!state.view || displayRings.empty() || displayRings.front().empty()) return ids;
  for (const session::OverlayLayer& o : state.view->data.contextLayers) {
    const GeometryStore& g = o.layer.geometry;
    bool polygons = false;
    for (std::size_t p = 0; p < g.partCount() && !polygons; ++p) polygons = g.partKind(p) == PartKind::Polygon;
    const Column* key = overlayKeyColumn(o.layer.attributes);
    if (!polygons || !key) continue;
    for (std::size_t f : featuresUnder(g, displayRings)) {
      if (key->isMissing(f)) continue;
      std::string k = key->displayText(f);
      if (!k.empty() && std::find(ids.begin(), ids.end(), k) == ids.end()) ids.push_back(std::move(k));
    }
  }
  return ids;
}

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
  for (std::size_t f : featuresUnder(g, displayRings)) add(f);
  return keys;
}

}  // namespace mobmap::ui
