// The Open dialog (folders, a filter by kind, recent projects, the project's data folder) and the Join dialog
// that a table opened over boundaries brings up: keys proposed on both sides, the join report as `mobmap join`
// words it, then the year and subgroup pickers of a long table.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "core/join_diagnosis.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace fs = std::filesystem;

namespace {

bool passesFilter(const std::string& path, int filter) {
  const session::FileKind k = session::fileKindOf(path);
  switch (filter) {
    case 1: return k == session::FileKind::Boundaries;
    case 2: return k == session::FileKind::Table;
    case 3: return k == session::FileKind::Project;
    default: return k != session::FileKind::Unknown;
  }
}

void listFolder(OpenDialogState& d) {
  d.entries.clear();
  d.listedFolder = d.folder;
  d.listedFilter = d.filter;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(d.folder, fs::directory_options::skip_permission_denied, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(".")) continue;
    std::error_code dirEc;
    const bool dir = e.is_directory(dirEc);
    if (dir || passesFilter(name, d.filter)) d.entries.emplace_back(name, dir);
  }
  std::sort(d.entries.begin(), d.entries.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second : a.first < b.first;  // folders first
  });
}

std::string startFolder(const ViewerState& state) {
  std::error_code ec;
  if (!state.projectFile.empty()) return fs::absolute(state.projectFile, ec).parent_path().string();
  if (state.view) return fs::absolute(state.view->spec.data, ec).parent_path().string();
  return fs::current_path(ec).string();
}

}  // namespace

void openOpenDialog(ViewerState& state) {
  OpenDialogState& d = state.openFile;
  d.open = true;
  d.focus = true;
  if (d.folder.empty()) d.folder = startFolder(state);
  d.listedFolder.clear();
}

void drawOpenDialog(ViewerState& state) {
  OpenDialogState& d = state.openFile;
  if (!d.open) return;
  if (d.listedFolder != d.folder || d.listedFilter != d.filter) listFolder(d);
  const float s = state.uiScale;
  ImGui::SetNextWindowSize(ImVec2(620 * s, 520 * s), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Open", &d.open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  ImGui::TextDisabled("Boundaries (Shapefile, zipped too, GeoPackage, GeoJSON, TopoJSON, FlatGeobuf, KML), tables (CSV, "
                      "XLSX, ODS: joined to the map) or a project; or drop files on the window.");
  char buf[1024];
  std::snprintf(buf, sizeof buf, "%s", d.path.c_str());
  if (d.focus) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(-1);
  const bool entered = ImGui::InputTextWithHint("##openPath", "a path, or pick below", buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue);
  d.focused = ImGui::IsItemActive();
  if (d.focused) d.focus = false;
  if (entered) {
    d.path = buf;
    std::error_code ec;
    const fs::path p = fs::absolute(d.path.empty() ? fs::path(d.folder) : fs::path(d.folder) / d.path, ec);
    if (fs::is_directory(p, ec)) {
      d.folder = p.lexically_normal().string();
      d.path.clear();
    } else {
      d.requested = p.lexically_normal().string();
    }
  } else {
    d.path = buf;
  }
  const char* filters[] = {"Everything mobmap opens", "Boundaries", "Tables", "Projects"};
  ImGui::SetNextItemWidth(220 * s);
  ImGui::Combo("##openFilter", &d.filter, filters, 4);
  ImGui::SameLine();
  if (ImGui::Button("Up")) d.folder = fs::path(d.folder).parent_path().string();
  ImGui::SameLine();
  if (!state.projectFile.empty() || state.view) {
    if (ImGui::Button("Data folder")) d.folder = startFolder(state);
  }
  ImGui::TextDisabled("%s", d.folder.c_str());
  ImGui::BeginChild("##openEntries", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 4), true);
  for (const auto& [name, dir] : d.entries) {
    const std::string label = (dir ? "[folder] " : "") + name;
    if (ImGui::Selectable(label.c_str(), d.path == name, ImGuiSelectableFlags_AllowDoubleClick)) {
      if (dir) {
        d.folder = (fs::path(d.folder) / name).lexically_normal().string();
        d.path.clear();
      } else {
        d.path = name;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) d.requested = (fs::path(d.folder) / name).string();
      }
    }
  }
  ImGui::EndChild();
  if (!state.project.recent.empty()) {
    ImGui::TextDisabled("Recent projects:");
    for (const std::string& r : state.project.recent) {
      ImGui::SameLine();
      if (ImGui::SmallButton(fs::path(r).filename().string().c_str())) d.requested = r;
    }
  }
  ImGui::BeginDisabled(d.path.empty());
  if (ImGui::Button("Open")) d.requested = (fs::path(d.folder) / d.path).lexically_normal().string();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) d.open = false;
  if (!d.message.empty()) ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", d.message.c_str());
  ImGui::End();
}

