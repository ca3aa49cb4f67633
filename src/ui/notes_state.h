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
#include "core/project.h"
#include "notes/note.h"
#include "ui/area_drawing.h"

namespace mobmap::ui {

// A store operation asked for by a panel.
struct NoteRequest {
  // Move and UndoMove store the note like Save (revision-checked) but leave the note editor alone.
  enum class Kind { Reload, Save, Delete, Restore, Move, UndoMove };
  Kind kind = Kind::Reload;
  notes::Note note;  // Save/Move/UndoMove: the note (Save with id 0 adds it); Delete: id and revision; Restore: the
                     // deleted note
};

// The text fields of the note being edited (multiline text, tags as typed).
struct NoteDraft {
  notes::Note note;
  std::string tags;
  std::string message;  // why the last save failed, shown in the edit panel
  float saveButton[4] = {0, 0, 0, 0};  // where the editor's Save button was last drawn: x, y, w, h (window units)
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
  std::vector<std::vector<std::vector<Point>>> outlines;  // per note: an area note's rings in the display CRS
  int placesVersion = -1;         // bumped by the app when places/features are recomputed

  // List filter (empty = all).
  std::string filterTag, filterAuthor;
  int filterSourceType = 0;       // 0 = any, else SourceType + 1
  int filterConsent = 0;          // 0 = any, else notes::Consent + 1
  int filterPillar = 0;           // 0 = any, else notes::pillarNames() index + 1: notes speaking to that pillar
  std::vector<NoteTheme> codebook;  // the project's [[notes.themes]]: which themes speak to which pillar
  bool publishedOnly = false;     // set by the app while presenting: only notes the consent gate lets out show

  std::optional<std::int64_t> selectedId;
  std::optional<NoteDraft> draft;            // the edit panel is open while set
  std::optional<notes::Note> lastDeleted;    // undo restores it
  bool addArmed = false;                     // `N` pressed: Enter adds a note at the pointer
  std::optional<Point> panTo;                // a display-CRS point the map should centre on
  AreaDrawing drawing;                       // "Draw an area": the corners clicked so far
  std::optional<std::size_t> moving;         // the note whose marker is being dragged (index into all)
  Point moveOffset;                          // display-CRS offset of the dragged note from its stored place
  std::optional<notes::Note> moveBefore;     // the note as it was before the move now being stored
  std::optional<notes::Note> lastMoved;      // the note before the last stored move: undo puts it back

  std::vector<NoteRequest> requests;         // taken by the app each frame

  // Where notes live, asked when the first note is added without a store (or from the Notes panel).
  struct StoreChooser {
    bool open = false;
    int kind = 0;                            // 0 a GeoPackage file, 1 a PostGIS connection
    std::string path;                        // the GeoPackage, prefilled by defaultNotesStore
    std::string connection = "PG:dbname=mobmap";
    std::string chosen;                      // set on "Use": the app opens the store (and records it in the project)
    float useButton[4] = {0, 0, 0, 0};       // "Use this store" in window coordinates (x, y, w, h), for tests
    bool focus = false;                      // put the keyboard in the path (until it has it)
    bool focused = false;                    // the path field has the keyboard
  } chooser;
};

// The GeoPackage a new notes store is proposed as: notes.gpkg beside the project file when one is open, else
// "<data name>-notes.gpkg" beside the data file.
std::string defaultNotesStore(const std::string& projectFile, const std::string& dataFile);

// True when `note` passes the panel's filter.
bool notePassesFilter(const NotesState& s, const notes::Note& note);

// The order the Notes panel lists s.all for a view of a metric of `pillar` and `predictor` (the metric catalog's;
// empty for a local indicator): notes that speak to the predictor first, then those that speak to the pillar
// (through their tags and the project's codebook, notes/codebook.h), then the rest, each group in store order.
// `ranks` receives each listed note's group (0 predictor, 1 pillar, 2 other), same order.
std::vector<std::size_t> notesInViewOrder(const NotesState& s, const std::string& pillar, const std::string& predictor,
                                          std::vector<int>* ranks = nullptr);

// A fresh draft for a note at lon/lat `lonLat`: internal, dated today, the given author.
NoteDraft newNoteDraft(Point lonLat, const std::string& author);

// The store operation that puts the last moved note back where it was (revision-checked against the note as
// stored now), or nullopt when there is nothing to undo or the note is gone.
std::optional<NoteRequest> undoMoveRequest(const NotesState& s);

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
