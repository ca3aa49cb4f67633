#pragma once
// Gap and ratio maps: group A minus group B (or A / B) per area, on a diverging ramp centred on 0 (or 1) with
// the reference marked in the legend. Ratios are classed on their log2, so 1/2 and 2 lie equally far from
// parity and no class is negative; a ratio of 0 (A is 0) joins the lowest class. An area where either side
// is missing has no data; for a ratio, an area where B is 0 has "comparison group absent", its own swatch;
// an area where either side is weak (Urban quality flag 3 in <field>_quality) is hatched.
// Backend-neutral: the result is a ThematicMap that composeFigure lays out like any other map.
#include <string>

#include "core/attribute_table.h"
#include "render/thematic_map.h"

namespace mobmap::render {

enum class Comparison { Gap, Ratio };

struct ComparisonRequest {
  std::string fieldA, fieldB;
  Comparison kind = Comparison::Gap;
  ThematicRequest base;   // style (default "diverging"), overrides (reference default zero / parity), texts;
                          // base.field and base.qualityField are set from A and B
};

struct ComparisonMap {
  ThematicMap map;
  std::string field;                 // the derived field's name: "A − B" or "A / B"
  std::size_t missingA = 0, missingB = 0, zeroDenominator = 0, weak = 0;
  std::size_t zeroNumerator = 0;     // ratio maps: areas where A is 0 (ratio 0, in the lowest class)
};

// Builds the gap (A − B) or ratio (A / B) map of two numeric fields of `table`. Throws mobmap::Error naming
// `sourceName` for an unknown or text field, or when no area has both values.
ComparisonMap buildComparisonMap(const AttributeTable& table, const ComparisonRequest& request, const std::string& sourceName);

}  // namespace mobmap::render
