// The hover tooltip: which area is under the mouse and its mapped value.
#include "ui/feature_finder.h"
#include "ui/panels.h"

namespace mobmap::ui {

void drawHoverTooltip(ViewerState& state) {
  if (!state.view || !state.hovered) return;
  const std::size_t f = *state.hovered;
  ImGui::BeginTooltip();
  std::string name = featureName(state, f), key = featureKey(state, f);
  if (!name.empty()) ImGui::TextUnformatted(name.c_str());
  if (!key.empty()) ImGui::TextDisabled("GEOID %s", key.c_str());
  ImGui::Text("%s: %s", mappedValueLabel(state).c_str(), featureValueText(state, f).c_str());
  if (std::string q = featureQualityText(state, f); !q.empty()) ImGui::TextColored(ImVec4(0.6f, 0.2f, 0, 1), "%s", q.c_str());
  if (state.cursorWorld) {
    // The neighbourhoods (or other named places drawn over the map) the pointer is in.
    std::vector<const Layer*> overlays;
    for (const session::OverlayLayer& o : state.view->data.contextLayers) overlays.push_back(&o.layer);
    for (const std::string& place : state.panels.places.placesContaining(overlays, *state.cursorWorld)) ImGui::TextDisabled("in %s", place.c_str());
  }
  ImGui::EndTooltip();
}

}  // namespace mobmap::ui
