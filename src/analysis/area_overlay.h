#pragma once
// Overlaying two polygon layers: the area each source polygon shares with each target polygon, the basis of
// area-weighted aggregation. Both stores must be in the same projected CRS (areas in its unit squared; use an
// equal-area CRS when the layers are large — only shares of each source's area are used downstream).
//
// Usage:
//   analysis::AreaOverlay ov = analysis::overlayAreas(tracts.geometry, areas.geometry);
//   for (const analysis::OverlayPiece& p : ov.pieces) share = p.area / ov.sourceArea[p.source];
#include <cstddef>
#include <vector>

#include "core/geometry.h"

namespace mobmap::analysis {

// The part of source polygon `source` that lies in target polygon `target`.
struct OverlayPiece {
  std::size_t source = 0;
  std::size_t target = 0;
  double area = 0;
};

struct OverlayOptions {
  // Pieces smaller than this share of their source's area are dropped as slivers (boundary noise between
  // layers digitised separately); their area counts as outside every target.
  double sliverShare = 1e-6;
};

struct AreaOverlay {
  std::vector<double> sourceArea;     // area of each source feature after repair (0 without polygons)
  std::vector<double> targetArea;
  std::vector<OverlayPiece> pieces;   // ordered by source, then target
  std::size_t sourcesRepaired = 0;    // features whose rings were invalid and were made valid first
  std::size_t targetsRepaired = 0;
  std::size_t sliversDropped = 0;
  double sliverShare = 0;             // the tolerance used
};

// Intersects every source polygon with the target polygons it overlaps. Invalid rings are made valid first
// (and counted); pieces below the sliver tolerance are dropped (and counted). Throws mobmap::Error when GEOS
// cannot intersect a pair, naming the two features (1-based).
AreaOverlay overlayAreas(const GeometryStore& sources, const GeometryStore& targets, const OverlayOptions& options = {});

// The polygon area of every feature (after repair); `repaired`, when given, receives how many were repaired.
std::vector<double> featureAreas(const GeometryStore& store, std::size_t* repaired = nullptr);

}  // namespace mobmap::analysis
