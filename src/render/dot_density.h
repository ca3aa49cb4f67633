#pragma once
// A dot-density map: one dot per N people of each group, placed uniformly at random inside its area (never
// in a hole), with a fixed seed so the same map comes out each time. Each group's dots are rounded by largest
// remainder over the areas, so the group keeps round(total / N) dots and small groups spread thinly over many
// areas are not dropped. The dots of all groups are shuffled together before drawing so no group is drawn
// under the others. Backend-neutral: the dots travel in the Figure as a DotLayerDraw.
#include <cstdint>
#include <string>
#include <vector>

#include "core/layer.h"
#include "render/figure_layout.h"
#include "render/group_counts.h"
#include "render/thematic_map.h"

namespace mobmap::render {

struct DotDensityRequest {
  GroupFields groups;
  double perDot = 100;                 // people per dot
  std::uint64_t seed = 1;
  std::string ramp;                    // a qualitative ColorBrewer ramp; empty = a colour-blind-safe default
  std::string style = "choropleth";    // fonts, no-data fill
  std::string legendTitle;             // default "People by group"
};

struct DotDensityMap {
  ThematicMap map;                     // fills: areas (light), no data; legend: one dot entry per group
  DotLayerDraw dots;                   // display CRS, shuffled; colorIndex = group
  std::vector<std::size_t> dotArea;    // per dot: its area (feature)
  std::vector<double> groupPeople;     // per group: people over the areas with the group's value
  std::vector<std::size_t> groupDots;  // per group: dots drawn
  std::vector<std::vector<std::size_t>> areaDots;  // [group][area]: dots allotted
  std::size_t unplaced = 0;            // dots allotted to areas with no polygon surface (not drawn)
};

// Splits round(Σ counts / perDot) dots over the areas by largest remainder: each area gets the whole part of
// count / perDot, and the dots left go to the largest fractional parts (ties: the lower index). Throws
// mobmap::UsageError when perDot is not positive.
std::vector<std::size_t> allocateDots(const std::vector<double>& counts, double perDot);

// Builds the map over `layer` (geometry in the display CRS). An area missing a group's value gets no dots of
// that group and the no-data fill. Throws like readGroupCounts; mobmap::UsageError for a bad ramp or perDot,
// or more groups than the ramp has colours.
DotDensityMap buildDotDensityMap(const Layer& layer, const DotDensityRequest& request, const std::string& sourceName);

// Lays the map out like composeFigure and adds the dots over the areas (under context outlines). The dot
// radius grows with the page like the type.
Figure composeDotDensity(const Layer& layer, const DotDensityMap& map, const std::vector<ContextLayer>& context,
                         const FigureOptions& options, const TextMetrics& metrics);

}  // namespace mobmap::render
