#include "core/geometry.h"

namespace mobmap {

void GeometryStore::beginFeature() { m_featureFirstPart.push_back(m_partFirstRing.size()); }

void GeometryStore::beginPart(PartKind kind) {
  m_partFirstRing.push_back(m_ringFirstPoint.size());
  m_partKind.push_back(kind);
}

void GeometryStore::beginRing() { m_ringFirstPoint.push_back(m_points.size()); }

Extent GeometryStore::featureExtent(std::size_t f) const {
  Extent e;
  for (std::size_t p : partsOf(f))
    for (std::size_t r : ringsOf(p))
      for (const Point& v : ring(r)) e.add(v.x, v.y);
  return e;
}

std::vector<Extent> GeometryStore::featureExtents() const {
  std::vector<Extent> out(featureCount());
  for (std::size_t f = 0; f < out.size(); ++f) out[f] = featureExtent(f);
  return out;
}

Extent GeometryStore::extent() const {
  Extent e;
  for (const Point& v : m_points) e.add(v.x, v.y);
  return e;
}

void GeometryStore::reserve(std::size_t points, std::size_t features) {
  m_points.reserve(points);
  m_featureFirstPart.reserve(features);
  m_partFirstRing.reserve(features * 11 / 10);
  m_partKind.reserve(features * 11 / 10);
  m_ringFirstPoint.reserve(features * 12 / 10);
}

bool pointInPolygon(std::span<const std::span<const Point>> rings, Point p) {
  bool inside = false;
  for (std::span<const Point> ring : rings) {
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
      const Point& a = ring[i];
      const Point& b = ring[j];
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
    }
  }
  return inside;
}

bool featureContains(const GeometryStore& geometry, std::size_t f, Point p) {
  std::vector<std::span<const Point>> rings;
  for (std::size_t part : geometry.partsOf(f)) {
    if (geometry.partKind(part) != PartKind::Polygon) continue;
    rings.clear();
    for (std::size_t r : geometry.ringsOf(part)) rings.push_back(geometry.ring(r));
    if (pointInPolygon(rings, p)) return true;
  }
  return false;
}

}  // namespace mobmap
