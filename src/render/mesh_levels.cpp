#include "render/mesh_levels.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/parallel.h"
#include "render/detail/mesh_merge.h"
#include "render/shared_boundaries.h"
#include "render/tessellation.h"

namespace mobmap::render {

namespace {

bool samePoint(const Point& a, const Point& b) { return a.x == b.x && a.y == b.y; }

// Finite points without consecutive duplicates; `closed` also drops the closing repeat.
std::vector<Point> clean(std::span<const Point> pts, bool closed) {
  std::vector<Point> out;
  out.reserve(pts.size());
  for (const Point& p : pts) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    if (out.empty() || !samePoint(out.back(), p)) out.push_back(p);
  }
  if (closed)
    while (out.size() > 1 && samePoint(out.front(), out.back())) out.pop_back();
  return out;
}

// Squared distance from p to the segment ab.
double segmentDistance2(const Point& p, const Point& a, const Point& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return ex * ex + ey * ey;
}

// Douglas-Peucker over pts[first..last] (indices taken modulo pts.size(), last may be pts.size() for the
// closing edge back to 0): marks the vertices to keep.
void markKept(const std::vector<Point>& pts, std::size_t first, std::size_t last, double tol2,
              std::vector<char>& keep) {
  const std::size_t n = pts.size();
  std::vector<std::pair<std::size_t, std::size_t>> stack{{first, last}};
  while (!stack.empty()) {
    auto [a, b] = stack.back();
    stack.pop_back();
    if (b <= a + 1) continue;
    const Point& pa = pts[a % n];
    const Point& pb = pts[b % n];
    double worst = -1;
    std::size_t worstAt = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      double d = segmentDistance2(pts[i], pa, pb);
      if (d > worst) {
        worst = d;
        worstAt = i;
      }
    }
    if (worst > tol2) {
      keep[worstAt] = 1;
      stack.push_back({a, worstAt});
      stack.push_back({worstAt, b});
    }
  }
}

// Three vertices of `ring` spanning its largest triangle roughly: the first vertex, the vertex farthest from
// it, and the vertex farthest from the line through those two.
std::vector<Point> spanningTriangle(const std::vector<Point>& ring) {
  if (ring.size() < 3) return {};
  const Point a = ring[0];
  std::size_t bi = 0;
  double best = -1;
  for (std::size_t i = 1; i < ring.size(); ++i) {
    double d = (ring[i].x - a.x) * (ring[i].x - a.x) + (ring[i].y - a.y) * (ring[i].y - a.y);
    if (d > best) {
      best = d;
      bi = i;
    }
  }
  const Point b = ring[bi];
  std::size_t ci = 0;
  best = -1;
  for (std::size_t i = 1; i < ring.size(); ++i) {
    double d = std::abs((b.x - a.x) * (ring[i].y - a.y) - (b.y - a.y) * (ring[i].x - a.x));
    if (i != bi && d > best) {
      best = d;
      ci = i;
    }
  }
  if (best <= 0) return {};
  // Keep the ring's own order so the triangle has the ring's orientation.
  std::size_t idx[3] = {0, bi, ci};
  std::sort(idx, idx + 3);
  return {ring[idx[0]], ring[idx[1]], ring[idx[2]]};
}

// Feature f's largest polygon exterior (the first of equals), cleaned: where its fallback triangle goes when
// every ring collapsed.
std::vector<Point> largestExterior(const GeometryStore& geometry, std::size_t f) {
  std::span<const Point> largest;
  double largestArea = 0;
  for (std::size_t p : geometry.partsOf(f)) {
    if (geometry.partKind(p) != PartKind::Polygon || geometry.ringsOf(p).empty()) continue;
    std::span<const Point> exterior = geometry.ring(geometry.ringsOf(p).front());
    const double area = std::abs(signedDoubleArea(exterior));
    if (area > largestArea) {
      largestArea = area;
      largest = exterior;
    }
  }
  return clean(largest, true);
}

