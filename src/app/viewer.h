#pragma once
// The interactive viewer: a GLFW window with the GL map canvas and the ImGui panels, or, with a screenshot
// path, a scripted run that renders some frames, writes the window's pixels to a PNG and exits.
#include <optional>
#include <string>
#include <vector>

namespace mobmap::app {

struct ViewerOptions {
  std::vector<std::string> paths;   // a project file, or data files (the first is mapped, the rest are context)
  std::string view;                 // project view to open (default: the first)
  std::string field;                // field to map (overrides the view's)
  std::string screenshot;           // write the window here after `frames` frames, then exit
  int frames = 5;
  int width = 1440, height = 900;   // window size in screen units
  std::string panel;                // a panel to open at the start: "table" (data table), "get" (Get data dialog), "moran"
  std::vector<std::string> pick;    // GEOIDs of mapped areas to pick at the start (a custom area)
  std::string dissolveName;         // with `pick`: merge the picked areas into a custom area of this name
  bool timings = false;             // scripted run printing frame timings (app/frame_timings.h), `frames` pans
  bool fullDetail = false;          // draw full detail at every zoom (no level of detail), for comparisons
  std::string mapType;              // "choropleth", "lisa", "gap", "ratio" or "bivariate" (Style panel's map type)
  std::string secondField;          // B / Y of a gap, ratio or bivariate map type
  bool present = false;             // start in presentation mode (full screen, large type, views by arrow keys)
  std::vector<std::string> compare; // two project views side by side (linked comparison), or empty
  bool independentBreaks = false;   // with `compare`: each side on its own classes instead of shared ones
  std::string stateOut;             // write the viewer's state here as JSON (app/viewer_state_file.h)
  double runSeconds = 0;            // > 0: an interactive run (input handled) that ends after this many seconds
                                    // (or on Ctrl+Q / close), then writes `screenshot` and `stateOut`
};

// Parses viewer options (`--screenshot`, `--frames`, `--view`, `--size WxH`, `--field`, `--panel table|get|moran`,
// `--pick GEOID,...`, `--dissolve-name NAME`, `--timings`, `--full-detail`, `--map-type KIND`, `--second-field F`,
// `--present`, `--compare VIEW_A,VIEW_B`, `--independent-breaks`, `--state-out FILE`, `--run-seconds S`) and
// paths.
// Returns nullopt and sets `error` on a malformed option.
std::optional<ViewerOptions> parseViewerOptions(const std::vector<std::string>& args, std::string& error);

// Checks options against the files they name: `--compare` needs a project file that has both views.
// Returns false and sets `error` (a usage error) otherwise.
bool checkViewerOptions(const ViewerOptions& options, std::string& error);

// True when one of the arguments is a viewer-only option.
bool hasViewerOption(const std::vector<std::string>& args);

// Runs the viewer. Returns the exit status: 0 on a normal close or a written screenshot; 1 when no window
// can be opened (`windowFailed` is then set) or the scripted run fails.
int runViewer(const ViewerOptions& options, bool& windowFailed);

}  // namespace mobmap::app
