#include "session/area_value.h"

#include <algorithm>

#include "core/column_roles.h"
#include "core/missing_value.h"
#include "render/feature_picker.h"
#include "render/number_format.h"
#include "style/metric_catalog.h"

namespace mobmap::session {

std::string areaValueText(const ViewSpec& spec, const Layer& layer, const render::ThematicMap* map, std::size_t f) {
  const std::string field = mappedField(spec);
  const Column* c = layer.attributes.find(field);
  if (!c || f >= c->size()) return "no data";
  if (c->isMissing(f)) {  // with the publisher's reason when there is one (core/missing_value.h)
    const MissingReason why = c->missingReason(f);
    return why == MissingReason::Blank ? std::string("no data") : "no data: " + std::string(missingReasonText(why));
  }
  if (!c->isNumeric()) return c->text(f);
  std::string unit;
  if (const style::MetricInfo* m = style::MetricCatalog::builtin().find(field)) unit = m->unit;
  // The legend's decimals when the map classifies this field; else those the value's own size asks for (a
  // LISA, gap or ratio map's breaks are not of this field).
  const bool legendOfField = map && map->classifiedField == field && !map->classification.breaks.empty();
  render::NumberFormat fmt = render::formatForBreaks(unit, legendOfField ? map->classification.breaks : std::vector<double>{c->number(f)});
  fmt.decimals = std::max(fmt.decimals, c->type() == FieldType::Integer ? 0 : 1);
  std::string text = fmt.format(c->number(f));
  // A rate view (`per`) carries its own derived margin; otherwise the view's MOE column or <field>_moe.
  const std::string moeName = spec.moe.empty() || !spec.per.empty() ? field + "_moe" : spec.moe;
  if (const Column* moe = layer.attributes.find(moeName); moe && moe->isNumeric() && !moe->isMissing(f))
    text += " ± " + fmt.format(moe->number(f));
  return text;
}

void addCalloutAreaValues(std::vector<render::NoteCallout>& callouts, const ViewSpec& spec, const Layer& layer,
                          const render::ThematicMap& map, const std::string& label) {
  if (callouts.empty()) return;
  const render::FeaturePicker picker(layer.geometry);
  const Column* name = areaNameColumn(layer.attributes);
  for (render::NoteCallout& c : callouts) {
    const std::optional<std::size_t> f = picker.pick(c.location);
    if (!f) continue;
    c.value = label + " here: " + areaValueText(spec, layer, &map, *f);
    if (*f < map.lowQuality.size() && map.lowQuality[*f]) c.value += " (low quality)";
    if (name && !name->isMissing(*f)) c.value += ", " + name->displayText(*f);
  }
}

}  // namespace mobmap::session
