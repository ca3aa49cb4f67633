// Saving the project: Ctrl+S writes the view shown into the project file (Save as for a data file), the quit
// prompt when there are unsaved changes, and the recent projects.
#include <imgui.h>

#include <cstdio>
#include <filesystem>

#include "session/project_edit.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

std::string viewNameOf(const ViewerState& state) {
  return !state.viewName.empty() ? state.viewName : state.view ? session::defaultViewName(state.view->spec) : std::string("map");
}

}  // namespace

std::optional<Project> currentProject(const ViewerState& state) {
  const ProjectSaveState& p = state.project;
  if (!state.view || !p.saved) return std::nullopt;
  const session::ViewSpec spec = mapTypeSpec(state.view->spec, state.mapType, state.secondField);
  return session::projectWithView(*p.saved, viewNameOf(state), spec, state.notes.storeSpec);
}

void noteProjectBaseline(ViewerState& state) {
  ProjectSaveState& p = state.project;
  if (!p.saved) {
    p.saved = Project{};
    if (!state.projectFile.empty()) try {
        p.saved = session::loadProject(state.projectFile);
      } catch (const std::exception& e) {
        p.message = e.what();
      }
  }
  // A project is unchanged while it saves back to what the file holds; a data file opened alone while it saves
  // back to the project it would make now.
  p.baseline = state.projectFile.empty() ? currentProject(state) : p.saved;
  if (p.recent.empty()) p.recent = session::recentProjects();
}

void reloadSavedProject(ViewerState& state) {
  state.project.saved.reset();
  state.project.baseline.reset();
  noteProjectBaseline(state);
}

bool hasUnsavedChanges(const ViewerState& state) {
  if (!state.project.baseline) return false;
  const std::optional<Project> now = currentProject(state);
  return now && !(*now == *state.project.baseline);
}

bool saveProjectTo(ViewerState& state, const std::string& file) {
  ProjectSaveState& p = state.project;
  std::optional<Project> now = currentProject(state);
  if (!now) return false;
  try {
    now->file = file;
    session::saveProject(*now, file);
  } catch (const std::exception& e) {
    p.message = e.what();
    return false;
  }
  state.projectFile = file;
  state.viewName = viewNameOf(state);
  state.projectViews.clear();
  for (const ProjectView& v : now->views) state.projectViews.push_back(v.name);
  p.saved = *now;
  p.baseline = *now;
  p.recent = session::recentProjects();
  p.message = "Saved " + std::filesystem::path(file).filename().string();
  return true;
}

void requestSave(ViewerState& state, bool saveAs) {
  if (!state.view) return;
  if (!saveAs && !state.projectFile.empty()) {
    saveProjectTo(state, state.projectFile);
    return;
  }
  ProjectSaveState& p = state.project;
  p.saveAsOpen = true;
  p.saveAsFocus = true;
  if (p.saveAsPath.empty())
    p.saveAsPath = state.projectFile.empty() ? session::defaultProjectPath(state.view->spec.data) : state.projectFile;
}

void drawSaveAsDialog(ViewerState& state) {
  ProjectSaveState& p = state.project;
  if (!p.saveAsOpen) return;
  const float s = state.uiScale;
  ImGui::SetNextWindowSize(ImVec2(560 * s, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Save project as", &p.saveAsOpen, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  ImGui::TextDisabled("A project file (.toml) keeps the layers, joins, CRS, views, notes store and presets.");
  char buf[1024];
  std::snprintf(buf, sizeof buf, "%s", p.saveAsPath.c_str());
  if (p.saveAsFocus) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(540 * s);
  const bool enter = ImGui::InputText("##saveAs", buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue);
  p.saveAsFocused = ImGui::IsItemActive();
  if (p.saveAsFocused) p.saveAsFocus = false;
  p.saveAsPath = buf;
  const bool save = ImGui::Button("Save") || enter;
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) {
    p.saveAsOpen = false;
    p.quitAfterSave = false;
  }
  if (save) {
    if (!session::isProjectPath(p.saveAsPath)) {
      p.message = p.saveAsPath + ": a project file ends in .toml";
    } else if (saveProjectTo(state, p.saveAsPath)) {
      p.saveAsOpen = false;
      if (std::exchange(p.quitAfterSave, false)) p.quitNow = true;
    }
  }
  if (!p.message.empty()) ImGui::TextDisabled("%s", p.message.c_str());
  ImGui::End();
}

void requestQuit(ViewerState& state) {
  if (hasUnsavedChanges(state))
    state.project.quitPromptOpen = true;
  else
    state.project.quitNow = true;
}

void drawQuitPrompt(ViewerState& state) {
  ProjectSaveState& p = state.project;
  for (auto& b : p.promptButtons) b[0] = b[1] = b[2] = b[3] = 0;
  if (!p.quitPromptOpen) return;
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::Begin("Unsaved changes", nullptr,
               ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
  const std::string name = state.projectFile.empty() ? std::string("a new project") : std::filesystem::path(state.projectFile).filename().string();
  ImGui::Text("Save the changes to %s before quitting?", name.c_str());
  ImGui::TextDisabled("Enter saves, D quits without saving, Escape goes back.");
  enum Answer { None, Save, Discard, Cancel } answer = None;
  auto button = [&](const char* label, int i, Answer a) {
    if (ImGui::Button(label)) answer = a;
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    p.promptButtons[i][0] = min.x;
    p.promptButtons[i][1] = min.y;
    p.promptButtons[i][2] = max.x - min.x;
    p.promptButtons[i][3] = max.y - min.y;
  };
  button("Save", 0, Save);
  ImGui::SameLine();
  button("Don't save", 1, Discard);
  ImGui::SameLine();
  button("Cancel", 2, Cancel);
  // ImGui 1.86 indexes keys by the GLFW key codes: Enter 257, Escape 256, D 68.
  if (ImGui::IsKeyPressed(257) || ImGui::IsKeyPressed(335)) answer = Save;
  if (ImGui::IsKeyPressed(68)) answer = Discard;
  if (ImGui::IsKeyPressed(256)) answer = Cancel;
  ImGui::End();
  if (answer == None) return;
  p.quitPromptOpen = false;
  if (answer == Discard) p.quitNow = true;
  if (answer == Save) {
    if (!state.projectFile.empty()) {
      if (saveProjectTo(state, state.projectFile)) p.quitNow = true;
    } else {
      p.quitAfterSave = true;
      requestSave(state, true);
    }
  }
}

void drawProjectPanel(ViewerState& state) {
  ProjectSaveState& p = state.project;
  const bool dirty = hasUnsavedChanges(state);
  if (ImGui::Button(state.projectFile.empty() ? "Save as project... (Ctrl+S)" : "Save (Ctrl+S)")) requestSave(state, false);
  ImGui::SameLine();
  if (ImGui::Button("Save as...")) requestSave(state, true);
  ImGui::TextDisabled("%s", dirty ? "Unsaved changes" : p.message.empty() ? "No unsaved changes" : p.message.c_str());
  if (!p.recent.empty()) {
    ImGui::TextDisabled("Recent projects");
    for (const std::string& r : p.recent) {
      if (r == state.projectFile) continue;
      if (ImGui::Selectable(std::filesystem::path(r).filename().string().c_str())) state.getData.openProject = r;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r.c_str());
    }
  }
}

}  // namespace mobmap::ui
