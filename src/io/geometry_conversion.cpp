#include "io/geometry_conversion.h"

#include <ogr_geometry.h>

namespace mobmap::io {

namespace {

void appendCurvePoints(GeometryStore& store, const OGRSimpleCurve& curve) {
  store.beginRing();
  const int n = curve.getNumPoints();
  for (int i = 0; i < n; ++i) store.addPoint(curve.getX(i), curve.getY(i));
}

}  // namespace

void appendGeometry(GeometryStore& store, const OGRGeometry& geometry) {
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
      appendCurvePoints(store, *geometry.toSimpleCurve());
      return;
    case wkbPolygon: {
      const OGRPolygon& poly = *geometry.toPolygon();
      if (poly.IsEmpty()) return;
      store.beginPart(PartKind::Polygon);
      appendCurvePoints(store, *poly.getExteriorRing());
      for (int i = 0; i < poly.getNumInteriorRings(); ++i) appendCurvePoints(store, *poly.getInteriorRing(i));
      return;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbMultiCurve:
    case wkbMultiSurface: {
      const OGRGeometryCollection& c = *geometry.toGeometryCollection();
      for (int i = 0; i < c.getNumGeometries(); ++i) appendGeometry(store, *c.getGeometryRef(i));
      return;
    }
    default: {
      // Curves, curve polygons, TINs, polyhedral surfaces: their linear approximation.
      std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
      if (linear && wkbFlatten(linear->getGeometryType()) != wkbFlatten(geometry.getGeometryType()))
        appendGeometry(store, *linear);
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
