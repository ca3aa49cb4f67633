// The style panel: the same classification and colour options as `mobmap render`.
#include "analysis/classification.h"
#include "style/color_ramps.h"
#include "ui/column_roles.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

// Map type (choropleth, LISA clusters, gap, ratio, bivariate), B / Y for the two-field kinds, and the Moran
// scatter plot toggle.
void drawMapTypeChoice(ViewerState& state, bool& changed) {
  ImGui::SetNextItemWidth(160 * state.uiScale);
  if (ImGui::BeginCombo("Map type", std::string(mapTypeLabel(state.mapType)).c_str())) {
    for (MapType t : viewerMapTypes())
      if (ImGui::Selectable(std::string(mapTypeLabel(t)).c_str(), t == state.mapType)) {
        state.mapType = t;
        changed = true;
      }
    ImGui::EndCombo();
  }
  if (needsSecondField(state.mapType)) {
    const std::string label = state.mapType == MapType::Bivariate ? "Y field" : "B field";
    ImGui::SetNextItemWidth(160 * state.uiScale);
    if (ImGui::BeginCombo(label.c_str(), state.secondField.empty() ? "(pick a field)" : state.secondField.c_str())) {
      for (const Column& c : state.view->data.layer.attributes.columns()) {
        if (!c.isNumeric() || isBookkeepingColumn(c.name())) continue;
        if (ImGui::Selectable(c.name().c_str(), c.name() == state.secondField)) {
          state.secondField = c.name();
          changed = true;
        }
      }
      ImGui::EndCombo();
    }
    ImGui::TextDisabled("A / X: the field picked above");
  }
  ImGui::Checkbox("Moran scatter plot", &state.showMoranScatter);
  ImGui::Separator();
}

// The significance test of a gap, ratio or change map, or of the choropleth against a numeric reference: off,
// or the confidence level, and Benjamini-Hochberg across the areas (as render --significance, --fdr). The
// margins of error or bounds are found by their names (FIELD_moe, FIELD_lb / FIELD_ub).
void drawSignificanceChoice(ViewerState& state, bool& changed) {
  session::MapKindSpec& k = state.view->spec.map;
  const bool comparison = state.mapType == MapType::Gap || state.mapType == MapType::Ratio || state.mapType == MapType::Change;
  const bool reference = state.mapType == MapType::Choropleth && !state.view->spec.reference.empty();
  if (!comparison && !reference) return;
  static const std::pair<double, const char*> levels[] = {{0, "off"}, {0.90, "90%"}, {0.95, "95%"}, {0.99, "99%"}};
  const char* shown = "off";
  for (const auto& [level, label] : levels)
    if (k.significance == level) shown = label;
  ImGui::SetNextItemWidth(160 * state.uiScale);
  if (ImGui::BeginCombo("Significance", shown)) {
    for (const auto& [level, label] : levels)
      if (ImGui::Selectable(label, k.significance == level)) {
        k.significance = level;
        if (level == 0) k.fdr = false;
        changed = true;
      }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Areas whose difference is not statistically significant at this level get their own neutral "
                      "class (ACS margins of error: FIELD_moe; Urban's bounds: FIELD_lb, FIELD_ub)");
  if (k.significance > 0 && ImGui::Checkbox("Correct for many areas (Benjamini-Hochberg)", &k.fdr)) changed = true;
}

}  // namespace

void drawStylePanel(ViewerState& state) {
  if (!state.view) return;
  session::ViewSpec& spec = state.view->spec;
  bool changed = false;

  drawMapTypeChoice(state, changed);
  drawSignificanceChoice(state, changed);
  // LISA clusters and the bivariate tertiles have fixed classes and colours.
  if (state.mapType == MapType::Lisa || state.mapType == MapType::Bivariate) {
    if (changed) requestMap(state);
    return;
  }

  static const char* methods[] = {"quantile", "equal", "jenks", "stddev", "box", "percentile"};
  const std::string current = spec.method.empty() && state.map ? std::string(analysis::methodName(state.map->classification.method)) : spec.method;
  ImGui::SetNextItemWidth(160 * state.uiScale);
  if (ImGui::BeginCombo("Method", current.c_str())) {
    for (const char* m : methods)
      if (ImGui::Selectable(m, current == m)) {
        spec.method = m;
        changed = true;
      }
    ImGui::EndCombo();
  }

  int classes = spec.classes > 0 ? spec.classes : (state.map ? state.map->style.classes : 5);
  ImGui::SetNextItemWidth(160 * state.uiScale);
  if (ImGui::SliderInt("Classes", &classes, analysis::kMinClasses, analysis::kMaxClasses)) {
    spec.classes = classes;
    changed = true;
  }

  const auto& ramps = style::RampCatalog::builtin();
  const std::string ramp = spec.ramp.empty() && state.map ? state.map->style.ramp : spec.ramp;
  ImGui::SetNextItemWidth(160 * state.uiScale);
  if (ImGui::BeginCombo("Ramp", ramp.c_str())) {
    for (style::RampKind kind : {style::RampKind::Sequential, style::RampKind::Diverging}) {
      ImGui::TextDisabled("%s", std::string(style::rampKindName(kind)).c_str());
      for (const std::string& name : ramps.names(kind))
        if (ImGui::Selectable(name.c_str(), name == ramp)) {
          spec.ramp = name;
          changed = true;
        }
    }
    ImGui::EndCombo();
  }

  char (&reference)[32] = state.panels.reference;
  if (ImGui::IsWindowAppearing()) snprintf(reference, sizeof reference, "%s", spec.reference.c_str());
  ImGui::SetNextItemWidth(160 * state.uiScale);
  if (ImGui::InputTextWithHint("Reference", "none, median, parity, 0 ...", reference, sizeof reference,
                               ImGuiInputTextFlags_EnterReturnsTrue)) {
    spec.reference = reference;
    changed = true;
  }
  if (ImGui::Checkbox("Suppress low-quality values", &spec.suppressLowQuality)) changed = true;
  if (ImGui::Button("Reset to the view's style")) {
    spec.method.clear();
    spec.classes = 0;
    spec.ramp.clear();
    spec.reference.clear();
    reference[0] = 0;
    spec.suppressLowQuality = false;
    changed = true;
  }
  if (changed) requestMap(state);  // options the style rejects show their message in the legend
}

}  // namespace mobmap::ui
