#include "app/viewer_state_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/column_roles.h"
#include "session/long_table.h"
#include "session/map_kind.h"

namespace mobmap::app {

namespace {

nlohmann::json featureJson(const ui::ViewerState& state, const std::optional<std::size_t>& f) {
  if (!f || !state.view || *f >= state.view->data.layer.featureCount()) return nullptr;
  return {{"index", *f}, {"geoid", ui::featureKey(state, *f)}, {"name", ui::featureName(state, *f)}};
}

// The "Get data for a place" dialog: what was typed, what the download is doing, and where its fields are.
nlohmann::json getDataJson(const ui::GetDataState& g) {
  nlohmann::json rects = nlohmann::json::object();
  for (const auto& [name, r] : g.itemRects) rects[name] = {r[0], r[1], r[2], r[3]};
  return {{"open", g.open}, {"geoid", g.geoid}, {"out_dir", g.outDir}, {"cache", g.cacheDir}, {"mirrors", g.mirrors},
          {"busy", g.job && g.job->busy()}, {"stage", g.job ? g.job->stage() : std::string()}, {"message", g.message},
          {"failed", g.failed}, {"rects", rects}};
}

// The Mobility Metrics profile window: its place and rows, the last export, and where its items are.
nlohmann::json profileJson(const ui::ProfileState& p) {
  nlohmann::json rects = nlohmann::json::object();
  for (const auto& [name, r] : p.itemRects) rects[name] = {r[0], r[1], r[2], r[3]};
  nlohmann::json metrics = nlohmann::json::array();
  if (p.profile)
    for (const render::ProfileRow& r : p.profile->rows) metrics.push_back(r.variable);
  return {{"open", p.open}, {"place", p.profile ? p.profile->place : std::string()}, {"metrics", metrics}, {"error", p.error},
          {"export_path", p.exportPath}, {"export_message", p.exportMessage}, {"clicked", p.clickedMetric}, {"rects", rects}};
}

// The map's legend swatches by kind ("class", "not_significant", ...): the areas each kind counts.
nlohmann::json swatchCounts(const ui::ViewerState& state) {
  nlohmann::json out = nlohmann::json::object();
  if (!state.map) return out;
  for (const auto* entries : {&state.map->legend.classes, &state.map->legend.special})
    for (const render::LegendEntry& e : *entries) {
      const char* kind = render::swatchKindName(e.kind);
      out[kind] = out.value(kind, std::size_t{0}) + e.count;
    }
  return out;
}

// The overlay area Find outlines: its layer, index and name.
nlohmann::json foundOverlayJson(const ui::ViewerState& state) {
  const auto& found = state.foundOverlayArea;
  if (!found || !state.view || found->overlay >= state.view->data.contextLayers.size()) return nullptr;
  const Layer& layer = state.view->data.contextLayers[found->overlay].layer;
  const Column* name = areaNameColumn(layer.attributes);
  return {{"layer", layer.name}, {"index", found->feature}, {"name", name ? name->displayText(found->feature) : std::string()}};
}

// The tooltip as the viewer words it: the area, and the mapped value's label and text.
nlohmann::json tooltipJson(const ui::ViewerState& state, const std::optional<std::size_t>& f) {
  nlohmann::json j = featureJson(state, f);
  if (j.is_null()) return j;
  j["label"] = ui::mappedValueLabel(state);
  j["value"] = ui::featureValueText(state, *f);
  return j;
}

nlohmann::json codesOf(const std::vector<session::CrsChoice>& choices) {
  nlohmann::json out = nlohmann::json::array();
  for (const session::CrsChoice& c : choices) out.push_back(c.code);
  return out;
}

}  // namespace

nlohmann::json viewerStateJson(const ui::ViewerState& state, const FrameFacts& facts) {
  const render::Camera& cam = state.camera;
  const ui::NotesState& s = state.notes;
  nlohmann::json corners = nlohmann::json::array();
  for (const Point& p : s.drawing.vertices) corners.push_back({p.x, p.y});
  nlohmann::json editor = nullptr;
  if (s.draft) {
    const float* b = s.draft->saveButton;
    if (!s.chooser.open) editor = {{"id", s.draft->note.id}, {"wkt", s.draft->note.geometryWkt}, {"area_ids", s.draft->note.areaIds},
              {"title", s.draft->note.title}, {"message", s.draft->message}, {"save_button", {b[0], b[1], b[2], b[3]}}};
  }
  return {
      {"ready", facts.ready},
      {"seconds", facts.seconds},
      {"view", state.viewName},
      // What the map shows, as an export from it would title it (see session/figure_export.h).
      {"field", state.view ? state.view->spec.field : std::string()},
      {"map_type", session::mapKindInfo(state.mapType).name},
      {"second_field", state.secondField},
      {"swatches", swatchCounts(state)},
      {"title", !state.view ? std::string() : !state.view->spec.title.empty() ? state.view->spec.title
                                             : state.map                      ? state.map->metricLabel
                                                                              : state.view->spec.field},
      {"subtitle", !state.view ? std::string() : !state.view->spec.subtitle.empty() ? state.view->spec.subtitle
                                                                                  : session::rowScopeText(state.view->spec.where)},
      {"where", state.view ? state.view->spec.where : std::string()},
      {"warnings", state.map ? state.map->warnings : std::vector<std::string>()},
      {"display_crs", state.view ? state.view->data.displayCrs : std::string()},
      {"display_crs_name", state.view ? state.view->data.displayCrsName : std::string()},
      {"export_dialog",
       {{"open", state.exportDialog.open},
        {"title", state.exportDialog.title},
        {"subtitle", state.exportDialog.subtitle},
        {"legend_title", state.exportDialog.legendTitle},
        {"source", state.exportDialog.source},
        {"preset", state.exportDialog.preset},
        {"path", state.exportDialog.path},
        {"busy", state.exportDialog.job->busy()},
        {"focused", state.exportDialog.focused},
        {"message", state.exportDialog.message}}},
      {"open_dialog", {{"open", state.openFile.open}, {"focused", state.openFile.focused}, {"folder", state.openFile.folder},
                       {"message", state.openFile.message}}},
      {"join",
       {{"open", state.join.open},
        {"table", state.join.table},
        {"keys", state.join.offer ? state.join.offer->keys : std::vector<std::string>()},
        {"on", state.join.on},
        {"where", state.join.where},
        {"key_focused", state.join.keyFocused},
        {"error", state.join.error},
        {"joined", state.view ? state.view->spec.join : std::string()},
        {"report", ui::joinReportOf(state)}}},
      {"get_data", getDataJson(state.getData)},
      {"profile", profileJson(state.profile)},
      {"project",
       {{"file", state.projectFile},
        {"unsaved", ui::hasUnsavedChanges(state)},
        {"save_as_open", state.project.saveAsOpen},
        {"save_as_path", state.project.saveAsPath},
        {"save_as_focused", state.project.saveAsFocused},
        {"quit_prompt", state.project.quitPromptOpen},
        {"message", state.project.message},
        {"recent", state.project.recent}}},
      {"crs",
       {{"layer", state.view ? state.view->data.layer.crs : std::string()},
        {"assigned", state.view ? state.view->spec.assignCrs : std::string()},
        {"problem", state.view ? state.view->data.layer.crsProblem : std::string()},
        {"banner_button", {state.crs.bannerButton[0], state.crs.bannerButton[1], state.crs.bannerButton[2], state.crs.bannerButton[3]}},
        {"dialog_open", state.crs.open},
        {"query", state.crs.query},
        {"search_focused", state.crs.searchFocused},
        {"results", codesOf(state.crs.results)},
        {"suggestions", codesOf(state.crs.suggestions)},
        {"highlighted", state.crs.highlighted},
        {"message", state.crs.message}}},
      {"window", {facts.windowWidth, facts.windowHeight}},
      {"framebuffer_scale", state.framebufferScale},
      {"map", {facts.mapArea.x, facts.mapArea.y, facts.mapArea.width, facts.mapArea.height}},
      {"legend", {facts.legend.x, facts.legend.y, facts.legend.width, facts.legend.height}},
      {"camera",
       {{"center", {cam.center().x, cam.center().y}},
        {"pixels_per_unit", cam.pixelsPerUnit()},
        {"viewport", {cam.viewportWidth(), cam.viewportHeight()}}}},
      {"pointer",
       {{"x", facts.pointer.x}, {"y", facts.pointer.y}, {"left_down", facts.leftButtonDown}, {"over_map", state.cursorWorld.has_value()}}},
      {"selected", featureJson(state, state.selected)},
      {"found_overlay_area", foundOverlayJson(state)},
      {"presenting", state.meeting.presenting},
      {"hovered", featureJson(state, state.hovered)},
      {"tooltip", tooltipJson(state, facts.tooltip)},
      {"inspector", featureJson(state, facts.inspector)},
      {"notes",
       {{"store", s.storeSpec},
        {"count", s.all.size()},
        {"markers", state.noteMarkerCount},
        {"selected_id", s.selectedId ? nlohmann::json(*s.selectedId) : nlohmann::json(nullptr)},
        {"loading", s.loading},
        {"message", s.message},
        {"editor", editor},
        {"drawing", {{"active", s.drawing.active}, {"corners", corners}, {"message", s.drawing.message}}},
        {"moving", s.moving.has_value()},
        {"chooser", {{"open", s.chooser.open}, {"path", s.chooser.path},
                     {"focused", s.chooser.focused},
                     {"use_button", {s.chooser.useButton[0], s.chooser.useButton[1], s.chooser.useButton[2], s.chooser.useButton[3]}}}},
        {"can_undo_move", s.lastMoved.has_value()}}},
  };
}

// Written beside the file and renamed over it, without core's writeFileAtomically: that one syncs to disk, which
// a file rewritten whenever the pointer moves does not need (a reader only must never see half of it).
bool ViewerStateFile::update(nlohmann::json state, bool final, std::string& error) {
  nlohmann::json compared = state;
  compared.erase("seconds");
  if (!final && compared == m_last) return true;
  m_last = compared;
  state["seq"] = ++m_seq;
  state["exited"] = final;
  const std::string tmp = m_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << state.dump(1) << "\n";
    out.close();
    if (out.fail()) {
      error = tmp + ": cannot write the viewer state";
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, m_path, ec);
  if (ec) {
    error = m_path + ": cannot write the viewer state (" + ec.message() + ")";
    std::filesystem::remove(tmp, ec);
    return false;
  }
  return true;
}

}  // namespace mobmap::app
