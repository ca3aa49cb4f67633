#include "render/tessellation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>
#include <utility>

#include "core/parallel.h"
#include "render/detail/mesh_merge.h"
#include "render/shared_boundaries.h"

namespace mobmap::render {

namespace {

double cross(const Point& a, const Point& b, const Point& c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool samePoint(const Point& a, const Point& b) { return a.x == b.x && a.y == b.y; }

// Inside or on the boundary of the counter-clockwise triangle abc.
bool inTriangle(const Point& a, const Point& b, const Point& c, const Point& p) {
  return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

// A ring's vertices without the closing repeat and without consecutive duplicates.
std::vector<Point> cleanRing(std::span<const Point> ring) {
  std::vector<Point> out;
  out.reserve(ring.size());
  for (const Point& p : ring) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    if (out.empty() || !samePoint(out.back(), p)) out.push_back(p);
  }
  while (out.size() > 1 && samePoint(out.front(), out.back())) out.pop_back();
  return out;
}

// The polygon being clipped: a cyclic sequence of nodes, each naming a vertex (a vertex may appear twice
// where a hole is bridged in).
class EarClipper {
 public:
  explicit EarClipper(const std::vector<Point>& pts) : m_pts(pts) {}

  // Splices hole `hole` (vertex indices, clockwise) into the cyclic sequence `poly`.
  static void bridgeHole(const std::vector<Point>& pts, std::vector<std::uint32_t>& poly,
                         const std::vector<std::uint32_t>& hole) {
    std::size_t mi = 0;
    for (std::size_t i = 1; i < hole.size(); ++i)
      if (pts[hole[i]].x > pts[hole[mi]].x) mi = i;
    const Point m = pts[hole[mi]];
    // Nearest edge crossed by the ray from m towards +x.
    double bestX = std::numeric_limits<double>::infinity();
    std::size_t bestEdge = poly.size();
    for (std::size_t i = 0; i < poly.size(); ++i) {
      const Point& a = pts[poly[i]];
      const Point& b = pts[poly[(i + 1) % poly.size()]];
      if (a.y == b.y) continue;
      if ((a.y > m.y) == (b.y > m.y) && a.y != m.y && b.y != m.y) continue;
      if (std::min(a.y, b.y) > m.y || std::max(a.y, b.y) < m.y) continue;
      double x = a.x + (m.y - a.y) * (b.x - a.x) / (b.y - a.y);
      if (x < m.x || x >= bestX) continue;
      bestX = x;
      bestEdge = i;
    }
    if (bestEdge == poly.size()) return;  // hole not inside the exterior: ignored
    std::size_t pi = bestEdge;
    std::size_t pj = (bestEdge + 1) % poly.size();
    std::size_t visible = pts[poly[pi]].x >= pts[poly[pj]].x ? pi : pj;
    const Point inter{bestX, m.y};
    const Point p = pts[poly[visible]];
    if (!samePoint(p, inter)) {
      // A reflex vertex inside triangle (m, inter, p) would hide p; take the one closest in angle to the ray.
      Point ta = m, tb = inter, tc = p;
      if (cross(ta, tb, tc) < 0) std::swap(tb, tc);
      double bestCos = -2, bestDist = std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < poly.size(); ++i) {
        const Point& r = pts[poly[i]];
        const Point& prev = pts[poly[(i + poly.size() - 1) % poly.size()]];
        const Point& next = pts[poly[(i + 1) % poly.size()]];
        if (i == visible || cross(prev, r, next) > 0) continue;  // convex vertices cannot hide p
        if (r.x < m.x || !inTriangle(ta, tb, tc, r)) continue;
        double dx = r.x - m.x, dy = r.y - m.y, d = std::hypot(dx, dy);
        if (d == 0) continue;
        double c = dx / d;
        if (c > bestCos || (c == bestCos && d < bestDist)) {
          bestCos = c;
          bestDist = d;
          visible = i;
        }
      }
    }
    std::vector<std::uint32_t> out;
    out.reserve(poly.size() + hole.size() + 2);
    out.insert(out.end(), poly.begin(), poly.begin() + static_cast<std::ptrdiff_t>(visible) + 1);
    for (std::size_t k = 0; k <= hole.size(); ++k) out.push_back(hole[(mi + k) % hole.size()]);
    out.push_back(poly[visible]);
    out.insert(out.end(), poly.begin() + static_cast<std::ptrdiff_t>(visible) + 1, poly.end());
    poly = std::move(out);
  }

  // Clips ears off `poly` (counter-clockwise), appending triangles as vertex indices plus `base`.
  void clip(const std::vector<std::uint32_t>& poly, std::uint32_t base, std::vector<std::uint32_t>& indices) {
    std::size_t n = poly.size();
    if (n < 3) return;
    m_node = poly;
    m_prev.resize(n);
    m_next.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      m_prev[i] = static_cast<std::uint32_t>((i + n - 1) % n);
      m_next[i] = static_cast<std::uint32_t>((i + 1) % n);
    }
    std::size_t remaining = n, cur = 0, misses = 0;
    auto emit = [&](std::size_t a, std::size_t b, std::size_t c) {
      indices.push_back(base + m_node[a]);
      indices.push_back(base + m_node[b]);
      indices.push_back(base + m_node[c]);
    };
    auto remove = [&](std::size_t i) {
      m_next[m_prev[i]] = m_next[i];
      m_prev[m_next[i]] = m_prev[i];
      --remaining;
    };
    while (remaining > 3) {
      std::size_t a = m_prev[cur], c = m_next[cur];
      double turn = cross(pt(a), pt(cur), pt(c));
      if (turn == 0) {  // collinear or a spike: no area to keep
        remove(cur);
        cur = a;
        misses = 0;
        continue;
      }
      if (turn > 0 && isEar(a, cur, c)) {
        emit(a, cur, c);
        remove(cur);
        cur = a;
        misses = 0;
        continue;
      }
      cur = c;
      if (++misses < remaining) continue;
      // No ear in a whole pass (self-touching or slightly invalid input): clip the first convex vertex.
      std::size_t start = cur;
      bool clipped = false;
      do {
        std::size_t pa = m_prev[cur], pc = m_next[cur];
        if (cross(pt(pa), pt(cur), pt(pc)) > 0) {
          emit(pa, cur, pc);
          remove(cur);
          cur = pa;
          clipped = true;
          break;
        }
        cur = m_next[cur];
      } while (cur != start);
      if (!clipped) {
        std::size_t next = m_next[cur];
        remove(cur);
        cur = next;
      }
      misses = 0;
    }
    std::size_t a = m_prev[cur], c = m_next[cur];
    if (cross(pt(a), pt(cur), pt(c)) > 0) emit(a, cur, c);
  }

