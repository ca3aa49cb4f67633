#include "session/detail/figure_export_raster.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "crs/display_crs.h"
#include "crs/transformer.h"

namespace mobmap::session {

namespace {

// The fraction of an output pixel, in x and in y, below which vertices are dropped while reading. Drawing then
// drops fill vertices within 0.3 px and outline vertices within 0.9 px of the previous one, so what is read
// still carries more detail than is drawn.
constexpr double kPixelFraction = 0.25;
// Headroom over the largest stretch measured on a grid, for the stretch between its points.
constexpr double kStretchMargin = 1.1;
constexpr int kGrid = 9;  // stretch sampled on kGrid × kGrid points of the box
// Lon/lat sources: how much smaller the pixel, or larger the stretch, of the display projection may be than
// those of the equal-area projection the spacing is measured in.
constexpr double kProjectionMargin = 1.25;

const char* const kLonLat = "+proj=longlat +ellps=GRS80 +no_defs +type=crs";

Extent intersection(const Extent& a, const Extent& b) {
  Extent out;
  if (a.empty() || b.empty()) return out;
  const double minX = std::max(a.minX, b.minX), minY = std::max(a.minY, b.minY);
  const double maxX = std::min(a.maxX, b.maxX), maxY = std::min(a.maxY, b.maxY);
  if (minX > maxX || minY > maxY) return out;
  out.add(minX, minY);
  out.add(maxX, maxY);
  return out;
}

// The vertex spacing (source units) for a lon/lat `box` drawn in `displayCrs`: the smallest pixel the box can
// get on a widthPx × heightPx image (its projected bounding box fitted to the whole image), over the largest
// distance one source unit can stretch to inside the box. 0 when the box does not project.
double spacingIn(const std::string& sourceCrs, const std::string& displayCrs, const Extent& box, double widthPx,
                 double heightPx) {
  const crs::Transformer t(sourceCrs, displayCrs);
  Extent projected;
  double stretch = 0;
  const double d = std::max(box.width(), box.height()) * 1e-5;
  for (int i = 0; i < kGrid; ++i)
    for (int j = 0; j < kGrid; ++j) {
      const Point p{box.minX + box.width() * i / (kGrid - 1), box.minY + box.height() * j / (kGrid - 1)};
      const Point q = t.forward(p);
      const Point qx = t.forward({p.x + (i + 1 < kGrid ? d : -d), p.y});
      const Point qy = t.forward({p.x, p.y + (j + 1 < kGrid ? d : -d)});
      if (!std::isfinite(q.x) || !std::isfinite(q.y) || !std::isfinite(qx.x) || !std::isfinite(qy.y)) return 0;
      projected.add(q.x, q.y);
      // The largest singular value of the Jacobian [a b; c e]: how far a unit step in any direction goes.
      const double a = (qx.x - q.x) / d, c = (qx.y - q.y) / d, b = (qy.x - q.x) / d, e = (qy.y - q.y) / d;
      const double s = a * a + b * b + c * c + e * e, det = a * e - b * c;
      stretch = std::max(stretch, std::sqrt((s + std::sqrt(std::max(0.0, s * s - 4 * det * det))) / 2));
    }
  if (!(stretch > 0) || projected.width() <= 0 || projected.height() <= 0) return 0;
  const double pixel = std::max(projected.width() / widthPx, projected.height() / heightPx);
  return kPixelFraction * pixel / (stretch * kStretchMargin);
}

}  // namespace

double rasterVertexSpacing(const io::LayerFacts& facts, const RasterTarget& target) {
  if (facts.crsDefinition.empty() || facts.extent.empty() || target.widthPx <= 0 || target.heightPx <= 0) return 0;
  const double w = target.widthPx, h = target.heightPx;
  try {
    // The smallest box the map can show, in the source CRS: the asked-for extent, else the layer's extent,
    // or its part in the contiguous US where that is the default view (a map drawn in EPSG:5070).
    // A lon/lat source takes lon/lat boxes as they are: its datum moves them by metres, which do not matter.
    const Extent& all = facts.extent;
    if (!facts.geographic) {  // drawn in its own CRS (crs::chooseDisplayCrs): no stretch
      Extent box = all;
      if (target.extentLonLat) {
        box = intersection(box, crs::projectLonLatBox(*target.extentLonLat, facts.crsDefinition));
      } else if (facts.crsDefinition == "EPSG:5070") {
        const Extent part = intersection(box, crs::projectLonLatBox(crs::contiguousUsLonLat(), facts.crsDefinition));
        if (!part.empty()) box = part;
      }
      if (box.empty() || box.width() <= 0 || box.height() <= 0) return 0;
      return kPixelFraction * std::max(box.width() / w, box.height() / h);
    }
    if (all.minX < -180.5 || all.maxX > 180.5 || all.minY < -90.5 || all.maxY > 90.5) return 0;  // not degrees
    Extent box = target.extentLonLat ? intersection(all, *target.extentLonLat) : all;
    if (!target.extentLonLat) {  // the default view of data drawn in EPSG:5070; any other view shows more
      const Extent conus = intersection(all, crs::contiguousUsLonLat());
      if (!conus.empty()) box = conus;
    }
    if (box.empty() || box.width() <= 0 || box.height() <= 0) return 0;
    if (box.width() > 180) return 0;  // across the antimeridian or half the globe: no single centre to measure at
    // Every projection crs::chooseDisplayCrs picks for lon/lat data is equal-area and fitted to the data, so
    // the pixel and the stretch of a degree are measured in a Lambert azimuthal equal-area projection centred on
    // the box (on the GRS 80 ellipsoid, as a PROJ string: set up without searching PROJ's database for datum
    // transformations), with headroom for the difference (kProjectionMargin).
    char laea[160];
    std::snprintf(laea, sizeof laea, "+proj=laea +lat_0=%.6f +lon_0=%.6f +ellps=GRS80 +units=m +no_defs +type=crs",
                  (box.minY + box.maxY) / 2, (box.minX + box.maxX) / 2);
    return spacingIn(kLonLat, laea, box, w, h) / kProjectionMargin;
  } catch (const Error&) {
    return 0;
  }
}

}  // namespace mobmap::session
