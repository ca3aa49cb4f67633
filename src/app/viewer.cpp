#include "app/viewer.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <tuple>
#include <utility>

#include "app/dropped_files.h"
#include "app/frame_timings.h"
#include "app/key_taps.h"
#include "app/mouse_taps.h"
#include "app/linked_comparison.h"
#include "app/map_canvas.h"
#include "app/note_map_input.h"
#include "app/notes_worker.h"
#include "app/presentation.h"
#include "app/viewer_state_file.h"
#include "core/column_roles.h"
#include "core/error.h"
#include "core/text.h"
#include "io/project_file.h"
#include "render/gl/framebuffer_capture.h"
#include "session/note_callouts.h"
#include "notes/publication.h"
#include "session/project_edit.h"
#include "session/view_spec.h"
#include "style/metric_catalog.h"
#include "ui/meeting_panels.h"
#include "ui/note_areas.h"
#include "ui/panels.h"

namespace mobmap::app {

namespace {

constexpr float kBaseFontPx = 15.0f;
constexpr float kSidebarWidth = 360.0f;

// The spec for a project view, or for a data file (with any further files as context layers).
session::ViewSpec specFor(const ViewerOptions& o, ui::ViewerState& state, const std::string& viewName) {
  session::ViewSpec spec;
  spec.data = o.paths.front();
  if (io::isProjectFile(spec.data)) {
    state.projectFile = spec.data;
    state.projectViews = session::projectViewNames(spec.data);
    std::string view = viewName.empty() && !state.projectViews.empty() ? state.projectViews.front() : viewName;
    if (view.empty()) throw Error(spec.data + ": the project has no views to show");
    session::applyProjectView(spec, view);
    state.viewName = view;
  } else {
    for (std::size_t i = 1; i < o.paths.size(); ++i) spec.context.push_back({o.paths[i], {}, -1, {}});
  }
  spec.planarWithoutCrs = true;  // a layer without a usable CRS is still shown, with a banner to set one
  return spec;
}

// A field to show when none was named: the first metric the catalog knows, else the first column worth a
// map (never an ID, code, coordinate, year or 0/1 flag: core/column_roles.h), else the first column.
std::string defaultField(const Layer& layer) {
  const auto& catalog = style::MetricCatalog::builtin();
  if (auto f = defaultMapField(layer.attributes, [&](const std::string& n) { return catalog.find(n) != nullptr; })) return *f;
  return layer.attributes.columnCount() ? layer.attributes.column(0).name() : std::string();
}

std::string noDisplayMessage() {
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland)) return "no display available (DISPLAY is not set)";
  return "cannot open an OpenGL 3.3 window on display " + std::string(display ? display : wayland);
}

void glfwErrorToStderr(int code, const char* description) {
  (void)code;
  std::cerr << "mobmap: window system: " << description << "\n";
}

class Viewer {
 public:
  explicit Viewer(const ViewerOptions& options) : m_options(options) {}

  // Starts loading the first view, so that reading runs while the window opens.
  void startFirstLoad();
  // Runs the frame loop in `window` (its GL context current).
  int run(GLFWwindow* window);

 private:
  void startLoad(const std::string& viewName);
  void pollLoad();
  void rebuildFontsIfNeeded();
  void drawUi(ui::PanelRect& mapArea, ui::PanelRect& legendRect);
  ui::PanelRect drawMapOverlays(const ui::PanelRect& mapArea);
  void applyRequests();
  void handleInput(const ui::PanelRect& mapArea, const ui::PanelRect& rightArea, bool comparing);
  void handleMapInput(const ui::PanelRect& mapArea);
  void startNotes();
  void openNotesStore(const std::string& store);
  void pollNotes();
  void placeNotes();
  void applyScriptedPicks();
  void openProject(const std::string& path);
  void openFile(const std::string& path);
  // Where one frame draws, in window units (fb*: framebuffer pixels).
  struct FrameLayout {
    int fbW = 0, fbH = 0;
    ui::PanelRect fullMap;  // the map area, both maps of a comparison together
    ui::PanelRect map;      // the viewer's own map (the left half when comparing)
    ui::PanelRect right;    // the compared map, when comparing
    ui::PanelRect legend;
    bool comparing = false;
  };
  bool startRun();
  void waitForEvents(bool scripted);
  std::optional<int> pollWork(bool scripted);
  void handleShortcuts();
  FrameLayout layOutFrame(bool scripted);
  void placeCamera(const FrameLayout& f);
  void fitBesideLegend(const FrameLayout& f, const Extent& e, double marginPx);
  void handleMapFrame(const FrameLayout& f, bool scripted);
  void drawFrame(const FrameLayout& f, FrameTimings* timings);
  int finishScriptedRun(const FrameLayout& f, FrameTimings* timings);
  bool writeStateFile(const FrameLayout& f, double seconds, bool final);
  bool viewReady() const;

  ViewerOptions m_options;          // a copy: "Get data for a place" replaces the paths
  GLFWwindow* m_window = nullptr;
  ui::ViewerState m_state;
  session::ViewLoader m_loader;
  std::pair<std::uint64_t, int> m_loadFramesShown{0, 0};  // the load (loadNumber) and the frames drawn at its start
  std::unique_ptr<MapCanvas> m_canvas;
  float m_contentScale = 1;
  bool m_dragging = false;
  struct FitFacts {
    float legendWidth = 0, legendHeight = 0;
    float mapWidth = 0, mapHeight = 0;
    Point center;
    double pixelsPerUnit = 0;
  } m_fit;                // the last fit to the layer, and the legend size it left room for
  int m_refitFrames = 0;  // frames in which a legend that changed size refits the layer
  double m_dragDistance = 0;
  bool m_loadFailedScripted = false;
  bool m_keepCameraOnLoad = false;  // the load running is a reload of the view shown (year, subgroup, overlay)
  bool m_freshLoad = false;         // the load running opens a view (not a change to the one shown): unsaved changes start anew
  ui::PanelRect m_tableRect;        // where the data table is, when shown
  ui::PanelRect m_scatterRect;      // where the Moran scatter plot is, when shown
  std::unique_ptr<NotesWorker> m_notes;
  bool m_scriptedPicksDone = false;
  Presentation m_presentation{nullptr};
  LinkedComparison m_comparison;
  ui::PanelRect m_titleRect;        // where the view's title is, when shown
  NoteMapInput m_noteInput;         // drawing area notes, dragging note markers
  bool m_placedPublished = false;   // the notes were last placed for the public (presenting)
  std::unique_ptr<ViewerStateFile> m_stateFile;  // --state-out
  FrameFacts m_facts;               // this frame's facts for --state-out
  bool m_pointerOnRight = false;    // the pointer is over the right map of a comparison
};

