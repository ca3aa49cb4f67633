// Settings: the UI scale (type and spacing, for a projector or a HiDPI screen) and the keys.
#include <algorithm>

#include "ui/panels.h"

namespace mobmap::ui {

void drawSettingsPanel(ViewerState& state) {
  ImGui::Text("UI scale %.2f", state.uiScale);
  ImGui::SameLine();
  if (ImGui::Button(" - ")) state.uiScale = std::max(0.75f, state.uiScale - 0.25f);
  ImGui::SameLine();
  if (ImGui::Button(" + ")) state.uiScale = std::min(3.0f, state.uiScale + 0.25f);
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Drag or arrow keys pan; wheel or +/- zoom; Home zooms to the layer; Esc clears the selection.");
  ImGui::PopTextWrapPos();
}

}  // namespace mobmap::ui
