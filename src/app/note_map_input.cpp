#include "app/note_map_input.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cmath>
#include <cstdlib>
#include <exception>
#include <utility>

#include "core/error.h"
#include "notes/note_geometry.h"
#include "ui/note_areas.h"

namespace mobmap::app {

namespace {

constexpr double kClickSlackPx = 4;  // a press and release closer than this is a click, not a drag

double distance(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

std::vector<std::vector<Point>> noteOutline(const notes::Note& note, const session::MapProbe& probe) {
  if (!notes::isAreaWkt(note.geometryWkt)) return {};
  std::vector<std::vector<Point>> rings;
  try {
    for (const auto& ring : notes::wktRings(note.geometryWkt)) {
      rings.emplace_back();
      for (const Point& ll : ring) {
        const std::optional<Point> d = probe.displayPoint(ll);
        if (!d) return {};
        rings.back().push_back(*d);
      }
    }
  } catch (const std::exception&) {
    return {};
  }
  return rings;
}

bool NoteMapInput::handle(ui::ViewerState& state, const ui::PanelRect& area, bool overMap, Point screen) {
  ImGuiIO& io = ImGui::GetIO();
  ui::NotesState& s = state.notes;
  render::Camera& cam = state.camera;
  const Point world = cam.screenToWorld(screen);

  if (m_drag) {  // moving a note: its marker (and outline) follow the pointer until the button comes up
    if (m_drag->note >= s.all.size() || m_drag->note >= s.places.size() || s.all[m_drag->note].id != m_drag->id) {
      m_drag.reset();
      s.moving.reset();
      return true;
    }
    if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      if (distance(screen, m_drag->pressScreen) >= kClickSlackPx) m_drag->moved = true;
      if (m_drag->moved) {
        s.moveOffset = {world.x - m_drag->grab.x, world.y - m_drag->grab.y};
        s.places[m_drag->note] = Point{m_drag->place.x + s.moveOffset.x, m_drag->place.y + s.moveOffset.y};
      }
    } else {
      if (m_drag->moved) dropNote(state);
      m_drag.reset();
      s.moving.reset();
    }
    return true;
  }

  if (s.drawing.active) {
    if (!io.WantCaptureKeyboard) {
      if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) {
        s.drawing = {};
        return false;
      }
      if (ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE) && !s.drawing.vertices.empty()) {
        s.drawing.vertices.pop_back();
        s.drawing.message.clear();
      }
      if (ImGui::IsKeyPressed(GLFW_KEY_ENTER) || ImGui::IsKeyPressed(GLFW_KEY_KP_ENTER)) finishArea(state);
    }
    if (!s.drawing.active) return false;
    if (overMap && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
      m_press.reset();
      m_ignoreRelease = true;
      finishArea(state);
      return true;
    }
    if (overMap && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) m_press = screen;
    if (m_press) {
      if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        const ImVec2 d = io.MouseDelta;  // a drag while drawing pans the map
        if (distance(screen, *m_press) >= kClickSlackPx && (d.x != 0 || d.y != 0))
          cam.panPixels(d.x * state.framebufferScale, d.y * state.framebufferScale);
      } else {
        if (distance(screen, *m_press) < kClickSlackPx && !std::exchange(m_ignoreRelease, false)) {
          s.drawing.vertices.push_back(world);
          s.drawing.message.clear();
        }
        m_press.reset();
      }
      return true;
    }
    m_ignoreRelease = false;
    return false;
  }

  if (!io.WantCaptureKeyboard && !state.meeting.presenting) {
    // A: draw an area note; Ctrl+Z: undo the last move.
    const bool editable = !s.readOnly && !s.storeSpec.empty() && !s.draft;
    if (editable && ImGui::IsKeyPressed(GLFW_KEY_A) && !io.KeyCtrl) {
      s.drawing = {};
      s.drawing.active = true;
      s.addArmed = false;
      return false;
    }
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Z) && !s.loading)
      if (auto r = ui::undoMoveRequest(s)) s.requests.push_back(std::move(*r));
  }

  // A press on a single note's marker starts moving that note.
  if (overMap && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !s.readOnly && !s.storeSpec.empty() && !s.loading) {
    const float r = ui::noteMarkerHitRadius(state);
    for (const ui::NoteMarker& m : ui::noteMarkers(state, area)) {
      if (m.notes.size() != 1 || std::hypot(m.screen.x - io.MousePos.x, m.screen.y - io.MousePos.y) > r) continue;
      const std::size_t i = m.notes.front();
      if (i >= s.places.size() || !s.places[i]) continue;
      m_drag = Drag{i, s.all[i].id, *s.places[i], world, screen, false};
      s.moving = i;
      s.moveOffset = {0, 0};
      return true;
    }
  }
  return false;
}

// Enter or a double click: a valid ring opens the note editor on a new area note; otherwise says why.
void NoteMapInput::finishArea(ui::ViewerState& state) {
  ui::NotesState& s = state.notes;
  if (std::string why = ui::ringProblem(s.drawing.vertices); !why.empty()) {
    s.drawing.message = "Cannot finish: " + why;
    return;
  }
  if (!state.probe) {
    s.drawing.message = "Cannot finish: the map's coordinate system has no longitude/latitude";
    return;
  }
  std::vector<Point> lonLat;
  for (const Point& p : s.drawing.vertices) {
    auto ll = state.probe->lonLat(p);
    if (!ll) {
      s.drawing.message = "Cannot finish: a corner lies outside the map projection's area";
      return;
    }
    lonLat.push_back(*ll);
  }
  const char* user = std::getenv("USER");
  ui::NoteDraft draft = ui::newNoteDraft(lonLat.front(), user ? user : "");
  draft.note.geometryWkt = notes::polygonWkt(lonLat);
  draft.note.areaIds = ui::noteAreaIds(state, {s.drawing.vertices});
  s.draft = std::move(draft);
  s.drawing = {};
}

// The end of a drag: the note at its new place, stored as one revision-checked change (an area note moves as a
// whole: every corner by the same display-CRS offset).
void NoteMapInput::dropNote(ui::ViewerState& state) {
  ui::NotesState& s = state.notes;
  const notes::Note before = s.all[m_drag->note];
  notes::Note moved = before;
  const Point offset = s.moveOffset;
  try {
    if (!state.probe) throw Error("the map's coordinate system has no longitude/latitude");
    const session::MapProbe& probe = *state.probe;
    std::vector<std::vector<Point>> displayRings;
    moved.geometryWkt = notes::mapWktCoordinates(before.geometryWkt, [&](Point ll) {
      const std::optional<Point> d = probe.displayPoint(ll);
      if (!d) throw Error("a corner lies outside the map projection's area");
      const Point to{d->x + offset.x, d->y + offset.y};
      const std::optional<Point> back = probe.lonLat(to);
      if (!back) throw Error("the new place lies outside the map projection's area");
      return *back;
    });
    for (const auto& ring : notes::wktRings(moved.geometryWkt)) {
      displayRings.emplace_back();
      for (const Point& ll : ring)
        if (auto d = probe.displayPoint(ll)) displayRings.back().push_back(*d);
    }
    moved.areaIds = ui::noteAreaIds(state, displayRings);
  } catch (const std::exception& e) {
    s.message = std::string("Cannot move the note: ") + e.what();
    s.places[m_drag->note] = m_drag->place;
    return;
  }
  s.moveBefore = before;
  s.selectedId = before.id;
  s.requests.push_back({ui::NoteRequest::Kind::Move, moved});
}

}  // namespace mobmap::app