// --pick / --dissolve-name: picks the mapped areas with those GEOIDs and, with a name, makes the custom area.
void Viewer::applyScriptedPicks() {
  if (m_scriptedPicksDone || !m_state.view || m_options.pick.empty()) return;
  m_scriptedPicksDone = true;
  for (const std::string& key : m_options.pick)
    for (std::size_t f = 0; f < m_state.view->data.layer.featureCount(); ++f)
      if (ui::featureKey(m_state, f) == key && !ui::isPicked(m_state.customArea, f)) ui::togglePick(m_state.customArea, f);
  if (m_options.dissolveName.empty()) return;
  m_state.customArea.name = m_options.dissolveName;
  m_state.customArea.job = std::make_shared<session::CustomAreaJob>();
  m_state.customArea.job->start(m_state.view->data.layer,
                                session::customAreaRequest(m_state.view->spec, m_state.customArea.name, m_state.customArea.picked));
}

// Opens a project made by "Get data for a place" in place of the one shown.
void Viewer::openProject(const std::string& path) {
  m_options.paths = {path};
  m_options.field.clear();
  m_notes.reset();
  m_state.notes = {};
  m_state.projectFile.clear();
  m_state.projectViews.clear();
  m_state.viewName.clear();
  m_state.loadError.clear();
  m_state.customArea.picked.clear();
  m_state.customArea.area.reset();
  m_state.customArea.inspect = false;
  m_state.getData.open = false;
  m_state.project.saved.reset();
  m_state.project.baseline.reset();
  startLoad("");
}

// A file opened from the Open dialog or dropped on the window: a project or boundaries replace what is shown
// (as opening them from the command line would); a table over the boundaries shown is offered as a join.
void Viewer::openFile(const std::string& path) {
  ui::OpenDialogState& d = m_state.openFile;
  d.message.clear();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    d.message = path + ": no such file";
    return;
  }
  switch (session::fileKindOf(path)) {
    case session::FileKind::Project:
    case session::FileKind::Boundaries:
      d.open = false;
      m_state.join.open = false;
      openProject(path);
      return;
    case session::FileKind::Table:
      if (!m_state.view) {
        d.message = path + ": a table is joined to boundaries; open the boundaries first";
        return;
      }
      d.open = false;
      ui::offerJoin(m_state, path);
      return;
    case session::FileKind::Unknown:
      d.message = path + ": not a file mobmap opens (boundaries, a table or a project)";
      return;
  }
}

// Opens the project's notes store once (a project without one shows no notes).
void Viewer::startNotes() {
  if (m_notes || m_state.projectFile.empty()) return;
  try {
    const Project project = io::readProject(m_state.projectFile);
    m_state.notes.storeSpec = project.notesStore.string();
    m_state.notes.codebook = project.noteThemes;
  } catch (const std::exception& e) {
    m_state.notes.message = e.what();
  }
  if (m_state.notes.storeSpec.empty()) return;
  m_state.notes.readOnly = session::isNoteExchangeFile(m_state.notes.storeSpec);
  m_notes = std::make_unique<NotesWorker>(m_state.notes.storeSpec);
}

// Each note's place in the display CRS and the mapped-layer area it falls in (point in polygon on the loaded
// layer, so nothing is read from files here).
void Viewer::placeNotes() {
  ui::NotesState& s = m_state.notes;
  s.places.assign(s.all.size(), std::nullopt);
  s.features.assign(s.all.size(), std::nullopt);
  s.outlines.assign(s.all.size(), {});
  if (!m_state.probe) return;
  m_placedPublished = s.publishedOnly;
  for (std::size_t i = 0; i < s.all.size(); ++i) {
    // Presenting: each note where the public may see it (a generalised note at its area, a jittered one moved).
    const std::optional<notes::Note> shown =
        s.publishedOnly ? notes::noteFor(s.all[i], notes::Audience::Public) : std::optional<notes::Note>(s.all[i]);
    if (!shown) continue;
    if (auto ll = session::noteLonLat(*shown)) s.places[i] = m_state.probe->displayPoint(*ll);
    if (s.places[i] && m_state.picker) s.features[i] = m_state.picker->pick(*s.places[i]);
    s.outlines[i] = noteOutline(*shown, *m_state.probe);
  }
  ++s.placesVersion;
}

// Opens the store the user chose for notes (a GeoPackage that does not exist yet is created) and, with a project
// open, names it there as [notes] store.
void Viewer::openNotesStore(const std::string& store) {
  ui::NotesState& s = m_state.notes;
  s.storeSpec = store;
  s.readOnly = session::isNoteExchangeFile(store);
  s.message.clear();
  m_notes = std::make_unique<NotesWorker>(store);
  if (m_state.projectFile.empty()) return;
  try {
    session::saveNotesStore(m_state.projectFile, store);
    ui::reloadSavedProject(m_state);
  } catch (const std::exception& e) {
    s.message = e.what();
  }
}

