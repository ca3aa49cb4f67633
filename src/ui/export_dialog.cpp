// The Export dialog: title, subtitle, legend title and source prefilled as `mobmap render` would write them,
// size presets, format, callouts, a preview of the page layout, and the figure written in the background
// through session::writeMapFigure, the composition `mobmap render` uses for the same view.
#include <imgui.h>

#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "session/figure_export.h"
#include "session/long_table.h"
#include "session/map_kind.h"
#include "session/note_callouts.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace fs = std::filesystem;

const std::vector<SizePreset>& exportSizePresets() {
  static const std::vector<SizePreset> presets = {{"Report column (6.5 in)", 6.5, 6.5 * 0.625},
                                                  {"Full page (7.5 x 10 in)", 7.5, 10},
                                                  {"Slide 16:9 (13.33 x 7.5 in)", 13.333, 7.5},
                                                  {"Poster (36 x 24 in)", 36, 24}};
  return presets;
}

namespace {

const char* kFormats[] = {"PNG", "SVG", "PDF"};
const char* kExtensions[] = {".png", ".svg", ".pdf"};

bool editText(const char* label, std::string& value, float width) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s", value.c_str());
  ImGui::SetNextItemWidth(width);
  const bool enter = ImGui::InputText(label, buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue);
  value = buf;
  return enter;
}

// The texts `mobmap render` puts on the figure of this view: the spec's, else the defaults.
void prefill(ViewerState& state) {
  ExportDialogState& d = state.exportDialog;
  const session::ViewSpec& spec = state.view->spec;
  const std::string key = std::to_string(state.viewGeneration) + "|" + spec.field + "|" + spec.where + "|" +
                          std::to_string(static_cast<int>(state.mapType));
  if (d.prefilledFor == key) return;
  d.prefilledFor = key;
  render::FigureOptions fo;
  try {
    fo = session::defaultFigureOptions(spec, state.view->data);
  } catch (const std::exception&) {
  }
  d.title = !spec.title.empty() ? spec.title : !state.mapTitle.empty() ? state.mapTitle : state.map ? state.map->metricLabel : spec.field;
  d.subtitle = !spec.subtitle.empty() ? spec.subtitle : session::rowScopeText(spec.where);
  d.legendTitle = !spec.legendTitle.empty() ? spec.legendTitle : state.map ? state.map->metricLabel : std::string();
  d.source = fo.source;
  d.callouts = !spec.calloutNotes.empty();
  if (d.path.empty()) {
    const fs::path base = !state.projectFile.empty() ? fs::path(state.projectFile).parent_path() : fs::path(spec.data).parent_path();
    d.path = (base / ((state.viewName.empty() ? session::mappedField(spec) : state.viewName) + kExtensions[d.format])).string();
  }
}

// The page drawn to scale: title and subtitle, the map frame and the legend column, as the figure lays them out.
void drawPreview(const ExportDialogState& d, float width) {
  const SizePreset& p = exportSizePresets()[static_cast<std::size_t>(d.preset)];
  const float w = width, h = static_cast<float>(width * p.heightIn / p.widthIn);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(o, ImVec2(o.x + w, o.y + h), IM_COL32(255, 255, 255, 255));
  dl->AddRect(o, ImVec2(o.x + w, o.y + h), IM_COL32(150, 150, 150, 255));
  const float pad = w * 0.03f, titleH = h * 0.1f;
  dl->AddText(ImVec2(o.x + pad, o.y + pad), IM_COL32(30, 30, 30, 255), d.title.c_str());
  dl->AddText(ImVec2(o.x + pad, o.y + pad + ImGui::GetTextLineHeight()), IM_COL32(110, 110, 110, 255), d.subtitle.c_str());
  const float top = o.y + pad + titleH + ImGui::GetTextLineHeight();
  const float legendW = w * 0.25f;
  dl->AddRectFilled(ImVec2(o.x + pad, top), ImVec2(o.x + w - legendW - pad, o.y + h - pad * 2), IM_COL32(205, 222, 236, 255));
  dl->AddText(ImVec2(o.x + w - legendW, top), IM_COL32(30, 30, 30, 255), d.legendTitle.c_str());
  dl->AddText(ImVec2(o.x + pad, o.y + h - pad * 1.8f), IM_COL32(110, 110, 110, 255), d.source.c_str());
  ImGui::Dummy(ImVec2(w, h));
}

