#include "analysis/distance_weights.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"
#include "core/text.h"

namespace mobmap::analysis {

WeightsSpec parseWeightsSpec(std::string_view text) {
  const std::string t = toLower(std::string(trim(text)));
  const std::size_t colon = t.find(':');
  const std::string kind = t.substr(0, colon);
  WeightsSpec spec;
  if (colon == std::string::npos) {
    if (kind == "queen") return spec;
    if (kind == "rook") {
      spec.kind = WeightsKind::Rook;
      return spec;
    }
  } else {
    const std::optional<double> v = parseNumber(t.substr(colon + 1));
    if (kind == "knn") {
      if (!v || *v < 1 || *v != std::floor(*v) || *v > 1000) throw UsageError("--weights knn:K needs a whole number K from 1 to 1000");
      spec.kind = WeightsKind::Knn;
      spec.k = static_cast<int>(*v);
      return spec;
    }
    if (kind == "distance" || kind == "idw") {
      if (!v || !(*v > 0) || !std::isfinite(*v))
        throw UsageError("--weights " + kind + ":D needs a distance D above 0 (in the display CRS's units)");
      spec.kind = kind == "idw" ? WeightsKind::InverseDistance : WeightsKind::Distance;
      spec.distance = *v;
      return spec;
    }
  }
  throw UsageError("unknown weights '" + std::string(text) + "' (use queen, rook, knn:K, distance:D or idw:D)");
}

std::string weightsSpecText(const WeightsSpec& spec) {
  switch (spec.kind) {
    case WeightsKind::Queen: return "queen";
    case WeightsKind::Rook: return "rook";
    case WeightsKind::Knn: return "knn:" + std::to_string(spec.k);
    case WeightsKind::Distance: return "distance:" + formatNumber(spec.distance);
    case WeightsKind::InverseDistance: return "idw:" + formatNumber(spec.distance);
  }
  return "";
}

std::string weightsSpecPhrase(const WeightsSpec& spec) {
  switch (spec.kind) {
    case WeightsKind::Queen: return "queen contiguity";
    case WeightsKind::Rook: return "rook contiguity";
    case WeightsKind::Knn: return std::to_string(spec.k) + " nearest neighbours";
    case WeightsKind::Distance: return "neighbours within " + formatNumber(spec.distance);
    case WeightsKind::InverseDistance: return "inverse-distance weights within " + formatNumber(spec.distance);
  }
  return "";
}

bool isBinary(const WeightsSpec& spec) { return spec.kind != WeightsKind::InverseDistance; }

std::vector<Point> featureCentroids(const GeometryStore& g) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<Point> out(g.featureCount(), Point{nan, nan});
  for (std::size_t f = 0; f < g.featureCount(); ++f) {
    double area = 0, cx = 0, cy = 0, sx = 0, sy = 0;
    std::size_t vertices = 0;
    for (std::size_t p : g.partsOf(f)) {
      bool first = true;
      for (std::size_t r : g.ringsOf(p)) {
        const auto ring = g.ring(r);
        for (const Point& q : ring) {
          sx += q.x;
          sy += q.y;
          ++vertices;
        }
        if (g.partKind(p) != PartKind::Polygon || ring.size() < 3) {
          first = false;
          continue;
        }
        // Signed shoelace about the ring's first vertex (for precision far from the origin).
        const Point o = ring[0];
        double a = 0, x = 0, y = 0;
        for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
          const double x0 = ring[k].x - o.x, y0 = ring[k].y - o.y, x1 = ring[k + 1].x - o.x, y1 = ring[k + 1].y - o.y;
          const double c = x0 * y1 - x1 * y0;
          a += c;
          x += (x0 + x1) * c;
          y += (y0 + y1) * c;
        }
        if (a == 0) {
          first = false;
          continue;
        }
        const double ringArea = std::fabs(a) / 2, rx = o.x + x / (3 * a), ry = o.y + y / (3 * a);
        const double sign = first ? 1.0 : -1.0;  // the first ring of a polygon is its shell, the others holes
        area += sign * ringArea;
        cx += sign * ringArea * rx;
        cy += sign * ringArea * ry;
        first = false;
      }
    }
    if (area > 0) out[f] = Point{cx / area, cy / area};
    else if (vertices > 0) out[f] = Point{sx / static_cast<double>(vertices), sy / static_cast<double>(vertices)};
  }
  return out;
}

namespace {

void requireCentroids(const std::vector<Point>& c) {
  for (std::size_t i = 0; i < c.size(); ++i)
    if (!std::isfinite(c[i].x) || !std::isfinite(c[i].y))
      throw Error("feature " + std::to_string(i) + " has no geometry: distance weights need a centroid for every area");
}

}  // namespace

SpatialWeights knnWeights(const std::vector<Point>& centroids, int k) {
  requireCentroids(centroids);
  const std::size_t n = centroids.size();
  if (k < 1 || static_cast<std::size_t>(k) >= n)
    throw UsageError("knn:" + std::to_string(k) + " needs fewer neighbours than areas (" + std::to_string(n) + ")");
  std::vector<std::vector<std::size_t>> lists(n);
  std::vector<std::pair<double, std::size_t>> d(n - 1);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t m = 0;
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) d[m++] = {std::hypot(centroids[j].x - centroids[i].x, centroids[j].y - centroids[i].y), j};
    std::partial_sort(d.begin(), d.begin() + k, d.end());
    for (int q = 0; q < k; ++q) lists[i].push_back(d[static_cast<std::size_t>(q)].second);
  }
  return SpatialWeights::directed(std::move(lists));
}

SpatialWeights distanceWeights(const std::vector<Point>& centroids, double distance, bool inverse) {
  requireCentroids(centroids);
  if (!(distance > 0) || !std::isfinite(distance)) throw UsageError("a distance band needs a distance above 0");
  const std::size_t n = centroids.size();
  // Sweep along x: only centroids within `distance` in x can be within it.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return centroids[a].x < centroids[b].x; });
  std::vector<std::vector<std::size_t>> lists(n);
  std::vector<std::vector<double>> weights(inverse ? n : 0);
  for (std::size_t a = 0; a < n; ++a) {
    const std::size_t i = order[a];
    for (std::size_t b = a + 1; b < n; ++b) {
      const std::size_t j = order[b];
      if (centroids[j].x - centroids[i].x > distance) break;
      const double d = std::hypot(centroids[j].x - centroids[i].x, centroids[j].y - centroids[i].y);
      if (d > 0 && d <= distance) {
        lists[i].push_back(j);
        lists[j].push_back(i);
        if (inverse) {
          weights[i].push_back(1 / d);
          weights[j].push_back(1 / d);
        }
      }
    }
  }
  return SpatialWeights::directed(std::move(lists), std::move(weights));
}

SpatialWeights buildWeights(const GeometryStore& geometry, const WeightsSpec& spec, double snap) {
  switch (spec.kind) {
    case WeightsKind::Queen: return contiguityWeights(geometry, Contiguity::Queen, snap);
    case WeightsKind::Rook: return contiguityWeights(geometry, Contiguity::Rook, snap);
    case WeightsKind::Knn: return knnWeights(featureCentroids(geometry), spec.k);
    case WeightsKind::Distance: return distanceWeights(featureCentroids(geometry), spec.distance, false);
    case WeightsKind::InverseDistance: return distanceWeights(featureCentroids(geometry), spec.distance, true);
  }
  return {};
}

}  // namespace mobmap::analysis
