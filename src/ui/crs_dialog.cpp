// The banner over a layer drawn without a usable CRS and the "Set CRS" dialog: search PROJ's database by code
// or name, suggestions from the coordinates, Enter or a double click applies.
#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

bool hasCrsProblem(const ViewerState& state) {
  return state.view && state.view->data.displayCrs.empty() && !state.view->data.layer.crsProblem.empty();
}

// One selectable row per choice; a click highlights it, a double click applies it.
void drawChoices(CrsDialogState& d, const std::vector<session::CrsChoice>& choices, const char* idPrefix) {
  for (const session::CrsChoice& c : choices) {
    const std::string label = c.code + "  " + c.name + "##" + idPrefix + c.code;
    if (ImGui::Selectable(label.c_str(), d.highlighted == c.code, ImGuiSelectableFlags_AllowDoubleClick)) {
      d.highlighted = c.code;
      if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) d.requested = c.code;
    }
    if (!c.why.empty()) {
      ImGui::Indent();
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", c.why.c_str());
      ImGui::PopTextWrapPos();
      ImGui::Unindent();
    }
  }
}

}  // namespace

void openCrsDialog(ViewerState& state) {
  CrsDialogState& d = state.crs;
  d.open = true;
  d.focusSearch = true;
  d.message.clear();
}

void updateCrsDialog(ViewerState& state) {
  CrsDialogState& d = state.crs;
  if (auto r = d.suggestJob->takeResult()) {
    d.suggestions = std::move(*r);
    if (d.highlighted.empty() && !d.suggestions.empty()) d.highlighted = d.suggestions.front().code;
  }
  if (!d.open || !state.view || d.suggestionsGeneration == state.viewGeneration) return;
  d.suggestionsGeneration = state.viewGeneration;
  d.suggestions.clear();
  const Extent extent = state.view->data.layer.geometry.extent();
  const std::string place = session::stateOfAreas(state.view->data.layer.attributes);
  d.suggestJob->start("Suggesting a CRS from the coordinates", [extent, place](JobControl&) {
    return session::suggestCrsChoices(extent, place);
  });
}

void drawCrsBanner(ViewerState& state, const PanelRect& mapArea) {
  CrsDialogState& d = state.crs;
  d.bannerButton[0] = d.bannerButton[1] = d.bannerButton[2] = d.bannerButton[3] = 0;
  if (!hasCrsProblem(state)) return;
  // Bottom left of the map, clear of the title (top left) and the legend (bottom right).
  const float s = state.uiScale;
  const float width = std::max(300 * s, mapArea.width * 0.6f);
  ImGui::SetNextWindowPos(ImVec2(mapArea.x + 8 * s, mapArea.y + mapArea.height - 8 * s), ImGuiCond_Always, ImVec2(0, 1));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(1.0f, 0.95f, 0.78f, 0.97f));
  ImGui::Begin("##crsBanner", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PushTextWrapPos(width - 16 * s);
  ImGui::TextUnformatted(state.view->data.layer.crsProblem.c_str());
  ImGui::TextDisabled("Drawn in the file's own coordinates: no scale, no lon/lat, no overlays from other CRSs.");
  ImGui::PopTextWrapPos();
  if (ImGui::Button("Set CRS...")) openCrsDialog(state);
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  d.bannerButton[0] = min.x;
  d.bannerButton[1] = min.y;
  d.bannerButton[2] = max.x - min.x;
  d.bannerButton[3] = max.y - min.y;
  ImGui::End();
  ImGui::PopStyleColor();
}

void drawCrsDialog(ViewerState& state) {
  CrsDialogState& d = state.crs;
  if (!d.open || !state.view) return;
  const float s = state.uiScale;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(560 * s, 460 * s), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x / 2, vp->Pos.y + vp->Size.y / 2), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Set CRS", &d.open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  const Layer& layer = state.view->data.layer;
  ImGui::PushTextWrapPos(0);
  ImGui::Text("The CRS of %s", std::filesystem::path(state.view->spec.data).filename().string().c_str());
  ImGui::TextDisabled("Its coordinates are kept; the CRS says what they mean (as ogr2ogr -a_srs, mobmap --assign-crs).");
  if (!layer.crsProblem.empty() && state.view->data.displayCrs.empty()) ImGui::TextDisabled("%s", layer.crsProblem.c_str());
  ImGui::PopTextWrapPos();

  if (d.focusSearch) ImGui::SetKeyboardFocusHere();
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s", d.query.c_str());
  const bool enter = ImGui::InputTextWithHint("##crsSearch", "EPSG code or name (3435, illinois east, utm 16n)", buf, sizeof buf,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  d.query = buf;
  d.searchFocused = ImGui::IsItemActive();
  if (d.searchFocused) d.focusSearch = false;  // asked until the box has the keyboard
  if (d.query != d.resultsFor) {
    d.resultsFor = d.query;
    d.results = d.query.empty() ? std::vector<session::CrsChoice>{} : session::searchCrsChoices(d.query, 60);
    // The first result the coordinates also suggest, else the first result, else the best suggestion.
    d.highlighted = !d.results.empty() ? d.results.front().code : !d.suggestions.empty() ? d.suggestions.front().code : "";
    for (const session::CrsChoice& r : d.results)
      if (std::any_of(d.suggestions.begin(), d.suggestions.end(), [&](const session::CrsChoice& c) { return c.code == r.code; })) {
        d.highlighted = r.code;
        break;
      }
  }
  if (enter && !d.highlighted.empty()) d.requested = d.highlighted;

  ImGui::BeginChild("##crsChoices", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.6f), true);
  if (!d.query.empty()) {
    ImGui::TextDisabled("%zu found in PROJ's database", d.results.size());
    drawChoices(d, d.results, "r");
    ImGui::Separator();
  }
  ImGui::TextDisabled("%s", d.suggestJob->busy() ? d.suggestJob->stage().c_str()
                            : d.suggestions.empty() ? "No suggestion from the coordinates"
                                                    : "Suggested from the coordinates");
  drawChoices(d, d.suggestions, "s");
  ImGui::EndChild();
  ImGui::BeginDisabled(d.highlighted.empty());
  if (ImGui::Button(("Use " + (d.highlighted.empty() ? std::string("this CRS") : d.highlighted)).c_str())) d.requested = d.highlighted;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) d.open = false;
  if (!d.message.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", d.message.c_str());
  }
  ImGui::End();
}

void applyCrsChoice(ViewerState& state) {
  CrsDialogState& d = state.crs;
  if (!d.requested || !state.view) return;
  const std::string code = std::exchange(d.requested, std::nullopt).value();
  session::ViewSpec spec = state.view->spec;
  spec.assignCrs = code;
  spec.displayCrs.clear();  // chosen again for the CRS now known
  d.open = false;
  d.message = "The CRS " + code + " is used for this session";
  if (!state.projectFile.empty()) {
    try {
      const std::string layer = session::saveLayerCrs(state.projectFile, spec, code);
      d.message = "Saved crs = \"" + code + "\" on layer '" + layer + "' in " +
                  std::filesystem::path(state.projectFile).filename().string();
      state.project.rebaseline = true;
    } catch (const std::exception& e) {
      d.message = e.what();
    }
  }
  state.requestedReload = std::move(spec);
  state.reloadRefits = true;  // other coordinates: the camera fits the layer again
}

}  // namespace mobmap::ui
