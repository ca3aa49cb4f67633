// The views of a project: picking one loads its layer, join and style; presentation and comparison controls.
#include "ui/meeting_panels.h"

namespace mobmap::ui {

void drawViewsPanel(ViewerState& state) {
  if (state.projectViews.empty()) return;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##view", state.viewName.empty() ? "(no view)" : state.viewName.c_str())) {
    for (const std::string& v : state.projectViews)
      if (ImGui::Selectable(v.c_str(), v == state.viewName)) state.requestedView = v;
    ImGui::EndCombo();
  }
  drawMeetingControls(state);
}

}  // namespace mobmap::ui
