#pragma once
// Internal to the analysis module (included only by its .cpp files, never by a public header): a GEOS
// context with errors turned into mobmap::Error, owning geometry pointers, and conversion between
// GeometryStore polygons and GEOS geometries.
#include <geos_c.h>

#include <memory>
#include <string>

#include "core/geometry.h"

namespace mobmap::analysis::detail {

// One reentrant GEOS context; GEOS errors are kept and reported through lastError().
class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t handle() const { return m_handle; }
  // The last message GEOS reported (empty when none).
  const std::string& lastError() const { return m_lastError; }

 private:
  static void onError(const char* message, void* self);
  GEOSContextHandle_t m_handle;
  std::string m_lastError;
};

// Destroys a GEOS geometry with the context it was made in.
struct GeomDeleter {
  GEOSContextHandle_t handle = nullptr;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(handle, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

// Takes ownership of `g` (which may be null).
inline GeomPtr own(const GeosContext& ctx, GEOSGeometry* g) { return GeomPtr(g, GeomDeleter{ctx.handle()}); }

// The polygon parts of feature f as one valid (Multi)Polygon. Rings are closed when open; rings with fewer
// than three distinct vertices are skipped. An invalid result is repaired (structure method, collapsed parts
// dropped) and `repaired` set. Returns null when the feature has no polygon area.
GeomPtr featurePolygons(const GeosContext& ctx, const GeometryStore& store, std::size_t f, bool& repaired);

// Appends the polygons of `g` (Polygon, MultiPolygon or a collection holding them) as one feature of `out`.
void appendPolygons(const GeosContext& ctx, const GEOSGeometry* g, GeometryStore& out);

}  // namespace mobmap::analysis::detail
