#include "render/map_labels.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"

namespace mobmap::render {

namespace {

// Signed area and centroid of a ring (shoelace).
double ringArea(std::span<const Point> r, Point* centroid = nullptr) {
  double a = 0, cx = 0, cy = 0;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    const double c = r[j].x * r[i].y - r[i].x * r[j].y;
    a += c;
    cx += (r[j].x + r[i].x) * c;
    cy += (r[j].y + r[i].y) * c;
  }
  if (centroid && a != 0) *centroid = {cx / (3 * a), cy / (3 * a)};
  return a / 2;
}

bool overlaps(const PageBox& a, const PageBox& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

// The area of feature f's polygons (display CRS units squared); 0 for points and lines.
double featureArea(const GeometryStore& g, std::size_t f) {
  double a = 0;
  for (std::size_t p : g.partsOf(f)) {
    if (g.partKind(p) != PartKind::Polygon) continue;
    for (std::size_t r : g.ringsOf(p))
      if (g.ring(r).size() >= 3) a += (r == *g.ringsOf(p).begin() ? 1 : -1) * std::fabs(ringArea(g.ring(r)));
  }
  return a;
}

}  // namespace

bool labelPoint(const GeometryStore& g, std::size_t f, Point& out) {
  double best = -1;
  std::size_t bestPart = 0;
  bool any = false;
  for (std::size_t p : g.partsOf(f)) {
    auto rings = g.ringsOf(p);
    if (rings.empty() || g.ring(*rings.begin()).empty()) continue;
    if (g.partKind(p) != PartKind::Polygon) {
      if (!any) out = g.ring(*rings.begin()).front();
      any = true;
      continue;
    }
    const double a = std::fabs(ringArea(g.ring(*rings.begin())));
    if (a > best) best = a, bestPart = p;
  }
  if (best < 0) return any;
  // The widest span of the horizontal line through the outer ring's centroid, holes included.
  auto rings = g.ringsOf(bestPart);
  const std::span<const Point> outer = g.ring(*rings.begin());
  Point c = outer.front();
  if (outer.size() < 3 || ringArea(outer, &c) == 0) {
    out = outer.front();
    return true;
  }
  const double y = c.y;
  std::vector<double> xs;
  for (std::size_t r : rings) {
    const std::span<const Point> ring = g.ring(r);
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      const Point a = ring[j], b = ring[i];
      if ((a.y > y) != (b.y > y)) xs.push_back(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
    }
  }
  std::sort(xs.begin(), xs.end());
  double widest = -1;
  out = c;
  for (std::size_t i = 0; i + 1 < xs.size(); i += 2)
    if (xs[i + 1] - xs[i] > widest) {
      widest = xs[i + 1] - xs[i];
      out = {(xs[i] + xs[i + 1]) / 2, y};
    }
  return true;
}

LabelPlacement addMapLabels(Figure& fig, const Viewport& v, const MapLabels& labels, const TextStyle& style,
                            const TextMetrics& metrics, const std::vector<PageBox>& avoid) {
  LabelPlacement result;
  if (!labels.layer) return result;
  const Layer& layer = *labels.layer;
  const Column* column = layer.attributes.find(labels.field);
  if (!column) {
    std::string fields;
    for (const Column& c : layer.attributes.columns()) fields += (fields.empty() ? "" : ", ") + c.name();
    throw Error((layer.source.empty() ? layer.name : layer.source) + ": no field '" + labels.field + "' to label the map with (fields: " +
                fields + ")");
  }
  const GeometryStore& g = layer.geometry;
  std::vector<std::size_t> order(g.featureCount());
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> area(order.size());
  for (std::size_t f : order) area[f] = featureArea(g, f);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return area[a] > area[b]; });
  const PageBox frame{v.x, v.y, v.width, v.height};
  std::vector<PageBox> taken = avoid;
  const double lineH = style.sizePt * 1.2, pad = style.sizePt * 0.25;
  for (std::size_t f : order) {
    if (f >= column->size() || column->isMissing(f)) continue;
    const std::string text = column->displayText(f);
    if (text.empty()) continue;
    Point p;
    if (!labelPoint(g, f, p)) continue;
    const Point page = v.toPage(p);
    const double w = metrics.width(text, style);
    bool placed = false;
    for (double dy : {0.0, -0.6 * lineH, 0.6 * lineH}) {
      const double baseline = page.y + style.sizePt * 0.35 + dy;
      const PageBox box{page.x - w / 2 - pad, baseline - style.sizePt * 0.95 - pad, w + 2 * pad, lineH + 2 * pad};
      const bool inside = box.x >= frame.x && box.y >= frame.y && box.x + box.width <= frame.x + frame.width &&
                          box.y + box.height <= frame.y + frame.height;
      if (!inside || std::any_of(taken.begin(), taken.end(), [&](const PageBox& t) { return overlaps(t, box); })) continue;
      TextItem t{text, page.x, baseline, style, Rgb{51, 51, 51}, Anchor::Center};
      t.halo = Rgb{255, 255, 255};
      fig.texts.push_back(std::move(t));
      taken.push_back(box);
      placed = true;
      break;
    }
    (placed ? result.placed : result.dropped) += 1;
  }
  return result;
}

}  // namespace mobmap::render
