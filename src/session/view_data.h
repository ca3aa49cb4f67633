#pragma once
// The data of a view, loaded and moved into its display CRS: the mapped layer (joined when the spec names a
// table), its context layers, and what the join reported.
#include <optional>
#include <string>
#include <vector>

#include "core/layer.h"
#include "core/table_join.h"
#include "core/vertex_positions.h"
#include "crs/display_crs.h"
#include "render/figure_layout.h"
#include "session/raster_target.h"
#include "session/view_spec.h"

namespace mobmap::session {

// A layer drawn as lines over the map, in the display CRS, with its line style (see ContextSource).
struct OverlayLayer {
  Layer layer;
  std::optional<style::Rgb> color;
  double lineWidthPt = -1;
};

struct ViewData {
  Layer layer;                        // in displayCrs
  std::string displayCrs;
  std::string displayCrsName;         // its short name for people (crs::shortCrsName); "" without a CRS
  std::vector<crs::Inset> insets;     // national US data: Alaska, Hawaii, ... drawn in insets (see
                                      // crs::reprojectWithUsInsets); empty otherwise
  std::vector<OverlayLayer> contextLayers;
  std::optional<Layer> labelLayer;    // the spec's orientation labels (ViewSpec::labels), in displayCrs
  std::vector<std::string> notes;     // join report lines ("join: matched 306 of 306 features", ...)
  std::optional<JoinReport> joinReport;  // the join's report when the spec joins a table
};

// Which attribute columns to read.
enum class FieldSelection {
  MappedOnly,  // the field, its quality / MOE columns and an ID column: enough for one figure (fast)
  All          // every column, for browsing fields and inspecting features
};

// Reads the spec's data (and join), chooses the display CRS (the spec's, else one fitted to the data), reprojects,
// and reads the context layers. National US lon/lat data with no CRS or extent asked for is drawn as the
// composite map (contiguous US in EPSG:5070, insets for Alaska, Hawaii, Puerto Rico, ...), context layers too.
// With `raster` (a PNG of known size is all the data is read for), the mapped layer of an unjoined spec is
// generalised to that resolution while it is read (see session/detail/figure_export_raster.h).
// Throws mobmap::Error naming the file and problem; mobmap::UsageError for a join without `on`.
// `readSeconds` / `reprojectSeconds`, when given, receive the time spent reading (and joining) the main layer
// and reprojecting it. `positions`, when given, receives which of the mapped layer's vertices share a position
// (found before the reprojection, which then transforms each position once; see core/vertex_positions.h).
ViewData loadViewData(const ViewSpec& spec, FieldSelection fields, const RasterTarget* raster = nullptr,
                      double* readSeconds = nullptr, double* reprojectSeconds = nullptr,
                      VertexPositions* positions = nullptr);

// The overlay layers of `data` as a figure draws them (pointers into `data`).
std::vector<render::ContextLayer> figureContext(const ViewData& data);

// "tracts" / "counties" / "places" from the width of the layer's GEOID-like key, else "areas".
std::string areaNounFor(const Layer& layer);

}  // namespace mobmap::session
