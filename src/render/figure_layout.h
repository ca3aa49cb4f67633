#pragma once
// Composing a thematic map into a figure: map frame fitted to the layer, title, subtitle, legend, scale bar,
// north arrow and source line. The same Figure is drawn by the Cairo back end (PNG/SVG/PDF) and the viewer.
#include <optional>
#include <string>
#include <vector>

#include "core/layer.h"
#include "render/figure.h"
#include "render/map_labels.h"
#include "render/note_callouts.h"
#include "render/text_metrics.h"
#include "render/thematic_map.h"
#include "style/color.h"

namespace mobmap::render {

// A part of the map drawn at its own scale in a box of the map (Alaska in a national map): framed and labelled.
struct MapInset {
  Extent box;            // display-CRS box it occupies
  std::string label;     // on the map, under the frame: "AK (0.35x)"
  std::string key;       // in the source line: "AK Alaska"
};

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
  double minMarginPt = 0;                // page margins at least this wide (atlas pages: 0.4 in)
  double mapScale = 0;                   // page points per display-CRS unit, at most; 0 = fit the frame.
                                         // Pages given one scale (see sharedMapScale) draw the same ground at
                                         // the same size.
  std::vector<MapInset> insets;          // framed parts of the map at their own scales (national US maps)
  MapLabels labels;                      // orientation labels over a single map (none when labels.layer is null)
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

// A map scale (page points per display-CRS unit) at which `extent` fits any single-map figure of the page size,
// margins and style of `options`, whatever its title (up to two lines and a subtitle), source (up to three
// lines) and legend (up to a third of the page wide): give it as FigureOptions::mapScale to pages that must
// share one scale.
double sharedMapScale(const Extent& extent, const FigureOptions& options, const style::MapStyle& style);

// Features of `layer` with geometry that lie wholly outside `extent` (none without an extent): not drawn.
std::size_t areasOutside(const Layer& layer, const std::optional<Extent>& extent);

// Features of `layer` that have geometry.
std::size_t areasWithGeometry(const Layer& layer);

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
