#pragma once
// What one thematic map shows: the data (a source, optionally joined to a table), the field and its style
// options, and the figure's texts. Filled from command-line options or from a view saved in a project; the
// same spec drives `mobmap render` and the viewer, so both show the same map.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/lisa.h"
#include "analysis/spatial_weights.h"
#include "core/extent.h"
#include "render/change_map.h"
#include "render/group_counts.h"
#include "render/thematic_map.h"
#include "style/color.h"

namespace mobmap::session {

// A layer drawn as lines over the map, and how its project layer asks for them to be drawn.
struct ContextSource {
  std::string source;               // FILE or FILE:LAYER
  std::optional<style::Rgb> color;  // unset = the map style's context outline colour
  double lineWidthPt = -1;          // < 0 = the map style's
  std::string assignCrs;            // its CRS in place of the declared one (a project layer's `crs`); empty = its own
};

// The kinds of map a view can be drawn as (see session/map_kind.h for what each is and how it is built).
enum class MapKind { Choropleth, Lisa, Gap, Ratio, Change, SmallMultiples, Bivariate, DotDensity, Plurality, MoranScatter, HotSpots };

// Which map of the view's data to draw, and the options only some kinds use. The defaults are those of
// `mobmap render` (and of R spdep for LISA: queen contiguity, 999 permutations).
struct MapKindSpec {
  MapKind kind = MapKind::Choropleth;
  // The kind's fields: one for LISA, change and the Moran scatter (empty = the view's mapped field), A,B for
  // gap and ratio, X,Y for bivariate, one per map or group for small multiples, dot density and plurality.
  std::vector<std::string> fields;
  // LISA clusters and the Moran scatter plot.
  std::string weights = "queen";
  double snap = analysis::kPoly2nbSnap;
  int permutations = analysis::kDefaultPermutations;
  std::uint64_t seed = analysis::kDefaultSeed;                     // also the dot places of a dot-density map
  double alpha = analysis::kDefaultAlpha;
  std::string correction = "none";            // LISA: none, bonferroni or fdr across the areas
  bool giStar = true;                         // hot spots: Gi* (the area itself counts) or Gi
  // Significance of a gap or ratio, or of the choropleth's field against a numeric `reference` (0 = no test):
  // the confidence level, Benjamini-Hochberg across the areas, the sides' margins of error ("A=A_MOE,B=B_MOE",
  // or one field for a reference test) and 95% bounds ("A=LB:UB"), and the reference's own margin of error.
  double significance = 0;
  bool fdr = false;
  std::string testMoe;
  std::vector<std::string> ci;
  double referenceMoe = -1;                   // < 0 = none given (0)
  // Small multiples: a title per field, or one map of the view's field per value of this long-table column.
  std::vector<std::string> panelTitles;
  std::string by;
  std::string palette;                        // bivariate
  // Dot density and plurality: group labels, a total field, and what the group fields hold.
  std::vector<std::string> groupLabels;
  std::string total;
  render::GroupUnits units = render::GroupUnits::Counts;
  double perDot = 100;
  // Change: the long table's year column, the two years (from, to) and the measure of change.
  std::string yearColumn = "year";
  std::vector<std::string> years;
  render::ChangeMeasure measure = render::ChangeMeasure::Difference;
  // The spec's method, classes and ramp were chosen for the view's choropleth (the viewer switching map type):
  // a gap or ratio map then drops a sequential ramp and falls back to the diverging style's classes when the
  // choropleth's cannot be honoured. Off for `mobmap render`, whose options are meant for the map asked for.
  bool choroplethStyle = false;
};

struct ViewSpec {
  std::string data, layer;                    // vector source and its layer (empty = the only/first)
  std::string assignCrs;                      // the data's CRS in place of the one it declares (--assign-crs, a
                                              // project layer's `crs`; see io::assignLayerCrs); empty = its own
  bool planarWithoutCrs = false;              // a layer with no usable CRS is drawn in its own coordinates (the
                                              // viewer) instead of refused (figures, which need a scale)
  std::string join, joinLayer, on, where;     // optional table joined to the source
  std::string field, method, ramp, reference, style = "choropleth";
  int classes = 0;                            // 0 = the style's
  std::vector<double> breaks;                 // for method "manual"
  std::string title, subtitle, source, legendTitle;
  std::vector<ContextSource> context;         // layers drawn as lines over the map
  std::string labels, labelField;             // orientation labels: a layer (FILE or FILE:LAYER) and its name field
  std::string quality, moe, outlineColor;
  double outlineWidth = -1;                   // < 0 = the style's
  bool suppressLowQuality = false;
  std::string per;                            // denominator field: map 100 × field / per (see mappedField)
  std::optional<Extent> extentLonLat;         // lon/lat box shown; default: the data's extent
  std::string displayCrs;                     // CRS the map is drawn in; empty = chosen for the data
                                              // (crs::chooseDisplayCrs; national US data with insets)
  std::string notesStore;                     // a project view's notes store (the project's [notes])
  std::vector<std::string> calloutNotes;      // titles of the notes its figures call out (a project view's notes)
  MapKindSpec map;                            // which map of the data: a choropleth of `field` by default
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
