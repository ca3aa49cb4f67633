#include "io/detail/geometry_conversion.h"

#include <ogr_geometry.h>

#include <algorithm>

namespace mobmap::io {

namespace {

void appendCurvePoints(GeometryStore& store, const OGRSimpleCurve& curve, double spacing, bool ring) {
  const auto n = static_cast<std::size_t>(std::max(0, curve.getNumPoints()));
  appendVertices(store, n, [&](std::size_t i) { return Point{curve.getX(static_cast<int>(i)), curve.getY(static_cast<int>(i))}; },
                 spacing, ring);
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

void reserveAfterSample(GeometryStore& store, std::size_t rowsRead, long long expectedRows) {
  constexpr std::size_t kSample = 1000;
  if (rowsRead != kSample || expectedRows <= static_cast<long long>(kSample)) return;
  const double perFeature = double(store.pointCount()) / double(kSample);
  store.reserve(static_cast<std::size_t>(perFeature * double(expectedRows) * 1.1), static_cast<std::size_t>(expectedRows));
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
