#pragma once
// Finding areas by GEOID or name for the Find box: ranked matches of a typed text against a layer's name
// and key columns. No ImGui here.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/attribute_table.h"
#include "core/layer.h"
#include "render/feature_picker.h"

namespace mobmap::ui {

struct FindMatch {
  std::size_t feature = 0;
  std::string label;  // "Northgate", "Census Tract 1 (99001000100)"
  int rank = 0;       // 0: a name or key equals the query; 1: starts with it; 2: contains it
};

// The features whose name or key column (see nameColumnIndex / keyColumnIndex) matches `query`
// (case-insensitive, surrounding spaces ignored), best rank first and in feature order within a rank, at
// most `limit`. An empty query, or a table with neither column, finds nothing.
std::vector<FindMatch> findFeatures(const AttributeTable& table, std::string_view query, std::size_t limit);

// Point lookups in named polygon layers, kept between calls: one render::FeaturePicker (a grid of feature boxes)
// per layer, rebuilt only when the layers change, so a hover over thousands of areas costs a grid cell's worth.
class PlaceFinder {
 public:
  // The names of the places of `layers` (polygon layers with a name column, core::areaNameColumn:
  // neighbourhoods, community areas) containing `p` (in the layers' CRS), one per layer (the topmost), in layer
  // order ("Northgate"); layers without a name column are skipped. The pickers are rebuilt when the layers
  // passed, their coordinate buffers or feature counts differ from the last call's (overlays added, removed,
  // reordered, or another view).
  std::vector<std::string> placesContaining(const std::vector<const Layer*>& layers, Point p);

 private:
  std::vector<const Layer*> m_layers;   // the layers the pickers index
  // And their coordinates and feature counts: a layer replaced at the same address has other coordinates.
  std::vector<std::pair<const Point*, std::size_t>> m_buffers;
  std::vector<std::unique_ptr<render::FeaturePicker>> m_pickers;
};

}  // namespace mobmap::ui