void Viewer::pollNotes() {
  if (!m_notes) return;
  ui::NotesState& s = m_state.notes;
  if (s.publishedOnly != m_placedPublished) placeNotes();  // presenting began or ended
  for (ui::NoteRequest& r : s.requests) m_notes->submit(std::move(r));
  s.requests.clear();
  s.loading = m_notes->busy();
  using Kind = ui::NoteRequest::Kind;
  while (auto r = m_notes->take()) {
    s.readOnly = r->readOnly;
    if (r->ok || r->conflict) {
      s.all = std::move(r->all);
      placeNotes();
    }
    s.message = r->ok ? std::string() : r->message;
    if (r->kind == Kind::Move || r->kind == Kind::UndoMove) {  // a dragged note: undo goes one move back
      s.lastMoved = r->ok && r->kind == Kind::Move ? s.moveBefore : std::nullopt;
      s.moveBefore.reset();
    }
    if (r->conflict) {
      // Someone else changed the note: say so and show the stored version; the user applies the edit again.
      s.message += r->note ? " (reloaded)" : " (the note is gone)";
      if (s.draft && r->note) {
        s.draft->note = *r->note;
        s.draft->tags = notes::joinTags(r->note->tags);
        s.draft->message = s.message;
      } else if (s.draft) {
        s.draft->message = s.message;
      }
      continue;
    }
    if (!r->ok) {
      if (s.draft && r->kind == Kind::Save) s.draft->message = r->message;
      continue;
    }
    if (r->kind == Kind::Save && r->note) {
      s.draft.reset();
      s.selectedId = r->note->id;
    } else if (r->kind == Kind::Delete && r->note) {
      s.lastDeleted = r->note;  // one step of undo
      if (s.selectedId == r->note->id) s.selectedId.reset();
    } else if (r->kind == Kind::Restore && r->note) {
      s.lastDeleted.reset();
      s.selectedId = r->note->id;
    }
  }
  if (s.panTo) {
    m_state.camera.setCenter(*s.panTo);
    s.panTo.reset();
  }
}

void Viewer::startLoad(const std::string& viewName) {
  try {
    session::ViewSpec spec = specFor(m_options, m_state, viewName);
    if (!m_options.field.empty()) spec.field = m_options.field;
    m_keepCameraOnLoad = false;
    m_freshLoad = true;
    m_loader.start(std::move(spec));
  } catch (const std::exception& e) {
    m_state.loadError = e.what();
    m_loadFailedScripted = true;
  }
}

void Viewer::pollLoad() {
  auto result = m_loader.takeResult();
  if (!result) return;
  const bool reload = std::exchange(m_keepCameraOnLoad, false);
  if (!result->view) {
    m_state.loadError = result->error;  // the session stays as it was
    m_loadFailedScripted = true;
    return;
  }
  if (result->view->spec.field.empty()) result->view->spec.field = defaultField(result->view->data.layer);
  m_canvas->setView(*result->view);
  const render::Camera camera = m_state.camera;
  const std::optional<std::size_t> selected = m_state.selected;
  ui::installView(m_state, std::move(result->view));
  if (reload) {  // same areas, other values or overlays: stay where the user was
    m_state.camera = camera;
    m_state.zoomToLayerRequested = false;
    if (selected && *selected < m_state.view->data.layer.featureCount()) m_state.selected = selected;
  }
  if (!reload) {
    m_state.customArea.picked.clear();  // other areas: the picks no longer apply
    ui::adoptViewMapKind(m_state);      // a saved gap, LISA or change view opens as that map
  }
  const bool fresh = std::exchange(m_freshLoad, false), rebase = std::exchange(m_state.project.rebaseline, false);
  if (fresh || rebase) ui::reloadSavedProject(m_state);
  startNotes();
  placeNotes();
}

