#pragma once
// Facts a map's furniture needs at a point of a projected display CRS: true ground distance per map unit
// (for the scale bar) and the direction of north (for the north arrow).
#include <string>

#include "core/geometry.h"

namespace mobmap::crs {

// Ground metres per display-CRS unit along the x axis at `at` (geodesic distance on the WGS 84 ellipsoid),
// which accounts for the projection's scale distortion there. Throws mobmap::Error for an unusable CRS.
double groundMetresPerUnit(const std::string& displayCrs, Point at);

// Angle of true north at `at`, in radians clockwise from the map's "up" (0 when north is straight up).
double northAngle(const std::string& displayCrs, Point at);

struct GroundFacts {
  double metresPerUnit = 1;  // as groundMetresPerUnit()
  double northAngle = 0;     // as northAngle()
};

// Both facts at once, with one transformation set-up (a figure needs both; set-up dominates the cost).
GroundFacts groundFactsAt(const std::string& displayCrs, Point at);

}  // namespace mobmap::crs
