#pragma once
// An area's value of a view's mapped field as people read it, in one place for the viewer's tooltip and
// inspector and for the figures' note callouts: the number in the field's unit at the decimals the legend uses,
// with its margin of error, or why it is missing.
#include <cstddef>
#include <string>
#include <vector>

#include "core/layer.h"
#include "render/note_callouts.h"
#include "render/thematic_map.h"
#include "session/view_spec.h"

namespace mobmap::session {

// The value of feature `f` of `layer` for `spec`'s mapped field: "12.8% ± 3.0" (the metric catalog's unit, the
// decimals of `map`'s breaks when given and of this field, else those the value's size asks for, the MOE of a rate view or of FIELD_moe / the spec's MOE column), the
// text of a text field, or "no data" / "no data: <the publisher's reason>".
std::string areaValueText(const ViewSpec& spec, const Layer& layer, const render::ThematicMap* map, std::size_t f);

// Adds to each callout the value of the mapped area its marker stands in ("Poverty rate here: 12.8% ± 3.0,
// Census Tract 83"; "(low quality)" when the map hatches it), found under the callout's place in `layer` (the
// display CRS the callouts were placed in). `label` names the value (the legend's heading). Callouts outside
// every area get none.
void addCalloutAreaValues(std::vector<render::NoteCallout>& callouts, const ViewSpec& spec, const Layer& layer,
                          const render::ThematicMap& map, const std::string& label);

}  // namespace mobmap::session
