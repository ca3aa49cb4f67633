// The layers panel: visibility, opacity and outline-only for the mapped layer and its overlays; adding an
// overlay from a typed path, removing overlays and changing their drawing order.
#include <filesystem>
#include <utility>

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

// Swaps overlays i and j everywhere they are kept (spec, data, meshes, display settings).
void swapOverlays(ViewerState& state, std::size_t i, std::size_t j) {
  session::LoadedView& v = *state.view;
  if (i < v.spec.context.size() && j < v.spec.context.size()) std::swap(v.spec.context[i], v.spec.context[j]);
  std::swap(v.data.contextLayers[i], v.data.contextLayers[j]);
  if (i < v.contextMeshes.size() && j < v.contextMeshes.size()) std::swap(v.contextMeshes[i], v.contextMeshes[j]);
  std::swap(state.contextLayers[i], state.contextLayers[j]);
  state.contextLayersChanged = true;
}

void removeOverlay(ViewerState& state, std::size_t i) {
  session::LoadedView& v = *state.view;
  auto at = [i](auto& vec) { return vec.begin() + static_cast<std::ptrdiff_t>(i); };
  if (i < v.spec.context.size()) v.spec.context.erase(at(v.spec.context));
  v.data.contextLayers.erase(at(v.data.contextLayers));
  if (i < v.contextMeshes.size()) v.contextMeshes.erase(at(v.contextMeshes));
  state.contextLayers.erase(at(state.contextLayers));
  state.contextLayersChanged = true;
}

}  // namespace

void drawLayersPanel(ViewerState& state) {
  if (!state.view) return;
  const session::ViewData& data = state.view->data;
  const std::size_t overlays = std::min(state.contextLayers.size(), data.contextLayers.size());
  // Listed top first: the last overlay is drawn on top of the others.
  std::optional<std::pair<std::size_t, std::size_t>> swap;
  std::optional<std::size_t> remove;
  for (std::size_t k = 0; k < overlays; ++k) {
    const std::size_t i = overlays - 1 - k;
    std::string id = "ctx" + std::to_string(i);
    layerRow(id.c_str(), data.contextLayers[i].layer.name + " (outlines)", state.contextLayers[i], state.uiScale);
    ImGui::PushID(id.c_str());
    ImGui::Indent(24 * state.uiScale);
    ImGui::BeginDisabled(k == 0);
    if (ImGui::ArrowButton("##up", ImGuiDir_Up)) swap = {{i, i + 1}};
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(i == 0);
    if (ImGui::ArrowButton("##down", ImGuiDir_Down)) swap = {{i, i - 1}};
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::SmallButton("Remove")) remove = i;
    ImGui::Unindent(24 * state.uiScale);
    ImGui::PopID();
  }
  if (swap) swapOverlays(state, swap->first, swap->second);
  else if (remove) removeOverlay(state, *remove);
  layerRow("main", data.layer.name + " (" + std::to_string(data.layer.featureCount()) + " areas)", state.mainLayer, state.uiScale);
  if (ImGui::Button("Zoom to layer")) state.zoomToLayerRequested = true;
  ImGui::SameLine();
  ImGui::BeginDisabled(!state.selected);
  if (ImGui::Button("Zoom to selection")) state.zoomToSelectionRequested = true;
  ImGui::EndDisabled();

  // Adding an overlay: any GDAL vector source, FILE or FILE:LAYER, read in the background.
  ImGui::Separator();
  char (&path)[1024] = state.panels.layerPath;
  ImGui::SetNextItemWidth(-70 * state.uiScale);
  const bool enter = ImGui::InputTextWithHint("##addpath", "Path of a layer to add", path, sizeof path,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  const bool clicked = ImGui::Button("Load");
  if ((enter || clicked) && path[0] != '\0') {
    session::ViewSpec spec = state.view->spec;
    spec.context.push_back({path, {}, -1, {}});
    state.requestedReload = std::move(spec);
  }
}

}  // namespace mobmap::ui
