#pragma once
// A Getis–Ord hot-spot map: Gi or Gi* of one field (analysis/getis_ord.h, binary weights) drawn as hot and
// cold spots at 99, 95 and 90% confidence (colours in styles/views.toml [hotspots]), not significant, no data and
// no neighbours, with counts. Backend-neutral: the result is a ThematicMap that composeFigure lays out.
#include <string>
#include <vector>

#include "analysis/getis_ord.h"
#include "core/layer.h"
#include "render/lisa_map.h"
#include "render/thematic_map.h"

namespace mobmap::render {

struct HotSpotMapRequest {
  LisaMapRequest base;   // field, weights (binary), snap, style, legend title, cancel; permutations unused
  bool star = true;      // Gi* (the area itself counts) or Gi
};

struct HotSpotMap {
  ThematicMap map;
  analysis::LocalG result;           // over `rows`
  std::vector<std::size_t> rows;     // layer rows analysed, in order
};

// Computes Gi / Gi* of the field over `layer` (projected display CRS, as `mobmap hotspots` reads it) and the map.
// Throws as buildLisaMap.
HotSpotMap buildHotSpotMap(const Layer& layer, const HotSpotMapRequest& request, const std::string& sourceName);

}  // namespace mobmap::render
