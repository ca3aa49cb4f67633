#pragma once
// A choropleth of one field: classification, a colour per feature, low-quality marks and the legend model.
// Built once from attributes and a request, then composed into a figure (figure_layout.h) or drawn by the
// viewer. Backend-neutral.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/classification.h"
#include "analysis/moe.h"
#include "core/attribute_table.h"
#include "render/figure.h"
#include "render/legend.h"
#include "style/map_style.h"

namespace mobmap::render {

// The uncertainty of a derived value (a gap, ratio or change) as its builder computed it from the inputs' margins
// of error: per row the coefficient of variation and the 90% interval in the scale the map classifies (NaN where
// unknown). buildThematicMap uses it instead of a margin-of-error field for hatching (CV > maxCv) and the
// class-limit crossing shares; `formula` says in the legend how the MOE was derived.
struct DerivedUncertainty {
  std::vector<double> cv;
  std::vector<std::pair<double, double>> interval;
  std::string formula;                 // "MOE of A − B = √(MOE_A² + MOE_B²)"
};

struct ThematicRequest {
  std::string field;
  std::string style = "choropleth";    // a style in styles/
  style::StyleOverrides overrides;     // method, classes, ramp, reference, outline
  std::vector<double> manualBreaks;    // for method "manual"
  std::string legendTitle;             // default: the catalog label, else the field name
  std::string qualityField;            // default: <field>_quality or the catalog's quality columns, if present
  std::string moeField;                // default: <field>_moe if present (ACS 90% margin of error)
  std::optional<DerivedUncertainty> derivedUncertainty;  // a derived value's CV and intervals (replaces moeField)
  double maxCv = analysis::kLowReliabilityCv;  // ACS coefficient of variation above which a value is unreliable
  bool suppressLowQuality = false;     // put low-quality values in their own class instead of hatching them
};

struct ThematicMap {
  std::vector<int> fillIndex;          // per feature, into fills
  std::vector<Fill> fills;             // classes, then no data, then suppressed
  std::vector<bool> lowQuality;        // per feature: hatched
  Fill hatch;
  Fill absentFill;                     // for maps with a "comparison group absent" swatch (ratio maps):
                                       // distinct from the classes and from no data
  Legend legend;
  analysis::Classification classification;
  // The field `classification` classifies ("" when it classifies no field of the layer: LISA clusters, gaps,
  // ratios, bivariate classes): a value of that field is shown at the decimals of its breaks.
  std::string classifiedField;
  style::MapStyle style;
  std::string methodHeading = "Classification";  // what methodText describes, in the source line
  std::string methodText;              // "Quantile, 5 classes (GVF 0.94)"
  std::string referenceText;           // "" or "Reference: ..."
  std::size_t missing = 0, suppressed = 0, lowQualityCount = 0;
  MissingCounts missingReasons;        // why the `missing` areas have no value (core/missing_value.h)
  std::string metricLabel;             // catalog label or field name
  // Per interior class limit: the share of areas whose confidence interval contains it (empty without MOEs or
  // bounds); the interval's level, "90%" (ACS MOE) or "95%" (Urban's bounds).
  std::vector<double> limitCrossing;
  std::string limitCrossingLevel;
  // --method separability: per interior class limit the confidence 2Φ(z) − 1 that the areas on its two sides
  // differ (analysis/separability.h); empty for other methods.
  std::vector<double> limitSeparability;
  bool uniqueValues = false;           // method "unique": classes are values (classification.classLabels),
                                       // not ranges; breaks are empty
  std::vector<std::string> warnings;   // what a reader must know about this map (fewer classes than asked,
                                       // groups that overlap, ...): printed by the CLI, shown by the viewer
  std::vector<std::string> sourceNotes;  // short forms of the warnings for the figure's source line
};

// "SOURCE: field 'F' holds text, not numbers", or for Urban's two-share form ("0.190:0.272") a
// message naming that form. Callers append what they needed the numbers for.
std::string notNumericMessage(const Column& column, const std::string& sourceName);

// The numeric column `field` of `table`. Throws mobmap::Error naming `sourceName` and the field when it is
// unknown, has no values at all (a column of nulls reads as text), or holds text; `purpose` ends that
// message ("a LISA map needs a numeric field").
const Column& requireNumericField(const AttributeTable& table, const std::string& field, const std::string& sourceName,
                                  const std::string& purpose);

// Classifies `request.field` of `table` and assigns colours. Throws mobmap::Error naming `sourceName` and
// the field for an unknown field, text in a numeric method, all values missing, or one distinct value;
// mobmap::UsageError for bad options (unknown ramp, method, class count).
ThematicMap buildThematicMap(const AttributeTable& table, const ThematicRequest& request, const std::string& sourceName);

}  // namespace mobmap::render
