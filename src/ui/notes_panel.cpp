// Community notes in the viewer: the Notes panel (filterable list, undo), the note editor, the markers on the
// map (clustered into count badges) and the notes listed in the inspector of an area.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "notes/note_geometry.h"
#include "render/tessellation.h"

#include "core/text.h"
#include "session/view_spec.h"
#include "style/metric_catalog.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

constexpr float kClusterRadius = 20.0f;  // window units: notes closer than this on screen share a badge

// The notes module's source type names in its order (an index here is the enum's value), and the same after
// "any source" for the filter.
const std::vector<const char*>& sourceTypeNames(bool withAny) {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (notes::SourceType t : notes::sourceTypes()) v.push_back(notes::sourceTypeName(t));
    return v;
  }();
  static const std::vector<const char*> plain = [] {
    std::vector<const char*> v;
    for (const std::string& n : names) v.push_back(n.c_str());
    return v;
  }();
  static const std::vector<const char*> any = [] {
    std::vector<const char*> v{"any source"};
    v.insert(v.end(), plain.begin(), plain.end());
    return v;
  }();
  return withAny ? any : plain;
}

// An ImGui text field over a std::string (single or multiline).
bool editString(const char* label, std::string& value, bool multiline = false, float height = 0) {
  std::vector<char> buf(value.size() + 4096, '\0');
  std::memcpy(buf.data(), value.data(), value.size());
  const bool changed = multiline ? ImGui::InputTextMultiline(label, buf.data(), buf.size(), ImVec2(-1, height))
                                 : ImGui::InputText(label, buf.data(), buf.size());
  if (changed) value = buf.data();
  return changed;
}

// "#12 [public, jittered] title": the consent level and location mode of every note, at a glance.
std::string noteLine(const notes::Note& n) {
  return "#" + std::to_string(n.id) + " [" + notes::consentName(n.consent) + ", " + notes::locationModeName(n.location) +
         "] " + n.title;
}

const char* const kConsents[] = {"internal (staff only)", "coalition (members)", "public (published, unattributed)",
                                 "public-attributed (published with the speaker's name)"};
const char* const kLocationModes[] = {"exact", "generalised (published at its area)", "jittered (published moved aside)"};
const char* const kKinds[] = {"quote (printed in quotation marks)", "paraphrase", "observation"};

void selectNote(ViewerState& state, std::size_t index) {
  NotesState& s = state.notes;
  s.selectedId = s.all[index].id;
  if (index < s.places.size() && s.places[index]) s.panTo = s.places[index];
}

// The note's location for the editor, wrapped to the editor's width: a point's WKT, or an area's corner count
// and the start of its WKT; then the areas it falls in.
void drawLocationSummary(const notes::Note& n, float sc) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 400 * sc);
  if (notes::isAreaWkt(n.geometryWkt)) {
    std::size_t corners = 0;
    try {
      for (const auto& ring : notes::wktRings(n.geometryWkt)) corners += ring.size() > 1 ? ring.size() - 1 : ring.size();
    } catch (const std::exception&) {
    }
    std::string wkt = n.geometryWkt.size() > 90 ? n.geometryWkt.substr(0, 90) + "..." : n.geometryWkt;
    ImGui::TextDisabled("Area with %zu corners: %s", corners, wkt.c_str());
  } else {
    ImGui::TextDisabled("%s", n.geometryWkt.c_str());
  }
  if (!n.areaIds.empty()) {
    std::string in;
    for (std::size_t i = 0; i < n.areaIds.size() && i < 6; ++i) in += (i ? ", " : "") + n.areaIds[i];
    if (n.areaIds.size() > 6) in += " and " + std::to_string(n.areaIds.size() - 6) + " more";
    ImGui::TextDisabled("In %s", in.c_str());
  }
  ImGui::PopTextWrapPos();
}