void startExport(ViewerState& state) {
  ExportDialogState& d = state.exportDialog;
  const SizePreset& p = exportSizePresets()[static_cast<std::size_t>(d.preset)];
  session::ViewSpec spec = state.view->spec;  // buildViewMap draws it as the map type shown
  spec.title = d.title;
  spec.subtitle = d.subtitle;
  spec.legendTitle = d.legendTitle;
  spec.source = d.source;
  render::FigureOptions fo = session::defaultFigureOptions(spec, state.view->data);
  fo.widthPt = p.widthIn * 72;
  fo.heightPt = p.heightIn * 72;
  if (state.exportCurrentExtent) fo.extent = state.camera.visibleExtent();
  if (d.callouts)
    fo.callouts = session::publicNoteCallouts(session::notesToCallOut(state.notes.all, spec.calloutNotes), state.view->data.displayCrs);
  std::shared_ptr<const session::LoadedView> view = state.view;
  const MapType type = state.mapType;
  const std::string second = state.secondField, path = d.path;
  d.message.clear();
  d.job->start("Exporting " + fs::path(path).filename().string(), [view, spec, fo, type, second, path](JobControl& c) {
    ExportResult r;
    try {
      session::BuiltMap built = buildViewMap(spec, view->data.layer, type, second, nullptr, &c.cancel);
      if (c.cancelled()) throw Error("cancelled");
      c.progress = 0.5;
      session::writeMapFigure(built, view->data, fo, path, session::kDefaultFigureDpi);
      r.path = path;
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    return r;
  });
}

}  // namespace

void openExportDialog(ViewerState& state) {
  if (!state.view) return;
  state.exportDialog.open = true;
  state.exportDialog.focus = true;
  prefill(state);
}

void updateExportDialog(ViewerState& state) {
  ExportDialogState& d = state.exportDialog;
  if (auto r = d.job->takeResult()) d.message = r->error.empty() ? "wrote " + fs::absolute(r->path).string() : r->error;
}

void drawExportDialog(ViewerState& state) {
  ExportDialogState& d = state.exportDialog;
  d.exportButton[0] = d.exportButton[1] = d.exportButton[2] = d.exportButton[3] = 0;
  if (!d.open || !state.view) return;
  prefill(state);
  const float s = state.uiScale;
  ImGui::SetNextWindowSize(ImVec2(640 * s, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Export figure", &d.open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  const float field = 420 * s;
  if (d.focus) ImGui::SetKeyboardFocusHere();
  bool go = editText("Title", d.title, field);
  d.focused = ImGui::IsItemActive();
  if (d.focused) d.focus = false;
  go |= editText("Subtitle", d.subtitle, field);
  go |= editText("Legend title", d.legendTitle, field);
  go |= editText("Source", d.source, field);
  ImGui::SetNextItemWidth(field);
  if (ImGui::BeginCombo("Size", exportSizePresets()[static_cast<std::size_t>(d.preset)].label)) {
    for (std::size_t i = 0; i < exportSizePresets().size(); ++i)
      if (ImGui::Selectable(exportSizePresets()[i].label, d.preset == static_cast<int>(i))) d.preset = static_cast<int>(i);
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(120 * s);
  if (ImGui::Combo("Format", &d.format, kFormats, 3)) d.path = fs::path(d.path).replace_extension(kExtensions[d.format]).string();
  go |= editText("File", d.path, field);
  ImGui::Checkbox("Numbered public notes", &d.callouts);
  ImGui::SameLine();
  ImGui::Checkbox("Only the extent shown", &state.exportCurrentExtent);
  drawPreview(d, 300 * s);
  const bool busy = d.job->busy();
  ImGui::BeginDisabled(busy || !state.map);
  go |= ImGui::Button("Export");
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  d.exportButton[0] = min.x;
  d.exportButton[1] = min.y;
  d.exportButton[2] = max.x - min.x;
  d.exportButton[3] = max.y - min.y;
  ImGui::EndDisabled();
  if (busy) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", d.job->stage().c_str());
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) d.job->discard();
  }
  if (go && !busy && state.map) startExport(state);
  if (!d.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", d.message.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

}  // namespace mobmap::ui
