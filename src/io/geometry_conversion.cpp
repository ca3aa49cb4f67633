#include "io/detail/geometry_conversion.h"

#include <ogr_geometry.h>

#include <cmath>
#include <vector>

namespace mobmap::io {

namespace {

// Appends the vertices of `curve` as a ring; with `spacing` > 0 drops those closer than `spacing` (in both x and
// y) to the previous kept one. Keeps the first and last vertex; a ring of 4 or more vertices keeps 4 at least
// (evenly spaced ones when the filter would leave fewer), so it stays a closed polygon.
void appendCurvePoints(GeometryStore& store, const OGRSimpleCurve& curve, double spacing, bool ring) {
  store.beginRing();
  const int n = curve.getNumPoints();
  if (spacing <= 0 || n <= 4) {
    for (int i = 0; i < n; ++i) store.addPoint(curve.getX(i), curve.getY(i));
    return;
  }
  // Which vertices survive, decided before any is stored (a ring left with too few falls back to 4).
  thread_local std::vector<int> kept;
  kept.clear();
  kept.push_back(0);
  double lastX = curve.getX(0), lastY = curve.getY(0);
  for (int i = 1; i + 1 < n; ++i) {
    const double x = curve.getX(i), y = curve.getY(i);
    if (std::fabs(x - lastX) < spacing && std::fabs(y - lastY) < spacing) continue;
    kept.push_back(i);
    lastX = x;
    lastY = y;
  }
  kept.push_back(n - 1);
  if (ring && kept.size() < 4) kept = {0, n / 3, 2 * n / 3, n - 1};
  for (int i : kept) store.addPoint(curve.getX(i), curve.getY(i));
}

}  // namespace

void appendGeometry(GeometryStore& store, const OGRGeometry& geometry, double vertexSpacing) {
  switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPoint: {
      const auto& p = *geometry.toPoint();
      if (p.IsEmpty()) return;
      store.beginPart(PartKind::Point);
      store.beginRing();
      store.addPoint(p.getX(), p.getY());
      return;
    }
    case wkbLineString:
    case wkbLinearRing:
      store.beginPart(PartKind::Line);
      appendCurvePoints(store, *geometry.toSimpleCurve(), vertexSpacing, false);
      return;
    case wkbPolygon: {
      const OGRPolygon& poly = *geometry.toPolygon();
      if (poly.IsEmpty()) return;
      store.beginPart(PartKind::Polygon);
      appendCurvePoints(store, *poly.getExteriorRing(), vertexSpacing, true);
      for (int i = 0; i < poly.getNumInteriorRings(); ++i)
        appendCurvePoints(store, *poly.getInteriorRing(i), vertexSpacing, true);
      return;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbMultiCurve:
    case wkbMultiSurface: {
      const OGRGeometryCollection& c = *geometry.toGeometryCollection();
      for (int i = 0; i < c.getNumGeometries(); ++i) appendGeometry(store, *c.getGeometryRef(i), vertexSpacing);
      return;
    }
    default: {
      // Curves, curve polygons, TINs, polyhedral surfaces: their linear approximation.
      std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
      if (linear && wkbFlatten(linear->getGeometryType()) != wkbFlatten(geometry.getGeometryType()))
        appendGeometry(store, *linear, vertexSpacing);
      return;
    }
  }
}

std::unique_ptr<OGRGeometry> toOgrGeometry(const GeometryStore& store, std::size_t f) {
  auto parts = store.partsOf(f);
  if (parts.empty()) return nullptr;
  auto ringOf = [&](std::size_t r, auto& curve) {
    for (const Point& v : store.ring(r)) curve.addPoint(v.x, v.y);
  };
  switch (store.partKind(*parts.begin())) {
    case PartKind::Polygon: {
      auto multi = std::make_unique<OGRMultiPolygon>();
      for (std::size_t p : parts) {
        if (store.partKind(p) != PartKind::Polygon) continue;
        OGRPolygon poly;
        for (std::size_t r : store.ringsOf(p)) {
          OGRLinearRing ring;
          ringOf(r, ring);
          poly.addRing(&ring);
        }
        multi->addGeometry(&poly);
      }
      return multi;
    }
    case PartKind::Line: {
      auto multi = std::make_unique<OGRMultiLineString>();
      for (std::size_t p : parts)
        for (std::size_t r : store.ringsOf(p)) {
          OGRLineString line;
          ringOf(r, line);
          multi->addGeometry(&line);
        }
      return multi;
    }
    case PartKind::Point: {
      auto multi = std::make_unique<OGRMultiPoint>();
      for (std::size_t p : parts)
        for (std::size_t r : store.ringsOf(p))
          for (const Point& v : store.ring(r)) {
            OGRPoint pt(v.x, v.y);
            multi->addGeometry(&pt);
          }
      return multi;
    }
  }
  return nullptr;
}

}  // namespace mobmap::io
