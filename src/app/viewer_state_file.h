#pragma once
// `--state-out FILE`: what the viewer shows, as JSON, for scripts and GUI tests that drive the real window with
// X input and need to observe the effect: the camera, the map rectangle, the pointer, the selected and hovered
// areas, the tooltip and inspector, and the notes (count, editor, area drawing, moves).
//
// Usage:
//   ViewerStateFile out("state.json");
//   out.update(viewerStateJson(state, facts));   // each frame: written only when something changed
//   out.update(viewerStateJson(state, facts), true);  // at exit: always written, with "exited": true
// Each write replaces the file whole (written beside it, then renamed), so a reader never sees half a file.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "ui/panels.h"

namespace mobmap::app {

// What only the frame loop knows.
struct FrameFacts {
  ui::PanelRect mapArea;                 // window units
  ui::PanelRect legend;                  // window units; empty when no legend is shown
  int windowWidth = 0, windowHeight = 0; // window units
  bool ready = false;                    // the view is loaded and nothing is running in the background
  std::optional<std::size_t> tooltip;    // the feature whose hover tooltip was drawn this frame
  std::optional<std::size_t> inspector;  // the feature the inspector panel showed this frame
  double seconds = 0;                    // since the viewer started
  Point pointer;                         // window units
  bool leftButtonDown = false;
};

// The state as JSON: "ready", "view", "field", "map_type", "second_field", "swatches" {kind: areas}, "display_crs", "window" [w, h], "framebuffer_scale", "map" and "legend" [x, y, w, h]
// (window units), "camera" {"center" [x, y] display CRS, "pixels_per_unit", "viewport" [w, h] framebuffer
// pixels}, "pointer" {"x", "y", "left_down", "over_map"}, "selected" / "hovered" / "tooltip" / "inspector"
// ({"index", "geoid", "name"} or null), "notes" {"count", "markers", "selected_id", "loading", "message",
// "editor" (null or {"id", "wkt", "area_ids", "title", "message", "save_button" [x, y, w, h]}), "drawing" {"active", "corners" [[x, y]...], "message"},
// "moving", "can_undo_move"}.
nlohmann::json viewerStateJson(const ui::ViewerState& state, const FrameFacts& facts);

class ViewerStateFile {
 public:
  explicit ViewerStateFile(std::string path) : m_path(std::move(path)) {}

  // Writes `state` (adding "seq", counting writes, and "exited") when it differs from the last written state
  // (ignoring "seconds"), or always when `final`. Returns false and sets `error` when the file cannot be written.
  bool update(nlohmann::json state, bool final, std::string& error);

 private:
  std::string m_path;
  nlohmann::json m_last;
  long m_seq = 0;
};

}  // namespace mobmap::app
