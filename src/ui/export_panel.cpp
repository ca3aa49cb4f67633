// Figure export: the figure `mobmap render` writes for this view (same composition code, same defaults:
// 10 inches at 200 dpi), optionally limited to the extent shown on screen.
#include <filesystem>

#include "session/figure_export.h"
#include "session/note_callouts.h"
#include "ui/panels.h"

namespace mobmap::ui {

void drawExportPanel(ViewerState& state) {
  if (!state.view) return;
  if (ImGui::Button("Export figure... (Ctrl+E)")) openExportDialog(state);
  char (&path)[512] = state.panels.exportPath;
  if (path[0] == 0) snprintf(path, sizeof path, "%s", state.exportPath.c_str());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputText("##exportpath", path, sizeof path)) state.exportPath = path;
  ImGui::Checkbox("Only the extent shown", &state.exportCurrentExtent);
  ImGui::Checkbox("Numbered public notes", &state.exportCallouts);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Call out the view's public notes (all public notes when the view names none); internal notes never appear");
  ImGui::BeginDisabled(!state.map);
  if (ImGui::Button("Export figure (PNG, SVG or PDF)")) {
    try {
      render::FigureOptions fo = session::defaultFigureOptions(state.view->spec, state.view->data);
      if (fo.title.empty()) fo.title = state.mapTitle;  // the map kind's title, as `mobmap render` gives it
      if (state.exportCurrentExtent) fo.extent = state.camera.visibleExtent();
      if (state.exportCallouts)
        fo.callouts = session::publicNoteCallouts(session::notesToCallOut(state.notes.all, state.view->spec.calloutNotes),
                                                  state.view->data.displayCrs, nullptr, state.view->data.insets);
      session::exportFigure(state.view->data, *state.map, fo, state.exportPath, session::kDefaultFigureDpi);
      state.exportMessage = "wrote " + std::filesystem::absolute(state.exportPath).string();
    } catch (const std::exception& e) {
      state.exportMessage = e.what();
    }
  }
  ImGui::EndDisabled();
  if (!state.exportMessage.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", state.exportMessage.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace mobmap::ui
