// The status bar: cursor longitude/latitude, display CRS, map scale, and background work.
#include <cmath>

#include "ui/panels.h"

namespace mobmap::ui {

namespace {

// The scale denominator at the camera centre, recomputed only when the camera moves (the probe asks PROJ).
std::optional<double> scaleDenominator(const ViewerState& state) {
  static Point lastCenter{NAN, NAN};
  static double lastScale = NAN;
  static std::optional<double> cached;
  if (!state.probe) return std::nullopt;
  Point c = state.camera.center();
  double s = state.camera.pixelsPerUnit();
  if (c.x != lastCenter.x || c.y != lastCenter.y || s != lastScale) {
    lastCenter = c;
    lastScale = s;
    cached.reset();
    if (auto m = state.probe->groundMetresPerUnit(c)) {
      // One window unit is taken as 0.28 mm, the usual standard pixel of map scales.
      double metresPerWindowUnit = *m / s * state.framebufferScale;
      cached = metresPerWindowUnit / 0.00028;
    }
  }
  return cached;
}

}  // namespace

PanelRect drawStatusBar(const ViewerState& state, const std::string& workText, float workProgress) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float height = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y;
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - height));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, height));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoFocusOnAppearing;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8 * state.uiScale, 3 * state.uiScale));
  ImGui::Begin("##status", nullptr, flags);
  if (state.cursorWorld && state.probe) {
    if (auto ll = state.probe->lonLat(*state.cursorWorld))
      ImGui::Text("%.5f°%s  %.5f°%s", std::abs(ll->y), ll->y >= 0 ? "N" : "S", std::abs(ll->x), ll->x >= 0 ? "E" : "W");
    else
      ImGui::TextDisabled("outside the projection");
  } else {
    ImGui::TextDisabled("—");
  }
  if (state.view) {
    ImGui::SameLine(260 * state.uiScale);
    if (state.view->data.displayCrs.empty())
      ImGui::TextColored(ImVec4(0.6f, 0.35f, 0.0f, 1), "CRS unknown (file coordinates)");
    else
      ImGui::Text("%s", state.view->data.displayCrsName.empty() ? state.view->data.displayCrs.c_str()
                                                                 : state.view->data.displayCrsName.c_str());
    if (!state.view->data.displayCrs.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", state.view->data.displayCrs.c_str());
    if (auto d = scaleDenominator(state)) {
      ImGui::SameLine(0, 24 * state.uiScale);
      ImGui::Text("1:%s", std::to_string(static_cast<long long>(std::llround(*d))).c_str());
    }
    ImGui::SameLine(0, 24 * state.uiScale);
    const std::size_t areas = state.view->data.layer.featureCount();
    ImGui::Text("%zu %s", areas, areas == 1 ? "area" : "areas");
  }
  if (!workText.empty()) {
    ImGui::SameLine(0, 24 * state.uiScale);
    ImGui::TextUnformatted(workText.c_str());
    if (workProgress >= 0) {  // negative: no known fraction (the text says how long it has run)
      ImGui::SameLine();
      ImGui::ProgressBar(workProgress, ImVec2(160 * state.uiScale, 0));
    }
  }
  ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  ImGui::End();
  ImGui::PopStyleVar();
  return {pos.x, pos.y, size.x, size.y};
}

}  // namespace mobmap::ui