// The mapped values of the areas the note falls in, with their quality: the numbers the note speaks next to. The
// areas are the note's area ids in the mapped layer, or for a note without them (one imported from a file) the
// area under its place on the map.
void drawNoteAreaValues(ViewerState& state, const notes::Note& n, const std::optional<Point>& place) {
  if (!state.view) return;
  NoteAreasCache& cache = state.panels.noteAreas;
  if (cache.view != state.view.get() || cache.noteId != n.id || cache.revision != n.revision ||
      cache.placesVersion != state.notes.placesVersion) {
    cache = {state.view.get(), n.id, n.revision, state.notes.placesVersion, {}};
    for (std::size_t f = 0; f < state.view->data.layer.featureCount() && !n.areaIds.empty(); ++f) {
      const std::string key = featureKey(state, f);
      if (!key.empty() && std::find(n.areaIds.begin(), n.areaIds.end(), key) != n.areaIds.end()) cache.features.push_back(f);
    }
    if (cache.features.empty() && place && state.picker)
      if (const std::optional<std::size_t> f = state.picker->pick(*place)) cache.features.push_back(*f);
  }
  const std::string label = mappedValueLabel(state);
  for (std::size_t f : cache.features) {
    ImGui::Text("%s, %s: %s", featureName(state, f).c_str(), label.c_str(), featureValueText(state, f).c_str());
    if (const std::string q = featureQualityText(state, f); !q.empty()) ImGui::TextColored(ImVec4(0.6f, 0.2f, 0, 1), "%s", q.c_str());
  }
}

}  // namespace

