#pragma once
// Contiguity neighbours between polygons, read from their vertices: the neighbour lists behind Moran's I
// and LISA. Weights are row-standardised (each neighbour of area i weighs 1 / card(i)); an area with no
// neighbours (an island) has an empty list and, as spdep does with zero.policy = TRUE, zero weights.
//
// Usage:
//   SpatialWeights w = contiguityWeights(layer.geometry, Contiguity::Queen, kPoly2nbSnap);
//   for (std::size_t j : w.neighbours(i)) ...   // sorted, 0-based feature indices
#include <atomic>
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/geometry.h"

namespace mobmap::analysis {

// Queen: areas touching in at least one boundary point. Rook: at least two boundary points in common
// (spdep poly2nb(queen = FALSE)); for polygons that share an edge this means the edge's end points.
enum class Contiguity { Queen, Rook };

// spdep::poly2nb's default snapping distance, sqrt(.Machine$double.eps), in the geometry's units.
inline constexpr double kPoly2nbSnap = 1.4901161193847656e-08;

// Parses "queen" or "rook" (case-insensitive); throws mobmap::UsageError otherwise.
Contiguity parseContiguity(std::string_view name);
// "queen" or "rook".
std::string_view contiguityName(Contiguity c);

class SpatialWeights {
 public:
  SpatialWeights() = default;
  // Takes neighbour lists (0-based, no self links); sorts them. Throws mobmap::Error when a list names an
  // index out of range or the area itself, or when the lists are not symmetric.
  explicit SpatialWeights(std::vector<std::vector<std::size_t>> neighbours);
  // Neighbour lists that need not be symmetric (k nearest neighbours), with optional general weights per link
  // (`linkWeights[i][k]` for `neighbours[i][k]`, positive; empty = binary). Sorts each list with its weights.
  // Throws mobmap::Error for an index out of range or the area itself, or weights that do not match the lists.
  static SpatialWeights directed(std::vector<std::vector<std::size_t>> neighbours,
                                 std::vector<std::vector<double>> linkWeights = {});

  std::size_t size() const { return m_neighbours.size(); }
  // Sorted neighbours of area i.
  const std::vector<std::size_t>& neighbours(std::size_t i) const { return m_neighbours[i]; }
  // Number of neighbours of area i (spdep card()).
  std::size_t cardinality(std::size_t i) const { return m_neighbours[i].size(); }
  // Sum of the cardinalities (each link counted from both ends, as spdep's "nonzero links").
  std::size_t linkCount() const;
  // The row-standardised weight of area i's k-th neighbour: 1 / card(i) for binary links, else the link's
  // weight over the sum of i's link weights (spdep nb2listw style "W").
  double weight(std::size_t i, std::size_t k) const {
    return m_linkWeights.empty() ? 1.0 / static_cast<double>(m_neighbours[i].size()) : m_linkWeights[i][k] / m_rowSums[i];
  }
  // True when the links carry no general weights (each weighs 1 / card(i) once row-standardised).
  bool binary() const { return m_linkWeights.empty(); }
  // True when the links are binary (no general weights) and every link has its reverse.
  bool binarySymmetric() const { return m_linkWeights.empty() && m_symmetric; }
  // Areas with no neighbours, ascending.
  std::vector<std::size_t> islands() const;
  // The weights among the areas with keep[i] true, renumbered in order; links to dropped areas vanish.
  SpatialWeights subset(const std::vector<bool>& keep) const;

 private:
  std::vector<std::vector<std::size_t>> m_neighbours;
  std::vector<std::vector<double>> m_linkWeights;  // empty: binary
  std::vector<double> m_rowSums;                   // Σ_k m_linkWeights[i][k]
  bool m_symmetric = true;
};

// Contiguity neighbours of the polygon features of `geometry`: two features are queen neighbours when a
// vertex of one lies within `snap` (Euclidean, in the geometry's units) of a vertex of the other, rook
// neighbours when at least two distinct vertices of one lie within `snap` of the other's vertices — the
// rules of spdep::poly2nb. Every part and ring (holes included) counts; features without polygon parts
// have no neighbours. Throws mobmap::UsageError for a negative or non-finite snap. When `cancel` is given and
// becomes true, throws mobmap::Cancelled within a few hundred features (or a few thousand vertices); the
// result does not depend on it otherwise.
SpatialWeights contiguityWeights(const GeometryStore& geometry, Contiguity rule, double snap,
                                 const std::atomic<bool>* cancel = nullptr);

}  // namespace mobmap::analysis
