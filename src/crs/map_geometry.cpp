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

GroundFacts groundFactsAt(const std::string& displayCrs, Point at) {
  const CrsFacts facts = describeCrs(displayCrs);
  const Transformer toLonLat(displayCrs, lonLatCrsOf(displayCrs));  // the datum's metres do not change scale or north
  GroundFacts out;
  // Scale: a step of about 1 km (or 0.01 degree) either side of the point.
  const double step = facts.geographic ? 0.01 : 1000.0 / facts.metresPerUnit;
  const Point a = toLonLat.forward({at.x - step / 2, at.y});
  const Point b = toLonLat.forward({at.x + step / 2, at.y});
  if (!std::isfinite(a.x) || !std::isfinite(b.x)) throw Error("the map centre lies outside " + displayCrs + "'s domain");
  out.metresPerUnit = geodesicMetres(a, b) / step;
  // North: map "up" is +y; clockwise angle from up to the direction of a point slightly north.
  const Point ll = toLonLat.forward(at);
  const Point north = toLonLat.inverse({ll.x, std::min(ll.y + 0.01, 89.999)});
  out.northAngle = std::atan2(north.x - at.x, north.y - at.y);
  return out;
}

double groundMetresPerUnit(const std::string& displayCrs, Point at) { return groundFactsAt(displayCrs, at).metresPerUnit; }

double northAngle(const std::string& displayCrs, Point at) { return groundFactsAt(displayCrs, at).northAngle; }

}  // namespace mobmap::crs
