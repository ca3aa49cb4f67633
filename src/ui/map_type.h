#pragma once
// The kind of map the viewer draws for the current layer: the map kinds of session/map_kind.h that draw one
// map over the view's layer with at most a second field (choropleth, LISA clusters, gap, ratio, bivariate).
// Every kind yields a ThematicMap, so the canvas recolours the same geometry and the legend panel draws the
// same legend model. The maps are built by session::buildMap, as `mobmap render` and the atlas build theirs.
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "render/moran_scatter.h"
#include "render/thematic_map.h"
#include "session/map_kind.h"
#include "session/view_loader.h"

namespace mobmap::ui {

using MapType = session::MapKind;

// The kinds the viewer offers, in menu order (session::MapKindInfo::viewer).
const std::vector<MapType>& viewerMapTypes();

// "Choropleth", "LISA clusters", "Gap (A − B)", "Ratio (A / B)", "Bivariate".
std::string_view mapTypeLabel(MapType type);

// Parses a viewer kind's name ("choropleth", "lisa", "gap", "ratio", "bivariate"; case-insensitive); nullopt
// otherwise.
std::optional<MapType> parseMapType(std::string_view name);

// True for the kinds that compare the field with a second field (gap, ratio, bivariate).
bool needsSecondField(MapType type);

// The view's spec drawn as `type` of its mapped field (and `secondField` as B or Y where needed): the spec
// session::buildMap takes. The view's own kind keeps every option the view gives it; another kind starts from
// its defaults with the view's significance test (level, FDR), and its style options were chosen for the view's
// choropleth (MapKindSpec::choroplethStyle).
session::ViewSpec mapTypeSpec(const session::ViewSpec& spec, MapType type, const std::string& secondField);

// The map of `type` for the view's mapped field, with the style options of the view's spec; LISA uses
// `mobmap render --lisa`'s defaults (queen contiguity, 999 permutations, seed 1, alpha 0.05). Throws
// mobmap::Error or mobmap::UsageError as session::buildMap does, and mobmap::UsageError when a second field is
// needed and missing.
render::ThematicMap buildMapOfType(const session::LoadedView& view, MapType type, const std::string& secondField);
// The same for `layer` (the view's, in the display CRS) drawn with `spec`, as session::buildMap builds it (with
// the kind's default figure title): safe on a worker thread while the UI edits the view's own spec, since the
// caller passes a copy. `queen`, when given, is the layer's queen contiguity (a LISA map then skips building
// it). `cancel`, when given, stops a LISA map early with mobmap::Cancelled once it is true.
session::BuiltMap buildViewMap(const session::ViewSpec& spec, const Layer& layer, MapType type, const std::string& secondField,
                               std::shared_ptr<const analysis::SpatialWeights> queen = nullptr,
                               const std::atomic<bool>* cancel = nullptr);
// buildViewMap's thematic map.
render::ThematicMap buildMapOfType(const session::ViewSpec& spec, const Layer& layer, MapType type, const std::string& secondField,
                                   std::shared_ptr<const analysis::SpatialWeights> queen = nullptr,
                                   const std::atomic<bool>* cancel = nullptr);

// The Moran scatter plot of the spec's mapped field over `layer`, with `mobmap render --moran-scatter`'s
// defaults (queen contiguity, 999 permutations, seed 1); `queen` and `cancel` as for buildMapOfType. Throws
// mobmap::Error as render::buildMoranScatter does.
render::MoranScatter buildMoranScatterOf(const session::ViewSpec& spec, const Layer& layer,
                                         std::shared_ptr<const analysis::SpatialWeights> queen = nullptr,
                                         const std::atomic<bool>* cancel = nullptr);

}  // namespace mobmap::ui