void drawNotesPanel(ViewerState& state) {
  NotesState& s = state.notes;
  if (s.storeSpec.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("No notes store yet. Press N then Enter over the map to add a note, or:");
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Choose where notes live...")) openNotesStoreChooser(state);
    return;
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s%s", s.storeSpec.c_str(), s.readOnly ? " (read only: a GeoJSON/CSV file)" : "");
  if (!s.message.empty()) ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", s.message.c_str());
  ImGui::PopTextWrapPos();
  if (s.loading) ImGui::TextDisabled("working...");

  editString("Tag##filter", s.filterTag);
  editString("Author##filter", s.filterAuthor);
  const std::vector<const char*>& sources = sourceTypeNames(true);
  ImGui::Combo("Source##filter", &s.filterSourceType, sources.data(), static_cast<int>(sources.size()));
  const char* consents[] = {"any consent level", "internal", "coalition", "public", "public-attributed"};
  ImGui::Combo("Consent##filter", &s.filterConsent, consents, IM_ARRAYSIZE(consents));
  std::vector<const char*> pillars{"any pillar"};
  for (const std::string& p : notes::pillarNames()) pillars.push_back(p.c_str());
  ImGui::Combo("Pillar##filter", &s.filterPillar, pillars.data(), static_cast<int>(pillars.size()));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Notes tagged with the pillar, or with a theme the project's codebook ties to it");

  if (!s.readOnly) {
    ImGui::TextDisabled("N, then Enter: add a note at the pointer");
    ImGui::TextDisabled("A or Draw an area: click corners on the map, Enter or double-click finishes");
    if (!s.drawing.active && ImGui::Button("Draw an area")) {
      s.drawing = {};
      s.drawing.active = true;
      s.addArmed = false;
    } else if (s.drawing.active && ImGui::Button("Stop drawing")) {
      s.drawing = {};
    }
    ImGui::TextDisabled("Drag a note's marker to move it");
    if (s.lastMoved && ImGui::Button(("Undo move of \"" + s.lastMoved->title + "\"").c_str()))
      if (auto r = undoMoveRequest(s)) s.requests.push_back(std::move(*r));
    if (s.lastDeleted && ImGui::Button(("Undo delete of \"" + s.lastDeleted->title + "\"").c_str()))
      s.requests.push_back({NoteRequest::Kind::Restore, *s.lastDeleted});
  }
  if (ImGui::Button("Reload")) s.requests.push_back({NoteRequest::Kind::Reload, {}});

  // The notes that speak to the view's metric (its predictor, then its pillar) come first.
  std::string pillar, predictor;
  if (state.view)
    if (const style::MetricInfo* m = style::MetricCatalog::builtin().find(session::mappedField(state.view->spec))) {
      pillar = m->pillar;
      predictor = m->predictor;
    }
  std::vector<int> ranks;
  const std::vector<std::size_t> order = notesInViewOrder(s, pillar, predictor, &ranks);
  std::size_t shown = 0;
  int lastRank = -1;
  if (ImGui::BeginChild("##notelist", ImVec2(0, 180 * state.uiScale), true)) {
    for (std::size_t o = 0; o < order.size(); ++o) {
      const std::size_t i = order[o];
      const notes::Note& n = s.all[i];
      if (!notePassesFilter(s, n)) continue;
      if (!pillar.empty() && ranks[o] != lastRank) {  // the group's heading
        lastRank = ranks[o];
        ImGui::TextDisabled("%s", lastRank == 0   ? ("About " + predictor).c_str()
                                  : lastRank == 1 ? ("About " + pillar).c_str()
                                                  : "Other notes");
      }
      ++shown;
      ImGui::PushID(static_cast<int>(n.id));
      if (ImGui::Selectable(noteLine(n).c_str(), s.selectedId && *s.selectedId == n.id)) selectNote(state, i);
      if (ImGui::IsItemHovered() && !n.text.empty()) ImGui::SetTooltip("%s", n.text.c_str());
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  ImGui::TextDisabled("%zu of %zu notes", shown, s.all.size());

  if (!s.selectedId) return;
  for (std::size_t i = 0; i < s.all.size(); ++i) {
    const notes::Note& n = s.all[i];
    if (n.id != *s.selectedId) continue;
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(n.title.c_str());
    ImGui::TextDisabled("%s: %s, %s, %s (r%lld)", notes::sourceTypeName(n.sourceType).c_str(), n.sourceName.c_str(),
                        n.dateHeard.c_str(), n.author.c_str(), static_cast<long long>(n.revision));
    if (!n.tags.empty()) ImGui::TextDisabled("tags: %s", notes::joinTags(n.tags).c_str());
    ImGui::TextDisabled("consent: %s; location: %s; %s%s", notes::consentName(n.consent).c_str(),
                        notes::locationModeName(n.location).c_str(), notes::noteKindName(n.kind).c_str(),
                        n.speaker.empty() ? "" : (", said by " + n.speaker).c_str());
    if (n.location == notes::LocationMode::Generalised && n.publicWkt.empty())
      ImGui::TextDisabled("withheld from public outputs until its area is set (notes update --areas)");
    ImGui::TextUnformatted(n.text.c_str());
    drawNoteAreaValues(state, n, i < s.places.size() ? s.places[i] : std::nullopt);
    ImGui::PopTextWrapPos();
    if (!s.readOnly) {
      if (ImGui::Button("Edit")) {
        NoteDraft d;
        d.note = n;
        d.tags = notes::joinTags(n.tags);
        s.draft = d;
      }
      ImGui::SameLine();
      if (ImGui::Button("Delete")) s.requests.push_back({NoteRequest::Kind::Delete, n});
    }
  }
}

void openNotesStoreChooser(ViewerState& state) {
  NotesState::StoreChooser& c = state.notes.chooser;
  c.open = true;
  c.focus = true;
  if (c.path.empty()) c.path = defaultNotesStore(state.projectFile, state.view ? state.view->spec.data : std::string());
}

void drawNotesStoreChooser(ViewerState& state) {
  NotesState::StoreChooser& c = state.notes.chooser;
  c.useButton[0] = c.useButton[1] = c.useButton[2] = c.useButton[3] = 0;
  if (!c.open) return;
  const float sc = state.uiScale;
  ImGui::SetNextWindowSize(ImVec2(520 * sc, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Where should notes live?", &c.open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  ImGui::PushTextWrapPos(500 * sc);
  ImGui::TextDisabled("Notes are kept in a store that others can open too: a GeoPackage file%s, or a PostGIS database.",
                      state.projectFile.empty() ? " beside the data" : " beside the project");
  ImGui::PopTextWrapPos();
  ImGui::RadioButton("GeoPackage file", &c.kind, 0);
  ImGui::SameLine();
  ImGui::RadioButton("PostGIS connection", &c.kind, 1);
  std::string& text = c.kind == 0 ? c.path : c.connection;
  char buf[1024];
  std::snprintf(buf, sizeof buf, "%s", text.c_str());
  if (c.focus) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(500 * sc);
  const bool enter = ImGui::InputText("##notesStore", buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue);
  c.focused = ImGui::IsItemActive();
  if (c.focused) c.focus = false;
  text = buf;
  if (!state.projectFile.empty()) ImGui::TextDisabled("The project will name it in [notes] store.");
  const bool use = ImGui::Button("Use this store");
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  c.useButton[0] = min.x;
  c.useButton[1] = min.y;
  c.useButton[2] = max.x - min.x;
  c.useButton[3] = max.y - min.y;
  if ((use || enter) && !std::string_view(text).empty()) {
    c.chosen = text;
    c.open = false;
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) {
    c.open = false;
    state.notes.draft.reset();  // the note waiting for a store is dropped with it
  }
  ImGui::End();
}

void drawNoteEditor(ViewerState& state) {
  NotesState& s = state.notes;
  if (!s.draft || s.chooser.open) return;
  NoteDraft& d = *s.draft;
  const float sc = state.uiScale;
  ImGui::SetNextWindowSize(ImVec2(420 * sc, 0), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  bool open = true;
  const std::string title = d.note.id ? "Edit note #" + std::to_string(d.note.id) + "###noteeditor" : "New note###noteeditor";
  if (ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    drawLocationSummary(d.note, sc);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    editString("Title", d.note.title);
    ImGui::TextUnformatted("Text");
    editString("##text", d.note.text, true, 120 * sc);
    editString("Tags", d.tags);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 400 * sc);
    ImGui::TextDisabled("pillars: %s", notes::joinTags(notes::pillarNames()).c_str());
    ImGui::PopTextWrapPos();
    int source = static_cast<int>(d.note.sourceType);
    const std::vector<const char*>& sourceNames = sourceTypeNames(false);
    if (ImGui::Combo("Source type", &source, sourceNames.data(), static_cast<int>(sourceNames.size())))
      d.note.sourceType = static_cast<notes::SourceType>(source);
    editString("Source name", d.note.sourceName);
    editString("Date heard", d.note.dateHeard);
    editString("Author", d.note.author);
    editString("Speaker", d.note.speaker);
    int kind = static_cast<int>(d.note.kind);
    if (ImGui::Combo("Kind", &kind, kKinds, IM_ARRAYSIZE(kKinds))) d.note.kind = static_cast<notes::NoteKind>(kind);
    int consent = static_cast<int>(d.note.consent);
    if (ImGui::Combo("Consent", &consent, kConsents, IM_ARRAYSIZE(kConsents)))
      d.note.consent = static_cast<notes::Consent>(consent);
    int mode = static_cast<int>(d.note.location);
    if (ImGui::Combo("Location", &mode, kLocationModes, IM_ARRAYSIZE(kLocationModes))) {
      d.note.location = static_cast<notes::LocationMode>(mode);
      if (d.note.location == notes::LocationMode::Jittered && d.note.jitterMaxM == 0) {
        d.note.jitterMinM = notes::kDefaultJitterMinM;
        d.note.jitterMaxM = notes::kDefaultJitterMaxM;
      }
    }
    if (d.note.location == notes::LocationMode::Jittered) {
      ImGui::InputDouble("Jitter min (m)", &d.note.jitterMinM, 10, 100, "%.0f");
      ImGui::InputDouble("Jitter max (m)", &d.note.jitterMaxM, 10, 100, "%.0f");
    }
    if (d.note.location == notes::LocationMode::Generalised && d.note.publicWkt.empty())
      ImGui::TextDisabled("Its area is set by notes update --areas; until then it stays out of public outputs");
    if (!d.message.empty()) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", d.message.c_str());
      ImGui::PopTextWrapPos();
    }
    const bool save = ImGui::Button("Save");
    const ImVec2 saveMin = ImGui::GetItemRectMin(), saveMax = ImGui::GetItemRectMax();
    d.saveButton[0] = saveMin.x;
    d.saveButton[1] = saveMin.y;
    d.saveButton[2] = saveMax.x - saveMin.x;
    d.saveButton[3] = saveMax.y - saveMin.y;
    if (save && !s.loading) {
      notes::Note n = d.note;
      n.tags = notes::parseTags(d.tags);
      try {
        notes::validateNote(n);
        s.requests.push_back({NoteRequest::Kind::Save, n});
        d.message.clear();
      } catch (const std::exception& e) {
        d.message = e.what();
      }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) open = false;
  }
  ImGui::End();
  if (!open) s.draft.reset();
}

float noteMarkerHitRadius(const ViewerState& state) {
  return 8.0f * (state.appliedFontScale > 0 ? state.appliedFontScale : 1.0f);
}

std::vector<NoteMarker> noteMarkers(const ViewerState& state, const PanelRect& mapArea) {
  const NotesState& s = state.notes;
  const float fbs = state.framebufferScale > 0 ? state.framebufferScale : 1.0f;
  const render::Camera& cam = state.camera;
  auto toScreen = [&](Point world) -> std::optional<Point> {
    Point px = cam.worldToScreen(world);
    Point w{mapArea.x + px.x / fbs, mapArea.y + px.y / fbs};
    if (w.x < mapArea.x || w.y < mapArea.y || w.x > mapArea.x + mapArea.width || w.y > mapArea.y + mapArea.height) return std::nullopt;
    return w;
  };
  const float sc = state.appliedFontScale > 0 ? state.appliedFontScale : 1.0f;
  return clusterNoteMarkers(s, kClusterRadius * sc, toScreen);
}

namespace {

// Area notes passing the filter: a light fill and an outline (the note being dragged where it is dragged to).
void drawAreaOutlines(const ViewerState& state, const PanelRect& mapArea, ImDrawList* dl) {
  const NotesState& s = state.notes;
  const float fbs = state.framebufferScale > 0 ? state.framebufferScale : 1.0f;
  const float sc = state.appliedFontScale > 0 ? state.appliedFontScale : 1.0f;
  auto toWindow = [&](Point world) {
    const Point px = state.camera.worldToScreen(world);
    return ImVec2(static_cast<float>(mapArea.x + px.x / fbs), static_cast<float>(mapArea.y + px.y / fbs));
  };
  for (std::size_t i = 0; i < s.all.size() && i < s.outlines.size(); ++i) {
    if (s.outlines[i].empty() || !notePassesFilter(s, s.all[i])) continue;
    const Point shift = s.moving && *s.moving == i ? s.moveOffset : Point{0, 0};
    std::vector<std::vector<Point>> rings = s.outlines[i];
    for (auto& ring : rings)
      for (Point& p : ring) p = {p.x + shift.x, p.y + shift.y};
    std::vector<std::span<const Point>> spans(rings.begin(), rings.end());
    std::vector<Point> vertices;
    std::vector<std::uint32_t> indices;
    render::tessellatePolygon(spans, vertices, indices);
    const bool selected = s.selectedId && s.all[i].id == *s.selectedId;
    const ImU32 fill = selected ? IM_COL32(230, 85, 13, 56) : IM_COL32(33, 37, 41, 40);
    const ImU32 line = selected ? IM_COL32(230, 85, 13, 255) : IM_COL32(33, 37, 41, 230);
    for (std::size_t t = 0; t + 2 < indices.size(); t += 3)
      dl->AddTriangleFilled(toWindow(vertices[indices[t]]), toWindow(vertices[indices[t + 1]]),
                            toWindow(vertices[indices[t + 2]]), fill);
    for (const auto& ring : rings) {
      std::vector<ImVec2> pts;
      for (const Point& p : ring) pts.push_back(toWindow(p));
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), line, ImDrawFlags_Closed, 2.0f * sc);
    }
  }
}

// The area being drawn: its edges, the rubber band from the last corner to the pointer and back to the first,
// the corners, and a hint line at the top of the map.
void drawAreaInProgress(const ViewerState& state, const PanelRect& mapArea, ImDrawList* dl) {
  const AreaDrawing& d = state.notes.drawing;
  if (!d.active) return;
  const float fbs = state.framebufferScale > 0 ? state.framebufferScale : 1.0f;
  const float sc = state.appliedFontScale > 0 ? state.appliedFontScale : 1.0f;
  auto toWindow = [&](Point world) {
    const Point px = state.camera.worldToScreen(world);
    return ImVec2(static_cast<float>(mapArea.x + px.x / fbs), static_cast<float>(mapArea.y + px.y / fbs));
  };
  const ImU32 edge = IM_COL32(230, 85, 13, 255), band = IM_COL32(230, 85, 13, 150), white = IM_COL32(255, 255, 255, 255);
  std::vector<ImVec2> pts;
  for (const Point& p : d.vertices) pts.push_back(toWindow(p));
  if (pts.size() > 1) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), edge, ImDrawFlags_None, 2.5f * sc);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool overMap = mouse.x >= mapArea.x && mouse.y >= mapArea.y && mouse.x < mapArea.x + mapArea.width &&
                       mouse.y < mapArea.y + mapArea.height;
  if (!pts.empty() && overMap) {
    dl->AddLine(pts.back(), mouse, band, 1.5f * sc);
    if (pts.size() > 1) dl->AddLine(mouse, pts.front(), band, 1.5f * sc);
  }
  for (const ImVec2& p : pts) {
    dl->AddCircleFilled(p, 4.5f * sc, white);
    dl->AddCircleFilled(p, 3.0f * sc, edge);
  }
  std::string hint = "Drawing an area: " + std::to_string(d.vertices.size()) +
                     " corners\nclick adds a corner, Enter or double-click finishes,\nBackspace removes the last, Esc cancels";
  if (!d.message.empty()) hint += "\n" + d.message;
  // The hint goes over everything at the bottom left of the map (the title and legend windows are above it).
  const ImVec2 size = ImGui::CalcTextSize(hint.c_str());
  const ImVec2 at(mapArea.x + 12 * sc, mapArea.y + mapArea.height - size.y - 12 * sc);
  ImDrawList* fg = ImGui::GetForegroundDrawList();
  fg->PushClipRect(ImVec2(mapArea.x, mapArea.y), ImVec2(mapArea.x + mapArea.width, mapArea.y + mapArea.height));
  fg->AddRectFilled(ImVec2(at.x - 6 * sc, at.y - 4 * sc), ImVec2(at.x + size.x + 6 * sc, at.y + size.y + 4 * sc),
                    IM_COL32(255, 255, 255, 235), 4 * sc);
  fg->AddText(at, d.message.empty() ? IM_COL32(33, 37, 41, 255) : IM_COL32(180, 30, 30, 255), hint.c_str());
  fg->PopClipRect();
}

}  // namespace