void offerJoin(ViewerState& state, const std::string& table) {
  JoinDialogState& j = state.join;
  if (!state.view) return;
  j.open = true;
  j.table = table;
  j.offer.reset();
  j.error.clear();
  j.requested = false;
  j.on.clear();
  j.where.clear();
  auto view = state.view;  // the worker reads the layer's attributes; the shared view keeps them alive
  j.job->start("Reading " + fs::path(table).filename().string(), [view, table](JobControl&) {
    TableOfferResult r;
    try {
      r.offer = session::offerTable(table, view->data.layer.attributes);
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    return r;
  });
}

void updateJoinDialog(ViewerState& state) {
  JoinDialogState& j = state.join;
  auto r = j.job->takeResult();
  if (!r) return;
  j.error = r->error;
  j.offer = std::move(r->offer);
  if (j.offer) {
    if (!j.offer->keys.empty()) j.on = j.offer->keys.front();
    j.where = j.offer->where;
    j.focusKey = true;  // the keyboard goes to the key: Enter joins
  }
}

std::string joinReportOf(const ViewerState& state) {
  if (!state.view || !state.view->data.joinReport || state.view->spec.join.empty()) return {};
  return joinReportText(*state.view->data.joinReport, fs::path(state.view->spec.data).filename().string(),
                        fs::path(state.view->spec.join).filename().string());
}

void drawJoinDialog(ViewerState& state) {
  JoinDialogState& j = state.join;
  j.joinButton[0] = j.joinButton[1] = j.joinButton[2] = j.joinButton[3] = 0;
  if (!j.open || !state.view) return;
  const float s = state.uiScale;
  ImGui::SetNextWindowSize(ImVec2(600 * s, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Join a table", &j.open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  ImGui::Text("Join %s to %s", fs::path(j.table).filename().string().c_str(),
              fs::path(state.view->spec.data).filename().string().c_str());
  if (j.job->busy()) {
    ImGui::TextDisabled("%s", j.job->stage().c_str());
    ImGui::SameLine();
    if (ImGui::Button("Cancel##joinRead")) {
      j.job->discard();
      j.open = false;
    }
  }
  if (!j.error.empty()) ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", j.error.c_str());
  if (j.offer) {
    if (j.offer->keys.empty()) ImGui::TextDisabled("No GEOID-like key found on both sides: type one as LEFT=RIGHT.");
    if (ImGui::BeginCombo("Key", j.on.c_str())) {
      for (const std::string& k : j.offer->keys)
        if (ImGui::Selectable(k.c_str(), j.on == k)) j.on = k;
      ImGui::EndCombo();
    }
    char on[256], where[512];
    std::snprintf(on, sizeof on, "%s", j.on.c_str());
    if (j.focusKey) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputText("LEFT=RIGHT", on, sizeof on, ImGuiInputTextFlags_EnterReturnsTrue);
    j.keyFocused = ImGui::IsItemActive();
    if (j.keyFocused) j.focusKey = false;
    j.on = on;
    std::snprintf(where, sizeof where, "%s", j.where.c_str());
    ImGui::InputText("Rows (year, subgroup)", where, sizeof where);
    j.where = where;
    if (const auto& lt = j.offer->longTable) {  // one row per area, year and subgroup: pick which rows join
      const std::optional<int> year = session::filterYear(j.where);
      const std::optional<std::string> subgroup = session::filterSubgroup(j.where);
      const std::string yearText = year ? std::to_string(*year) : std::string("(choose)");
      if (ImGui::BeginCombo("Year", yearText.c_str())) {
        for (int y : lt->years)
          if (ImGui::Selectable(std::to_string(y).c_str(), year == y)) j.where = session::withYearAndSubgroup(j.where, y, std::nullopt);
        ImGui::EndCombo();
      }
      if (!lt->subgroups.empty() && ImGui::BeginCombo("Subgroup", subgroup ? subgroup->c_str() : "(choose)")) {
        for (const std::string& g : lt->subgroups)
          if (ImGui::Selectable(g.c_str(), subgroup == g)) j.where = session::withYearAndSubgroup(j.where, std::nullopt, g);
        ImGui::EndCombo();
      }
      ImGui::TextDisabled("A long table: %zu years, %zu subgroups; the Field panel switches them after the join.",
                          lt->years.size(), lt->subgroups.size());
    }
    ImGui::BeginDisabled(j.on.find('=') == std::string::npos);
    const bool join = ImGui::Button("Join") || (enter && j.on.find('=') != std::string::npos);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    j.joinButton[0] = min.x;
    j.joinButton[1] = min.y;
    j.joinButton[2] = max.x - min.x;
    j.joinButton[3] = max.y - min.y;
    ImGui::EndDisabled();
    if (join) {
      session::ViewSpec spec = state.view->spec;
      spec.join = j.table;
      spec.joinLayer.clear();
      spec.on = j.on;
      spec.where = j.where;
      state.requestedReload = std::move(spec);
      j.requested = true;
    }
  }
  if (j.requested) {
    const std::string report = state.view->spec.join == j.table ? joinReportOf(state) : std::string();
    if (report.empty())
      ImGui::TextDisabled("Joining...");
    else
      ImGui::TextUnformatted(report.c_str());
  }
  ImGui::End();
}

}  // namespace mobmap::ui