 private:
  const Point& pt(std::size_t node) const { return m_pts[m_node[node]]; }

  bool isEar(std::size_t a, std::size_t b, std::size_t c) const {
    const Point &pa = pt(a), &pb = pt(b), &pc = pt(c);
    double minX = std::min({pa.x, pb.x, pc.x}), maxX = std::max({pa.x, pb.x, pc.x});
    double minY = std::min({pa.y, pb.y, pc.y}), maxY = std::max({pa.y, pb.y, pc.y});
    for (std::size_t j = m_next[c]; j != a; j = m_next[j]) {
      const Point& p = pt(j);
      if (p.x < minX || p.x > maxX || p.y < minY || p.y > maxY) continue;
      if (samePoint(p, pa) || samePoint(p, pb) || samePoint(p, pc)) continue;
      if (cross(pt(m_prev[j]), p, pt(m_next[j])) > 0) continue;  // only reflex vertices can lie inside an ear
      if (inTriangle(pa, pb, pc, p)) return false;
    }
    return true;
  }

  const std::vector<Point>& m_pts;
  std::vector<std::uint32_t> m_node, m_prev, m_next;
};

}  // namespace

double signedDoubleArea(std::span<const Point> ring) {
  if (ring.size() < 3) return 0;
  // Relative to the first vertex: with projected or lon/lat coordinates far from the origin, the products
  // of absolute coordinates would cancel and lose most digits of a small area.
  const Point o = ring[0];
  double s = 0;
  for (std::size_t i = 1, n = ring.size(); i + 1 < n; ++i) {
    const double ax = ring[i].x - o.x, ay = ring[i].y - o.y;
    const double bx = ring[i + 1].x - o.x, by = ring[i + 1].y - o.y;
    s += ax * by - bx * ay;
  }
  return s;
}

