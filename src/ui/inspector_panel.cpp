// The inspector: every attribute of the selected feature, the mapped field first.
#include "ui/panels.h"

#include "core/coded_median.h"

namespace mobmap::ui {

void drawInspectorPanel(ViewerState& state) {
  if (!state.view) return;
  if (state.customArea.inspect && state.customArea.area) {
    drawCustomAreaValues(state);
    return;
  }
  if (!state.selected) {
    ImGui::TextDisabled("Click an area on the map to inspect it.");
    return;
  }
  const std::size_t f = *state.selected;
  const AttributeTable& table = state.view->data.layer.attributes;
  if (f >= table.rowCount()) return;
  std::string title = featureName(state, f);
  std::string key = featureKey(state, f);
  ImGui::TextUnformatted((title.empty() ? key : title).c_str());
  if (!title.empty() && !key.empty()) ImGui::TextDisabled("%s", key.c_str());
  ImGui::Text("%s: %s", mappedValueLabel(state).c_str(), featureValueText(state, f).c_str());
  if (std::string q = featureQualityText(state, f); !q.empty()) ImGui::TextColored(ImVec4(0.6f, 0.2f, 0, 1), "%s", q.c_str());
  if (ImGui::Button("Clear selection")) state.selected.reset();
  drawAreaNotes(state, f);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable;
  if (ImGui::BeginTable("attributes", 2, flags, ImVec2(0, 260 * state.uiScale))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Field");
    ImGui::TableSetupColumn("Value");
    ImGui::TableHeadersRow();
    for (const Column& c : table.columns()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (c.name() == state.view->spec.field)
        ImGui::TextColored(ImVec4(0.1f, 0.2f, 0.6f, 1), "%s", c.name().c_str());
      else
        ImGui::TextUnformatted(c.name().c_str());
      ImGui::TableNextColumn();
      if (c.isMissing(f))
        ImGui::TextDisabled("no data");
      else
        ImGui::TextUnformatted(readableCellText(c, f).c_str());
    }
    ImGui::EndTable();
  }
}

}  // namespace mobmap::ui
