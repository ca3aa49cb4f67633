#include "crs/display_crs.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <vector>
#include <cstdio>

#include "core/error.h"
#include "core/parallel.h"
#include "crs/transformer.h"

namespace mobmap::crs {

namespace {

const Extent kConus{-125.0, 24.0, -66.0, 50.0};
const Extent kHawaii{-161.0, 18.0, -154.0, 23.0};

bool containsPoint(const Extent& e, double x, double y) { return x >= e.minX && x <= e.maxX && y >= e.minY && y <= e.maxY; }

// Transforms points in place, split over the machine's cores for large layers (each thread with its own
// PROJ transformation, which is not shareable); returns how many failed. With `at` (the points' positions),
// each position is transformed once, at the vertex that stands for it, and copied to the others there: the
// same numbers, since a transformation gives equal points equal results.
std::size_t transformInParallel(std::span<Point> points, const std::string& from, const std::string& to,
                                const VertexPositions* at) {
  if (at && !at->fits(points.size())) throw Error("vertex positions do not belong to the layer being reprojected");
  auto stands = [at](std::size_t v) { return !at || at->standsForPosition(v); };
  constexpr std::size_t kMinPerThread = 250000;
  const unsigned threads = workerCount(points.size(), kMinPerThread);
  std::vector<std::size_t> failed(threads, 0);
  // Runs of standing vertices (every vertex without `at`), a run at a time.
  parallelRanges(points.size(), threads, [&](std::size_t begin, std::size_t end, unsigned w) {
    const Transformer t(from, to);
    for (std::size_t v = begin; v < end;) {
      if (!stands(v)) {
        ++v;
        continue;
      }
      std::size_t runEnd = v + 1;
      while (runEnd < end && stands(runEnd)) ++runEnd;
      failed[w] += t.forward(points.subspan(v, runEnd - v));
      v = runEnd;
    }
  });
  // The others copy their position's result (failed or not) once every standing vertex is transformed.
  if (at)
    parallelRanges(points.size(), threads, [&](std::size_t begin, std::size_t end, unsigned w) {
      for (std::size_t v = begin; v < end; ++v) {
        if (stands(v)) continue;
        points[v] = points[at->firstVertex[at->positionOf[v]]];
        if (!std::isfinite(points[v].x) || !std::isfinite(points[v].y)) ++failed[w];
      }
    });
  std::size_t total = 0;
  for (std::size_t f : failed) total += f;
  return total;
}

}  // namespace

namespace {

// Why `layer` cannot be reprojected: what the reader found (Layer::crsProblem), else a generic line.
std::string noCrsMessage(const Layer& layer, const char* what) {
  if (!layer.crsProblem.empty()) return layer.crsProblem;
  return layer.source + ": layer '" + layer.name + "' has no usable CRS, so it cannot be " + what +
         "; give its CRS with --assign-crs CRS";
}

// The places a national US map draws: the contiguous US, and the insets' regions.
enum Region { Conus, Alaska, Hawaii, Caribbean, Marianas, Samoa, Elsewhere, RegionCount };

Region regionOf(double lon, double lat) {
  if (containsPoint(kConus, lon, lat)) return Conus;
  if (lat >= 51 && lat <= 72 && (lon <= -129 || lon >= 170)) return Alaska;
  if (containsPoint(kHawaii, lon, lat)) return Hawaii;
  if (lon >= -68.5 && lon <= -64 && lat >= 17 && lat <= 19) return Caribbean;
  if (lon >= 144 && lon <= 146.5 && lat >= 13 && lat <= 21) return Marianas;
  if (lon >= -171.5 && lon <= -168 && lat >= -15 && lat <= -13) return Samoa;
  return Elsewhere;
}

// How a national map draws a region: its own projection, its scale relative to the main map, its lon/lat box
// (west may be below -180 where it crosses the antimeridian) and where its centre goes in EPSG:5070.
struct InsetDef {
  Region region;
  const char* name;
  const char* code;  // USPS codes, for the inset's label
  const char* crs;
  double scale;
  Extent lonLat;
  Point anchor;
};

const InsetDef kInsets[] = {
    {Alaska, "Alaska", "AK", "EPSG:3338", 0.35, {-188, 51, -129.5, 71.5}, {-1'750'000, 500'000}},
    {Hawaii, "Hawaii", "HI", "+proj=laea +lat_0=20.6 +lon_0=-157.5 +datum=NAD83 +units=m +no_defs +type=crs", 1.0,
     {-160.5, 18.8, -154.7, 22.3}, {-720'000, 180'000}},
    {Marianas, "Guam and Northern Mariana Islands", "GU, MP",
     "+proj=laea +lat_0=16 +lon_0=145.3 +datum=WGS84 +units=m +no_defs +type=crs", 0.6, {144.5, 13.1, 146.1, 20.6},
     {100'000, 20'000}},
    {Samoa, "American Samoa", "AS", "+proj=laea +lat_0=-14.3 +lon_0=-170.1 +datum=WGS84 +units=m +no_defs +type=crs",
     1.5, {-171.1, -14.6, -168.1, -14.1}, {550'000, 120'000}},
    {Caribbean, "Puerto Rico and U.S. Virgin Islands", "PR, VI",
     "+proj=laea +lat_0=18.1 +lon_0=-66.3 +datum=NAD83 +units=m +no_defs +type=crs", 2.5, {-68, 17.6, -64.5, 18.6},
     {1'600'000, 120'000}},
};

// Room under the insets for their labels (EPSG:5070 metres: about two lines of 7 pt type on a 6.5 in page).
constexpr double kInsetLabelRoom = 260'000;

// The contiguous US's box in a composite national map (EPSG:5070 metres), the data's extent with a margin.
const Extent kConusBox{-2'400'000, 240'000, 2'300'000, 3'200'000};

// Each feature's region (by its first vertex, which lies on its boundary: a feature across the antimeridian
// has a bounding box centred far from it) and the lon/lat extent of the layer.
struct Survey {
  std::vector<Region> regionOfFeature;
  std::size_t counts[RegionCount] = {};
  std::size_t withGeometry = 0;
  Extent lonLat;       // every feature's box corners, longitudes in -180..180
  Extent lonLatEast;   // the same with longitudes in 0..360: narrower for data across the antimeridian
  Extent conusCentres; // the bounding-box centres of features in the contiguous US
};

Survey survey(const Layer& layer) {
  // A geographic layer's vertices are lon/lat already (x = longitude: layers are read in GIS order); its datum
  // moves them by metres at most, which does not matter here, so only projected layers are transformed.
  std::optional<Transformer> toLonLat;
  if (!layer.crsIsGeographic) toLonLat.emplace(layer.crsDefinition, lonLatCrsOf(layer.crsDefinition));
  auto lonLat = [&](Point p) { return toLonLat ? toLonLat->forward(p) : p; };
  const GeometryStore& g = layer.geometry;
  Survey s;
  s.regionOfFeature.assign(g.featureCount(), Elsewhere);
  const std::vector<Extent> extents = g.featureExtents();
  for (std::size_t f = 0; f < g.featureCount(); ++f) {
    const Extent& e = extents[f];
    if (e.empty()) continue;
    ++s.withGeometry;
    Point first{(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2};
    for (std::size_t p : g.partsOf(f)) {
      for (std::size_t r : g.ringsOf(p))
        if (!g.ring(r).empty()) {
          first = g.ring(r).front();
          break;
        }
      break;
    }
    const Point v = lonLat(first);
    const Region region = regionOf(v.x, v.y);
    s.regionOfFeature[f] = region;
    ++s.counts[region];
    for (Point corner : {Point{e.minX, e.minY}, Point{e.maxX, e.maxY}, Point{e.minX, e.maxY}, Point{e.maxX, e.minY}}) {
      const Point c = toLonLat ? lonLat(corner) : corner;
      if (!std::isfinite(c.x) || !std::isfinite(c.y)) continue;
      s.lonLat.add(c.x, c.y);
      s.lonLatEast.add(c.x < 0 ? c.x + 360 : c.x, c.y);
      if (!toLonLat) {
        // A lon/lat box is its two corners; the other two add nothing.
        if (corner.x == e.maxX && corner.y == e.maxY) break;
      }
    }
    if (region == Conus) {
      const Point c = lonLat({(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2});
      s.conusCentres.add(c.x, c.y);
    }
  }
  return s;
}

bool nationalUs(const Survey& s) {
  if (s.withGeometry == 0 || s.counts[Conus] * 2 <= s.withGeometry) return false;
  const std::size_t others = s.counts[Alaska] + s.counts[Hawaii] + s.counts[Caribbean] + s.counts[Marianas] + s.counts[Samoa];
  return others > 0 || s.conusCentres.width() > 20;
}

// A Lambert azimuthal equal-area projection centred on a lon/lat box.
std::string centredLaea(double lon, double lat) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "+proj=laea +lat_0=%.4f +lon_0=%.4f +datum=WGS84 +units=m +no_defs +type=crs", lat, lon);
  return buf;
}

// The EPSG:5070 box an inset occupies: its region's box in its projection, scaled about its centre and moved
// to its anchor; with the transform that does it.
struct Placement {
  Extent box;
  Point centre;  // of the region's box in the inset projection
};

Placement placementOf(const InsetDef& d) {
  Transformer t(lonLatCrsOf(d.crs), d.crs);
  Extent projected;
  const int steps = 24;
  for (int i = 0; i <= steps; ++i) {
    const double fx = d.lonLat.minX + d.lonLat.width() * i / steps, fy = d.lonLat.minY + d.lonLat.height() * i / steps;
    for (Point p : {Point{fx, d.lonLat.minY}, Point{fx, d.lonLat.maxY}, Point{d.lonLat.minX, fy}, Point{d.lonLat.maxX, fy}}) {
      const Point q = t.forward(p);
      if (std::isfinite(q.x) && std::isfinite(q.y)) projected.add(q.x, q.y);
    }
  }
  Placement out;
  out.centre = {(projected.minX + projected.maxX) / 2, (projected.minY + projected.maxY) / 2};
  const double hw = projected.width() * d.scale / 2, hh = projected.height() * d.scale / 2;
  out.box = Extent{d.anchor.x - hw, d.anchor.y - hh, d.anchor.x + hw, d.anchor.y + hh};
  return out;
}

// The point range of feature f in the geometry's vertex array.
std::pair<std::size_t, std::size_t> pointRange(const GeometryStore& g, std::size_t f) {
  const Point* base = g.points().data();
  std::size_t begin = g.pointCount(), end = 0;
  for (std::size_t p : g.partsOf(f))
    for (std::size_t r : g.ringsOf(p)) {
      const std::span<const Point> ring = g.ring(r);
      const std::size_t b = static_cast<std::size_t>(ring.data() - base);
      begin = std::min(begin, b);
      end = std::max(end, b + ring.size());
    }
  return {begin, std::max(begin, end)};
}

}  // namespace

std::string chooseDisplayCrs(const Layer& layer) {
  if (layer.crsDefinition.empty())
    throw Error(noCrsMessage(layer, "reprojected for display"));
  if (!layer.crsIsGeographic) return layer.crsDefinition;
  const Survey s = survey(layer);
  if (s.withGeometry == 0 || s.lonLat.empty()) return "EPSG:5070";
  if (nationalUs(s)) return "EPSG:5070";
  // Data across the antimeridian (the Aleutians, Pacific islands) is narrower with longitudes in 0..360.
  const bool east = s.lonLatEast.width() < s.lonLat.width();
  const Extent& box = east ? s.lonLatEast : s.lonLat;
  if (s.counts[Alaska] == s.withGeometry && box.width() > 15) return "EPSG:3338";
  double lon = (box.minX + box.maxX) / 2;
  if (lon > 180) lon -= 360;
  return centredLaea(lon, (box.minY + box.maxY) / 2);
}

bool isNationalUs(const Layer& layer) {
  if (layer.crsDefinition.empty() || !layer.crsIsGeographic) return false;
  return nationalUs(survey(layer));
}

namespace {

// reprojectWithUsInsets with the layer's survey `s` made.
std::vector<Inset> reprojectSurveyed(Layer& layer, const Survey& s, const VertexPositions* positions) {
  GeometryStore& g = layer.geometry;
  // The inset features' vertices as read, before the bulk transformation below overwrites them.
  std::vector<std::vector<Point>> originals(g.featureCount());
  for (std::size_t f = 0; f < g.featureCount(); ++f) {
    const Region r = s.regionOfFeature[f];
    if (r == Conus || r == Elsewhere) continue;
    auto [b, e] = pointRange(g, f);
    originals[f].assign(g.points().begin() + static_cast<std::ptrdiff_t>(b), g.points().begin() + static_cast<std::ptrdiff_t>(e));
  }
  const std::string source = layer.crsDefinition;
  // The insets' own transformations (PROJ takes tens of milliseconds to choose each) run beside the bulk
  // transformation of every vertex to EPSG:5070, on the copies above, which then replace the inset features'
  // vertices.
  std::vector<std::pair<Region, Inset>> placed;
  std::size_t failed = 0;
  auto transformInsets = [&] {
    for (const InsetDef& d : kInsets) {
      if (s.counts[d.region] == 0) continue;
      const Placement place = placementOf(d);
      placed.push_back({d.region, {d.name, d.code, d.crs, d.scale, place.box, s.counts[d.region], place.centre, d.anchor, d.lonLat}});
      Transformer t(source, d.crs);
      for (std::size_t f = 0; f < g.featureCount(); ++f)
        if (s.regionOfFeature[f] == d.region) failed += t.forward(std::span<Point>(originals[f]));
    }
  };
  if (maxThreads() == 1) {
    reprojectLayer(layer, "EPSG:5070", positions);
    transformInsets();
  } else {
    runWorkers(2, [&](unsigned worker) { worker == 0 ? reprojectLayer(layer, "EPSG:5070", positions) : transformInsets(); });
  }
  std::vector<Inset> insets;
  for (const auto& [region, inset] : placed) {
    for (std::size_t f = 0; f < g.featureCount(); ++f) {
      if (s.regionOfFeature[f] != region) continue;
      auto [b, e] = pointRange(g, f);
      std::span<Point> out = g.points().subspan(b, e - b);
      for (std::size_t i = 0; i < out.size() && i < originals[f].size(); ++i) out[i] = placeInInset(inset, originals[f][i]);
    }
    insets.push_back(inset);
  }
  if (failed > 0)
    layer.warnings.push_back(layer.source + ": " + std::to_string(failed) + " vertices fall outside their inset's projection and were dropped from drawing");
  return insets;
}

}  // namespace

std::vector<Inset> reprojectWithUsInsets(Layer& layer, const VertexPositions* positions) {
  if (layer.crsDefinition.empty())
    throw Error(noCrsMessage(layer, "reprojected"));
  return reprojectSurveyed(layer, survey(layer), positions);
}

std::optional<std::vector<Inset>> reprojectIfNationalUs(Layer& layer, const VertexPositions* positions) {
  if (layer.crsDefinition.empty() || !layer.crsIsGeographic) return std::nullopt;
  const Survey s = survey(layer);
  if (!nationalUs(s)) return std::nullopt;
  return reprojectSurveyed(layer, s, positions);
}

std::vector<std::pair<std::string, std::string>> likelyUsInsetTransformations(const std::string& sourceCrs,
                                                                              const Extent& lonLatExtent) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const Extent& e = lonLatExtent;
  if (sourceCrs.empty() || !e.overlaps(kConus)) return pairs;
  std::vector<const InsetDef*> reached;
  for (const InsetDef& d : kInsets) {
    const Extent& box = d.lonLat;
    bool reaches = false;
    for (double shift : {0.0, 360.0, -360.0})  // region boxes may run west of -180
      reaches = reaches || e.overlaps(Extent{box.minX + shift, box.minY, box.maxX + shift, box.maxY});
    if (reaches) reached.push_back(&d);
  }
  if (reached.empty() && e.width() <= 20) return pairs;
  pairs.push_back({sourceCrs, "EPSG:5070"});
  for (const InsetDef* d : reached) {
    pairs.push_back({sourceCrs, d->crs});
    pairs.push_back({lonLatCrsOf(d->crs), d->crs});  // its placement (placementOf)
  }
  return pairs;
}

Point placeInInset(const Inset& inset, Point projected) {
  return {inset.anchor.x + (projected.x - inset.projectedCentre.x) * inset.scale,
          inset.anchor.y + (projected.y - inset.projectedCentre.y) * inset.scale};
}

Point unplaceFromInset(const Inset& inset, Point display) {
  return {inset.projectedCentre.x + (display.x - inset.anchor.x) / inset.scale,
          inset.projectedCentre.y + (display.y - inset.anchor.y) / inset.scale};
}

bool insetRegionHolds(const Inset& inset, Point lonLat) {
  if (lonLat.y < inset.lonLat.minY || lonLat.y > inset.lonLat.maxY) return false;
  for (double lon : {lonLat.x, lonLat.x - 360, lonLat.x + 360})
    if (lon >= inset.lonLat.minX && lon <= inset.lonLat.maxX) return true;
  return false;
}

Extent compositeUsExtent(const std::vector<Inset>& insets) {
  Extent out = kConusBox;
  for (const Inset& i : insets) {
    out.add(i.box.minX, i.box.minY - kInsetLabelRoom);
    out.add(i.box.maxX, i.box.maxY);
  }
  return out;
}

Extent projectLonLatBox(const Extent& lonLat, const std::string& displayCrs) {
  Transformer t(lonLatCrsOf(displayCrs), displayCrs);  // the box on the display CRS's own datum: metres apart
  Extent out;
  const int steps = 32;
  for (int i = 0; i <= steps; ++i) {
    const double fx = lonLat.minX + (lonLat.maxX - lonLat.minX) * i / steps;
    const double fy = lonLat.minY + (lonLat.maxY - lonLat.minY) * i / steps;
    for (Point p : {Point{fx, lonLat.minY}, Point{fx, lonLat.maxY}, Point{lonLat.minX, fy}, Point{lonLat.maxX, fy}}) {
      Point q = t.forward(p);
      if (std::isfinite(q.x) && std::isfinite(q.y)) out.add(q.x, q.y);
    }
  }
  if (out.empty()) throw Error("the extent lies outside " + displayCrs + "'s domain");
  return out;
}

Extent contiguousUsLonLat() { return kConus; }

void reprojectLayer(Layer& layer, const std::string& target, const VertexPositions* positions) {
  if (layer.crsDefinition.empty())
    throw Error(noCrsMessage(layer, "reprojected"));
  if (layer.crsDefinition == target) return;
  std::size_t failed = transformInParallel(layer.geometry.points(), layer.crsDefinition, target, positions);
  if (failed > 0)
    layer.warnings.push_back(layer.source + ": " + std::to_string(failed) + " vertices fall outside " + target +
                             " and were dropped from drawing");
  CrsFacts facts = describeCrs(target);
  layer.crsDefinition = target;
  layer.crs = target.starts_with("+proj") ? facts.name : target;
  layer.crsIsGeographic = facts.geographic;
  layer.crsAssumed = false;
}

}  // namespace mobmap::crs