void tessellatePolygon(std::span<const std::span<const Point>> rings, std::vector<Point>& vertices,
                       std::vector<std::uint32_t>& indices) {
  if (rings.empty()) return;
  std::vector<Point> pts = cleanRing(rings[0]);
  if (pts.size() < 3) return;
  // Work relative to the first vertex: smaller numbers keep the orientation tests exact for longer.
  const Point origin = pts[0];
  auto shift = [&](std::vector<Point>& ring) {
    for (Point& p : ring) p = {p.x - origin.x, p.y - origin.y};
  };
  shift(pts);
  if (signedDoubleArea(pts) < 0) std::reverse(pts.begin(), pts.end());
  std::vector<std::uint32_t> poly(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) poly[i] = static_cast<std::uint32_t>(i);

  std::vector<std::vector<std::uint32_t>> holes;
  for (std::size_t r = 1; r < rings.size(); ++r) {
    std::vector<Point> h = cleanRing(rings[r]);
    if (h.size() < 3) continue;
    shift(h);
    double area = signedDoubleArea(h);
    if (area == 0) continue;
    if (area > 0) std::reverse(h.begin(), h.end());
    std::vector<std::uint32_t> idx;
    for (const Point& p : h) {
      idx.push_back(static_cast<std::uint32_t>(pts.size()));
      pts.push_back(p);
    }
    holes.push_back(std::move(idx));
  }
  auto maxX = [&](const std::vector<std::uint32_t>& h) {
    double m = -std::numeric_limits<double>::infinity();
    for (std::uint32_t i : h) m = std::max(m, pts[i].x);
    return m;
  };
  std::sort(holes.begin(), holes.end(), [&](const auto& a, const auto& b) { return maxX(a) > maxX(b); });
  for (const auto& h : holes) EarClipper::bridgeHole(pts, poly, h);

  const auto base = static_cast<std::uint32_t>(vertices.size());
  for (const Point& p : pts) vertices.push_back({p.x + origin.x, p.y + origin.y});
  EarClipper clipper(pts);
  clipper.clip(poly, base, indices);
}

