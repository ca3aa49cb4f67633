#include "analysis/spatial_weights.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "core/parallel.h"
#include "core/error.h"
#include "core/text.h"

namespace mobmap::analysis {

Contiguity parseContiguity(std::string_view name) {
  const std::string n = toLower(std::string(name));
  if (n == "queen") return Contiguity::Queen;
  if (n == "rook") return Contiguity::Rook;
  throw UsageError("unknown contiguity '" + std::string(name) + "' (use queen or rook)");
}

std::string_view contiguityName(Contiguity c) { return c == Contiguity::Queen ? "queen" : "rook"; }

SpatialWeights::SpatialWeights(std::vector<std::vector<std::size_t>> neighbours) : m_neighbours(std::move(neighbours)) {
  const std::size_t n = m_neighbours.size();
  for (std::size_t i = 0; i < n; ++i) {
    auto& list = m_neighbours[i];
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    for (std::size_t j : list)
      if (j >= n || j == i) throw Error("neighbour list of area " + std::to_string(i) + " names area " + std::to_string(j));
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j : m_neighbours[i])
      if (!std::binary_search(m_neighbours[j].begin(), m_neighbours[j].end(), i))
        throw Error("neighbour lists are not symmetric: " + std::to_string(i) + " lists " + std::to_string(j) + " but not back");
}

SpatialWeights SpatialWeights::directed(std::vector<std::vector<std::size_t>> neighbours, std::vector<std::vector<double>> linkWeights) {
  const std::size_t n = neighbours.size();
  if (!linkWeights.empty() && linkWeights.size() != n) throw Error("link weights for " + std::to_string(linkWeights.size()) + " of " + std::to_string(n) + " areas");
  SpatialWeights w;
  w.m_neighbours.resize(n);
  if (!linkWeights.empty()) {
    w.m_linkWeights.resize(n);
    w.m_rowSums.assign(n, 0.0);
  }
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::pair<std::size_t, double>> links;
    if (!linkWeights.empty() && linkWeights[i].size() != neighbours[i].size())
      throw Error("area " + std::to_string(i) + " has " + std::to_string(neighbours[i].size()) + " neighbours but " +
                  std::to_string(linkWeights[i].size()) + " weights");
    for (std::size_t k = 0; k < neighbours[i].size(); ++k) {
      const std::size_t j = neighbours[i][k];
      if (j >= n || j == i) throw Error("neighbour list of area " + std::to_string(i) + " names area " + std::to_string(j));
      const double wt = linkWeights.empty() ? 1.0 : linkWeights[i][k];
      if (!(wt > 0) || !std::isfinite(wt)) throw Error("link " + std::to_string(i) + "-" + std::to_string(j) + " has a weight that is not positive");
      links.emplace_back(j, wt);
    }
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end(), [](auto& a, auto& b) { return a.first == b.first; }), links.end());
    for (const auto& [j, wt] : links) {
      w.m_neighbours[i].push_back(j);
      if (!linkWeights.empty()) {
        w.m_linkWeights[i].push_back(wt);
        w.m_rowSums[i] += wt;
      }
    }
  }
  for (std::size_t i = 0; i < n && w.m_symmetric; ++i)
    for (std::size_t j : w.m_neighbours[i])
      if (!std::binary_search(w.m_neighbours[j].begin(), w.m_neighbours[j].end(), i)) {
        w.m_symmetric = false;
        break;
      }
  return w;
}

std::size_t SpatialWeights::linkCount() const {
  std::size_t total = 0;
  for (const auto& list : m_neighbours) total += list.size();
  return total;
}

std::vector<std::size_t> SpatialWeights::islands() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < m_neighbours.size(); ++i)
    if (m_neighbours[i].empty()) out.push_back(i);
  return out;
}

