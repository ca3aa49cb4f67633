#include "analysis/detail/geos_support.h"

#include <cstdarg>
#include <cstdio>
#include <vector>

#include "core/error.h"

namespace mobmap::analysis::detail {

GeosContext::GeosContext() : m_handle(GEOS_init_r()) {
  if (!m_handle) throw Error("GEOS could not be initialised");
  GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::onError, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(m_handle); }

void GeosContext::onError(const char* message, void* self) {
  static_cast<GeosContext*>(self)->m_lastError = message ? message : "";
}

namespace {

// A closed GEOS ring from a stored ring, or null when it has fewer than three distinct vertices.
GEOSGeometry* makeRing(const GeosContext& ctx, std::span<const Point> ring) {
  std::vector<double> xy;
  xy.reserve(2 * (ring.size() + 1));
  for (const Point& p : ring) {
    const std::size_t n = xy.size();
    if (n >= 2 && xy[n - 2] == p.x && xy[n - 1] == p.y) continue;  // repeated vertex
    xy.push_back(p.x);
    xy.push_back(p.y);
  }
  if (xy.size() >= 4 && (xy[0] != xy[xy.size() - 2] || xy[1] != xy[xy.size() - 1])) {
    xy.push_back(xy[0]);
    xy.push_back(xy[1]);
  }
  if (xy.size() < 8) return nullptr;  // closed ring needs 4 coordinates (3 distinct)
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx.handle(), xy.data(), xy.size() / 2, 0, 0);
  if (!seq) return nullptr;
  return GEOSGeom_createLinearRing_r(ctx.handle(), seq);
}

// Keeps only the polygonal parts of a repaired geometry, as a MultiPolygon.
GeomPtr polygonalPart(const GeosContext& ctx, GeomPtr g) {
  const int type = GEOSGeomTypeId_r(ctx.handle(), g.get());
  if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
  std::vector<GEOSGeometry*> polys;
  const int n = GEOSGetNumGeometries_r(ctx.handle(), g.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(ctx.handle(), g.get(), i);
    const int t = GEOSGeomTypeId_r(ctx.handle(), part);
    if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON) {
      const int m = GEOSGetNumGeometries_r(ctx.handle(), part);
      for (int k = 0; k < m; ++k) polys.push_back(GEOSGeom_clone_r(ctx.handle(), GEOSGetGeometryN_r(ctx.handle(), part, k)));
    }
  }
  if (polys.empty()) return own(ctx, nullptr);
  return own(ctx, GEOSGeom_createCollection_r(ctx.handle(), GEOS_MULTIPOLYGON, polys.data(),
                                              static_cast<unsigned>(polys.size())));
}

}  // namespace

GeomPtr featurePolygons(const GeosContext& ctx, const GeometryStore& store, std::size_t f, bool& repaired) {
  repaired = false;
  GEOSContextHandle_t h = ctx.handle();
  std::vector<GEOSGeometry*> polys;
  for (std::size_t p : store.partsOf(f)) {
    if (store.partKind(p) != PartKind::Polygon) continue;
    GEOSGeometry* shell = nullptr;
    std::vector<GEOSGeometry*> holes;
    for (std::size_t r : store.ringsOf(p)) {
      GEOSGeometry* ring = makeRing(ctx, store.ring(r));
      if (!ring) continue;
      if (!shell) shell = ring;
      else holes.push_back(ring);
    }
    if (!shell) {
      for (GEOSGeometry* hole : holes) GEOSGeom_destroy_r(h, hole);
      continue;
    }
    polys.push_back(GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size())));
  }
  if (polys.empty()) return own(ctx, nullptr);
  GeomPtr g = polys.size() == 1
                  ? own(ctx, polys.front())
                  : own(ctx, GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys.data(),
                                                         static_cast<unsigned>(polys.size())));
  if (GEOSisValid_r(h, g.get()) == 1) return g;
  repaired = true;
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(h);
  GEOSMakeValidParams_setMethod_r(h, params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(h, params, 0);
  GeomPtr valid = own(ctx, GEOSMakeValidWithParams_r(h, g.get(), params));
  GEOSMakeValidParams_destroy_r(h, params);
  if (!valid) throw Error("could not repair the geometry of feature " + std::to_string(f + 1) + ": " + ctx.lastError());
  return polygonalPart(ctx, std::move(valid));
}

namespace {
void appendRing(const GeosContext& ctx, const GEOSGeometry* ring, GeometryStore& out) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.handle(), ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(ctx.handle(), seq, &n);
  out.beginRing();
  for (unsigned i = 0; i < n; ++i) {
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(ctx.handle(), seq, i, &x, &y);
    out.addPoint(x, y);
  }
}

void appendPolygon(const GeosContext& ctx, const GEOSGeometry* poly, GeometryStore& out) {
  if (GEOSisEmpty_r(ctx.handle(), poly) == 1) return;
  out.beginPart(PartKind::Polygon);
  appendRing(ctx, GEOSGetExteriorRing_r(ctx.handle(), poly), out);
  const int holes = GEOSGetNumInteriorRings_r(ctx.handle(), poly);
  for (int i = 0; i < holes; ++i) appendRing(ctx, GEOSGetInteriorRingN_r(ctx.handle(), poly, i), out);
}
}  // namespace

void appendPolygons(const GeosContext& ctx, const GEOSGeometry* g, GeometryStore& out) {
  out.beginFeature();
  if (g) {
    const int type = GEOSGeomTypeId_r(ctx.handle(), g);
    if (type == GEOS_POLYGON) {
      appendPolygon(ctx, g, out);
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
      const int n = GEOSGetNumGeometries_r(ctx.handle(), g);
      for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(ctx.handle(), g, i);
        if (GEOSGeomTypeId_r(ctx.handle(), part) == GEOS_POLYGON) appendPolygon(ctx, part, out);
      }
    }
  }
}

}  // namespace mobmap::analysis::detail