void addRingSegments(const std::vector<Point>& ring, bool closed, std::vector<Point>& segments) {
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    segments.push_back(ring[i]);
    segments.push_back(ring[i + 1]);
  }
  if (closed && ring.size() > 2) {
    segments.push_back(ring.back());
    segments.push_back(ring.front());
  }
}

}  // namespace

std::vector<Point> simplifyRing(std::span<const Point> ring, double tolerance) {
  std::vector<Point> pts = clean(ring, true);
  if (pts.size() < 3) return {};
  if (tolerance > 0 && pts.size() > 3) {
    // Anchor at the first vertex and the vertex farthest from it, then simplify the two chains between them.
    const std::size_t n = pts.size();
    std::size_t far = 0;
    double best = -1;
    for (std::size_t i = 1; i < n; ++i) {
      double d = (pts[i].x - pts[0].x) * (pts[i].x - pts[0].x) + (pts[i].y - pts[0].y) * (pts[i].y - pts[0].y);
      if (d > best) {
        best = d;
        far = i;
      }
    }
    std::vector<char> keep(n, 0);
    keep[0] = keep[far] = 1;
    const double tol2 = tolerance * tolerance;
    markKept(pts, 0, far, tol2, keep);
    markKept(pts, far, n, tol2, keep);
    std::vector<Point> kept;
    for (std::size_t i = 0; i < n; ++i)
      if (keep[i]) kept.push_back(pts[i]);
    pts = std::move(kept);
  }
  if (pts.size() < 3 || signedDoubleArea(pts) == 0) return {};
  return pts;
}

std::vector<Point> simplifyLine(std::span<const Point> line, double tolerance) {
  std::vector<Point> pts = clean(line, false);
  if (pts.size() < 3 || tolerance <= 0) return pts;
  std::vector<char> keep(pts.size(), 0);
  keep.front() = keep.back() = 1;
  markKept(pts, 0, pts.size() - 1, tolerance * tolerance, keep);
  std::vector<Point> kept;
  for (std::size_t i = 0; i < pts.size(); ++i)
    if (keep[i]) kept.push_back(pts[i]);
  return kept;
}

namespace {

// buildMeshLevel for the features [first, last).
MeshLevel buildLevelRange(const GeometryStore& geometry, double tolerance, std::span<const std::uint8_t> junctions,
                          std::size_t first, std::size_t last, const std::atomic<bool>* cancel) {
  MeshLevel level;
  level.tolerance = tolerance;
  std::vector<std::vector<Point>> simplified;
  std::vector<std::span<const Point>> spans;
  level.featureFirstIndex.reserve(last - first + 1);
  level.featureFirstSegment.reserve(last - first + 1);
  for (std::size_t f = first; f < last; ++f) {
    level.featureFirstIndex.push_back(static_cast<std::uint32_t>(level.indices.size()));
    level.featureFirstSegment.push_back(static_cast<std::uint32_t>(level.segments.size() / 2));
    if (cancel && cancel->load(std::memory_order_relaxed)) continue;
    const std::size_t firstIndex = level.indices.size();
    bool hasPolygon = false;
    for (std::size_t p : geometry.partsOf(f)) {
      const PartKind kind = geometry.partKind(p);
      if (kind == PartKind::Point) continue;
      if (kind != PartKind::Polygon) {
        for (std::size_t r : geometry.ringsOf(p)) addRingSegments(simplifyLine(geometry.ring(r), tolerance), false, level.segments);
        continue;
      }
      hasPolygon = true;
      simplified.clear();
      bool exterior = true, exteriorKept = false;
      for (std::size_t r : geometry.ringsOf(p)) {
        std::span<const Point> ring = geometry.ring(r);
        std::vector<Point> s = junctions.empty() ? simplifyRing(ring, tolerance)
                                                 : simplifySharedRing(ring, ringJunctions(geometry, junctions, r), tolerance);
        if (exterior) exteriorKept = !s.empty();
        exterior = false;
        if (!exteriorKept) break;  // holes of a collapsed exterior go with it
        if (!s.empty()) simplified.push_back(std::move(s));
      }
      if (!exteriorKept) continue;
      spans.assign(simplified.begin(), simplified.end());
      for (const auto& s : simplified) addRingSegments(s, true, level.segments);
      tessellatePolygon(spans, level.vertices, level.indices);
    }
    if (hasPolygon && level.indices.size() == firstIndex) {
      std::vector<Point> tri = spanningTriangle(largestExterior(geometry, f));
      if (!tri.empty()) {
        std::span<const Point> one[] = {tri};
        tessellatePolygon(one, level.vertices, level.indices);
        addRingSegments(tri, true, level.segments);
      }
    }
    level.vertexFeature.resize(level.vertices.size(), static_cast<std::uint32_t>(f));
  }
  level.featureFirstIndex.push_back(static_cast<std::uint32_t>(level.indices.size()));
  level.featureFirstSegment.push_back(static_cast<std::uint32_t>(level.segments.size() / 2));
  return level;
}

}  // namespace

