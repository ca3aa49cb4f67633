#pragma once
// What one thematic map shows: the data (a source, optionally joined to a table), the field and its style
// options, and the figure's texts. Filled from command-line options or from a view saved in a project; the
// same spec drives `mobmap render` and the viewer, so both show the same map.
#include <optional>
#include <string>
#include <vector>

#include "core/extent.h"
#include "render/thematic_map.h"
#include "style/color.h"

namespace mobmap::session {

// A layer drawn as lines over the map, and how its project layer asks for them to be drawn.
struct ContextSource {
  std::string source;               // FILE or FILE:LAYER
  std::optional<style::Rgb> color;  // unset = the map style's context outline colour
  double lineWidthPt = -1;          // < 0 = the map style's
};

struct ViewSpec {
  std::string data, layer;                    // vector source and its layer (empty = the only/first)
  std::string join, joinLayer, on, where;     // optional table joined to the source
  std::string field, method, ramp, reference, style = "choropleth";
  int classes = 0;                            // 0 = the style's
  std::vector<double> breaks;                 // for method "manual"
  std::string title, subtitle, source, legendTitle;
  std::vector<ContextSource> context;         // layers drawn as lines over the map
  std::string quality, moe, outlineColor;
  double outlineWidth = -1;                   // < 0 = the style's
  bool suppressLowQuality = false;
  std::string per;                            // denominator field: map 100 × field / per (see mappedField)
  std::optional<Extent> extentLonLat;         // lon/lat box shown; default: the data's extent
  std::string notesStore;                     // a project view's notes store (the project's [notes])
  std::vector<std::string> calloutNotes;      // titles of the notes its figures call out (a project view's notes)
};

// The column the map classifies: `field`, or for a spec with `per` the percentage column that
// loadViewData derives ("<field>_pct_<per>", with an ACS margin of error "<...>_moe" when both have one).
std::string mappedField(const ViewSpec& spec);

// Fills `spec` from the view `viewName` of the project file `spec.data`: the view's layer becomes the data,
// the layer's join the join, its overlay layers context entries; the view's year and subgroup are added to
// the join's row filter. Values already set in `spec` win.
// Throws mobmap::Error naming the project file for an unknown view or context layer.
void applyProjectView(ViewSpec& spec, const std::string& viewName);

// Points `spec` at other rows of its long table (another year or subgroup, `newWhere`): a title or subtitle
// that names the old rows' subgroup or year is dropped, so the map and every export from it are titled by
// their defaults (the metric, then the new subgroup and year) instead of naming rows no longer drawn.
void retargetRows(ViewSpec& spec, const std::string& newWhere);

// The names of the views saved in a project file, in file order.
std::vector<std::string> projectViewNames(const std::string& projectFile);

// The thematic-map request the spec describes. Throws mobmap::UsageError for a malformed outline colour.
render::ThematicRequest thematicRequest(const ViewSpec& spec);

}  // namespace mobmap::session
