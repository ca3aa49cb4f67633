#include "analysis/spatial_weights.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>

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

struct Vertex {
  Point p;
  std::size_t feature;
  std::size_t id;  // distinct vertex number within the whole layer
};

struct CellHash {
  std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& c) const {
    return std::hash<std::int64_t>{}(c.first * 73856093LL ^ c.second * 19349663LL);
  }
};

}  // namespace

SpatialWeights contiguityWeights(const GeometryStore& geometry, Contiguity rule, double snap,
                                 const std::atomic<bool>* cancel) {
  if (!std::isfinite(snap) || snap < 0) throw UsageError("the snapping distance must be a number ≥ 0");
  const std::size_t n = geometry.featureCount();
  auto checkCancel = [cancel](std::size_t step, std::size_t every) {
    if (cancel && step % every == 0 && cancel->load(std::memory_order_relaxed)) throw Cancelled();
  };

  // Each feature's boundary vertices, without the repeated closing vertex of a ring and without exact
  // repeats inside the feature (a vertex shared by two of its own rings counts once).
  std::vector<Vertex> vertices;
  vertices.reserve(geometry.pointCount());
  for (std::size_t f = 0; f < n; ++f) {
    checkCancel(f, 256);
    std::vector<Point> own;
    for (std::size_t p : geometry.partsOf(f)) {
      if (geometry.partKind(p) != PartKind::Polygon) continue;
      for (std::size_t r : geometry.ringsOf(p)) {
        auto ring = geometry.ring(r);
        std::size_t count = ring.size();
        if (count > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) --count;
        own.insert(own.end(), ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(count));
      }
    }
    std::sort(own.begin(), own.end(), [](const Point& a, const Point& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    own.erase(std::unique(own.begin(), own.end(), [](const Point& a, const Point& b) { return a.x == b.x && a.y == b.y; }),
              own.end());
    for (const Point& q : own) {
      if (!std::isfinite(q.x) || !std::isfinite(q.y)) continue;
      vertices.push_back({q, f, vertices.size()});
    }
  }

  // Grid hash with cells at least `snap` wide: a vertex's matches lie in its own or the 8 surrounding cells.
  Extent box = geometry.extent();
  const double span = std::max({box.width(), box.height(), 1.0});
  const double cell = std::max(snap, span * 1e-12);
  std::unordered_map<std::pair<std::int64_t, std::int64_t>, std::vector<std::size_t>, CellHash> grid;
  grid.reserve(vertices.size());
  auto cellOf = [&](const Point& q) {
    return std::pair<std::int64_t, std::int64_t>{static_cast<std::int64_t>(std::floor((q.x - box.minX) / cell)),
                                                 static_cast<std::int64_t>(std::floor((q.y - box.minY) / cell))};
  };
  for (const Vertex& v : vertices) {
    checkCancel(v.id, 4096);
    grid[cellOf(v.p)].push_back(v.id);
  }

  // hits[(a, b)] = distinct vertices of a lying within snap of some vertex of b.
  std::unordered_map<std::uint64_t, std::size_t> hits;
  const double snap2 = snap * snap;
  std::vector<std::size_t> touched;
  for (const Vertex& v : vertices) {
    checkCancel(v.id, 4096);
    auto [cx, cy] = cellOf(v.p);
    touched.clear();
    for (std::int64_t dx = -1; dx <= 1; ++dx)
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        auto it = grid.find({cx + dx, cy + dy});
        if (it == grid.end()) continue;
        for (std::size_t id : it->second) {
          const Vertex& w = vertices[id];
          if (w.feature == v.feature) continue;
          const double ex = w.p.x - v.p.x, ey = w.p.y - v.p.y;
          if (ex * ex + ey * ey <= snap2) touched.push_back(w.feature);
        }
      }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (std::size_t g : touched) ++hits[(static_cast<std::uint64_t>(v.feature) << 32) | g];
  }

  const std::size_t needed = rule == Contiguity::Queen ? 1 : 2;
  std::vector<std::vector<std::size_t>> lists(n);
  for (const auto& [key, count] : hits) {
    const std::size_t a = key >> 32, b = key & 0xffffffffu;
    if (a > b) continue;  // each pair once, from its lower index
    auto back = hits.find((static_cast<std::uint64_t>(b) << 32) | a);
    const std::size_t other = back == hits.end() ? 0 : back->second;
    if (std::max(count, other) >= needed) {
      lists[a].push_back(b);
      lists[b].push_back(a);
    }
  }
  return SpatialWeights(std::move(lists));
}

}  // namespace mobmap::analysis
