#pragma once
// Small multiples: one map per group (a field per group, or the same field of one table per subgroup) on
// SHARED classes computed from the pooled values of every map, so a colour means the same value in each map;
// one legend whose counts are summed over the maps; per map its own no-data and weak (hatched) counts.
// Backend-neutral: compose the result with composeSmallMultiples (figure_layout.h).
#include <string>
#include <vector>

#include "core/attribute_table.h"
#include "render/figure_layout.h"
#include "render/thematic_map.h"

namespace mobmap::render {

// One map's values: a numeric field of a table whose rows are the features of the shared layer.
struct PanelSource {
  const AttributeTable* table = nullptr;  // not owned
  std::string field;
  std::string title;                      // default: the field name
};

struct SharedClassMaps {
  ThematicMap shared;                     // classes, fills, legend (pooled counts); its fillIndex is pooled
  std::vector<PanelMap> panels;
};

// Classifies the pooled values of every panel with `request`'s style and options (its `field` is ignored;
// the catalog entry of the panels' field is used when they all map the same field), then splits the result
// into panels. Quality flags come from each panel's <field>_quality (Urban flag 3 = weak, hatched) and
// margins of error from <field>_moe, as for a single map. Throws mobmap::Error naming `sourceName` for an
// unknown or text field, tables of different lengths, or no values in any panel; mobmap::UsageError for no
// panels.
SharedClassMaps buildSharedClassMaps(const std::vector<PanelSource>& panels, const ThematicRequest& request,
                                     const std::string& sourceName);

// The same pooled classification for maps whose tables may differ in length (different layers, such as tracts
// beside neighborhoods, as the viewer's linked comparison shows them): each panel's fillIndex and lowQuality
// have its own table's row count. Throws as buildSharedClassMaps, without the length check.
SharedClassMaps buildPooledClassMaps(const std::vector<PanelSource>& panels, const ThematicRequest& request,
                                     const std::string& sourceName);

}  // namespace mobmap::render
