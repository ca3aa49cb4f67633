#include "render/shared_boundaries.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>
#include <utility>

#include "core/error.h"
#include "core/parallel.h"

namespace mobmap::render {

namespace {

constexpr std::uint64_t kJunction = ~std::uint64_t{0};

bool samePoint(const Point& a, const Point& b) { return a.x == b.x && a.y == b.y; }
bool finite(const Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); }
bool lessPoint(const Point& a, const Point& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); }

// Calls visit(index of the ring's first vertex in `geometry`, the ring, the offsets of its kept vertices) for
// each polygon ring in [firstRing, lastRing) that keeps at least three vertices once non-finite vertices,
// consecutive repeats and the closing repeat are left out.
template <class Visit>
void forEachPolygonRing(const GeometryStore& geometry, const std::vector<char>& polygonRing, std::size_t firstRing,
                        std::size_t lastRing, Visit&& visit) {
  const Point* base = geometry.points().data();
  std::vector<std::size_t> idx;
  for (std::size_t r = firstRing; r < lastRing; ++r) {
    if (!polygonRing[r]) continue;
    std::span<const Point> ring = geometry.ring(r);
    idx.clear();
    for (std::size_t i = 0; i < ring.size(); ++i) {
      if (!finite(ring[i])) continue;
      if (!idx.empty() && samePoint(ring[idx.back()], ring[i])) continue;
      idx.push_back(i);
    }
    while (idx.size() > 1 && samePoint(ring[idx.front()], ring[idx.back()])) idx.pop_back();
    if (idx.size() < 3) continue;
    visit(static_cast<std::size_t>(ring.data() - base), ring, idx);
  }
}

// Douglas-Peucker over seq[0..n-1] with both ends kept: sets keep[i] for the vertices kept.
void markKept(const std::vector<Point>& seq, double tol2, std::vector<char>& keep) {
  auto dist2 = [](const Point& p, const Point& a, const Point& b) {
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
  };
  keep.assign(seq.size(), 0);
  if (seq.empty()) return;
  keep.front() = keep.back() = 1;
  std::vector<std::pair<std::size_t, std::size_t>> stack{{0, seq.size() - 1}};
  while (!stack.empty()) {
    auto [a, b] = stack.back();
    stack.pop_back();
    if (b <= a + 1) continue;
    double worst = -1;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      const double d = dist2(seq[i], seq[a], seq[b]);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (worst > tol2) {
      keep[at] = 1;
      stack.push_back({a, at});
      stack.push_back({at, b});
    }
  }
}

double doubleArea(const std::vector<Point>& ring) {
  double a = 0;
  const Point o = ring[0];
  for (std::size_t i = 1; i + 1 < ring.size(); ++i)
    a += (ring[i].x - o.x) * (ring[i + 1].y - o.y) - (ring[i + 1].x - o.x) * (ring[i].y - o.y);
  return a;
}

}  // namespace

std::vector<std::uint8_t> findJunctions(const GeometryStore& geometry, unsigned threads) {
  return findJunctions(geometry, vertexPositions(geometry, threads), threads);
}

std::vector<std::uint8_t> findJunctions(const GeometryStore& geometry, const VertexPositions& at, unsigned threads) {
  const std::size_t points = geometry.pointCount();
  if (!at.fits(points)) throw Error("vertex positions do not belong to the layer whose junctions are sought");
  std::vector<std::uint8_t> flags(points, 0);
  if (threads == 0) threads = maxThreads();
  if (points < 40000) threads = 1;  // not worth a thread
  std::vector<char> polygonRing(geometry.ringCount(), 0);
  for (std::size_t p = 0; p < geometry.partCount(); ++p)
    if (geometry.partKind(p) == PartKind::Polygon)
      for (std::size_t r : geometry.ringsOf(p)) polygonRing[r] = 1;
  const std::size_t rings = geometry.ringCount();
  // Each position's neighbours as the first ring through it has them (an unordered pair of positions), or
  // kJunction once another ring (or another pass of the same ring) has different ones.
  std::vector<std::uint64_t> neighbours(at.positionCount(), 0);
  runWorkers(threads, [&](unsigned t) {
    forEachPolygonRing(geometry, polygonRing, rings * t / threads, rings * (t + 1) / threads,
                       [&](std::size_t first, std::span<const Point>, const std::vector<std::size_t>& idx) {
                         const std::size_t n = idx.size();
                         for (std::size_t i = 0; i < n; ++i) {
                           const std::uint64_t prev = at.positionOf[first + idx[i == 0 ? n - 1 : i - 1]];
                           const std::uint64_t next = at.positionOf[first + idx[i + 1 == n ? 0 : i + 1]];
                           const std::uint64_t pair = (std::min(prev, next) << 32 | std::max(prev, next)) + 1;
                           std::atomic_ref<std::uint64_t> seen(neighbours[at.positionOf[first + idx[i]]]);
                           std::uint64_t was = 0;
                           if (!seen.compare_exchange_strong(was, pair, std::memory_order_relaxed) && was != pair &&
                               was != kJunction)
                             seen.store(kJunction, std::memory_order_relaxed);
                         }
                       });
  });
  // Every vertex of those rings (repeats and the closing repeat too) at a junction's position is flagged.
  runWorkers(threads, [&](unsigned t) {
    forEachPolygonRing(geometry, polygonRing, rings * t / threads, rings * (t + 1) / threads,
                       [&](std::size_t first, std::span<const Point> ring, const std::vector<std::size_t>&) {
                         for (std::size_t i = 0; i < ring.size(); ++i)
                           if (finite(ring[i]) && neighbours[at.positionOf[first + i]] == kJunction) flags[first + i] = 1;
                       });
  });
  return flags;
}

