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

}  // namespace mobmap::crs
