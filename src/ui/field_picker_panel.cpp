// The field picker: Mobility Metrics grouped by pillar with the catalog's labels, then local indicators
// (the layer's other numeric fields). Picking a field recolours the map at once.
#include <map>

#include "core/text.h"
#include "style/metric_catalog.h"
#include "ui/column_roles.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

// Companion columns (_lb, _ub, _quality, _moe, ...) describe another field and are not offered on their own.
bool isCompanionColumn(const std::string& name) {
  const std::string n = toLower(name);
  for (const char* suffix : {"_lb", "_ub", "_quality", "_moe", "_se", "_cv"})
    if (n.ends_with(suffix)) return true;
  return false;
}

void pick(ViewerState& state, const std::string& field) {
  if (state.view->spec.field == field) return;
  state.view->spec.field = field;
  state.view->spec.per.clear();  // a saved view's denominator belongs to its own field
  state.view->spec.legendTitle.clear();
  state.view->spec.title.clear();
  requestMap(state);
}

}  // namespace

void drawFieldPicker(ViewerState& state) {
  if (!state.view) return;
  const auto& catalog = style::MetricCatalog::builtin();
  const AttributeTable& table = state.view->data.layer.attributes;
  std::map<std::string, std::vector<std::pair<std::string, const style::MetricInfo*>>> byPillar;
  std::vector<std::string> local;
  for (const Column& c : table.columns()) {
    if (!c.isNumeric() || isCompanionColumn(c.name()) || isBookkeepingColumn(c.name())) continue;
    if (const style::MetricInfo* m = catalog.find(c.name()))
      byPillar[m->pillar].push_back({c.name(), m});
    else
      local.push_back(c.name());
  }
  char (&filter)[64] = state.panels.fieldFilter;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##fieldfilter", "Filter fields", filter, sizeof filter);
  const std::string needle = toLower(filter);
  auto visible = [&](const std::string& name, const std::string& label) {
    return needle.empty() || toLower(name).find(needle) != std::string::npos || toLower(label).find(needle) != std::string::npos;
  };
  ImGui::BeginChild("fields", ImVec2(0, 220 * state.uiScale), true);
  for (const style::PillarInfo& pillar : catalog.pillars()) {
    auto it = byPillar.find(pillar.name);
    if (it == byPillar.end()) continue;
    ImGui::TextDisabled("%s", pillar.name.c_str());
    for (const auto& [name, metric] : it->second) {
      if (!visible(name, metric->label)) continue;
      std::string label = metric->label + "##" + name;
      if (ImGui::Selectable(label.c_str(), state.view->spec.field == name)) pick(state, name);
      if (ImGui::IsItemHovered() && !metric->description.empty()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(420 * state.uiScale);
        ImGui::Text("%s (%s)", metric->label.c_str(), name.c_str());
        ImGui::TextDisabled("%s", metric->predictor.c_str());
        ImGui::TextUnformatted(metric->description.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
  }
  if (!local.empty()) {
    ImGui::TextDisabled("Local indicators");
    for (const std::string& name : local)
      if (visible(name, name) && ImGui::Selectable(name.c_str(), state.view->spec.field == name)) pick(state, name);
  }
  ImGui::EndChild();
}

}  // namespace mobmap::ui
