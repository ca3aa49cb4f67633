#pragma once
// Gap and ratio maps: group A minus group B (or A / B) per area, on a diverging ramp centred on 0 (or 1) with
// the reference marked in the legend. Ratios are classed on their log2, so 1/2 and 2 lie equally far from
// parity and no class is negative; a ratio of 0 (A is 0) joins the lowest class. An area where either side
// is missing has no data; for a ratio, an area where B is 0 has "comparison group absent", its own swatch;
// an area where either side is weak (Urban quality flag 3 in <field>_quality) is hatched.
// Backend-neutral: the result is a ThematicMap that composeFigure lays out like any other map.
//
// Significance (when `significance.level` > 0): each area's difference A − B is tested as the Census Bureau's
// statistical testing defines it, z = (A − B) / sqrt(SE_A² + SE_B²), with SE = MOE / 1.645 for an ACS margin
// of error and SE = (ub − lb) / (2 · 1.96) for a 95% confidence interval (Urban's `_lb` / `_ub`); see
// analysis/moe.h. A ratio map tests the same hypothesis (A = B, a ratio of 1). An area is significant when
// |z| exceeds the critical value of the level (1.645 at 0.90), or, with `fdr`, when its Benjamini–Hochberg
// adjusted two-sided p value over all tested areas is at most 1 − level. Classes are computed from every area
// with both values, so the breaks do not move with the level; areas whose difference is not significant are then
// drawn in a neutral class of their own, and areas that cannot be tested (an uncertainty missing, or zero on both
// sides) in another; the class counts count only significant areas.
//
// A reference comparison (Comparison::Reference) maps A itself, diverging around a reference value that has
// its own 90% MOE (a county or city estimate), and tests each area against it: z = (A − R) / sqrt(SE_A² + SE_R²).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/attribute_table.h"
#include "render/significance.h"
#include "render/thematic_map.h"

namespace mobmap::render {

enum class Comparison { Gap, Ratio, Reference };

struct ComparisonRequest {
  ComparisonRequest() = default;
  ComparisonRequest(std::string a, std::string b, Comparison k, ThematicRequest request)
      : fieldA(std::move(a)), fieldB(std::move(b)), kind(k), base(std::move(request)) {}

  std::string fieldA, fieldB;
  Comparison kind = Comparison::Gap;
  ThematicRequest base;   // style (default "diverging"), overrides (reference default zero / parity), texts;
                          // base.field and base.qualityField are set from A and B
  SignificanceRequest significance;
  // Comparison::Reference: the value every area is compared with and its 90% MOE (0 = known exactly).
  double referenceValue = 0, referenceMoe = 0;
  std::string referenceLabel;        // "county" or "" (the number is used)
};

struct ComparisonMap {
  ThematicMap map;
  std::string field;                 // the derived field's name: "A − B" or "A / B"
  std::size_t missingA = 0, missingB = 0, zeroDenominator = 0, weak = 0;
  // With a significance test: per feature z, p and verdict, and the verdicts' counts.
  bool tested = false;
  analysis::DifferenceTests test;
  std::string significanceText;      // for the source line: "Significance: 90%, ..."
  std::size_t zeroNumerator = 0;     // ratio maps: areas where A is 0 (ratio 0, in the lowest class)
};

// Builds the gap (A − B) or ratio (A / B) map of two numeric fields of `table`, or the reference comparison of A.
// Throws mobmap::Error naming `sourceName` for an unknown or text field (uncertainty fields included), or when no
// area has both values; mobmap::UsageError for a level outside (0, 1), a test without the uncertainty of a side,
// or a negative reference MOE.
ComparisonMap buildComparisonMap(const AttributeTable& table, const ComparisonRequest& request, const std::string& sourceName);

}  // namespace mobmap::render