SpatialWeights SpatialWeights::subset(const std::vector<bool>& keep) const {
  constexpr std::size_t kDropped = static_cast<std::size_t>(-1);
  std::vector<std::size_t> newIndex(m_neighbours.size(), kDropped);
  std::size_t next = 0;
  for (std::size_t i = 0; i < m_neighbours.size(); ++i)
    if (i < keep.size() && keep[i]) newIndex[i] = next++;
  std::vector<std::vector<std::size_t>> lists(next);
  std::vector<std::vector<double>> weights(m_linkWeights.empty() ? 0 : next);
  for (std::size_t i = 0; i < m_neighbours.size(); ++i) {
    if (newIndex[i] == kDropped) continue;
    for (std::size_t k = 0; k < m_neighbours[i].size(); ++k) {
      const std::size_t j = m_neighbours[i][k];
      if (newIndex[j] == kDropped) continue;
      lists[newIndex[i]].push_back(newIndex[j]);
      if (!m_linkWeights.empty()) weights[newIndex[i]].push_back(m_linkWeights[i][k]);
    }
  }
  if (binarySymmetric()) return SpatialWeights(std::move(lists));
  return directed(std::move(lists), std::move(weights));
}

namespace {

// A polygon vertex with its grid cell number.
struct Vertex {
  std::uint64_t cell;
  double x, y;
  std::uint32_t feature;
};

constexpr std::uint32_t kDropped = 0xffffffffu;  // feature of a vertex repeated within its own feature

bool lessCellXY(const Vertex& a, const Vertex& b) {
  if (a.cell != b.cell) return a.cell < b.cell;
  if (a.x != b.x) return a.x < b.x;
  if (a.y != b.y) return a.y < b.y;
  return a.feature < b.feature;
}

// Sorts [first, last), whose cell numbers differ only in their low `bits` bits, by (cell, x, y, feature): a
// radix sort on those bits, 8 at a time (skipping digits all share), then insertion sort within each cell.
void sortBucket(Vertex* first, Vertex* last, int bits, std::vector<Vertex>& scratch) {
  const std::size_t m = static_cast<std::size_t>(last - first);
  if (m < 2) return;
  if (m <= 16) {
    std::sort(first, last, lessCellXY);
    return;
  }
  scratch.resize(m);
  Vertex* from = first;
  Vertex* to = scratch.data();
  for (int shift = 0; shift < bits; shift += 8) {
    std::size_t count[256] = {};
    for (const Vertex* v = from; v != from + m; ++v) ++count[(v->cell >> shift) & 255];
    if (count[(from->cell >> shift) & 255] == m) continue;  // one digit for all: nothing to move
    std::size_t sum = 0;
    for (std::size_t& c : count) sum += std::exchange(c, sum);
    for (const Vertex* v = from; v != from + m; ++v) to[count[(v->cell >> shift) & 255]++] = *v;
    std::swap(from, to);
  }
  if (from != first) std::copy(from, from + m, first);
  for (Vertex* v = first + 1; v != last; ++v) {  // insertion sort; runs of one cell are short
    if (!lessCellXY(*v, v[-1])) continue;
    const Vertex moving = *v;
    Vertex* hole = v;
    do {
      *hole = hole[-1];
      --hole;
    } while (hole != first && lessCellXY(moving, hole[-1]));
    *hole = moving;
  }
}

// Calls fn(point) for each boundary vertex of feature f's polygon parts, without the repeated closing vertex of
// a ring and without non-finite coordinates.
template <class Fn>
void forEachVertex(const GeometryStore& geometry, std::size_t f, Fn&& fn) {
  for (std::size_t p : geometry.partsOf(f)) {
    if (geometry.partKind(p) != PartKind::Polygon) continue;
    for (std::size_t r : geometry.ringsOf(p)) {
      auto ring = geometry.ring(r);
      std::size_t count = ring.size();
      if (count > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) --count;
      for (std::size_t k = 0; k < count; ++k)
        if (std::isfinite(ring[k].x) && std::isfinite(ring[k].y)) fn(ring[k]);
    }
  }
}

}  // namespace

