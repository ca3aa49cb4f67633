#pragma once
// The kind of map the viewer draws for the current layer: a choropleth of the field, or one of the
// disparity and cluster views of `mobmap render` (LISA clusters, gap, ratio, bivariate). Every kind yields a
// ThematicMap, so the canvas recolours the same geometry and the legend panel draws the same legend model.
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "render/moran_scatter.h"
#include "render/thematic_map.h"
#include "session/view_loader.h"

namespace mobmap::ui {

enum class MapType { Choropleth, Lisa, Gap, Ratio, Bivariate };

inline constexpr MapType kMapTypes[] = {MapType::Choropleth, MapType::Lisa, MapType::Gap, MapType::Ratio, MapType::Bivariate};

// "Choropleth", "LISA clusters", "Gap (A − B)", "Ratio (A / B)", "Bivariate".
std::string_view mapTypeLabel(MapType type);

// Parses "choropleth", "lisa", "gap", "ratio" or "bivariate" (case-insensitive); nullopt otherwise.
std::optional<MapType> parseMapType(std::string_view name);

// True for the kinds that compare the field with a second field (gap, ratio, bivariate).
bool needsSecondField(MapType type);

// The map of `type` for the view's mapped field (and `secondField` as B or Y where needed), with the style
// options of the view's spec; LISA uses queen contiguity and `mobmap render --lisa`'s defaults (999
// permutations, seed 1, alpha 0.05). Throws mobmap::Error or mobmap::UsageError as the view builders do, and
// mobmap::UsageError when a second field is needed and missing.
render::ThematicMap buildMapOfType(const session::LoadedView& view, MapType type, const std::string& secondField);
// The same for `layer` (the view's, in the display CRS) drawn with `spec`: safe on a worker thread while the
// UI edits the view's own spec, since the caller passes a copy. `queen`, when given, is the layer's queen
// contiguity (a LISA map then skips building it). `cancel`, when given, stops a LISA map early with
// mobmap::Cancelled once it is true.
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
