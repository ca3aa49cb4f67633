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

}  // namespace mobmap
