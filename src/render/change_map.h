#pragma once
// A change map: how one field moved between two years of a long table, per area, as a difference, a
// percentage-point change or a percent change, on a diverging ramp centred on no change (0) with the reference
// marked in the legend. An area missing either year (or, for a percent change, with 0 in the first year) has
// no data; an area weak in either year (Urban quality flag 3 in <field>_quality) is hatched.
//
// Uncertainty: where the field has a margin of error (<field>_moe, ACS 90%) or 95% bounds (<field>_lb/_ub) in both
// years, the change carries its own 90% MOE (difference: 1.645 · f · √(SE_from² + SE_to²); percent change: the ACS
// handbook's ratio formula for to / from, × 100), so areas whose change has a CV over 40% are hatched and the
// legend gives the share of areas whose interval crosses each class limit. With a significance level, each area's
// change is tested as the Census Bureau's statistical testing defines it, z = (to − from) / (f · √(SE_from² +
// SE_to²)) (the same hypothesis, no change, for every measure), and areas whose change is not significant are
// drawn in a neutral class, as on gap maps (significance.h). f is 1 for independent samples and sqrt(1 − C) for
// two overlapping multiyear ACS periods sharing the share C of their years (analysis::overlappingPeriodSeFactor).
// Backend-neutral: the result is a ThematicMap that composeFigure lays out like any other map.
#include <cstddef>
#include <string>

#include "core/attribute_table.h"
#include "render/significance.h"
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
  SignificanceRequest significance; // level 0 = no test; `a` names the field's uncertainty columns in both years
                                    // (default <field>_moe, else <field>_lb/_ub); `b` is not used
  double seFactor = 1;              // scales the standard error of the change (overlapping periods: sqrt(1 − C))
  std::string seFactorText;         // why seFactor is not 1, for the source line ("" when it is 1)
};

struct ChangeMap {
  ThematicMap map;
  std::string field;                // the derived field's name: "<field> change, 2018 to 2021"
  std::size_t missingFrom = 0, missingTo = 0, zeroBase = 0, weak = 0;
  bool shares = false;              // percentage points of a 0-1 share (values were multiplied by 100)
  std::string uncertainty;          // the columns the change's MOE came from ("pov_moe", "x_lb:x_ub"); "" = none
  bool tested = false;              // with a significance test: per area z, p and verdict, and their counts
  analysis::DifferenceTests test;
  std::string significanceText;     // for the source line
};

// Builds the change of `request.field` from `from` to `to`, two tables whose rows are the same features in the
// same order. A percentage-point change needs a share or a percentage: the catalog's unit says which, else the
// values decide (all within 0-1: shares; within 0-100: percentages). Throws mobmap::Error naming `sourceName`
// for an unknown or text field, tables of different lengths, a percentage-point change of values that are not
// shares or percentages, or when no area has both years; mobmap::UsageError for a significance test without
// the field's uncertainty in both years or a level outside (0, 1).
ChangeMap buildChangeMap(const AttributeTable& from, const AttributeTable& to, const ChangeRequest& request,
                         const std::string& sourceName);

}  // namespace mobmap::render