void drawNoteMarkers(ViewerState& state, const PanelRect& mapArea) {
  NotesState& s = state.notes;
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  dl->PushClipRect(ImVec2(mapArea.x, mapArea.y), ImVec2(mapArea.x + mapArea.width, mapArea.y + mapArea.height));
  drawAreaOutlines(state, mapArea, dl);
  drawAreaInProgress(state, mapArea, dl);
  dl->PopClipRect();
  if (s.all.empty()) {
    state.noteMarkerCount = 0;
    return;
  }
  const float sc = state.appliedFontScale > 0 ? state.appliedFontScale : 1.0f;
  std::vector<NoteMarker> markers = noteMarkers(state, mapArea);
  dl->PushClipRect(ImVec2(mapArea.x, mapArea.y), ImVec2(mapArea.x + mapArea.width, mapArea.y + mapArea.height));
  const ImU32 fill = IM_COL32(33, 37, 41, 255), ring = IM_COL32(255, 255, 255, 255), selected = IM_COL32(230, 85, 13, 255);
  state.noteMarkerCount = markers.size();
  for (const NoteMarker& m : markers) {
    const ImVec2 c(static_cast<float>(m.screen.x), static_cast<float>(m.screen.y));
    bool isSelected = false;
    for (std::size_t i : m.notes) isSelected = isSelected || (s.selectedId && s.all[i].id == *s.selectedId);
    if (m.notes.size() == 1) {
      dl->AddCircleFilled(c, 7.5f * sc, ring);
      dl->AddCircleFilled(c, 5.5f * sc, isSelected ? selected : fill);
    } else {
      const std::string count = std::to_string(m.notes.size());
      const ImVec2 ts = ImGui::CalcTextSize(count.c_str());
      const float r = std::max(ts.x, ts.y) * 0.5f + 5 * sc;
      dl->AddCircleFilled(c, r + 2 * sc, ring);
      dl->AddCircleFilled(c, r, isSelected ? selected : fill);
      dl->AddText(ImVec2(c.x - ts.x / 2, c.y - ts.y / 2), ring, count.c_str());
    }
  }
  dl->PopClipRect();
  // Hovering a marker names its notes; clicking one selects it (the first of a badge) and shows it in the panel.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (ImGui::GetIO().WantCaptureMouse) return;
  for (const NoteMarker& m : markers) {
    const double dx = m.screen.x - mouse.x, dy = m.screen.y - mouse.y;
    const double hit = noteMarkerHitRadius(state);
    if (dx * dx + dy * dy > hit * hit) continue;
    std::string tip;
    for (std::size_t i : m.notes) tip += (tip.empty() ? "" : "\n") + noteLine(s.all[i]);
    ImGui::SetTooltip("%s", tip.c_str());
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) s.selectedId = s.all[m.notes.front()].id;
    state.hovered.reset();
    break;
  }
}

void drawAreaNotes(const ViewerState& state, std::size_t feature) {
  const NotesState& s = state.notes;
  std::vector<const notes::Note*> in;
  for (std::size_t i = 0; i < s.all.size() && i < s.features.size(); ++i)
    if (s.features[i] && *s.features[i] == feature) in.push_back(&s.all[i]);
  if (s.storeSpec.empty()) return;
  ImGui::Separator();
  ImGui::Text("Community notes here: %zu", in.size());
  ImGui::PushTextWrapPos(0);
  for (const notes::Note* n : in) {
    ImGui::BulletText("%s", noteLine(*n).c_str());
    if (!n->text.empty()) ImGui::TextDisabled("%s", n->text.c_str());
  }
  ImGui::PopTextWrapPos();
}

}  // namespace mobmap::ui
