#include "crs/display_crs.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <span>
#include <thread>
#include <vector>
#include <cstdio>

#include "core/error.h"
#include "crs/transformer.h"

namespace mobmap::crs {

namespace {

const Extent kConus{-125.0, 24.0, -66.0, 50.0};
const Extent kAlaska{-180.0, 51.0, -129.0, 72.0};
const Extent kHawaii{-161.0, 18.0, -154.0, 23.0};

bool containsPoint(const Extent& e, double x, double y) { return x >= e.minX && x <= e.maxX && y >= e.minY && y <= e.maxY; }

// Transforms points in place, split over the machine's cores for large layers (each thread with its own
// PROJ transformation, which is not shareable); returns how many failed.
std::size_t transformInParallel(std::span<Point> points, const std::string& from, const std::string& to) {
  constexpr std::size_t kMinPerThread = 250000;
  const std::size_t threads =
      std::clamp<std::size_t>(points.size() / kMinPerThread, 1, std::max(1u, std::thread::hardware_concurrency()));
  if (threads == 1) return Transformer(from, to).forward(points);
  std::vector<std::size_t> failed(threads, 0);
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < threads; ++i) {
    const std::size_t begin = points.size() * i / threads, end = points.size() * (i + 1) / threads;
    workers.emplace_back([&, i, begin, end] {
      try {
        failed[i] = Transformer(from, to).forward(points.subspan(begin, end - begin));
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (std::thread& t : workers) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  std::size_t total = 0;
  for (std::size_t f : failed) total += f;
  return total;
}

}  // namespace

std::string chooseDisplayCrs(const Layer& layer) {
  if (layer.crsDefinition.empty())
    throw Error(layer.source + ": layer '" + layer.name + "' has no usable CRS, so it cannot be reprojected for display");
  if (!layer.crsIsGeographic) return layer.crsDefinition;

  // Work in lon/lat whatever the geographic CRS's axis order.
  Transformer toLonLat(layer.crsDefinition, lonLatCrsOf(layer.crsDefinition));  // the regions are a degree wide at least
  const GeometryStore& g = layer.geometry;
  std::size_t inConus = 0, inAlaska = 0, inHawaii = 0, withGeometry = 0;
  Extent all;
  for (std::size_t f = 0; f < g.featureCount(); ++f) {
    Extent e = g.featureExtent(f);
    if (e.empty()) continue;
    ++withGeometry;
    Point c = toLonLat.forward({(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2});
    all.add(c.x, c.y);
    inConus += containsPoint(kConus, c.x, c.y);
    inAlaska += containsPoint(kAlaska, c.x, c.y);
    inHawaii += containsPoint(kHawaii, c.x, c.y);
  }
  if (withGeometry == 0) return "EPSG:5070";
  if (inConus * 2 > withGeometry) return "EPSG:5070";
  if (inAlaska == withGeometry) return "EPSG:3338";
  if (inHawaii == withGeometry) return "ESRI:102007";
  char buf[160];
  std::snprintf(buf, sizeof buf, "+proj=laea +lat_0=%.4f +lon_0=%.4f +datum=WGS84 +units=m +no_defs +type=crs",
                (all.minY + all.maxY) / 2, (all.minX + all.maxX) / 2);
  return buf;
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

void reprojectLayer(Layer& layer, const std::string& target) {
  if (layer.crsDefinition.empty())
    throw Error(layer.source + ": layer '" + layer.name + "' has no usable CRS, so it cannot be reprojected");
  if (layer.crsDefinition == target) return;
  std::size_t failed = transformInParallel(layer.geometry.points(), layer.crsDefinition, target);
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
