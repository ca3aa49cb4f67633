#pragma once
// The viewer's community notes: what the notes store holds, where each note sits on the map, the list filter,
// the note being edited, the last deletion (for undo), and the store operations the panels ask for. The app
// carries the operations out off the UI thread (a PostGIS store can block) and writes the answers back here.
// Holds no GL, ImGui or GDAL types.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "notes/note.h"

namespace mobmap::ui {

// A store operation asked for by a panel.
struct NoteRequest {
  enum class Kind { Reload, Save, Delete, Restore };
  Kind kind = Kind::Reload;
  notes::Note note;  // Save: the note (id 0 adds it); Delete: id and revision; Restore: the deleted note
};

// The text fields of the note being edited (multiline text, tags as typed).
struct NoteDraft {
  notes::Note note;
  std::string tags;
  std::string message;  // why the last save failed, shown in the edit panel
};

// Notes on the map clustered for drawing: each marker is one note or a count badge.
struct NoteMarker {
  Point screen;                     // framebuffer pixels in the map canvas
  std::vector<std::size_t> notes;   // indices into NotesState::all
};

struct NotesState {
  std::string storeSpec;          // the project's [notes] store; empty = none
  bool readOnly = false;          // a GeoJSON/CSV file of notes: shown, not edited
  bool loading = false;           // an operation is running
  std::string message;            // the last store message (errors, conflicts), shown in the Notes panel
  std::vector<notes::Note> all;   // every note of the store, by id
  std::vector<std::optional<Point>> places;          // per note: display-CRS place (nullopt: cannot place)
  std::vector<std::optional<std::size_t>> features;  // per note: the mapped-layer feature it falls in
  int placesVersion = -1;         // bumped by the app when places/features are recomputed

  // List filter (empty = all).
  std::string filterTag, filterAuthor;
  int filterSourceType = 0;       // 0 = any, else SourceType + 1
  int filterConsent = 0;          // 0 = any, 1 public, 2 internal

  std::optional<std::int64_t> selectedId;
  std::optional<NoteDraft> draft;            // the edit panel is open while set
  std::optional<notes::Note> lastDeleted;    // undo restores it
  bool addArmed = false;                     // `N` pressed: Enter adds a note at the pointer
  std::optional<Point> panTo;                // a display-CRS point the map should centre on

  std::vector<NoteRequest> requests;         // taken by the app each frame
};

// True when `note` passes the panel's filter.
bool notePassesFilter(const NotesState& s, const notes::Note& note);

// A fresh draft for a note at lon/lat `lonLat`: internal, dated today, the given author.
NoteDraft newNoteDraft(Point lonLat, const std::string& author);

// Groups the notes passing the filter whose screen positions (from `toScreen`, nullopt when off the canvas)
// fall within `radiusPx` of a group's first note: one marker per group, in note order.
template <class ToScreen>
std::vector<NoteMarker> clusterNoteMarkers(const NotesState& s, double radiusPx, ToScreen toScreen) {
  std::vector<NoteMarker> markers;
  for (std::size_t i = 0; i < s.all.size(); ++i) {
    if (i >= s.places.size() || !s.places[i] || !notePassesFilter(s, s.all[i])) continue;
    std::optional<Point> p = toScreen(*s.places[i]);
    if (!p) continue;
    bool joined = false;
    for (NoteMarker& m : markers) {
      const double dx = m.screen.x - p->x, dy = m.screen.y - p->y;
      if (dx * dx + dy * dy <= radiusPx * radiusPx) {
        m.notes.push_back(i);
        joined = true;
        break;
      }
    }
    if (!joined) markers.push_back({*p, {i}});
  }
  return markers;
}

}  // namespace mobmap::ui
