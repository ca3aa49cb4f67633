#pragma once
// Feature geometry in double precision, stored flat for speed: one vertex array for a whole layer,
// with offsets marking rings, parts (a polygon, a line or a point) and features.
//
// Usage:
//   GeometryStore g;
//   g.beginFeature(); g.beginPart(PartKind::Polygon); g.beginRing(); g.addPoint(x, y); ...
//   for (std::size_t f = 0; f < g.featureCount(); ++f)
//     for (std::size_t p : g.partsOf(f)) for (std::size_t r : g.ringsOf(p)) for (const Point& v : g.ring(r)) ...
// A polygon part's first ring is its exterior; the others are holes. Rings are stored as read (closed rings keep
// their repeated last vertex). A feature with no parts has no geometry.
#include <cstddef>
#include <cstdint>
#include <ranges>
#include <span>
#include <vector>

#include "core/extent.h"

namespace mobmap {

struct Point {
  double x = 0;
  double y = 0;
};

enum class PartKind : std::uint8_t { Point, Line, Polygon };

class GeometryStore {
 public:
  // Starts a new feature; parts added next belong to it.
  void beginFeature();
  // Starts a part of the current feature.
  void beginPart(PartKind kind);
  // Starts a ring (or the vertex list of a line or point) of the current part.
  void beginRing();
  // Appends a vertex to the current ring.
  void addPoint(double x, double y) { m_points.push_back({x, y}); }

  std::size_t featureCount() const { return m_featureFirstPart.size(); }
  std::size_t partCount() const { return m_partFirstRing.size(); }
  std::size_t ringCount() const { return m_ringFirstPoint.size(); }
  std::size_t pointCount() const { return m_points.size(); }

  // Indices of the parts of feature f.
  auto partsOf(std::size_t f) const { return std::views::iota(m_featureFirstPart[f], endOf(m_featureFirstPart, f, partCount())); }
  // Indices of the rings of part p.
  auto ringsOf(std::size_t p) const { return std::views::iota(m_partFirstRing[p], endOf(m_partFirstRing, p, ringCount())); }
  // Vertices of ring r.
  std::span<const Point> ring(std::size_t r) const {
    std::size_t b = m_ringFirstPoint[r];
    return {m_points.data() + b, endOf(m_ringFirstPoint, r, pointCount()) - b};
  }
  PartKind partKind(std::size_t p) const { return m_partKind[p]; }

  // All vertices, for bulk coordinate transforms.
  std::span<Point> points() { return m_points; }
  std::span<const Point> points() const { return m_points; }

  // Bounding box of feature f (empty when it has no geometry).
  Extent featureExtent(std::size_t f) const;
  // Bounding box of every feature, in one pass (for culling many features many times).
  std::vector<Extent> featureExtents() const;
  // Bounding box of every vertex.
  Extent extent() const;

  // Reserves room for about `points` vertices and `features` features.
  void reserve(std::size_t points, std::size_t features);

 private:
  static std::size_t endOf(const std::vector<std::size_t>& starts, std::size_t i, std::size_t total) {
    return i + 1 < starts.size() ? starts[i + 1] : total;
  }

  std::vector<Point> m_points;
  std::vector<std::size_t> m_ringFirstPoint;
  std::vector<std::size_t> m_partFirstRing;
  std::vector<PartKind> m_partKind;
  std::vector<std::size_t> m_featureFirstPart;
};

// True when `p` lies inside the polygon made of `rings` (exterior first, then holes) by the even-odd rule;
// points inside a hole are outside.
bool pointInPolygon(std::span<const std::span<const Point>> rings, Point p);

// True when `p` lies inside one of feature f's polygon parts (holes excluded).
bool featureContains(const GeometryStore& geometry, std::size_t f, Point p);

}  // namespace mobmap
