#include "crs/map_geometry.h"

#include <proj.h>

#include <cmath>

#include "core/error.h"
#include "crs/transformer.h"

namespace mobmap::crs {

namespace {

// Geodesic distance in metres between two lon/lat points on WGS 84 (PROJ's geodesic routines).
double geodesicMetres(Point a, Point b) {
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* ellipsoid = proj_create(ctx, "+proj=longlat +ellps=WGS84");
  PJ_COORD pa = proj_coord(proj_torad(a.x), proj_torad(a.y), 0, 0);
  PJ_COORD pb = proj_coord(proj_torad(b.x), proj_torad(b.y), 0, 0);
  double d = proj_lp_dist(ellipsoid, pa, pb);
  proj_destroy(ellipsoid);
  proj_context_destroy(ctx);
  return d;
}

}  // namespace

double groundMetresPerUnit(const std::string& displayCrs, Point at) {
  CrsFacts facts = describeCrs(displayCrs);
  Transformer toLonLat(displayCrs, "EPSG:4326");
  // A step of about 1 km (or 0.01 degree) either side of the point.
  const double step = facts.geographic ? 0.01 : 1000.0 / facts.metresPerUnit;
  Point a = toLonLat.forward({at.x - step / 2, at.y});
  Point b = toLonLat.forward({at.x + step / 2, at.y});
  if (!std::isfinite(a.x) || !std::isfinite(b.x)) throw Error("the map centre lies outside " + displayCrs + "'s domain");
  return geodesicMetres(a, b) / step;
}

double northAngle(const std::string& displayCrs, Point at) {
  Transformer t(displayCrs, "EPSG:4326");
  Point ll = t.forward(at);
  Point north = t.inverse({ll.x, std::min(ll.y + 0.01, 89.999)});
  // Map "up" is +y; clockwise angle from up to the north direction.
  return std::atan2(north.x - at.x, north.y - at.y);
}

}  // namespace mobmap::crs