MeshLevel buildMeshLevel(const GeometryStore& geometry, double tolerance, const std::atomic<bool>* cancel) {
  const std::vector<std::uint8_t> junctions = findJunctions(geometry);
  std::vector<MeshLevel> levels = buildMeshLevels(geometry, std::span<const double>(&tolerance, 1), junctions, cancel);
  return std::move(levels.front());
}

std::vector<MeshLevel> buildMeshLevels(const GeometryStore& geometry, std::span<const double> tolerances,
                                       std::span<const std::uint8_t> junctions, const std::atomic<bool>* cancel,
                                       unsigned threads) {
  const auto ranges = splitFeatures(geometry, threads);
  // One task per (range, tolerance), all levels at once: a range's work runs on its own thread, so the
  // cores stay busy with no waiting between levels.
  std::vector<std::vector<MeshLevel>> done(ranges.size());
  runWorkers(static_cast<unsigned>(ranges.size()), [&](unsigned w) {
    for (double t : tolerances) done[w].push_back(buildLevelRange(geometry, t, junctions, ranges[w].first, ranges[w].second, cancel));
  });
  if (done.size() == 1) return std::move(done.front());
  std::vector<MeshLevel> levels;
  for (std::size_t l = 0; l < tolerances.size(); ++l) {
    std::vector<MeshLevel> parts;
    for (auto& d : done) parts.push_back(std::move(d[l]));
    levels.push_back(mergeMeshParts(std::move(parts)));
    levels.back().tolerance = tolerances[l];
  }
  return levels;
}

std::vector<double> meshLevelTolerances(const Extent& extent, std::size_t pointCount) {
  if (extent.empty() || pointCount < 50000) return {};
  const double size = std::max(extent.width(), extent.height());
  if (!(size > 0) || !std::isfinite(size)) return {};
  return {size / 32000, size / 16000, size / 8000, size / 4000};
}

MeshLevelPlan planMeshLevels(const Extent& extent, std::size_t pointCount) {
  MeshLevelPlan plan;
  plan.later = meshLevelTolerances(extent, pointCount);
  if (plan.later.size() < 2) return plan;
  const auto first = plan.later.end() - 2;  // the second coarsest
  plan.first.push_back(*first);
  plan.later.erase(first);
  return plan;
}

std::size_t chooseMeshLevel(std::span<const double> tolerances, double pixelsPerUnit, double maxErrorPx) {
  std::size_t chosen = 0;
  for (std::size_t i = 0; i < tolerances.size(); ++i)
    if (tolerances[i] * pixelsPerUnit <= maxErrorPx) chosen = i + 1;
  return chosen;
}

}  // namespace mobmap::render
