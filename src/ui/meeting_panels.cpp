// Coalition-meeting panels: map titles, the presentation and comparison controls, on-map labels.
#include "ui/meeting_panels.h"

#include <algorithm>

#include "session/long_table.h"
#include "ui/linked_maps.h"

namespace mobmap::ui {

namespace {

constexpr ImGuiWindowFlags kOverlayFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoNav |
                                           ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoInputs;

}  // namespace

PanelRect drawMapTitle(const ViewerState& state, const PanelRect& area, const char* windowId,
                       const std::string& footnote) {
  if (!state.view) return {};
  const float s = state.appliedFontScale > 0 ? state.appliedFontScale : 1.0f;
  const std::string& title = !state.view->spec.title.empty() ? state.view->spec.title
                             : state.map                    ? state.map->metricLabel
                                                            : state.view->spec.field;
  ImGui::SetNextWindowPos(ImVec2(area.x + 10 * s, area.y + 8 * s));
  ImGui::SetNextWindowBgAlpha(0.85f);
  ImGui::Begin(windowId, nullptr, kOverlayFlags);
  ImGui::SetWindowFontScale(1.25f);
  ImGui::TextUnformatted(title.c_str());
  ImGui::SetWindowFontScale(1.0f);
  // The subtitle as an export from this view has it: the view's own, else the rows' subgroup and year.
  const std::string subtitle =
      !state.view->spec.subtitle.empty() ? state.view->spec.subtitle : session::rowScopeText(state.view->spec.where);
  if (!subtitle.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(200.0f, area.width - 40 * s));
    ImGui::TextDisabled("%s", subtitle.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!footnote.empty()) {
    ImGui::SetWindowFontScale(0.75f);
    ImGui::TextDisabled("%s", footnote.c_str());
    ImGui::SetWindowFontScale(1.0f);
  }
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  ImGui::End();
  return {pos.x, pos.y, size.x, size.y};
}

void drawMeetingControls(ViewerState& state) {
  MeetingState& m = state.meeting;
  if (ImGui::Button("Present (F5)")) m.presentRequested = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Full screen with large type; Left/Right or PageUp/PageDown step through the views; Esc leaves");
  if (state.projectViews.size() < 2) return;
  ImGui::SameLine();
  ImGui::Checkbox("Compare", &m.comparing);
  if (m.comparing && m.compareWith.empty()) {
    for (const std::string& v : state.projectViews)
      if (v != state.viewName) {
        m.compareWith = v;
        break;
      }
  }
  if (!m.comparing) {
    if (!m.compareMessage.empty()) ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", m.compareMessage.c_str());
    return;
  }
  ImGui::TextUnformatted("with");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##compareWith", m.compareWith.c_str())) {
    for (const std::string& v : state.projectViews)
      if (ImGui::Selectable(v.c_str(), v == m.compareWith)) m.compareWith = v;
    ImGui::EndCombo();
  }
  bool same = !m.independentBreaks;
  if (ImGui::Checkbox("Same classes on both sides", &same)) {
    m.independentBreaks = !same;
    m.breaksChosen = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", linkedBreaksLabel(same).c_str());
  if (!m.compareMessage.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", m.compareMessage.c_str());
    ImGui::PopTextWrapPos();
  }
}

void drawComparisonLabel(const ViewerState& state, const PanelRect& area, float top) {
  const MeetingState& m = state.meeting;
  const std::string label = linkedBreaksLabel(!m.independentBreaks);
  ImGui::SetNextWindowPos(ImVec2(area.x + 10 * state.uiScale, std::max(area.y, top)));
  ImGui::SetNextWindowBgAlpha(0.9f);
  ImGui::Begin("##compareLabel", nullptr, kOverlayFlags);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(160.0f, area.width - 40 * state.uiScale));
  if (m.independentBreaks && !m.poolingProblem.empty())
    ImGui::TextColored(ImVec4(0.65f, 0.2f, 0.0f, 1), "%s, as %s", label.c_str(), m.poolingProblem.c_str());
  else if (m.independentBreaks)
    ImGui::TextColored(ImVec4(0.65f, 0.2f, 0.0f, 1), "%s", label.c_str());
  else
    ImGui::TextUnformatted(label.c_str());
  if (!m.compareMessage.empty()) ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", m.compareMessage.c_str());
  ImGui::PopTextWrapPos();
  ImGui::End();
}

std::string presentationHint(const ViewerState& state) {
  const MeetingState& m = state.meeting;
  std::string keys = "Left/Right: views   N, Enter: note   Esc: leave";
  if (m.presentPosition == 0) return keys;
  return std::to_string(m.presentPosition) + " / " + std::to_string(state.projectViews.size()) + "   " + keys;
}

}  // namespace mobmap::ui
