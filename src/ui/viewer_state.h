#pragma once
// What the viewer shows and what the panels change: the loaded view, its thematic map, the camera, hover
// and selection, layer display settings and UI preferences. Panels read and edit it; the app draws it.
// Holds no GL or ImGui types.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "render/camera.h"
#include "render/feature_picker.h"
#include "render/moran_scatter.h"
#include "render/thematic_map.h"
#include "session/map_probe.h"
#include "session/view_loader.h"
#include "ui/crs_state.h"
#include "ui/custom_area_state.h"
#include "ui/export_state.h"
#include "ui/get_data_state.h"
#include "ui/map_type.h"
#include "ui/map_type_job.h"
#include "ui/meeting_state.h"
#include "ui/notes_state.h"
#include "ui/open_state.h"
#include "ui/panel_state.h"
#include "ui/profile_state.h"
#include "ui/project_state.h"

namespace mobmap::ui {

// How one layer is drawn.
struct LayerDisplay {
  bool visible = true;
  float opacity = 1.0f;
  bool outlineOnly = false;
};

struct ViewerState {
  // Data.
  std::string projectFile;                       // empty when a data file was opened
  std::vector<std::string> projectViews;         // views saved in the project
  std::string viewName;                          // the view shown, or empty
  // Null while nothing is loaded; shared so that a map-type job still running keeps the layer it reads alive.
  std::shared_ptr<session::LoadedView> view;
  std::unique_ptr<render::FeaturePicker> picker;
  std::unique_ptr<session::MapProbe> probe;
  std::optional<render::ThematicMap> map;        // nullopt when the field cannot be mapped
  std::string mapError;                          // why, for the legend panel
  std::string mapTitle;                          // the map kind's figure title when the view has none ("" = the metric's)
  int colorsVersion = 0;                         // bumped whenever feature colours change
  std::string loadError;                         // last failed load, shown until the next one
  Extent homeExtent;                             // what "zoom to layer" shows: the exported figure's extent
  int viewGeneration = 0;                        // bumped by installView

  // Map type (Style panel): the kind of map drawn for the field, B / Y for the two-field kinds.
  MapType mapType = MapType::Choropleth;
  bool mapTypeFromOptions = false;  // --map-type named it: the first view opened keeps it
  std::string secondField;
  // Moran scatter plot panel, linked to the selection; the scatter is rebuilt when the field or view changes.
  bool showMoranScatter = false;
  std::optional<render::MoranScatter> scatter;
  std::string scatterError, scatterKey;          // scatterKey: the view generation and field asked for
  int scatterGeneration = 0;                     // the view generation `scatter` was built for
  // Background builds of the slow map types and of the scatter (requestMap, updateMapJobs); the map and
  // scatter shown stay until their results are in.
  std::shared_ptr<MapTypeJob> mapJob, scatterJob;
  std::shared_ptr<ContiguityCache> contiguity = std::make_shared<ContiguityCache>();  // the view's, for both

  // Interaction.
  render::Camera camera;
  std::optional<std::size_t> hovered, selected;
  std::optional<Point> cursorWorld;              // display-CRS point under the mouse, if over the map
  bool zoomToLayerRequested = false;
  bool zoomToSelectionRequested = false;
  std::string requestedView;                     // a view the user picked; the app loads it
  std::optional<Extent> zoomToExtentRequested;   // a display-CRS box to show (a Find hit on an overlay)
  // The overlay area Find went to last (overlay index, feature): outlined on the map until Find goes elsewhere
  // or the overlays change.
  struct OverlayArea {
    std::size_t overlay = 0, feature = 0;
  };
  std::optional<OverlayArea> foundOverlayArea;
  // The view with changed data (another year or subgroup, an added overlay): the app loads it in the
  // background and keeps the camera and selection; on failure the session stays as it was.
  std::optional<session::ViewSpec> requestedReload;
  bool contextLayersChanged = false;             // overlays removed or reordered in place; the app re-uploads
  bool reloadRefits = false;                     // the requested reload moves the layer (a CRS given): fit it again