void Viewer::rebuildFontsIfNeeded() {
  const float wanted = m_state.uiScale * m_contentScale;
  if (wanted == m_state.appliedFontScale) return;
  m_state.appliedFontScale = wanted;
  ui::loadFonts(std::round(kBaseFontPx * wanted));
  ui::applyLightTheme(wanted);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void Viewer::drawUi(ui::PanelRect& mapArea, ui::PanelRect& legendRect) {
  const float s = m_state.appliedFontScale;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  if (m_state.meeting.presenting) {  // no editing chrome: the map, its title and legend fill the screen
    mapArea = {vp->Pos.x, vp->Pos.y, vp->Size.x, vp->Size.y};
    m_tableRect = {};
    ui::drawNoteEditor(m_state);
    legendRect = drawMapOverlays(mapArea);
    return;
  }
  std::string work;
  if (m_loader.busy()) work = m_loader.stage();
  const bool mapWork = work.empty() && ui::mapJobsBusy(m_state);  // a map type computing (no known fraction)
  if (mapWork) work = ui::mapJobsStage(m_state);
  ui::PanelRect status = ui::drawStatusBar(m_state, work, mapWork ? -1.0f : m_loader.progress());

  const float sidebarW = std::min(kSidebarWidth * s, vp->Size.x * 0.45f);
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(ImVec2(sidebarW, status.y - vp->Pos.y));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoTitleBar;
  ImGui::Begin("mobmap", nullptr, flags);
  if (!m_state.projectFile.empty()) {
    ImGui::TextDisabled("%s", std::filesystem::path(m_state.projectFile).filename().string().c_str());
  } else if (m_state.view) {
    ImGui::TextDisabled("%s", std::filesystem::path(m_state.view->spec.data).filename().string().c_str());
  }
  if (!m_state.crs.message.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", m_state.crs.message.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!m_state.loadError.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "Could not load: %s", m_state.loadError.c_str());
    ImGui::PopTextWrapPos();
  }
  if (m_loader.busy()) {
    ImGui::TextUnformatted(m_loader.stage().c_str());
    ImGui::ProgressBar(std::max(0.0f, m_loader.progress()));
    if (ImGui::Button("Cancel")) m_loader.cancel();
  }
  if (!m_state.projectViews.empty() && ImGui::CollapsingHeader("Views", ImGuiTreeNodeFlags_DefaultOpen))
    ui::drawViewsPanel(m_state);
  if (ImGui::Button("Open... (Ctrl+O)")) ui::openOpenDialog(m_state);
  ImGui::SameLine();
  if (ImGui::Button("Get data for a place...")) m_state.getData.open = true;
  if (ui::projectHasProfile(m_state) && ImGui::Button("Mobility Metrics profile (Ctrl+M)")) ui::openProfileWindow(m_state);
  if (m_state.view) {
    if (m_state.panels.focusFind) ImGui::SetNextItemOpen(true);
    if (ImGui::CollapsingHeader("Find (Ctrl+F)")) ui::drawFindPanel(m_state);
    if (ImGui::CollapsingHeader("Field", ImGuiTreeNodeFlags_DefaultOpen)) {
      ui::drawYearSubgroupPanel(m_state);
      ui::drawFieldPicker(m_state);
    }
    if (ImGui::CollapsingHeader("Style", ImGuiTreeNodeFlags_DefaultOpen)) ui::drawStylePanel(m_state);
    if (ImGui::CollapsingHeader("Layers")) ui::drawLayersPanel(m_state);
    if (ImGui::CollapsingHeader("Custom area", m_state.customArea.picked.empty() ? 0 : ImGuiTreeNodeFlags_DefaultOpen))
      ui::drawCustomAreaPanel(m_state);
    ImGui::Checkbox("Data table", &m_state.showTable);
    if (ImGui::CollapsingHeader("Inspector", ImGuiTreeNodeFlags_DefaultOpen)) {
      ui::drawInspectorPanel(m_state);
      m_facts.inspector = m_state.customArea.inspect ? std::nullopt : m_state.selected;
    }
    if (ImGui::CollapsingHeader("Notes", m_state.notes.storeSpec.empty() ? 0 : ImGuiTreeNodeFlags_None)) ui::drawNotesPanel(m_state);
    if (ImGui::CollapsingHeader("Export")) ui::drawExportPanel(m_state);
  }
  if (ImGui::CollapsingHeader("Project")) ui::drawProjectPanel(m_state);
  if (ImGui::CollapsingHeader("Settings")) ui::drawSettingsPanel(m_state);
  ImGui::End();

  mapArea = {vp->Pos.x + sidebarW, vp->Pos.y, vp->Size.x - sidebarW, status.y - vp->Pos.y};
  m_tableRect = {};
  if (m_state.view && m_state.showTable) {  // the data table takes the bottom of the map area
    const float tableH = std::round(mapArea.height * 0.38f);
    m_tableRect = {mapArea.x, mapArea.y + mapArea.height - tableH, mapArea.width, tableH};
    mapArea.height -= tableH;
    ui::drawDataTablePanel(m_state, m_tableRect);
  }
  ui::drawOpenDialog(m_state);
  if (!m_state.openFile.requested.empty()) openFile(std::exchange(m_state.openFile.requested, {}));
  for (const std::string& dropped : takeDroppedFiles()) openFile(dropped);
  ui::updateJoinDialog(m_state);
  ui::drawJoinDialog(m_state);
  ui::updateExportDialog(m_state);
  ui::drawExportDialog(m_state);
  ui::drawSaveAsDialog(m_state);
  ui::drawQuitPrompt(m_state);
  ui::drawNotesStoreChooser(m_state);
  if (!m_state.notes.chooser.chosen.empty()) openNotesStore(std::exchange(m_state.notes.chooser.chosen, {}));
  ui::drawNoteEditor(m_state);
  ui::updateCustomArea(m_state);
  ui::drawGetDataDialog(m_state);
  ui::drawProfileWindow(m_state);
  ui::updateCrsDialog(m_state);
  ui::drawCrsDialog(m_state);
  if (!m_state.getData.openProject.empty()) openProject(std::exchange(m_state.getData.openProject, {}));
  legendRect = drawMapOverlays(mapArea);
  ui::drawCrsBanner(m_state, mapArea);
  m_scatterRect = ui::drawMoranScatterPanel(m_state, mapArea);
}

// The view's title and legend over the map; in a linked comparison a title per side and one legend for both
// (or one per side with independent classes), with the label saying which.
ui::PanelRect Viewer::drawMapOverlays(const ui::PanelRect& mapArea) {
  const std::string hint = m_state.meeting.presenting ? ui::presentationHint(m_state) : std::string();
  if (!m_comparison.active(m_state)) {
    m_titleRect = ui::drawMapTitle(m_state, mapArea, "##title", hint);
    return ui::drawLegendPanel(m_state, mapArea);
  }
  const auto [left, right] = LinkedComparison::halves(mapArea);
  m_titleRect = ui::drawMapTitle(m_state, left, "##title", hint);
  ui::drawMapTitle(m_comparison.right(), right, "##titleRight");
  ui::drawComparisonLabel(m_state, left, m_titleRect.y + m_titleRect.height + 6 * m_state.uiScale);
  if (!m_state.meeting.independentBreaks) return ui::drawLegendPanel(m_state, mapArea);
  ui::drawLegendPanel(m_comparison.right(), right, "Legend##right");
  return ui::drawLegendPanel(m_state, left);
}

// Carries out what the panels asked for this frame: another view, a reload, re-uploaded overlays.
void Viewer::applyRequests() {
  if (!m_state.requestedView.empty()) {
    std::string v = m_state.requestedView;
    m_state.requestedView.clear();
    if (v != m_state.viewName) startLoad(v);
  }
  ui::applyCrsChoice(m_state);
  if (m_state.requestedReload) {
    m_loader.start(std::move(*m_state.requestedReload));
    m_state.requestedReload.reset();
    m_keepCameraOnLoad = !std::exchange(m_state.reloadRefits, false);
  }
  if (m_state.contextLayersChanged && m_state.view) {
    m_state.contextLayersChanged = false;
    m_state.foundOverlayArea.reset();
    m_canvas->setContextLayers(*m_state.view);
  }
}

// The pointer and keys over the map: over the right half of a comparison the same handling drives the shared
// camera (or the right side's own, when the cameras are not linked), and the right side's hover.
void Viewer::handleInput(const ui::PanelRect& mapArea, const ui::PanelRect& rightArea, bool comparing) {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool overRight = comparing && mouse.x >= rightArea.x && mouse.x < rightArea.x + rightArea.width &&
                         mouse.y >= rightArea.y && mouse.y < rightArea.y + rightArea.height;
  const std::optional<std::size_t> selectedBefore = m_state.selected;
  const bool ownCamera = overRight && !m_state.meeting.camerasLinked;
  if (ownCamera) std::swap(m_state.camera, m_comparison.right().camera);
  m_pointerOnRight = overRight;
  handleMapInput(overRight ? rightArea : mapArea);
  if (ownCamera) std::swap(m_state.camera, m_comparison.right().camera);
  if (comparing) m_comparison.routePointer(m_state, overRight, selectedBefore);
}

void Viewer::handleMapInput(const ui::PanelRect& area) {
  ImGuiIO& io = ImGui::GetIO();
  const float fbs = m_state.framebufferScale;
  const ImVec2 mouse = io.MousePos;
  const bool overMap = mouse.x >= area.x && mouse.y >= area.y && mouse.x < area.x + area.width &&
                       mouse.y < area.y + area.height && !io.WantCaptureMouse;
  const Point screen{(mouse.x - area.x) * fbs, (mouse.y - area.y) * fbs};
  render::Camera& cam = m_state.camera;
  const bool wasDrawing = m_state.notes.drawing.active;
  // Notes are drawn on the left map of a comparison only, so only that map edits them.
  const bool notesTookPointer = !m_pointerOnRight && m_noteInput.handle(m_state, area, overMap, screen);

  if (overMap && !notesTookPointer && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    m_dragging = true;
    m_dragDistance = 0;
  }
  if (m_dragging) {
    if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      ImVec2 d = io.MouseDelta;
      if (d.x != 0 || d.y != 0) {
        cam.panPixels(d.x * fbs, d.y * fbs);
        m_dragDistance += std::hypot(d.x, d.y);
      }
    } else {
      m_dragging = false;
      if (m_dragDistance < 4 && overMap && m_state.picker) {
        const std::optional<std::size_t> hit = m_state.picker->pick(cam.screenToWorld(screen));
        if (io.KeyShift) {  // shift+click adds the area to the custom-area picks, or drops it
          if (hit) ui::togglePick(m_state.customArea, *hit);
        } else {
          m_state.selected = hit;
          m_state.customArea.inspect = false;
        }
      }
    }
  }
  if (overMap && io.MouseWheel != 0) cam.zoomAround(screen, std::pow(1.25, io.MouseWheel));

  if (!io.WantCaptureKeyboard) {
    const Point centre{cam.viewportWidth() / 2, cam.viewportHeight() / 2};
    const double step = 0.1 * std::min(cam.viewportWidth(), cam.viewportHeight());
    // ImGui 1.86 indexes keys by the GLFW key codes.
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key); };
    if (pressed(GLFW_KEY_LEFT) && !m_state.meeting.presenting) cam.panPixels(step, 0);  // presenting: views
    if (pressed(GLFW_KEY_RIGHT) && !m_state.meeting.presenting) cam.panPixels(-step, 0);
    if (pressed(GLFW_KEY_UP)) cam.panPixels(0, step);
    if (pressed(GLFW_KEY_DOWN)) cam.panPixels(0, -step);
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) cam.zoomAround(centre, 1.25);
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) cam.zoomAround(centre, 0.8);
    if (pressed(GLFW_KEY_HOME) || pressed(GLFW_KEY_0)) m_state.zoomToLayerRequested = true;
    if (pressed(GLFW_KEY_ESCAPE) && !wasDrawing) {
      m_state.selected.reset();
      m_state.notes.addArmed = false;
    }
    // `N` then Enter: a new note at the pointer.
    // No store yet: the note is made, and the first one asks where notes live.
    if (pressed(GLFW_KEY_N) && !m_state.notes.readOnly) m_state.notes.addArmed = true;
    if (m_state.notes.addArmed && (pressed(GLFW_KEY_ENTER) || pressed(GLFW_KEY_KP_ENTER)) && overMap && m_state.probe) {
      m_state.notes.addArmed = false;
      const Point world = cam.screenToWorld(screen);
      if (auto ll = m_state.probe->lonLat(world)) {
        const char* user = std::getenv("USER");
        m_state.notes.draft = ui::newNoteDraft(*ll, user ? user : "");
        m_state.notes.draft->note.areaIds = ui::noteAreaIds(m_state, {{world}});
        if (m_state.notes.storeSpec.empty()) ui::openNotesStoreChooser(m_state);
      }
    }
  }

  m_state.cursorWorld.reset();
  m_state.hovered.reset();
  if (overMap) {
    m_state.cursorWorld = cam.screenToWorld(screen);
    const bool editingNotes = m_noteInput.dragging() || m_state.notes.drawing.active;
    if (m_state.picker && !m_dragging && !editingNotes) m_state.hovered = m_state.picker->pick(*m_state.cursorWorld);
  }
}