std::span<const std::uint8_t> ringJunctions(const GeometryStore& geometry, std::span<const std::uint8_t> junctions,
                                            std::size_t r) {
  if (junctions.empty()) return {};
  std::span<const Point> ring = geometry.ring(r);
  return junctions.subspan(static_cast<std::size_t>(ring.data() - geometry.points().data()), ring.size());
}

std::vector<Point> simplifySharedRing(std::span<const Point> ring, std::span<const std::uint8_t> junction,
                                      double tolerance) {
  // Clean (as simplifyRing does), carrying the junction flags along.
  std::vector<Point> pts;
  std::vector<char> isJunction;
  pts.reserve(ring.size());
  isJunction.reserve(ring.size());
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (!finite(ring[i])) continue;
    const bool j = i < junction.size() && junction[i];
    if (!pts.empty() && samePoint(pts.back(), ring[i])) {
      isJunction.back() = isJunction.back() || j;
      continue;
    }
    pts.push_back(ring[i]);
    isJunction.push_back(j);
  }
  while (pts.size() > 1 && samePoint(pts.front(), pts.back())) {
    isJunction.front() = isJunction.front() || isJunction.back();
    pts.pop_back();
    isJunction.pop_back();
  }
  const std::size_t n = pts.size();
  if (n < 3) return {};
  std::vector<char> keep(n, tolerance > 0 ? 0 : 1);
  if (tolerance > 0) {
    const double tol2 = tolerance * tolerance;
    std::vector<std::size_t> junctions;
    for (std::size_t i = 0; i < n; ++i)
      if (isJunction[i]) junctions.push_back(i);
    std::vector<std::size_t> idx;  // ring indices of one stretch, in canonical order
    std::vector<Point> seq;
    std::vector<char> kept;
    auto simplifyStretch = [&] {
      seq.clear();
      for (std::size_t i : idx) seq.push_back(pts[i]);
      markKept(seq, tol2, kept);
      for (std::size_t k = 0; k < idx.size(); ++k)
        if (kept[k]) keep[idx[k]] = 1;
    };
    if (junctions.empty()) {
      // The whole ring: start at its least vertex, go towards the lesser of that vertex's neighbours, and
      // anchor at the start and the vertex farthest from it.
      std::size_t m = 0;
      for (std::size_t i = 1; i < n; ++i)
        if (lessPoint(pts[i], pts[m])) m = i;
      const bool forward = lessPoint(pts[(m + 1) % n], pts[(m + n - 1) % n]);
      std::vector<std::size_t> order(n);
      for (std::size_t k = 0; k < n; ++k) order[k] = forward ? (m + k) % n : (m + n - k) % n;
      std::size_t far = 0;
      double best = -1;
      for (std::size_t k = 1; k < n; ++k) {
        const Point& a = pts[order[0]];
        const Point& b = pts[order[k]];
        const double d = (b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y);
        if (d > best) {  // first of equals in canonical order
          best = d;
          far = k;
        }
      }
      idx.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(far) + 1);
      simplifyStretch();
      idx.assign(order.begin() + static_cast<std::ptrdiff_t>(far), order.end());
      idx.push_back(order[0]);
      simplifyStretch();
    } else {
      for (std::size_t j = 0; j < junctions.size(); ++j) {
        const std::size_t from = junctions[j];
        const std::size_t to = junctions[(j + 1) % junctions.size()];
        idx.clear();
        for (std::size_t i = from;; i = i + 1 == n ? 0 : i + 1) {
          idx.push_back(i);
          if (i == to && idx.size() > 1) break;
        }
        // Canonical direction: from the lesser end; a loop (one junction) from the lesser second vertex.
        const Point& a = pts[idx.front()];
        const Point& b = pts[idx.back()];
        bool reverse = lessPoint(b, a);
        if (samePoint(a, b) && idx.size() > 2) reverse = lessPoint(pts[idx[idx.size() - 2]], pts[idx[1]]);
        if (reverse) std::reverse(idx.begin(), idx.end());
        simplifyStretch();
      }
    }
  }
  std::vector<Point> out;
  for (std::size_t i = 0; i < n; ++i)
    if (keep[i]) out.push_back(pts[i]);
  if (out.size() < 3 || doubleArea(out) == 0) return {};
  return out;
}

}  // namespace mobmap::render
