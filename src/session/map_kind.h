#pragma once
// The map kinds and the one dispatcher that builds any of them from a view spec. `mobmap render`, the viewer
// (its map types and its Export panel) and the findings atlas all build their maps here, so a map kind means
// the same map everywhere. The kind-specific builders stay in render/ (lisa_map.h, comparison_map.h, ...);
// this file only chooses one, feeds it the spec's options and composes its figure.
//
// Usage:
//   ViewSpec spec = ...;                      // spec.map.kind = MapKind::Lisa; spec.map.fields = {"pov_rate"};
//   LoadedMap m = loadMap(spec, FieldSelection::All);        // reads what the kind needs, then builds it
//   writeMapFigure(m.built, m.data, defaultFigureOptions(spec, m.data), "out.png", 200);
// or, with data already loaded (the viewer): BuiltMap b = buildMap(spec, data.layer);
//
// Adding a map kind: a builder in render/, an entry in MapKind and in the table of kinds in map_kind.cpp
// (name, command-line option, label, field count) and its case in buildMap / composeMapFigure. The command
// line, the viewer's map-type list, project views (`map = "..."`) and the atlas pick it up from there.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/spatial_weights.h"
#include "render/dot_density.h"
#include "render/figure_layout.h"
#include "render/moran_scatter.h"
#include "render/thematic_map.h"
#include "session/view_data.h"
#include "session/view_spec.h"

namespace mobmap::session {

// Facts about one map kind, for the command line, the viewer and project files.
struct MapKindInfo {
  MapKind kind;
  std::string_view name;    // "lisa": the JSON "view" value and a project view's `map` key
  std::string_view option;  // "--lisa": the `mobmap render` option that asks for it (empty for the choropleth)
  std::string_view label;   // "LISA clusters": the viewer's map-type list
  std::string_view help;    // the option's help text
  std::string_view progress;  // "Computing LISA clusters": what a viewer status line says while it is built
  int minFields = 1, maxFields = 1;  // how many fields the option takes (maxFields -1 = any number)
  bool viewer = false;      // the viewer draws it as a map type over the view's layer (a second field at most)
  bool contiguity = false;  // it needs the layer's contiguity weights
};

// Every map kind, the choropleth first, in the order the command line and the viewer list them.
const std::vector<MapKindInfo>& mapKinds();
// The facts about `kind`.
const MapKindInfo& mapKindInfo(MapKind kind);
// The kind named `name` ("lisa", "gap", ..., case-insensitive); nullopt otherwise.
std::optional<MapKind> parseMapKind(std::string_view name);

// Where the viewer's cached work comes in: the layer's queen contiguity (a LISA map or scatter then skips
// building it) and a flag that stops a long build early with mobmap::Cancelled once it is true.
struct MapBuildInputs {
  std::shared_ptr<const analysis::SpatialWeights> contiguity;
  const std::atomic<bool>* cancel = nullptr;
};

// A built map of any kind: the thematic map that the canvas recolours and composeFigure lays out, plus what
// some kinds have beyond it (the panels of small multiples, the dots, the scatter plot).
struct BuiltMap {
  MapKind kind = MapKind::Choropleth;
  render::ThematicMap map;                    // every kind but the Moran scatter; the shared classes of small multiples
  std::vector<render::PanelMap> panels;       // small multiples
  std::optional<render::DotDensityMap> dots;  // dot density (its .map is `map` too)
  std::optional<render::MoranScatter> scatter;
  std::string defaultTitle;                   // the figure title when the spec has none ("" = the metric label)
  // The rows drawn as a figure names them, when the kind draws other rows than the spec's filter picks (a
  // change map: the subgroup only, its years are in the title); nullopt = the spec's (FigureOptions::scope).
  std::optional<std::string> scope;
  std::vector<std::string> notes;             // what a reader should know ("12 areas have no neighbours: ...")
  std::vector<std::string> warnings;          // what may make the map misleading (overlapping ACS periods)
  // The numbers `mobmap render --json` reports for this kind ("view", counts, breaks, ...).
  std::shared_ptr<const nlohmann::json> summary;
};

// Builds the map `spec.map` asks for over `layer` (the mapped layer of the data loaded for `spec`, in its display
// CRS, e.g. by loadMap). Kinds that compare rows
// of a long table (change, small multiples by a column) read the rows they need themselves. Throws
// mobmap::UsageError for options that do not fit the kind (missing or extra fields, bad LISA options) and
// mobmap::Error naming the file and field as the render/ builders do; mobmap::Cancelled when
// `inputs.cancel` is set.
BuiltMap buildMap(const ViewSpec& spec, const Layer& layer, const MapBuildInputs& inputs = {});

// The data `spec` needs, loaded for its kind, and its map.
struct LoadedMap {
  ViewData data;
  BuiltMap built;
};

// Loads the data of `spec` for its map kind (the rows of one year or one value where the kind compares several)
// and builds the map. `raster` as for loadViewData (choropleths only; ignored for other kinds, which analyse the
// full geometry). Throws as loadViewData and buildMap.
LoadedMap loadMap(const ViewSpec& spec, FieldSelection fields, const RasterTarget* raster = nullptr,
                  const MapBuildInputs& inputs = {});

// Lays out the figure of `built` over `data` with `options` (a title from the kind when options.title is empty).
// The figure points into `data` and `built`: keep both alive until it is drawn. `facts`, when given, receives
// what only the composed figure shows (the Moran scatter's slope as drawn: "line_slope").
render::Figure composeMapFigure(const BuiltMap& built, const ViewData& data, const render::FigureOptions& options,
                                const render::TextMetrics& metrics, nlohmann::json* facts = nullptr);

// Composes the figure and writes it (PNG, SVG or PDF by extension; PNG rasterised at `dpi`). Throws
// mobmap::UsageError for an unknown extension, mobmap::Error when the file cannot be written.
void writeMapFigure(const BuiltMap& built, const ViewData& data, const render::FigureOptions& options, const std::string& out,
                    double dpi);

}  // namespace mobmap::session
