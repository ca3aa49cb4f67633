#pragma once
// Which vertices of a GeometryStore lie at the same position. Areas that share a boundary (tracts, counties)
// hold each vertex along it once per ring, so about half the vertices of a tract layer repeat a position held
// by another ring. Work that depends only on a vertex's position is done once per position: reprojection
// (crs::reprojectLayer) and finding where shared boundaries meet (render::findJunctions).
//
// Usage:
//   const VertexPositions at = vertexPositions(layer.geometry);
//   at.positionOf[v] == at.positionOf[w]   // vertices v and w lie at the same position
//   at.firstVertex[at.positionOf[v]]       // the lowest-numbered vertex there
// The numbering follows the vertex array: it stays valid while the vertices are moved (reprojected) one by
// one, and means nothing once vertices are added or removed.
#include <cstdint>
#include <vector>

#include "core/geometry.h"

namespace mobmap {

struct VertexPositions {
  // Per vertex of GeometryStore::points(): the number of its position, 0 .. positionCount() - 1. Two vertices
  // share a position when their x and their y are the same numbers (-0 and +0 alike); a non-finite
  // coordinate is compared by its bits.
  std::vector<std::uint32_t> positionOf;
  // Per position: the lowest-numbered vertex there.
  std::vector<std::uint32_t> firstVertex;
  // Per position: 1 when its vertices differ in the sign of a zero coordinate (-0 against +0), else 0. Work
  // whose result could differ with that sign (a transformation's output) is done for each such vertex.
  std::vector<std::uint8_t> signedZeros;

  std::size_t positionCount() const { return firstVertex.size(); }
  // Whether vertex v stands for the others at its position: it is the first there, or they differ in the
  // sign of a zero. A result computed at every standing vertex covers every vertex.
  bool standsForPosition(std::size_t v) const {
    const std::uint32_t p = positionOf[v];
    return firstVertex[p] == v || signedZeros[p] != 0;
  }
  // Whether this numbering was made for a store of `pointCount` vertices.
  bool fits(std::size_t pointCount) const { return positionOf.size() == pointCount; }
};

// The positions of every vertex of `geometry`, found with up to `threads` threads (0: maxThreads(); small
// stores use one). The result, numbers included, does not depend on the number of threads.
// Throws mobmap::Error for a store of 2^32 vertices or more.
VertexPositions vertexPositions(const GeometryStore& geometry, unsigned threads = 0);

}  // namespace mobmap
