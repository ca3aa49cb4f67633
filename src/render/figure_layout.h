#pragma once
// Composing a thematic map into a figure: map frame fitted to the layer, title, subtitle, legend, scale bar,
// north arrow and source line. The same Figure is drawn by the Cairo back end (PNG/SVG/PDF) and the viewer.
#include <optional>
#include <string>
#include <vector>

#include "core/layer.h"
#include "render/figure.h"
#include "render/text_metrics.h"
#include "render/thematic_map.h"

namespace mobmap::render {

struct FigureOptions {
  double widthPt = 720, heightPt = 450;  // page size
  std::string title;                     // default: the metric label
  std::string subtitle;
  std::string source;                    // data source and year, e.g. "Urban Institute Mobility Metrics, 2023"
  std::string areaNoun = "areas";        // "tracts", "counties": used in "3 tracts with no data"
  std::optional<Extent> extent;          // display-CRS extent to show; default: the layer's
  bool miles = true;                     // scale bar in miles (else kilometres)
  std::string displayCrs;                // the layer's display CRS (for scale bar and north arrow)
};

struct ContextLayer {
  const Layer* layer = nullptr;  // in the same display CRS, drawn as outlines over the map
};

// Lays out the figure. `layer` (and context layers) must already be in `options.displayCrs`; their geometry
// must outlive the returned Figure.
Figure composeFigure(const Layer& layer, const ThematicMap& map, const std::vector<ContextLayer>& context,
                     const FigureOptions& options, const TextMetrics& metrics);

}  // namespace mobmap::render