namespace {

// The full-detail triangles and outlines of features [first, last), without levels.
LayerMesh tessellateRange(const GeometryStore& geometry, std::size_t first, std::size_t last, std::atomic<float>* progress,
                          float progressShare, const std::atomic<bool>* cancel) {
  LayerMesh mesh;
  std::size_t points = 0;
  for (std::size_t f = first; f < last; ++f)
    for (std::size_t p : geometry.partsOf(f))
      for (std::size_t r : geometry.ringsOf(p)) points += geometry.ring(r).size();
  mesh.vertices.reserve(points + points / 16);
  mesh.vertexFeature.reserve(points + points / 16);
  mesh.indices.reserve(points * 3);
  mesh.segments.reserve(points * 2);
  mesh.featureFirstSegment.reserve(last - first + 1);
  std::vector<std::span<const Point>> rings;
  mesh.featureFirstIndex.reserve(last - first + 1);
  for (std::size_t f = first; f < last; ++f) {
    mesh.featureFirstSegment.push_back(static_cast<std::uint32_t>(mesh.segments.size() / 2));
    mesh.featureFirstIndex.push_back(static_cast<std::uint32_t>(mesh.indices.size()));
    if (cancel && cancel->load(std::memory_order_relaxed)) continue;
    for (std::size_t p : geometry.partsOf(f)) {
      PartKind kind = geometry.partKind(p);
      if (kind == PartKind::Point) continue;
      rings.clear();
      for (std::size_t r : geometry.ringsOf(p)) {
        std::span<const Point> ring = geometry.ring(r);
        rings.push_back(ring);
        for (const Point& v : ring) mesh.extent.add(v.x, v.y);
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
          mesh.segments.push_back(ring[i]);
          mesh.segments.push_back(ring[i + 1]);
        }
        if (kind == PartKind::Polygon && ring.size() > 2 && !samePoint(ring.front(), ring.back())) {
          mesh.segments.push_back(ring.back());
          mesh.segments.push_back(ring.front());
        }
      }
      if (kind != PartKind::Polygon) continue;
      tessellatePolygon(rings, mesh.vertices, mesh.indices);
      mesh.vertexFeature.resize(mesh.vertices.size(), static_cast<std::uint32_t>(f));
    }
    if (progress && ((f - first) % 256 == 0))
      progress->store(progressShare * static_cast<float>(f - first) / static_cast<float>(last - first), std::memory_order_relaxed);
  }
  mesh.featureFirstSegment.push_back(static_cast<std::uint32_t>(mesh.segments.size() / 2));
  mesh.featureFirstIndex.push_back(static_cast<std::uint32_t>(mesh.indices.size()));
  return mesh;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> splitFeatures(const GeometryStore& geometry, unsigned threads) {
  const std::size_t features = geometry.featureCount();
  if (threads == 0) threads = maxThreads();
  // Small layers are not worth a thread: about 20,000 vertices per chunk at least.
  const std::size_t byPoints = std::max<std::size_t>(1, geometry.pointCount() / 20000);
  const std::size_t chunks = std::min<std::size_t>({threads, byPoints, std::max<std::size_t>(1, features)});
  std::vector<std::pair<std::size_t, std::size_t>> out;
  if (features == 0) return {{0, 0}};
  // Equal shares of vertices (tessellation cost follows the vertex count, not the feature count).
  const std::size_t total = geometry.pointCount();
  std::size_t f = 0, seen = 0;
  for (std::size_t c = 0; c < chunks; ++c) {
    const std::size_t begin = f;
    const std::size_t target = total * (c + 1) / chunks;
    if (c + 1 == chunks) {
      f = features;
    } else {
      while (f < features && seen < target) {
        for (std::size_t p : geometry.partsOf(f))
          for (std::size_t r : geometry.ringsOf(p)) seen += geometry.ring(r).size();
        ++f;
      }
    }
    out.emplace_back(begin, f);
  }
  return out;
}

LayerMesh tessellateFullDetail(const GeometryStore& geometry, std::atomic<float>* progress, const std::atomic<bool>* cancel,
                               unsigned threads) {
  const auto ranges = splitFeatures(geometry, threads);
  // One range per worker; the first runs on this thread and reports progress (the ranges hold about equal vertex
  // counts, so its progress stands for all).
  std::vector<LayerMesh> done(ranges.size());
  runWorkers(static_cast<unsigned>(ranges.size()), [&](unsigned w) {
    done[w] = tessellateRange(geometry, ranges[w].first, ranges[w].second, w == 0 ? progress : nullptr, w == 0 ? 0.95f : 0,
                              cancel);
  });
  if (done.size() == 1) {
    if (progress) progress->store(1.0f);
    return std::move(done.front());
  }
  Extent extent;
  for (const LayerMesh& part : done) extent.add(part.extent);
  LayerMesh mesh = mergeMeshParts(std::move(done));
  mesh.extent = extent;
  if (progress) progress->store(1.0f);
  return mesh;
}

LayerMesh tessellateLayer(const GeometryStore& geometry, std::atomic<float>* progress, const std::atomic<bool>* cancel) {
  LayerMesh mesh = tessellateFullDetail(geometry, progress, cancel);
  const std::vector<double> tolerances = meshLevelTolerances(geometry.extent(), geometry.pointCount());
  if (!tolerances.empty()) mesh.coarserLevels = buildMeshLevels(geometry, tolerances, findJunctions(geometry), cancel);
  return mesh;
}

}  // namespace mobmap::render
