// Find: go to an area by GEOID or name. Searches the mapped layer (a hit is selected and zoomed to) and the
// overlays (a hit is zoomed to and outlined); matches update as the user types, Enter goes to the best one.
#include <algorithm>
#include <utility>

#include "ui/feature_finder.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

constexpr std::size_t kMaxMatches = 12;

void goTo(ViewerState& state, const FindHit& hit) {
  state.foundOverlayArea.reset();
  if (!hit.overlay) {
    state.selected = hit.match.feature;
    state.zoomToSelectionRequested = true;
    return;
  }
  const auto& overlays = state.view->data.contextLayers;
  if (*hit.overlay >= overlays.size()) return;
  state.zoomToExtentRequested = overlays[*hit.overlay].layer.geometry.featureExtent(hit.match.feature);
  state.foundOverlayArea = ViewerState::OverlayArea{*hit.overlay, hit.match.feature};
}

}  // namespace

void drawFindPanel(ViewerState& state) {
  if (!state.view) return;
  char (&query)[128] = state.panels.findQuery;
  FindCache& cache = state.panels.find;
  std::string& lastQuery = cache.query;
  std::vector<FindHit>& hits = cache.hits;

  ImGui::SetNextItemWidth(-1);
  if (std::exchange(state.panels.focusFind, false)) ImGui::SetKeyboardFocusHere();
  const bool enter = ImGui::InputTextWithHint("##find", "GEOID or name, then Enter", query, sizeof query,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  const session::ViewData& data = state.view->data;
  if (lastQuery != query || cache.view != state.view.get() || cache.overlays != data.contextLayers.size()) {
    lastQuery = query;
    cache.view = state.view.get();
    cache.overlays = data.contextLayers.size();
    hits.clear();
    for (FindMatch& m : findFeatures(data.layer.attributes, lastQuery, kMaxMatches)) hits.push_back({std::nullopt, std::move(m)});
    for (std::size_t i = 0; i < data.contextLayers.size(); ++i)
      for (FindMatch& m : findFeatures(data.contextLayers[i].layer.attributes, lastQuery, kMaxMatches)) hits.push_back({i, std::move(m)});
    // Best rank first; the mapped layer before overlays within a rank.
    std::stable_sort(hits.begin(), hits.end(), [](const FindHit& a, const FindHit& b) { return a.match.rank < b.match.rank; });
    if (hits.size() > kMaxMatches) hits.resize(kMaxMatches);
  }
  if (enter && !hits.empty()) goTo(state, hits.front());
  if (lastQuery.empty()) return;
  if (hits.empty()) {
    ImGui::TextDisabled("No area matches \"%s\".", lastQuery.c_str());
    return;
  }
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const FindHit& h = hits[i];
    std::string label = h.match.label;
    if (h.overlay) label += "  (" + data.contextLayers[*h.overlay].layer.name + ")";
    label += "##hit" + std::to_string(i);
    const bool selected = !h.overlay && state.selected == h.match.feature;
    if (ImGui::Selectable(label.c_str(), selected)) goTo(state, h);
  }
}

}  // namespace mobmap::ui
