#pragma once
// Finding areas by GEOID or name for the Find box: ranked matches of a typed text against a layer's name
// and key columns. No ImGui here.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_table.h"
#include "core/layer.h"

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

// The names of the places of `layers` (polygon layers with a name column, core::areaNameColumn: neighbourhoods,
// community areas) whose polygons contain `p` (in the layers' CRS), in layer order ("Northgate"); layers without
// a name column are skipped.
std::vector<std::string> placesContaining(const std::vector<const Layer*>& layers, Point p);

}  // namespace mobmap::ui
