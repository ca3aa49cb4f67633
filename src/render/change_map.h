#pragma once
// A change map: how one field moved between two years of a long table, per area, as a difference, a
// percentage-point change or a percent change, on a diverging ramp centred on no change (0) with the reference
// marked in the legend. An area missing either year (or, for a percent change, with 0 in the first year) has
// no data; an area weak in either year (Urban quality flag 3 in <field>_quality) is hatched.
// Backend-neutral: the result is a ThematicMap that composeFigure lays out like any other map.
#include <cstddef>
#include <string>

#include "core/attribute_table.h"
#include "render/thematic_map.h"

namespace mobmap::render {

enum class ChangeMeasure {
  Difference,        // to − from, in the field's unit
  PercentagePoints,  // to − from of a share (×100) or a percentage: "+3.2 pp"
  Percent            // 100 × (to − from) / from
};

// "difference", "points", "percent"; and back (case-insensitive; "pp" reads as points). parseChangeMeasure
// throws mobmap::UsageError for any other name.
const char* changeMeasureName(ChangeMeasure measure);
ChangeMeasure parseChangeMeasure(const std::string& name);

struct ChangeRequest {
  std::string field;
  std::string fromLabel, toLabel;   // the two years, as the legend and title name them ("2018", "2021")
  ChangeMeasure measure = ChangeMeasure::Difference;
  ThematicRequest base;             // style (default "diverging"), overrides (reference default zero), texts;
                                    // base.field and base.qualityField are set here
};

struct ChangeMap {
  ThematicMap map;
  std::string field;                // the derived field's name: "<field> change, 2018 to 2021"
  std::size_t missingFrom = 0, missingTo = 0, zeroBase = 0, weak = 0;
  bool shares = false;              // percentage points of a 0-1 share (values were multiplied by 100)
};

// Builds the change of `request.field` from `from` to `to`, two tables whose rows are the same features in the
// same order. A percentage-point change needs a share or a percentage: the catalog's unit says which, else the
// values decide (all within 0-1: shares; within 0-100: percentages). Throws mobmap::Error naming `sourceName`
// for an unknown or text field, tables of different lengths, a percentage-point change of values that are not
// shares or percentages, or when no area has both years.
ChangeMap buildChangeMap(const AttributeTable& from, const AttributeTable& to, const ChangeRequest& request,
                         const std::string& sourceName);

}  // namespace mobmap::render