void Viewer::startFirstLoad() {
  if (!m_options.compare.empty()) {  // --compare A,B (checked by checkViewerOptions): A shown, B beside it
    m_state.meeting.comparing = true;
    m_state.meeting.compareWith = m_options.compare.back();
    m_state.meeting.independentBreaks = m_options.independentBreaks;
    m_state.meeting.breaksChosen = m_options.independentBreaks;
  }
  startLoad(m_options.compare.empty() ? m_options.view : m_options.compare.front());
}

// Before the first frame (the first load already started): the GL canvas and the command line's choices put
// into the state. Returns false (with the message printed) when the canvas cannot be made.
bool Viewer::startRun() {
  float xs = 1, ys = 1;
  glfwGetWindowContentScale(m_window, &xs, &ys);
  m_contentScale = std::max(1.0f, xs);
  try {
    m_canvas = std::make_unique<MapCanvas>();
  } catch (const std::exception& e) {
    std::cerr << "mobmap: " << e.what() << "\n";
    return false;
  }
  m_state.showTable = m_options.panel == "table";
  m_state.getData.open = m_options.panel == "get";
  m_state.showMoranScatter = m_options.panel == "moran";
  if (m_options.panel == "profile") ui::openProfileWindow(m_state);
  if (auto t = ui::parseMapType(m_options.mapType)) {
    m_state.mapType = *t;
    m_state.mapTypeFromOptions = true;
  }
  m_state.secondField = m_options.secondField;
  if (!m_options.stateOut.empty()) m_stateFile = std::make_unique<ViewerStateFile>(m_options.stateOut);
  m_canvas->setLevelOfDetail(!m_options.fullDetail);
  if (m_options.present) m_presentation.enter(m_state);
  return true;
}

