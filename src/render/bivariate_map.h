#pragma once
// A bivariate choropleth: two fields, each cut into tertiles (3 classes of about equal counts), coloured
// from a 3 × 3 palette of styles/views.toml, with a 2-D legend (counts per cell, class limits on both axes).
// Areas missing either value have no data; areas weak on either side (Urban quality flag 3 in
// <field>_quality) are hatched. Backend-neutral: the result is a ThematicMap that composeFigure lays out.
#include <string>

#include "analysis/classification.h"
#include "core/attribute_table.h"
#include "render/thematic_map.h"

namespace mobmap::render {

struct BivariateRequest {
  std::string fieldX, fieldY;          // x: columns of the legend, left to right; y: rows, bottom to top
  std::string palette;                 // a [bivariate.NAME] of styles/views.toml; empty = its default
  std::string style = "choropleth";    // outlines, fonts, no-data fill, hatching
  std::string legendTitle;             // default "FIELDX and FIELDY"
};

struct BivariateMap {
  ThematicMap map;                     // fills: the 9 cells (3 * y + x), then no data
  analysis::Classification x, y;       // the tertiles of each field
};

// Builds the map. Throws mobmap::Error naming `sourceName` and the field for an unknown or text field, a
// field with no values, or one with too few distinct values for three classes; mobmap::UsageError for an
// unknown palette.
BivariateMap buildBivariateMap(const AttributeTable& table, const BivariateRequest& request, const std::string& sourceName);

}  // namespace mobmap::render
