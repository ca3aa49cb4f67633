#pragma once
// What the sidebar panels keep between frames: the text being typed in their fields and the results they
// computed from it (Find's matches, the data table's rows). Held in the ViewerState, not in function statics,
// so that each viewer state (the two sides of a comparison, a state made by a test) starts empty and none shares
// another's. No ImGui here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ui/feature_finder.h"

namespace mobmap::session {
struct LoadedView;
}

namespace mobmap::ui {

// One Find match: in the mapped layer (overlay unset) or in overlay number `overlay`.
struct FindHit {
  std::optional<std::size_t> overlay;
  FindMatch match;
};

// Find's matches for the query last searched, recomputed when the query, view or overlays change.
struct FindCache {
  std::string query;
  const session::LoadedView* view = nullptr;
  std::size_t overlays = 0;
  std::vector<FindHit> hits;
};

// The data table's rows and columns shown, recomputed only when the view, field, filter or sort changes.
struct DataTableModel {
  const session::LoadedView* view = nullptr;
  std::size_t rowCount = 0;
  std::string field;
  std::string filter;
  std::optional<std::size_t> sortColumn;
  bool ascending = true;
  std::vector<std::size_t> columns, rows;
  int generation = 0;                        // bumped when the columns change, so ImGui forgets old sort state
  std::optional<std::size_t> seenSelection;  // the selection the table last showed
};

// The areas of the mapped layer a selected note falls in (its area ids), found once per note revision and view.
struct NoteAreasCache {
  const session::LoadedView* view = nullptr;
  std::int64_t noteId = 0, revision = -1;
  int placesVersion = -1;  // NotesState::placesVersion: the notes' places on the map
  std::vector<std::size_t> features;
};

struct PanelState {
  // Text fields (ImGui edits them in place).
  char findQuery[128] = "";
  char tableFilter[128] = "";
  char fieldFilter[64] = "";
  char exportPath[512] = "";
  char layerPath[1024] = "";
  char reference[32] = "";
  bool focusFind = false;  // Ctrl+F: open Find and put the cursor in its field
  FindCache find;
  PlaceFinder places;
  NoteAreasCache noteAreas;  // the Notes panel's values of the selected note's areas  // the hover tooltip's "in <neighbourhood>"
  DataTableModel table;
};

}  // namespace mobmap::ui