// Frame pacing: while a load or a map type computes, few frames (the cores are theirs); a scripted run or a
// comparison loading polls; otherwise the loop sleeps until input comes, or a quarter second passes.
void Viewer::waitForEvents(bool scripted) {
  if (m_loader.busy()) {
    // Two frames as a load starts say what is being read (ImGui lays a changed panel out over two frames);
    // then none until the load has run half a second (most loads are done by then, and each frame at full
    // size takes the cores from the load: about 0.08 s of the national tracts' first frame at 20 a second),
    // then 10 a second.
    if (m_loadFramesShown.first != m_loader.loadNumber()) m_loadFramesShown = {m_loader.loadNumber(), 0};
    if (m_loadFramesShown.second < 2) {
      ++m_loadFramesShown.second;
      glfwPollEvents();
      return;
    }
    const double quiet = 0.5 - m_loader.secondsRunning();
    m_loader.waitFor(std::chrono::milliseconds(quiet > 0.1 ? static_cast<int>(quiet * 1000) : 100));
    glfwPollEvents();
  } else if (ui::mapJobsBusy(m_state)) {  // none needed when scripted
    if (scripted) {
      ui::waitForMapJobs(m_state, std::chrono::milliseconds(1000));
      glfwPollEvents();
    } else {
      glfwWaitEventsTimeout(0.25);
    }
  } else if (scripted || m_comparison.busy()) {
    glfwPollEvents();
  } else {
    glfwWaitEventsTimeout(0.25);
  }
}

// Takes in what background work finished (load, map types, notes, the comparison). A scripted run that cannot
// go on (its view failed to load, its comparison cannot be made) gets its exit status, with the message printed.
std::optional<int> Viewer::pollWork(bool scripted) {
  pollLoad();
  ui::updateMapJobs(m_state);
  pollNotes();
  applyScriptedPicks();
  if (scripted && m_loadFailedScripted && !m_loader.busy()) {
    std::cerr << "mobmap: " << m_state.loadError << "\n";
    return 1;
  }
  m_comparison.update(m_state);
  if (scripted && !m_options.compare.empty() && !m_state.meeting.comparing) {
    std::cerr << "mobmap: --compare: " << m_state.meeting.compareMessage << "\n";
    return 1;
  }
  rebuildFontsIfNeeded();
  return std::nullopt;
}

// The keyboard shortcuts that work anywhere (Ctrl+Q, Ctrl+S / Ctrl+Shift+S, Ctrl+O, Ctrl+E, Ctrl+F, Ctrl+M), and the window's
// close button, which asks about unsaved changes first.
void Viewer::handleShortcuts() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q)) ui::requestQuit(m_state);
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_S)) ui::requestSave(m_state, io.KeyShift);
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O)) ui::openOpenDialog(m_state);
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_E)) ui::openExportDialog(m_state);
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_F)) m_state.panels.focusFind = true;
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_M) && ui::projectHasProfile(m_state)) ui::openProfileWindow(m_state);
  if (glfwWindowShouldClose(m_window)) {
    glfwSetWindowShouldClose(m_window, GLFW_FALSE);
    ui::requestQuit(m_state);
  }
}

// Where this frame draws: the panels are laid out (ImGui), the map area split for a linked comparison, and the
// camera's viewport set to the map's framebuffer pixels.
Viewer::FrameLayout Viewer::layOutFrame(bool scripted) {
  FrameLayout f;
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  applyMouseTaps();
  ImGui::NewFrame();
  if (!scripted) handleShortcuts();
  m_facts = {};
  m_presentation.handleKeys(m_state);
  drawUi(f.map, f.legend);
  applyRequests();
  // A linked comparison: the left half is the viewer's own map (camera, input, notes), the right half the
  // compared view through the same camera.
  f.fullMap = f.map;
  f.comparing = m_comparison.active(m_state);
  if (f.comparing) std::tie(f.map, f.right) = LinkedComparison::halves(f.fullMap);
  int winW = 0, winH = 0;
  glfwGetFramebufferSize(m_window, &f.fbW, &f.fbH);
  glfwGetWindowSize(m_window, &winW, &winH);
  m_state.framebufferScale = winW > 0 ? static_cast<float>(f.fbW) / static_cast<float>(winW) : 1.0f;
  m_state.camera.setViewport(f.map.width * m_state.framebufferScale, f.map.height * m_state.framebufferScale);
  return f;
}

// Fits `e` (display CRS) into the map area beside or above the legend, so the legend does not cover it (unless
// the legend takes so much of the map that it is better drawn over).
void Viewer::fitBesideLegend(const FrameLayout& f, const Extent& e, double marginPx) {
  const float fbs = m_state.framebufferScale;
  // A narrow legend: the space to its left; a wide one (a half map of a comparison): the space above it.
  const bool beside = f.legend.width < f.map.width * 0.4f;
  const double legendW = beside ? f.legend.width * fbs : 0;
  const double legendH = !beside && f.legend.height < f.map.height * 0.5f ? f.legend.height * fbs : 0;
  m_state.camera.setViewport(f.map.width * fbs - legendW, f.map.height * fbs - legendH);
  m_state.camera.fit(e, marginPx);
  m_state.camera.setViewport(f.map.width * fbs, f.map.height * fbs);
  m_state.camera.panPixels(-legendW / 2, -legendH / 2);
}

// The camera's answers to what was asked of it: fit the layer (beside the legend; again while the legend
// settles), fit the selection or an extent (Find).
void Viewer::placeCamera(const FrameLayout& f) {
  const float fbs = m_state.framebufferScale;
  // The legend window takes its size a frame or two after a view appears: fit again while it is settling, and
  // whenever the map area changes size (the window resized, presentation, a comparison), unless the camera was
  // moved since the last fit, so the view stays the one Home gives.
  const Point c = m_state.camera.center();
  const bool atFit = m_fit.pixelsPerUnit > 0 && c.x == m_fit.center.x && c.y == m_fit.center.y &&
                     m_state.camera.pixelsPerUnit() == m_fit.pixelsPerUnit;
  const bool legendSettling =
      m_refitFrames > 0 && (f.legend.width != m_fit.legendWidth || f.legend.height != m_fit.legendHeight);
  const bool areaChanged = f.map.width != m_fit.mapWidth || f.map.height != m_fit.mapHeight;
  if (atFit && (legendSettling || areaChanged)) m_state.zoomToLayerRequested = true;
  if (m_refitFrames > 0) --m_refitFrames;
  if (m_state.view && m_state.zoomToLayerRequested && f.map.width > 0) {
    m_state.zoomToLayerRequested = false;
    m_state.camera.setScaleLimits(0, 1e300);
    fitBesideLegend(f, m_state.homeExtent, 24 * fbs);
    const double fitScale = m_state.camera.pixelsPerUnit();
    m_state.camera.setScaleLimits(fitScale / 20, fitScale * 20000);
    m_fit = {f.legend.width, f.legend.height, f.map.width, f.map.height, m_state.camera.center(), fitScale};
    m_refitFrames = 3;
  }
  if (m_state.view && m_state.zoomToSelectionRequested && m_state.selected) {
    m_state.zoomToSelectionRequested = false;
    fitBesideLegend(f, m_state.view->data.layer.geometry.featureExtent(*m_state.selected), 80 * fbs);
  }
  if (m_state.zoomToExtentRequested) {
    if (!m_state.zoomToExtentRequested->empty()) fitBesideLegend(f, *m_state.zoomToExtentRequested, 80 * fbs);
    m_state.zoomToExtentRequested.reset();
  }
}

