// The layers panel: visibility, opacity and outline-only for the mapped layer and its context layers.
#include <filesystem>

#include "ui/panels.h"

namespace mobmap::ui {

namespace {

void layerRow(const char* id, const std::string& name, LayerDisplay& d, float scale) {
  ImGui::PushID(id);
  ImGui::Checkbox("##visible", &d.visible);
  ImGui::SameLine();
  ImGui::TextUnformatted(name.c_str());
  ImGui::Indent(24 * scale);
  ImGui::SetNextItemWidth(120 * scale);
  ImGui::SliderFloat("Opacity", &d.opacity, 0.1f, 1.0f, "%.2f");
  ImGui::SameLine();
  ImGui::Checkbox("Outline only", &d.outlineOnly);
  ImGui::Unindent(24 * scale);
  ImGui::PopID();
}

}  // namespace

void drawLayersPanel(ViewerState& state) {
  if (!state.view) return;
  const session::ViewData& data = state.view->data;
  for (std::size_t i = 0; i < state.contextLayers.size() && i < data.contextLayers.size(); ++i) {
    std::string id = "ctx" + std::to_string(i);
    layerRow(id.c_str(), data.contextLayers[i].name + " (outlines)", state.contextLayers[i], state.uiScale);
  }
  layerRow("main", data.layer.name + " (" + std::to_string(data.layer.featureCount()) + " areas)", state.mainLayer, state.uiScale);
  if (ImGui::Button("Zoom to layer")) state.zoomToLayerRequested = true;
  ImGui::SameLine();
  ImGui::BeginDisabled(!state.selected);
  if (ImGui::Button("Zoom to selection")) state.zoomToSelectionRequested = true;
  ImGui::EndDisabled();
}

}  // namespace mobmap::ui
