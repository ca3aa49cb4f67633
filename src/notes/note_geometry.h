#pragma once
// A note's location as plain coordinates: the rings of an area note's WKT, a polygon note's WKT from a drawn
// ring, and the same WKT with every coordinate moved (dragging a note). Text only: no GDAL here, so the viewer
// can draw and move notes without it; the store still checks every location it is given.
//
// Usage:
//   std::string wkt = polygonWkt({{-89.1, 40.4}, {-89.0, 40.4}, {-89.0, 40.5}});  // closed for you
//   auto rings = wktRings(wkt);                       // {{(-89.1 40.4), ..., (-89.1 40.4)}}
//   std::string moved = mapWktCoordinates(wkt, [](Point p) { return Point{p.x + 0.01, p.y}; });
#include <functional>
#include <string>
#include <vector>

#include "core/geometry.h"

namespace mobmap::notes {

// "POLYGON ((x y, ...))" of one exterior ring, closed (the first vertex repeated at the end when the ring is
// not already closed), coordinates written so that they read back exactly.
std::string polygonWkt(const std::vector<Point>& ring);

// The coordinate lists of `wkt` in order: each ring of a POLYGON or MULTIPOLYGON, or the one point of a POINT.
// Throws mobmap::Error when a list holds an odd count of numbers.
std::vector<std::vector<Point>> wktRings(const std::string& wkt);

// True when `wkt` is a POLYGON or MULTIPOLYGON (an area note).
bool isAreaWkt(const std::string& wkt);

// Why `ring` (open or closed) cannot be the outline of a note's area, or "" when it can: fewer than three
// distinct corners, no area (all corners on one line), or edges that cross or touch other than at the corners
// they share ("the outline crosses itself: edges 1 and 3 meet"). The viewer's drawing and the stores' add and
// import all apply this one rule.
std::string ringProblem(const std::vector<Point>& ring);

// `wkt` with every coordinate pair replaced by `f(pair)` and everything else kept as it was; coordinates are
// written so that they read back exactly. Throws mobmap::Error when a list holds an odd count of numbers.
std::string mapWktCoordinates(const std::string& wkt, const std::function<Point(Point)>& f);

}  // namespace mobmap::notes