// How the neighbours are found (the result is that of comparing every pair of vertices of different features):
// the vertices are put into a grid of cells at least twice the snapping distance wide, so two vertices within
// the distance lie in the same or in adjacent cells. Cells are numbered column by column; the vertices are
// distributed into buckets of consecutive cell numbers (a one-pass radix step) and each bucket is sorted, so each
// cell is a run of the sorted list and a vertex is compared only with the others of its cell and of the four
// cells after it (above, and the three of the next column). Exact repeats of a vertex within one feature fall
// into one cell and are dropped there. Every step runs in parallel over ranges of features, buckets or cells;
// the result does not depend on the number of threads.
SpatialWeights contiguityWeights(const GeometryStore& geometry, Contiguity rule, double snap,
                                 const std::atomic<bool>* cancel) {
  if (!std::isfinite(snap) || snap < 0) throw UsageError("the snapping distance must be a number ≥ 0");
  const std::size_t n = geometry.featureCount();
  if (n >= kDropped) throw Error("too many features for contiguity weights");
  auto cancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };
  auto checkCancel = [&](std::size_t step, std::size_t every) {
    if (step % every == 0 && cancelled()) throw Cancelled();
  };
  if (cancelled()) throw Cancelled();

  // 1. The extent and number of the vertices, per range of features.
  const unsigned workers = workerCount(n, 2048);
  std::vector<Extent> boxes(workers);
  std::vector<std::size_t> counts(workers, 0);
  parallelRanges(n, workers, [&](std::size_t begin, std::size_t end, unsigned w) {
    Extent box;
    std::size_t count = 0;
    for (std::size_t f = begin; f < end; ++f) {
      checkCancel(f - begin, 256);
      forEachVertex(geometry, f, [&](const Point& q) {
        box.add(q.x, q.y);
        ++count;
      });
    }
    boxes[w] = box;
    counts[w] = count;
  });
  Extent box;
  std::size_t total = 0;
  for (unsigned w = 0; w < workers; ++w) {
    box.add(boxes[w]);
    total += counts[w];
  }
  std::vector<std::vector<std::size_t>> lists(n);
  if (total == 0) return SpatialWeights(std::move(lists));
  if (total >= kDropped) throw Error("too many vertices for contiguity weights");

  // 2. Grid cells at least 2·snap wide, and at most 2^17 along the longer side of the extent (so a cell number
  //    fits 35 bits), numbered column by column with an empty row on top: the cell above (cx, cy) is number + 1
  //    and never in the next column. A pair within snap lies at most one cell apart on each axis.
  const double span = std::max({box.width(), box.height(), 1.0});
  const double cellSize = std::max(2 * snap, span / 131072.0);
  const std::uint64_t columns = static_cast<std::uint64_t>(box.width() / cellSize) + 2;
  const std::uint64_t rows = static_cast<std::uint64_t>(box.height() / cellSize) + 3;
  auto cellOf = [&](const Point& q) {
    const auto cx = std::min(static_cast<std::uint64_t>(std::floor((q.x - box.minX) / cellSize)), columns - 1);
    const auto cy = std::min(static_cast<std::uint64_t>(std::floor((q.y - box.minY) / cellSize)), rows - 2);
    return cx * rows + cy;
  };
  // Buckets of 2^shift consecutive cell numbers, at most 2^13 of them.
  const std::uint64_t maxCell = columns * rows - 1;
  int shift = 0;
  while ((maxCell >> shift) >= 8192) ++shift;
  const std::size_t buckets = static_cast<std::size_t>(maxCell >> shift) + 1;

  // 3. Distribute the vertices into their buckets (per range of features: histogram, then place), then sort
  //    each bucket by (cell, x, y, feature).
  std::vector<std::vector<std::size_t>> histogram(workers, std::vector<std::size_t>(buckets, 0));
  parallelRanges(n, workers, [&](std::size_t begin, std::size_t end, unsigned w) {
    std::vector<std::size_t>& h = histogram[w];
    for (std::size_t f = begin; f < end; ++f) {
      checkCancel(f - begin, 256);
      forEachVertex(geometry, f, [&](const Point& q) { ++h[cellOf(q) >> shift]; });
    }
  });
  std::vector<std::size_t> bucketStart(buckets + 1, 0);
  {
    std::size_t sum = 0;
    for (std::size_t b = 0; b < buckets; ++b) {
      bucketStart[b] = sum;
      for (unsigned w = 0; w < workers; ++w) sum += std::exchange(histogram[w][b], sum);
    }
    bucketStart[buckets] = sum;
  }
  std::unique_ptr<Vertex[]> sorted(new Vertex[total]);
  parallelRanges(n, workers, [&](std::size_t begin, std::size_t end, unsigned w) {
    std::vector<std::size_t>& next = histogram[w];
    for (std::size_t f = begin; f < end; ++f) {
      checkCancel(f - begin, 256);
      forEachVertex(geometry, f, [&](const Point& q) {
        const std::uint64_t cell = cellOf(q);
        sorted[next[cell >> shift]++] = {cell, q.x, q.y, static_cast<std::uint32_t>(f)};
      });
    }
  });
  histogram.clear();
  const unsigned bucketWorkers = workerCount(total, 65536);
  // Bucket ranges of about equal vertex counts, one per worker.
  std::vector<std::size_t> bucketCut(bucketWorkers + 1, buckets);
  bucketCut[0] = 0;
  for (unsigned w = 1, b = 0; w < bucketWorkers; ++w) {
    while (b < buckets && bucketStart[b] < total * w / bucketWorkers) ++b;
    bucketCut[w] = b;
  }
  auto overBuckets = [&](auto&& fn) {
    parallelRanges(bucketWorkers, bucketWorkers, [&](std::size_t begin, std::size_t end, unsigned w) {
      for (std::size_t k = begin; k < end; ++k) fn(bucketCut[k], bucketCut[k + 1], w);
    });
  };
  std::vector<std::vector<std::uint32_t>> runStarts(bucketWorkers);
  overBuckets([&](std::size_t b0, std::size_t b1, unsigned w) {
    std::vector<std::uint32_t>& starts = runStarts[w];
    std::vector<Vertex> scratch;
    for (std::size_t b = b0; b < b1; ++b) {
      checkCancel(b - b0, 64);
      Vertex* first = sorted.get() + bucketStart[b];
      Vertex* last = sorted.get() + bucketStart[b + 1];
      sortBucket(first, last, shift, scratch);
      // Runs of one cell; exact repeats within a feature (adjacent now) are dropped.
      for (Vertex* v = first; v != last; ++v) {
        if (v == first || v->cell != v[-1].cell) {
          starts.push_back(static_cast<std::uint32_t>(v - sorted.get()));
          continue;
        }
        const Vertex* kept = v - 1;
        while (kept->feature == kDropped) --kept;  // the run's first vertex is never dropped
        if (kept->x == v->x && kept->y == v->y && kept->feature == v->feature) v->feature = kDropped;
      }
    }
  });
  std::vector<std::uint32_t> runStart;
  runStart.reserve(total / 2 + 1);
  for (auto& starts : runStarts) runStart.insert(runStart.end(), starts.begin(), starts.end());
  runStarts.clear();
  const std::size_t runs = runStart.size();
  runStart.push_back(static_cast<std::uint32_t>(total));
  if (cancelled()) throw Cancelled();

  // 4. Every pair of vertices of different features within snap, each found once from the earlier cell of the
  //    two, recorded from both ends as (feature, other feature, vertex position).
  const double snap2 = snap * snap;
  struct Touch {
    std::uint32_t from, to, vertex;
  };
  const unsigned runWorkerCount = workerCount(runs, 32768);
  std::vector<std::vector<Touch>> touches(runWorkerCount);
  parallelRanges(runs, runWorkerCount, [&](std::size_t begin, std::size_t end, unsigned w) {
    std::vector<Touch>& out = touches[w];
    auto pairUp = [&](std::size_t i, std::size_t j) {
      const Vertex &u = sorted[i], &v = sorted[j];
      if (u.feature == v.feature || v.feature == kDropped) return;
      const double ex = v.x - u.x, ey = v.y - u.y;
      if (ex * ex + ey * ey > snap2) return;
      out.push_back({u.feature, v.feature, static_cast<std::uint32_t>(i)});
      out.push_back({v.feature, u.feature, static_cast<std::uint32_t>(j)});
    };
    auto cellOfRun = [&](std::size_t r) { return sorted[runStart[r]].cell; };
    std::size_t next = begin;  // first run at or after the next column's cell beside this run's, below it
    for (std::size_t r = begin; r < end; ++r) {
      checkCancel(r - begin, 16384);
      const std::uint64_t cell = cellOfRun(r);
      while (next < runs && cellOfRun(next) < cell + rows - 1) ++next;
      std::size_t neighbourRuns[4];
      std::size_t count = 0;
      if (r + 1 < runs && cellOfRun(r + 1) == cell + 1) neighbourRuns[count++] = r + 1;
      for (std::size_t q = next; q < runs && cellOfRun(q) <= cell + rows + 1; ++q) neighbourRuns[count++] = q;
      const std::size_t a = runStart[r], b = runStart[r + 1];
      if (b - a == 1 && count == 0) continue;
      for (std::size_t i = a; i < b; ++i) {
        if (sorted[i].feature == kDropped) continue;
        for (std::size_t j = i + 1; j < b; ++j) pairUp(i, j);
        for (std::size_t k = 0; k < count; ++k)
          for (std::size_t j = runStart[neighbourRuns[k]]; j < runStart[neighbourRuns[k] + 1]; ++j) pairUp(i, j);
      }
    }
  });
  sorted.reset();
  std::vector<std::uint32_t>().swap(runStart);
  if (cancelled()) throw Cancelled();

  // 5. Per feature, the features it touches: queen needs one vertex in either direction (touches come in
  //    pairs, so one direction suffices), rook two distinct vertices of one feature touching the other.
  std::vector<std::size_t> offset(n + 1, 0);
  for (const auto& part : touches)
    for (const Touch& t : part) ++offset[t.from + 1];
  for (std::size_t f = 0; f < n; ++f) offset[f + 1] += offset[f];
  std::unique_ptr<std::uint64_t[]> byFeature(new std::uint64_t[offset[n]]);  // other feature << 32 | vertex
  {
    std::vector<std::size_t> fill(offset.begin(), offset.end() - 1);
    for (auto& part : touches) {
      for (const Touch& t : part) byFeature[fill[t.from]++] = (static_cast<std::uint64_t>(t.to) << 32) | t.vertex;
      std::vector<Touch>().swap(part);
    }
  }
  const bool queen = rule == Contiguity::Queen;
  std::vector<std::vector<std::uint32_t>> strong(queen ? 0 : n);  // rook: b touched by two vertices of a
  parallelRanges(n, workers, [&](std::size_t begin, std::size_t end, unsigned) {
    std::vector<std::uint32_t> seen;  // queen: seen[b] == a + 1 when b is already listed for a
    if (queen) seen.assign(n, 0);
    for (std::size_t a = begin; a < end; ++a) {
      checkCancel(a - begin, 1024);
      std::uint64_t* first = byFeature.get() + offset[a];
      std::uint64_t* last = byFeature.get() + offset[a + 1];
      if (queen) {
        for (const std::uint64_t* t = first; t != last; ++t) {
          const std::uint32_t b = static_cast<std::uint32_t>(*t >> 32);
          if (seen[b] == a + 1) continue;
          seen[b] = static_cast<std::uint32_t>(a + 1);
          lists[a].push_back(b);
        }
        continue;
      }
      std::sort(first, last);
      for (const std::uint64_t* t = first; t != last;) {
        const std::uint64_t b = *t >> 32;
        std::size_t distinct = 0;
        for (const std::uint64_t* u = t; t != last && (*t >> 32) == b; ++t)
          if (t == u || *t != t[-1]) ++distinct;
        if (distinct >= 2) strong[a].push_back(static_cast<std::uint32_t>(b));
      }
    }
  });
  if (!queen)
    for (std::size_t a = 0; a < n; ++a)
      for (std::uint32_t b : strong[a]) {
        lists[a].push_back(b);
        lists[b].push_back(a);
      }
  return SpatialWeights(std::move(lists));
}

}  // namespace mobmap::analysis
