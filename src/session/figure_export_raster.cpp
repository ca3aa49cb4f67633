#include "session/figure_export_raster.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
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

const Extent kAlaska{-180.0, 51.0, -129.0, 72.0};
const Extent kHawaii{-161.0, 18.0, -154.0, 23.0};

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

bool intersects(const Extent& a, const Extent& b) { return !intersection(a, b).empty(); }

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
    // The smallest box the map can show, in the source CRS. A projected source is drawn in its own CRS
    // (crs::chooseDisplayCrs), which shows the contiguous US by default only when it is EPSG:5070.
    Extent box = facts.extent;
    if (target.extentLonLat) {
      box = intersection(box, crs::projectLonLatBox(*target.extentLonLat, facts.crsDefinition));
    } else if (facts.geographic || facts.crsDefinition == "EPSG:5070") {
      const Extent conus = intersection(box, crs::projectLonLatBox(crs::contiguousUsLonLat(), facts.crsDefinition));
      if (!conus.empty()) box = conus;
    }
    if (box.empty() || box.width() <= 0 || box.height() <= 0) return 0;
    // A projected source is drawn in its own CRS (crs::chooseDisplayCrs): no stretch.
    if (!facts.geographic) return kPixelFraction * std::max(box.width() / w, box.height() / h);
    if (box.minX < -180.5 || box.maxX > 180.5 || box.minY < -90.5 || box.maxY > 90.5) return 0;  // not degrees
    // Lon/lat: the display CRS depends on where the features lie, so take the smallest spacing of every
    // projection crs::chooseDisplayCrs could pick for data reaching this box.
    const Extent& all = facts.extent;
    char laea[160];
    std::snprintf(laea, sizeof laea, "+proj=laea +lat_0=%.4f +lon_0=%.4f +datum=WGS84 +units=m +no_defs +type=crs",
                  (all.minY + all.maxY) / 2, (all.minX + all.maxX) / 2);
    std::vector<std::string> candidates = {laea};
    if (intersects(box, crs::contiguousUsLonLat())) candidates.push_back("EPSG:5070");
    if (intersects(box, kAlaska)) candidates.push_back("EPSG:3338");
    if (intersects(box, kHawaii)) candidates.push_back("ESRI:102007");
    double spacing = std::numeric_limits<double>::infinity();
    for (const std::string& c : candidates) spacing = std::min(spacing, spacingIn(facts.crsDefinition, c, box, w, h));
    return std::isfinite(spacing) ? spacing : 0;
  } catch (const Error&) {
    return 0;
  }
}

}  // namespace mobmap::session
