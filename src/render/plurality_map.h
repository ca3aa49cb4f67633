#pragma once
// Composition as a categorical map: the group with the most people in each area (plurality), in the group's
// full colour where it is a majority (more than half of the area's total) and in a lighter tint where it is
// only the largest. Areas where two or more groups tie for the most are hatched and counted; areas missing a
// group's value, or with no people, have no data. Backend-neutral: compose with composeFigure.
#include <string>
#include <vector>

#include "core/attribute_table.h"
#include "render/group_counts.h"
#include "render/thematic_map.h"

namespace mobmap::render {

struct PluralityRequest {
  GroupFields groups;
  std::string ramp;                    // a qualitative ColorBrewer ramp; empty = a colour-blind-safe default
  std::string style = "choropleth";
  std::string legendTitle;             // default "Largest group"
};

struct PluralityMap {
  ThematicMap map;                     // fills: per group majority then plurality (2g, 2g + 1), tie, no data
  std::vector<int> winner;             // per area: the largest group, -1 for a tie or no data
  std::vector<std::size_t> majority;   // per group: areas where it is more than half of the total
  std::vector<std::size_t> plurality;  // per group: areas where it is the largest but not a majority
  std::size_t ties = 0, noPeople = 0;
};

// Fill indexes after the groups' pairs.
inline int pluralityTieFill(std::size_t groups) { return static_cast<int>(2 * groups); }
inline int pluralityNoDataFill(std::size_t groups) { return static_cast<int>(2 * groups + 1); }

// Builds the map. The total of an area is the groups' total field when given, else the sum of the groups.
// Throws like readGroupCounts and groupColors.
PluralityMap buildPluralityMap(const AttributeTable& table, const PluralityRequest& request, const std::string& sourceName);

}  // namespace mobmap::render