  // Display.
  LayerDisplay mainLayer;
  std::vector<LayerDisplay> contextLayers;
  float uiScale = 1.0f;                          // user setting, times the monitor's content scale
  float framebufferScale = 1.0f;                 // framebuffer pixels per window unit (HiDPI)
  float appliedFontScale = 0;                    // the scale the font atlas was built for
  bool showTable = false;

  // Community notes.
  NotesState notes;
  std::size_t noteMarkerCount = 0;               // markers (single notes or badges) drawn in the last frame

  // Opening files and joining tables.
  OpenDialogState openFile;
  JoinDialogState join;

  // Saving the project, the quit prompt, recent projects.
  ProjectSaveState project;

  // Setting the CRS of a layer that has no usable one.
  CrsDialogState crs;

  // Custom areas (dissolve) and the "Get data for a place" dialog.
  CustomAreaState customArea;
  GetDataState getData;
  // The Mobility Metrics profile of the project's place.
  ProfileState profile;
  // Coalition meetings: presentation mode and the linked comparison.
  MeetingState meeting;

  // Export.
  std::string exportPath = "figure.png";
  bool exportCurrentExtent = false;
  bool exportCallouts = false;                   // number public notes on the figure (on for views naming notes)
  std::string exportMessage;
  ExportDialogState exportDialog;

  // The sidebar panels' fields and cached results.
  PanelState panels;
};

// Rebuilds state.map from state.view->spec (field and style options) on the calling thread, superseding a
// map job still running. On failure keeps the map cleared and sets mapError; bumps colorsVersion either way.
void rebuildMap(ViewerState& state);

// Asks for the map of state.mapType: a choropleth is rebuilt at once (rebuildMap); the other types start
// state.mapJob (superseding an older request) and the map drawn stays until updateMapJobs applies the result.
// When no map fits the view's areas meanwhile, the choropleth is drawn until then.
void requestMap(ViewerState& state);

// Once a frame: applies a finished map job (map or mapError, colorsVersion bumped), starts the scatter job
// when the Moran scatter is shown and the view or field changed, and applies its result.
void updateMapJobs(ViewerState& state);

// True while a map or scatter job is running (scripted runs wait for it).
bool mapJobsBusy(const ViewerState& state);
// Waits until the running map jobs have finished or `timeout` has passed (at once when none runs).
void waitForMapJobs(const ViewerState& state, std::chrono::milliseconds timeout);
// What the map jobs are doing, for the status bar ("Computing LISA clusters (1.2 s)"), or "".
std::string mapJobsStage(const ViewerState& state);

// Shows a view opened (not a reload of the one shown) as the map its project saved: a kind the viewer offers
// (gap, ratio, LISA, change, ...) with A (the view's field) and B from the view's fields, otherwise a choropleth
// — except the first view after --map-type, which keeps the type the command line named.
void adoptViewMapKind(ViewerState& state);

// Installs a freshly loaded view: picker, probe, context layer settings, map; asks for a zoom to the layer.
void installView(ViewerState& state, std::unique_ptr<session::LoadedView> view);

// A feature's readable name ("Tract 8301.02", a neighborhood name), from the first name-like column.
std::string featureName(const ViewerState& state, std::size_t feature);
// A feature's GEOID-like key, or "".
std::string featureKey(const ViewerState& state, std::size_t feature);
// The mapped value of a feature formatted with the metric's unit ("12.5%", "$43,911"), or "no data".
std::string featureValueText(const ViewerState& state, std::size_t feature);

// What the mapped value is called: the view's legend title, else the metric's label.
std::string mappedValueLabel(const ViewerState& state);
// "low quality (...)" / "" for the mapped field of a feature.
std::string featureQualityText(const ViewerState& state, std::size_t feature);

}  // namespace mobmap::ui
