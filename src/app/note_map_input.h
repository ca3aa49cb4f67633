#pragma once
// Community-note editing with the pointer and keys over the map: drawing an area note (clicks add corners, a
// drag still pans, Enter or a double click finishes and opens the note editor, Backspace removes the last
// corner, Esc cancels) and moving a note by dragging its marker (one revision-checked store change on release;
// Ctrl+Z or the Notes panel undoes the last move).
#include <cstdint>
#include <optional>
#include <vector>

#include "core/geometry.h"
#include "notes/note.h"
#include "session/map_probe.h"
#include "ui/panels.h"

namespace mobmap::app {

// An area note's rings in the display CRS (what the map outlines and fills); empty for a point note or when a
// corner cannot be projected or the WKT cannot be read.
std::vector<std::vector<Point>> noteOutline(const notes::Note& note, const session::MapProbe& probe);

class NoteMapInput {
 public:
  // Handles this frame's pointer and keys for the notes. `overMap`: the pointer is over `area` and no panel
  // wants it; `screen`: the pointer in canvas framebuffer pixels. Returns true when the notes took the left
  // button this frame (the map must not start a pan or a click of its own).
  bool handle(ui::ViewerState& state, const ui::PanelRect& area, bool overMap, Point screen);

  // True while a note marker is being dragged.
  bool dragging() const { return m_drag.has_value(); }

 private:
  void finishArea(ui::ViewerState& state);
  void dropNote(ui::ViewerState& state);

  struct Drag {
    std::size_t note = 0;      // index into NotesState::all
    std::int64_t id = 0;       // that note's id (the drag ends if the list changes under it)
    Point place;               // its display-CRS place when the drag started
    Point grab;                // the pointer's display-CRS point when the drag started
    Point pressScreen;         // canvas pixels
    bool moved = false;        // went further than a click's slack
  };
  std::optional<Drag> m_drag;
  std::optional<Point> m_press;   // drawing: where the left button went down (canvas pixels)
  bool m_ignoreRelease = false;   // drawing: the release ending a double click adds no corner
};

}  // namespace mobmap::app