// The pointer and keys over the map (not in a scripted run: it must be reproducible), then what is drawn over
// the map with ImGui: note markers and the hover tooltips.
void Viewer::handleMapFrame(const FrameLayout& f, bool scripted) {
  if (!scripted) handleInput(f.map, f.right, f.comparing);
  if (f.comparing) m_comparison.syncCamera(m_state);
  ui::drawNoteMarkers(m_state, f.map);
  if (m_state.hovered && !ImGui::GetIO().WantCaptureMouse) {
    ui::drawHoverTooltip(m_state);
    m_facts.tooltip = m_state.hovered;
  }
  if (f.comparing && m_comparison.right().hovered && !ImGui::GetIO().WantCaptureMouse)
    ui::drawHoverTooltip(m_comparison.right());
}

// Draws the frame into the back buffer: the map (and the compared map), then the panels. With timings, the map's
// drawing is timed from a finished GPU.
void Viewer::drawFrame(const FrameLayout& f, FrameTimings* timings) {
  ImGui::Render();
  if (f.fbW <= 0 || f.fbH <= 0) return;
  const float fbs = m_state.framebufferScale;
  glViewport(0, 0, f.fbW, f.fbH);
  glClearColor(0.95f, 0.95f, 0.94f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  const int cx = static_cast<int>(std::lround(f.map.x * fbs));
  const int cw = static_cast<int>(std::lround(f.map.width * fbs));
  const int ch = static_cast<int>(std::lround(f.map.height * fbs));
  const int cy = f.fbH - static_cast<int>(std::lround((f.map.y + f.map.height) * fbs));
  if (timings) {
    glFinish();
    timings->beginMap();
  }
  if (cw > 0 && ch > 0) m_canvas->draw(m_state, cx, cy, cw, ch);
  if (f.comparing) m_comparison.draw(static_cast<int>(std::lround(f.right.x * fbs)), cy, cw, ch);
  glViewport(0, 0, f.fbW, f.fbH);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// The scripted-run protocol (for tests and benchmarks), once enough frames are drawn: timings, then the
// screenshot and one line per fact on standard output — "screenshot PATH WxH map=x,y,w,h legend=... [title=...]
// [left=... right=...] [moran=...] [table=...]", "notes N markers M [error ...]", "presenting K of N",
// "picked N custom-area ...", "compare A B classes ... camera ... breaks-left=...; breaks-right=...;", and
// "fills #rrggbb..." or "map-error ...". Returns the exit status.
int Viewer::finishScriptedRun(const FrameLayout& f, FrameTimings* timings) {
  if (timings) {
    timings->print(std::cout);
    std::cout << "lod_level=" << m_canvas->mainLevel(m_state.camera) << "\n";
    if (m_state.view) m_canvas->printStages(std::cout, *m_state.view);
  }
  try {
    glReadBuffer(GL_BACK);
    if (!m_options.screenshot.empty()) render::gl::captureFramebufferPng(f.fbW, f.fbH, m_options.screenshot);
  } catch (const std::exception& e) {
    std::cerr << "mobmap: " << e.what() << "\n";
    return 1;
  }
  const float fbs = m_state.framebufferScale;
  auto px = [&](float v) { return static_cast<long>(std::lround(v * fbs)); };
  auto rect = [&](const char* key, const ui::PanelRect& r) {
    std::cout << " " << key << "=" << px(r.x) << "," << px(r.y) << "," << px(r.width) << "," << px(r.height);
  };
  if (!m_options.screenshot.empty()) {
    std::cout << "screenshot " << m_options.screenshot << " " << f.fbW << "x" << f.fbH;
    rect("map", f.fullMap);
    rect("legend", f.legend);
    if (m_titleRect.width > 0) rect("title", m_titleRect);
    if (f.comparing) {  // the two maps of a linked comparison
      rect("left", f.map);
      rect("right", f.right);
    }
    if (m_scatterRect.width > 0) rect("moran", m_scatterRect);
    if (m_tableRect.width > 0) rect("table", m_tableRect);
    std::cout << "\n";
  }
  if (!m_state.notes.storeSpec.empty())
    std::cout << "notes " << m_state.notes.all.size() << " markers " << m_state.noteMarkerCount
              << (m_state.notes.message.empty() ? "" : " error " + m_state.notes.message) << "\n";
  if (m_state.meeting.presenting)
    std::cout << "presenting " << m_state.meeting.presentPosition << " of " << m_state.projectViews.size() << "\n";
  if (!m_options.pick.empty()) {
    std::cout << "picked " << m_state.customArea.picked.size();
    if (const auto& a = m_state.customArea.area) {
      std::cout << " custom-area \"" << a->name << "\" members " << a->members;
      for (const session::CustomAreaValue& v : a->values)
        if (v.rule != session::CombineRule::NotAdditive) std::cout << " " << v.field << "=" << v.value;
    } else if (!m_state.customArea.message.empty()) {
      std::cout << " error " << m_state.customArea.message;
    }
    std::cout << "\n";
  }
  if (f.comparing) {  // the views, how they are linked, and each side's class breaks
    std::cout << "compare " << m_state.viewName << " " << m_state.meeting.compareWith << " classes "
              << (m_state.meeting.independentBreaks ? "independent" : "shared") << " camera "
              << (m_state.meeting.camerasLinked ? "linked" : "independent");
    for (const ui::ViewerState* side : {&m_state, &m_comparison.right()}) {
      std::cout << (side == &m_state ? " breaks-left=" : " breaks-right=");
      if (side->map)
        for (double b : side->map->classification.breaks) std::cout << b << ";";
    }
    std::cout << "\n";
  }
  if (m_state.map) {
    std::cout << "fills";
    for (const render::Fill& fill : m_state.map->fills) std::cout << " " << style::toHex(fill.color);
    std::cout << "\n";
  } else {
    std::cout << "map-error " << m_state.mapError << "\n";
  }
  return writeStateFile(f, 0, true) ? 0 : 1;
}

// --state-out: this frame's state, written when it changed (`final`: always, marked as the last). Returns false
// (message printed, the file given up) when it cannot be written.
bool Viewer::writeStateFile(const FrameLayout& f, double seconds, bool final) {
  if (!m_stateFile) return true;
  m_facts.ready = viewReady();
  m_facts.mapArea = f.fullMap;
  m_facts.legend = f.legend;
  m_facts.seconds = seconds;
  glfwGetWindowSize(m_window, &m_facts.windowWidth, &m_facts.windowHeight);
  const ImGuiIO& io = ImGui::GetIO();
  m_facts.pointer = {io.MousePos.x, io.MousePos.y};
  m_facts.leftButtonDown = io.MouseDown[0];
  std::string error;
  if (m_stateFile->update(viewerStateJson(m_state, m_facts), final, error)) return true;
  std::cerr << "mobmap: " << error << "\n";
  m_stateFile.reset();
  return false;
}

// The view is loaded and nothing runs in the background (loading, notes, a custom area, map types).
bool Viewer::viewReady() const {
  const bool areaBusy = m_state.customArea.job && m_state.customArea.job->busy();
  return m_state.view && !m_loader.busy() && !(m_notes && m_notes->busy()) && !areaBusy && !ui::mapJobsBusy(m_state);
}

// The frame loop. A scripted run (--screenshot or --timings without --run-seconds) ignores input, draws until
// `frames` frames of the finished view (or the timings) are done and reports them (finishScriptedRun); an
// interactive one runs until quit or --run-seconds, writing --state-out as it goes.
int Viewer::run(GLFWwindow* window) {
  m_window = window;
  m_presentation = Presentation(window);
  if (!startRun()) return 1;
  const bool scripted = (!m_options.screenshot.empty() || m_options.timings) && m_options.runSeconds <= 0;
  std::optional<FrameTimings> timings;
  if (m_options.timings) timings.emplace(m_options.frames);
  FrameTimings* timing = timings ? &*timings : nullptr;
  int readyFrames = 0;
  const auto started = std::chrono::steady_clock::now();

  for (;;) {
    releaseTappedKeys(m_window);
    waitForEvents(scripted);
    const auto passStart = std::chrono::steady_clock::now();
    if (auto status = pollWork(scripted)) return *status;
    const bool ready = viewReady();
    const bool settled = ready && m_canvas->settled(m_state.camera);  // every level, and full detail where the zoom needs it
    const FrameTimings::Action timed = timing ? timing->beginFrame(ready, settled) : FrameTimings::Action::None;
    if (timed == FrameTimings::Action::Recolour && m_state.view) {  // a classification change: 5 <-> 7 classes
      m_state.view->spec.classes = (m_state.map && m_state.map->style.classes == 7) ? 5 : 7;
      ui::rebuildMap(m_state);
    }

    const FrameLayout frame = layOutFrame(scripted);
    placeCamera(frame);
    if (timed == FrameTimings::Action::Pan) m_state.camera.panPixels(timing->panOffsetPx() * m_state.framebufferScale, 0);
    handleMapFrame(frame, scripted);
    drawFrame(frame, timing);

    bool timingsDone = false;
    if (timing) {
      glFinish();
      if (m_state.view && timed != FrameTimings::Action::Recolour)
        timing->noteLoopPass(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - passStart).count());
      // Complete: the view drawn with the detail its zoom needs (--full-detail: at full detail).
      const bool complete =
          ready && (m_options.fullDetail ? m_canvas->fullDetailIn() : m_canvas->detailSufficient(m_state.camera));
      timingsDone = timing->endFrame(complete, settled);
    }

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (scripted) {
      if (settled && (m_options.compare.empty() || frame.comparing)) ++readyFrames;
      if (timing ? timingsDone : readyFrames >= m_options.frames) return finishScriptedRun(frame, timing);
      if (seconds > 600) {
        std::cerr << "mobmap: the view did not finish loading within 10 minutes; no screenshot written\n";
        return 1;
      }
    } else {
      const bool timeUp = m_options.runSeconds > 0 && seconds >= m_options.runSeconds;
      if (m_state.project.quitNow || timeUp) {  // an interactive run's screenshot is the frame just drawn
        if (!m_options.screenshot.empty()) {
          try {
            glReadBuffer(GL_BACK);
            render::gl::captureFramebufferPng(frame.fbW, frame.fbH, m_options.screenshot);
          } catch (const std::exception& e) {
            std::cerr << "mobmap: " << e.what() << "\n";
            return 1;
          }
        }
        return writeStateFile(frame, seconds, true) ? 0 : 1;
      }
      writeStateFile(frame, seconds, false);
    }
    glfwSwapBuffers(m_window);
  }
}

}  // namespace

int runViewer(const ViewerOptions& options, bool& windowFailed) {
  windowFailed = false;
  glfwSetErrorCallback(glfwErrorToStderr);
  if (!glfwInit()) {
    windowFailed = true;
    std::cerr << "mobmap: " << noDisplayMessage() << "\n";
    return 1;
  }
  auto viewer = std::make_unique<Viewer>(options);
  viewer->startFirstLoad();  // the data is read while the window and its GL context open
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  std::string title = "mobmap";
  if (!options.paths.empty()) title += " — " + std::filesystem::path(options.paths.front()).filename().string();
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, title.c_str(), nullptr, nullptr);
  if (!window) {
    windowFailed = true;
    std::cerr << "mobmap: " << noDisplayMessage() << "\n";
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(options.screenshot.empty() ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // layout is fixed; nothing to save between runs
  ImGui::GetIO().MouseDoubleClickTime = 0.45f;  // as desktop defaults (0.4-0.5 s) rather than ImGui's 0.3 s
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  installKeyTaps(window);
  installMouseTaps(window);
  installDropCallback(window);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  const int status = viewer->run(window);
  viewer.reset();  // its GL objects go while the context lives
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}

}  // namespace mobmap::app
