#pragma once
// Which differences a map draws as real: the uncertainty fields of a side (an ACS 90% MOE, or Urban's 95%
// bounds), their standard errors, and the neutral "not significant" and "not tested" classes that gap, ratio,
// reference and change maps draw. The test itself is analysis::testDifferences (analysis/moe.h).
// Backend-neutral.
#include <string>
#include <vector>

#include "analysis/moe.h"
#include "core/attribute_table.h"
#include "render/thematic_map.h"

namespace mobmap::render {

// Where one side's sampling error comes from: an ACS 90% MOE field, or the two bounds of a 95% interval.
struct UncertaintyFields {
  std::string moe;                   // ACS margin of error (90%)
  std::string lower, upper;          // 95% confidence bounds (Urban's <metric>_lb / _ub)
  bool empty() const { return moe.empty() && lower.empty(); }
};

struct SignificanceRequest {
  double level = 0;                  // confidence level, e.g. 0.90; 0 = no test
  bool fdr = false;                  // Benjamini–Hochberg over the tested areas
  UncertaintyFields a, b;            // uncertainty of A and of B (B unused for a reference comparison or a change,
                                     // whose two years share A's fields); a side left empty uses <field>_moe (or
                                     // _MOE, or the Census API's ...M beside ...E), else <field>_lb and <field>_ub
};

// `fields` when it names something, else the columns of `table` that hold the uncertainty of `field` by name:
// <field>_moe, <field>_MOE, the Census API's <...>M beside <...>E, else <field>_lb with <field>_ub. Empty when
// none is there.
UncertaintyFields uncertaintyWithDefaults(const AttributeTable& table, UncertaintyFields fields, const std::string& field);

// The confidence level of the intervals `fields` give: 0.95 for Urban's bounds, 0.90 for an ACS MOE.
inline double intervalLevel(const UncertaintyFields& fields) { return fields.moe.empty() && !fields.lower.empty() ? 0.95 : 0.90; }

// Per row the standard error of one side: MOE / 1.645 from its MOE field, or (ub − lb) / (2 · 1.96) from its
// bounds; NaN where unknown (missing, negative MOE, ub < lb). Throws mobmap::Error naming `sourceName` for an
// unknown or text field.
std::vector<double> standardErrors(const AttributeTable& table, const UncertaintyFields& fields, const std::string& sourceName);

// How a map says what it tested, for its legend and source line.
struct SignificanceWording {
  std::string formula;               // "z = (A − B) / √(SE_A² + SE_B²)"
  std::string notSignificant;        // the neutral swatch's label: "Difference not significant"
  std::string extra;                 // more of the method after the correction ("" or "; overlap ...")
};

// Moves the areas whose difference is not significant (tests.significant 0) and those not tested (-1 on an area
// with a value, `has`) out of their classes of `map` into two neutral swatches of their own (the LISA map's "not
// significant" grey and its mid grey "not tested"), fixes the class counts and the legend, and adds the test to
// the source line. Areas in a "suppressed" class (low quality, --suppress-low-quality) stay there and leave the
// test's counts. Returns the source line's significance text.
std::string markNotSignificant(ThematicMap& map, analysis::DifferenceTests& tests, const std::vector<bool>& has, double level,
                               bool fdr, const SignificanceWording& wording);

// "90%" for 0.9.
std::string levelPercent(double level);

}  // namespace mobmap::render
