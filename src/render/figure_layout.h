#pragma once
// Composing a thematic map into a figure: map frame fitted to the layer, title, subtitle, legend, scale bar,
// north arrow and source line. The same Figure is drawn by the Cairo back end (PNG/SVG/PDF) and the viewer.
#include <optional>
#include <string>
#include <vector>

#include "core/layer.h"
#include "render/figure.h"
#include "render/note_callouts.h"
#include "render/text_metrics.h"
#include "render/thematic_map.h"
#include "style/color.h"

namespace mobmap::render {

struct FigureOptions {
  double widthPt = 720, heightPt = 450;  // page size
  std::string title;                     // default: the metric label
  std::string subtitle;
  std::string source;                    // data source and year, e.g. "Urban Institute Mobility Metrics, 2023"
  std::string scope;                     // the subgroup and year of the rows drawn ("Black, 2023"), "" when the
                                         // data hold one set of rows: named under the legend heading and in
                                         // the source line
  std::string areaNoun = "areas";        // "tracts", "counties": used in "3 tracts with no data"
  std::optional<Extent> extent;          // display-CRS extent to show; default: the layer's
  bool miles = true;                     // scale bar in miles (else kilometres)
  std::string displayCrs;                // the layer's display CRS (for scale bar and north arrow)
  std::vector<NoteCallout> callouts;     // numbered notes on the map, listed under the legend (only public
                                         // notes belong here; see session/note_callouts.h)
};

struct ContextLayer {
  const Layer* layer = nullptr;          // in the same display CRS, drawn as outlines over the map
  std::optional<style::Rgb> color;       // its lines' colour; unset = the map style's context outline
  double lineWidthPt = -1;               // < 0 = the map style's
};

// One map of a small-multiples figure: its title and, per feature, a fill from the shared map's fills and
// whether it is hatched as weak.
struct PanelMap {
  std::string title;
  std::vector<int> fillIndex;    // per feature, into the shared ThematicMap's fills
  std::vector<bool> lowQuality;  // per feature: hatched
  std::size_t missing = 0, lowQualityCount = 0, suppressed = 0;
};

// Lays out the figure. `layer` (and context layers) must already be in `options.displayCrs`; their geometry
// must outlive the returned Figure.
Figure composeFigure(const Layer& layer, const ThematicMap& map, const std::vector<ContextLayer>& context,
                     const FigureOptions& options, const TextMetrics& metrics);

// Lays out several maps of `layer` side by side on the classes, colours and legend of `shared` (one legend
// for all), each with its title and its own no-data / weak counts, in the grid of columns and rows that
// shows them largest. Throws mobmap::Error when `panels` is empty or the page is too small for them.
Figure composeSmallMultiples(const Layer& layer, const ThematicMap& shared, const std::vector<PanelMap>& panels,
                             const std::vector<ContextLayer>& context, const FigureOptions& options,
                             const TextMetrics& metrics);

}  // namespace mobmap::render
