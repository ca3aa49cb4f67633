// The Moran scatter plot panel: standardised value against its spatial lag, drawn with ImGui's draw list
// from the same model as `mobmap render --moran-scatter`, linked to the map selection both ways.
#include <algorithm>
#include <cmath>

#include "render/moran_scatter.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

ImU32 imColor(style::Rgb c, int alpha = 255) { return IM_COL32(c.r, c.g, c.b, alpha); }

PanelRect windowRect() {
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  return {pos.x, pos.y, size.x, size.y};
}

}  // namespace

PanelRect drawMoranScatterPanel(ViewerState& state, const PanelRect& mapArea) {
  if (!state.view || !state.showMoranScatter) return {};
  const float s = ImGui::GetFontSize() / 16.0f;
  // Square plot under two lines of text, in the top part of the map area (the legend is at the bottom right).
  const float w = std::max(200 * s, std::min({420 * s, mapArea.width * 0.5f, mapArea.height * 0.6f - 90 * s}));
  ImGui::SetNextWindowPos(ImVec2(mapArea.x + mapArea.width - w - 10 * s, mapArea.y + 10 * s), ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(w, w + 90 * s), ImGuiCond_Appearing);
  if (!ImGui::Begin("Moran scatter plot", &state.showMoranScatter, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return {};
  }
  // The scatter is built in the background (updateMapJobs); until it is in, say so.
  if (state.scatterJob && state.scatterJob->busy()) {
    ImGui::TextDisabled("%s...", state.scatterJob->stage().c_str());
    const PanelRect rect = windowRect();
    ImGui::End();
    return rect;
  }
  if (!state.scatter || state.scatterGeneration != state.viewGeneration) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", state.scatterError.c_str());
    ImGui::PopTextWrapPos();
    ImGui::End();
    return {};
  }
  const render::MoranScatter& sc = *state.scatter;
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(render::moranSummaryText(sc).c_str());
  ImGui::TextDisabled("x: standardised %s; y: its spatial lag. Filled: significant (p \xe2\x89\xa4 %.2f). Click a point to select its area.",
                      sc.metricLabel.c_str(), sc.alpha);
  ImGui::PopTextWrapPos();

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::max(80.0f, std::min(avail.x, avail.y));
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##moran-scatter", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const double limit = render::moranScatterLimit(sc);
  const float unit = static_cast<float>(side / (2 * limit));
  const float cx = p0.x + side / 2, cy = p0.y + side / 2;
  auto at = [&](double x, double y) { return ImVec2(cx + static_cast<float>(x) * unit, cy - static_cast<float>(y) * unit); };
  dl->PushClipRect(p0, ImVec2(p0.x + side, p0.y + side), true);
  dl->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(255, 255, 255, 255));
  dl->AddRect(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(200, 200, 200, 255));
  dl->AddLine(ImVec2(p0.x, cy), ImVec2(p0.x + side, cy), IM_COL32(120, 120, 120, 255), 1.0f * s);
  dl->AddLine(ImVec2(cx, p0.y), ImVec2(cx, p0.y + side), IM_COL32(120, 120, 120, 255), 1.0f * s);
  const double I = sc.global.I;
  const double xEnd = std::abs(I) <= 1 ? limit : limit / std::abs(I);
  dl->AddLine(at(-xEnd, -I * xEnd), at(xEnd, I * xEnd), IM_COL32(30, 30, 30, 255), 1.5f * s);

  const float r = std::clamp(side / std::sqrt(static_cast<float>(std::max<std::size_t>(1, sc.points.size()))) / 5, 2.0f * s, 5.0f * s);
  std::optional<std::size_t> nearest;
  float best = (6 * s + r) * (6 * s + r);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (std::size_t k = 0; k < sc.points.size(); ++k) {
    const render::MoranScatterPoint& p = sc.points[k];
    const ImVec2 c = at(p.x, p.y);
    const ImU32 color = imColor(sc.colors[static_cast<std::size_t>(p.quadrant)]);
    if (p.significant) dl->AddCircleFilled(c, r, color);
    dl->AddCircle(c, r, color, 0, 1.2f * s);
    if (hovered) {
      const float d = (c.x - mouse.x) * (c.x - mouse.x) + (c.y - mouse.y) * (c.y - mouse.y);
      if (d < best) {
        best = d;
        nearest = k;
      }
    }
  }
  // The hovered and the selected areas (from the map, the table or this plot) are ringed.
  for (const render::MoranScatterPoint& p : sc.points) {
    if (state.hovered && *state.hovered == p.row) dl->AddCircle(at(p.x, p.y), r + 3 * s, IM_COL32(90, 90, 90, 255), 0, 1.5f * s);
    if (state.selected && *state.selected == p.row) {
      dl->AddCircle(at(p.x, p.y), r + 3 * s, IM_COL32(0, 0, 0, 255), 0, 2.5f * s);
      dl->AddCircle(at(p.x, p.y), r + 5 * s, IM_COL32(255, 255, 255, 255), 0, 1.5f * s);
    }
  }
  dl->PopClipRect();

  if (nearest) {
    const render::MoranScatterPoint& p = sc.points[*nearest];
    state.hovered = p.row;
    std::string name = featureName(state, p.row);
    if (name.empty()) name = featureKey(state, p.row);
    ImGui::SetTooltip("%s\n%s  (x %.2f, lag %.2f)%s", name.c_str(), featureValueText(state, p.row).c_str(), p.x, p.y,
                      p.significant ? "\nsignificant" : "");
    if (clicked) state.selected = p.row;
  }
  const PanelRect rect = windowRect();
  ImGui::End();
  return rect;
}

}  // namespace mobmap::ui
