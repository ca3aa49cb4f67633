// Custom areas: tracts picked with shift+click merged into one named area (in the background), drawn as an
// overlay, inspected with sums, MOEs and CV flags, and exported.
#include <cmath>
#include <cstdio>

#include "ui/panels.h"

namespace mobmap::ui {

namespace {

// Whole numbers for counts; a rate or weighted value keeps its decimals.
std::string number(double v, bool whole) {
  if (std::isnan(v)) return "no data";
  char buf[64];
  std::snprintf(buf, sizeof buf, whole ? "%.0f" : "%.2f", v);
  return buf;
}

}  // namespace

void drawCustomAreaPanel(ViewerState& state) {
  CustomAreaState& ca = state.customArea;
  if (!state.view) return;
  const bool running = ca.job && ca.job->busy();
  ImGui::PushTextWrapPos(0);
  if (ca.picked.empty())
    ImGui::TextDisabled("Shift+click areas on the map to pick them (again to drop one).");
  else
    ImGui::Text("%zu areas picked", ca.picked.size());
  ImGui::PopTextWrapPos();
  char name[128];
  std::snprintf(name, sizeof name, "%s", ca.name.c_str());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint("##areaname", "Area name", name, sizeof name)) ca.name = name;
  ImGui::BeginDisabled(running || ca.picked.empty());
  if (ImGui::Button("Create area")) {
    if (!ca.job) ca.job = std::make_shared<session::CustomAreaJob>();
    ca.job->start(state.view->data.layer, session::customAreaRequest(state.view->spec, ca.name, ca.picked));
    ca.message.clear();
  }
  ImGui::SameLine();
  if (ImGui::Button("Clear picks")) ca.picked.clear();
  ImGui::EndDisabled();
  if (running) ImGui::TextDisabled("Merging %zu areas...", ca.picked.size());
  if (!ca.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(ca.message.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!ca.area) return;
  if (ImGui::Button("Show in inspector")) ca.inspect = true;
  char path[512];
  std::snprintf(path, sizeof path, "%s", ca.exportPath.c_str());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputText("##areapath", path, sizeof path)) ca.exportPath = path;
  if (ImGui::Button("Export area")) {
    try {
      session::writeCustomArea(*ca.area, ca.exportPath);
      ca.exportMessage = "wrote " + ca.exportPath;
    } catch (const std::exception& e) {
      ca.exportMessage = e.what();
    }
  }
  if (!ca.exportMessage.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(ca.exportMessage.c_str());
    ImGui::PopTextWrapPos();
  }
}

void updateCustomArea(ViewerState& state) {
  CustomAreaState& ca = state.customArea;
  if (!ca.job) return;
  auto result = ca.job->takeResult();
  if (!result) return;
  if (!result->area) {
    ca.message = result->error;
    return;
  }
  ca.area = std::move(result->area);
  ca.message = "Made '" + ca.area->name + "' from " + std::to_string(ca.area->members) + " areas.";
  ca.exportMessage.clear();
  ca.inspect = true;
  if (!state.view) return;
  // The area joins the overlays (in memory only: a reload from the project's files drops it).
  session::LoadedView& v = *state.view;
  v.data.contextLayers.push_back({ca.area->layer, {}, -1});
  v.contextMeshes.resize(v.data.contextLayers.size() - 1);
  v.contextMeshes.push_back(ca.area->mesh);
  state.contextLayers.resize(v.data.contextLayers.size() - 1);
  state.contextLayers.push_back({});
  state.contextLayersChanged = true;
}

void drawCustomAreaValues(ViewerState& state) {
  CustomAreaState& ca = state.customArea;
  if (!ca.area || !ca.inspect) return;
  ImGui::TextUnformatted(ca.area->name.c_str());
  ImGui::TextDisabled("custom area: %zu areas merged; counts summed with 90%% MOE, rates recomputed or weighted", ca.area->members);
  if (ImGui::Button("Back to the selected area")) ca.inspect = false;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable("customarea", 5, flags, ImVec2(0, 260 * state.uiScale))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Field");
    ImGui::TableSetupColumn("Value");
    ImGui::TableSetupColumn("MOE");
    ImGui::TableSetupColumn("CV");
    ImGui::TableSetupColumn("How");
    ImGui::TableHeadersRow();
    for (const session::CustomAreaValue& v : ca.area->values) {
      const bool whole = v.rule == session::CombineRule::Sum;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.field.c_str());
      ImGui::TableNextColumn();
      if (v.rule == session::CombineRule::NotAdditive)
        ImGui::TextDisabled("not additive");
      else
        ImGui::TextUnformatted(number(v.value, whole).c_str());
      ImGui::TableNextColumn();
      if (std::isnan(v.moe))
        ImGui::TextDisabled("-");
      else
        ImGui::Text("±%s", number(v.moe, whole).c_str());
      ImGui::TableNextColumn();
      if (std::isnan(v.cv))
        ImGui::TextDisabled("-");
      else if (v.lowReliability)
        ImGui::TextColored(ImVec4(0.7f, 0.2f, 0, 1), "%.0f%% low", v.cv * 100);
      else
        ImGui::Text("%.0f%%", v.cv * 100);
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", v.how.c_str());
    }
    ImGui::EndTable();
  }
}

}  // namespace mobmap::ui
