// The map legend, drawn from the same Legend model as exported figures: heading, unit line, classes with
// swatches and counts, the no-data / suppressed / low-quality swatches, the reference mark and the rule.
#include <cmath>

#include "render/map_furniture.h"
#include "session/long_table.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

ImU32 toColor(const style::Rgb& c, int alpha = 255) { return IM_COL32(c.r, c.g, c.b, alpha); }

void drawSwatch(ImDrawList* dl, ImVec2 a, ImVec2 b, const render::Fill& fill, float scale) {
  dl->AddRectFilled(a, b, toColor(fill.color));
  if (fill.pattern == render::Pattern::Hatch) {
    dl->PushClipRect(a, b, true);
    const float spacing = 5 * scale;
    for (float x = a.x - (b.y - a.y); x < b.x; x += spacing)
      dl->AddLine(ImVec2(x, b.y), ImVec2(x + (b.y - a.y), a.y), toColor(fill.patternColor), std::max(1.0f, scale));
    dl->PopClipRect();
  } else if (fill.pattern == render::Pattern::Dots) {
    const float spacing = 4 * scale;
    for (float y = a.y + spacing / 2; y < b.y; y += spacing)
      for (float x = a.x + spacing / 2; x < b.x; x += spacing) dl->AddCircleFilled(ImVec2(x, y), std::max(0.8f, 0.7f * scale), toColor(fill.patternColor));
  }
  dl->AddRect(a, b, IM_COL32(90, 90, 90, 255));
}

void entryRow(const render::LegendEntry& e, float scale) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 size(22 * scale, h);
  drawSwatch(dl, p, ImVec2(p.x + size.x, p.y + size.y), e.fill, scale);
  ImGui::Dummy(size);
  ImGui::SameLine();
  ImGui::TextUnformatted(e.label.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("(%s)", render::groupNumber(e.count).c_str());  // "(8,218)", as in exported figures
}

// A bivariate legend: the grid of swatches (x left to right, y bottom to top) with each cell's count, and the
// axis labels.
void drawGrid(const render::BivariateLegend& g, float scale) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cell = 34 * scale;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  for (int y = 0; y < g.rows; ++y)
    for (int x = 0; x < g.columns; ++x) {
      const std::size_t i = static_cast<std::size_t>(y * g.columns + x);
      if (i >= g.cells.size()) continue;
      const ImVec2 a(p.x + static_cast<float>(x) * cell, p.y + static_cast<float>(g.rows - 1 - y) * cell);
      drawSwatch(dl, a, ImVec2(a.x + cell, a.y + cell), g.cells[i], scale);
      if (i < g.counts.size()) {
        const std::string n = render::groupNumber(g.counts[i]);
        const ImVec2 t = ImGui::CalcTextSize(n.c_str());
        const style::Rgb c = g.cells[i].color;
        const bool dark = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b < 128;
        dl->AddText(ImVec2(a.x + (cell - t.x) / 2, a.y + (cell - t.y) / 2), dark ? IM_COL32(255, 255, 255, 255) : IM_COL32(30, 30, 30, 255),
                    n.c_str());
      }
    }
  ImGui::Dummy(ImVec2(cell * static_cast<float>(g.columns), cell * static_cast<float>(g.rows)));
  ImGui::TextDisabled("%s", g.xLabel.c_str());
  ImGui::TextDisabled("%s", g.yLabel.c_str());
}

}  // namespace

PanelRect drawLegendPanel(ViewerState& state, const PanelRect& mapArea, const char* windowName) {
  const float scale = state.uiScale;
  const float pad = 10 * scale;
  ImGui::SetNextWindowPos(ImVec2(mapArea.x + mapArea.width - pad, mapArea.y + mapArea.height - pad), ImGuiCond_Always,
                          ImVec2(1, 1));
  ImGui::SetNextWindowBgAlpha(0.94f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;
  PanelRect rect;
  if (ImGui::Begin(windowName, nullptr, flags)) {
    if (!state.view) {
      ImGui::TextDisabled("No data loaded");
    } else if (!state.map) {
      ImGui::TextUnformatted(state.view->spec.field.c_str());
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 320 * scale);
      ImGui::TextColored(ImVec4(0.6f, 0.1f, 0.1f, 1), "%s", state.mapError.c_str());
      ImGui::PopTextWrapPos();
    } else {
      const render::Legend& legend = state.map->legend;
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 340 * scale);
      ImGui::TextUnformatted(legend.heading.c_str());
      const std::string scope = legend.scope.empty() ? session::rowScopeText(state.view->spec.where) : legend.scope;
      if (!scope.empty()) ImGui::TextDisabled("%s", scope.c_str());
      if (!legend.unitLine.empty()) ImGui::TextDisabled("%s", legend.unitLine.c_str());
      ImGui::PopTextWrapPos();
      for (const std::string& w : state.map->warnings) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 340 * scale);
        ImGui::TextColored(ImVec4(0.6f, 0.35f, 0.0f, 1), "%s", w.c_str());
        ImGui::PopTextWrapPos();
      }
      ImGui::Spacing();
      if (legend.grid) drawGrid(*legend.grid, scale);
      // Highest values on top, as the exported figure lists them; a reference on a class boundary is marked
      // between the two classes (`position` classes from the bottom).
      for (std::size_t i = legend.classes.size(); i-- > 0;) {
        entryRow(legend.classes[i], scale);
        if (legend.reference && i > 0 && std::abs(legend.reference->position - static_cast<double>(i)) < 1e-9)
          ImGui::TextColored(ImVec4(0, 0, 0, 1), "--- %s", legend.reference->label.c_str());
      }
      if (legend.reference && std::abs(legend.reference->position - std::round(legend.reference->position)) > 1e-9)
        ImGui::Text("%s", legend.reference->label.c_str());
      if (!legend.special.empty()) ImGui::Separator();
      for (const render::LegendEntry& e : legend.special) entryRow(e, scale);
      ImGui::Spacing();
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 340 * scale);
      if (!legend.rule.empty()) ImGui::TextDisabled("%s", legend.rule.c_str());
      ImGui::TextDisabled("%s", state.map->methodText.c_str());
      if (!legend.footnote.empty()) ImGui::TextDisabled("%s", legend.footnote.c_str());
      ImGui::PopTextWrapPos();
    }
    ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    rect = {pos.x, pos.y, size.x, size.y};
  }
  ImGui::End();
  return rect;
}

}  // namespace mobmap::ui
