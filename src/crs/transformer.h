#pragma once
// Coordinate transformation between two CRSs through PROJ. The only place PROJ is used.
//
// Usage:
//   crs::Transformer t("EPSG:3435", "EPSG:4326");   // any PROJ/EPSG/WKT definition
//   Point lonLat = t.forward({1176000, 1900000});    // geographic CRSs are always lon, lat (x, y) order
//   t.forward(layer.geometry.points());              // in place, all vertices
#include <memory>
#include <span>
#include <string>
#include <utility>

#include "core/geometry.h"

namespace mobmap::crs {

class Transformer {
 public:
  // Throws mobmap::Error when either definition is not a CRS PROJ understands or no transformation exists.
  // PROJ's choice of transformation for a pair of CRSs is made once per process and cloned for each
  // Transformer after that (each has its own copy: a Transformer is used by one thread at a time).
  Transformer(const std::string& from, const std::string& to);
  ~Transformer();
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;

  // Transforms one point; coordinates come back as infinity when the point is outside the projection's domain.
  Point forward(Point p) const;
  Point inverse(Point p) const;
  // Transforms points in place; returns how many could not be transformed (left as infinity).
  std::size_t forward(std::span<Point> points) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Makes PROJ's choice of transformation for each (from, to) pair now, as the first Transformer for it would
// (a failure is kept for that Transformer to report), so that Transformers made later for these pairs are
// quick: for a thread that is otherwise idle, such as one beside a file being read.
void chooseTransformations(std::span<const std::pair<std::string, std::string>> pairs);

// Facts about a CRS definition that callers need without PROJ types.
struct CrsFacts {
  bool geographic = false;
  double metresPerUnit = 1;  // linear unit of a projected CRS (0.3048006 for US survey feet)
  std::string name;
};

// Facts about `definition`; throws mobmap::Error when PROJ cannot read it.
CrsFacts describeCrs(const std::string& definition);

// A short name of `definition` for a status bar: "NAD83 / Conus Albers (EPSG:5070)" for a CRS with an authority
// code, "Lambert azimuthal equal-area centred on 41.84°N 87.73°W" for a +proj=laea string (the centred projection
// of chooseDisplayCrs), else PROJ's own name; the definition itself when PROJ cannot read it.
std::string shortCrsName(const std::string& definition);

// The lon/lat CRS that `definition` is based on ("EPSG:4269" for EPSG:5070), for lon/lat work where the
// datum's metres do not matter (view boxes, scale, north): transforming to it needs no datum transformation,
// which PROJ can take many milliseconds to choose. "EPSG:4326" when PROJ cannot tell.
std::string lonLatCrsOf(const std::string& definition);

}  // namespace mobmap::crs
