#pragma once
// A LISA cluster map: local Moran's I of one field over contiguity weights built from the layer's geometry,
// drawn as categories (high-high, low-low, high-low, low-high, not significant, no data, islands) with the
// colours of styles/views.toml and a legend with counts. Backend-neutral: the result is a ThematicMap that
// composeFigure lays out like any other map.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analysis/distance_weights.h"
#include "analysis/lisa.h"
#include "analysis/multiple_testing.h"
#include "analysis/spatial_weights.h"
#include "core/layer.h"
#include "render/thematic_map.h"

namespace mobmap::render {

struct LisaMapRequest {
  std::string field;
  analysis::WeightsSpec weights;         // queen, rook, knn:K or distance:D (binary: local Moran's I)
  analysis::PCorrection correction = analysis::PCorrection::None;  // for multiple comparisons across the areas
  double snap = analysis::kPoly2nbSnap;  // in the geometry's units
  int permutations = analysis::kDefaultPermutations;
  std::uint64_t seed = analysis::kDefaultSeed;
  double alpha = analysis::kDefaultAlpha;
  std::string style = "choropleth";      // for outlines, fonts and the no-data fill
  std::string legendTitle;               // default "Clusters of <label>"
  // buildWeights(layer.geometry, weights, snap) when the caller already has them (they depend on the
  // geometry only, not the field), else null and they are built here.
  std::shared_ptr<const analysis::SpatialWeights> contiguity;
  // When given, building the weights and the permutations stop with mobmap::Cancelled once it is true (a
  // viewer job that was superseded); the caller keeps it alive until the build returns.
  const std::atomic<bool>* cancel = nullptr;
};

struct LisaMap {
  ThematicMap map;                       // fills: HH, LL, HL, LH, not significant, no data, island
  analysis::LocalMoran result;           // over `rows`
  std::vector<std::size_t> rows;         // layer rows analysed (value present), in order
  std::size_t islands = 0;               // analysed areas without neighbours (not tested)
};

// Fill indexes of a LisaMap's ThematicMap.
enum LisaFill : int { kLisaHighHigh = 0, kLisaLowLow, kLisaHighLow, kLisaLowHigh, kLisaNotSignificant, kLisaNoData, kLisaIsland };

// Computes local Moran's I of `request.field` over `layer` (whose geometry is in the projected display CRS, so
// the weights match `mobmap lisa`) and the cluster map. Areas with the field missing are no data and drop out
// of the weights, as in `mobmap lisa`. Throws mobmap::Error naming `sourceName` for an unknown or text field,
// no values, or a constant field; mobmap::UsageError for bad alpha or permutations; mobmap::Cancelled when
// request.cancel is set.
LisaMap buildLisaMap(const Layer& layer, const LisaMapRequest& request, const std::string& sourceName);

}  // namespace mobmap::render
