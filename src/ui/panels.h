#pragma once
// The viewer's Dear ImGui panels, one per file. Each draws itself for the current frame from the
// ViewerState and writes the user's changes back into it; none touches GDAL, PROJ or GL.
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/viewer_state.h"

namespace mobmap::ui {

// A screen rectangle in ImGui (window) coordinates.
struct PanelRect {
  float x = 0, y = 0, width = 0, height = 0;
};

// The legend, drawn from the thematic map's Legend model (the one exported figures use), in the bottom
// right corner of `mapArea`, in a window named `windowName`. Returns where it was drawn.
PanelRect drawLegendPanel(ViewerState& state, const PanelRect& mapArea, const char* windowName = "Legend");

// Views of the project (switching loads the view), presentation mode and the linked comparison.
void drawViewsPanel(ViewerState& state);

// Field picker: Mobility Metrics of the layer grouped by pillar, then the other numeric fields; picking
// one recolours the map at once.
void drawFieldPicker(ViewerState& state);

// Classification method, classes, ramp, reference and low-quality handling.
void drawStylePanel(ViewerState& state);

// Visibility, opacity and outline-only of the mapped layer and its context layers; adding an overlay by
// path (loaded in the background through state.requestedReload), removing and reordering overlays (in
// place, flagged by state.contextLayersChanged).
void drawLayersPanel(ViewerState& state);

// The data table of the mapped layer in a window filling `area`: sortable by a click on a column header,
// filterable, and linked to the selection both ways (a row click selects and zooms; a map selection
// highlights its row and scrolls to it). Hides itself (state.showTable = false) on Close.
void drawDataTablePanel(ViewerState& state, const PanelRect& area);

// Find: go to an area of the mapped layer or an overlay by GEOID or name; Enter goes to the best match.
void drawFindPanel(ViewerState& state);

// Year and subgroup pickers for a view joined to a long table (Urban's layout); a change reloads the
// view with the join filtered to the chosen year and subgroup.
void drawYearSubgroupPanel(ViewerState& state);

// The Moran scatter plot of the mapped field (while state.showMoranScatter), in a window over the top right of
// `mapArea`: clicking a point selects its area; the selected and hovered areas are ringed. Returns the
// window's rectangle (empty when hidden).
PanelRect drawMoranScatterPanel(ViewerState& state, const PanelRect& mapArea);

// Every attribute of the selected feature.
void drawInspectorPanel(ViewerState& state);

// The tooltip for the feature under the mouse (name, GEOID, value with unit, quality).
void drawHoverTooltip(ViewerState& state);

// Figure export: writes what `mobmap render` would write for the current view.
void drawExportPanel(ViewerState& state);

// The bottom status bar: cursor lon/lat, display CRS, scale, background work (with a progress bar unless
// workProgress is negative). Returns its rectangle.
PanelRect drawStatusBar(const ViewerState& state, const std::string& workText, float workProgress);

// Community notes: store, filters, the filtered list (selecting a note pans to it), undo of the last delete.
void drawNotesPanel(ViewerState& state);

// Opens "Where should notes live?" with the GeoPackage beside the project or data proposed (defaultNotesStore).
void openNotesStoreChooser(ViewerState& state);
// The "Where should notes live?" window while state.notes.chooser.open: a GeoPackage path or a PostGIS
// connection; "Use" or Enter sets state.notes.chooser.chosen for the app to open.
void drawNotesStoreChooser(ViewerState& state);

// The note editor window while state.notes.draft is set: title, text, tags, source, date, author, consent.
void drawNoteEditor(ViewerState& state);

// Note markers over the map canvas (clustered into count badges within ~20 px), with hover and click; area
// notes as an outline with a light fill; while an area is being drawn, its corners and the rubber band to the
// pointer, with a hint.
void drawNoteMarkers(ViewerState& state, const PanelRect& mapArea);

// The note markers drawn over `mapArea`, at window coordinates (what drawNoteMarkers draws and hit-tests).
std::vector<NoteMarker> noteMarkers(const ViewerState& state, const PanelRect& mapArea);

// The radius (window units) around a marker's centre that hovers, clicks or drags it.
float noteMarkerHitRadius(const ViewerState& state);

// The notes that fall in `feature` of the mapped layer (for the inspector).
void drawAreaNotes(const ViewerState& state, std::size_t feature);

// Custom area: the areas picked with shift+click, a name, "Create area" (merged in the background into an
// overlay with the sums of the layer's counts), the result and its export.
void drawCustomAreaPanel(ViewerState& state);

// Takes a finished custom area job's result: adds the area as an overlay and shows it in the inspector. Call
// every frame.
void updateCustomArea(ViewerState& state);

// The custom area's values with MOE and CV flags (for the inspector); draws nothing without one.
void drawCustomAreaValues(ViewerState& state);

// The "Get data for a place" window while state.getData.open: level, GEOID, year, output folder,
// neighborhoods; runs the download in the background with progress and cancel, and on success sets
// state.getData.openProject. Call every frame (it also follows a running download when closed).
void drawGetDataDialog(ViewerState& state);

// A banner over the top of `mapArea` while the view's layer has no usable CRS (drawn in its own coordinates):
// the one-line reason naming the file and the evidence, and "Set CRS...".
void drawCrsBanner(ViewerState& state, const PanelRect& mapArea);
// Opens the "Set CRS" dialog with the keyboard in its search box.
void openCrsDialog(ViewerState& state);
// The "Set CRS" dialog while state.crs.open: a search of PROJ's database by code or name and suggestions from
// the layer's coordinates; Enter, a double click or "Use" chooses (state.crs.requested).
void drawCrsDialog(ViewerState& state);
// Once a frame: starts the suggestions for a newly shown view while the dialog is open, takes finished ones.
void updateCrsDialog(ViewerState& state);
// Carries out a CRS chosen this frame: reloads the view with it assigned (io::assignLayerCrs through the spec)
// and, when a project is open, saves it as `crs = "..."` on the project's layer; says which in state.crs.message.
void applyCrsChoice(ViewerState& state);

// The project as it would be saved now: the file's project (or an empty one) with the view shown written in
// (session::projectWithView); nullopt before a view is loaded.
std::optional<Project> currentProject(const ViewerState& state);
// Records what the freshly installed view looks like saved, so hasUnsavedChanges compares with it (reads the
// project file the first time); call after installView.
void noteProjectBaseline(ViewerState& state);
// Reads the project file again (after another part of the viewer wrote it: a CRS, the notes store).
void reloadSavedProject(ViewerState& state);
// True when saving now would change the project (the view's field, style, texts, rows, map kind, ...).
bool hasUnsavedChanges(const ViewerState& state);
// Writes the project to `file` and makes it the viewer's project; false with state.project.message on failure.
bool saveProjectTo(ViewerState& state, const std::string& file);
// Ctrl+S (saveAs false: the project file when there is one, else Save as) and Save as.
void requestSave(ViewerState& state, bool saveAs);
// The "Save project as" window (path prefilled beside the data; Enter saves).
void drawSaveAsDialog(ViewerState& state);
// Ctrl+Q or closing the window: asks about unsaved changes (state.project.quitPromptOpen), else sets quitNow.
void requestQuit(ViewerState& state);
// "Save the changes before quitting?": Enter / Save, D / Don't save, Escape / Cancel.
void drawQuitPrompt(ViewerState& state);
// Save, Save as, whether there are unsaved changes, and the recent projects (a click opens one).
void drawProjectPanel(ViewerState& state);

// The Open dialog (Ctrl+O): a folder listing filtered by kind, a path field (Enter opens it), the data folder
// and the recent projects; a chosen file goes to state.openFile.requested for the app.
void openOpenDialog(ViewerState& state);
void drawOpenDialog(ViewerState& state);
// Offers to join the table at `path` to the boundaries shown: reads it in the background and proposes keys.
void offerJoin(ViewerState& state, const std::string& path);
// Once a frame: takes the table's columns and proposals when they are read.
void updateJoinDialog(ViewerState& state);
// The "Join a table" window: the key (proposals first; LEFT=RIGHT typed), the rows (a long table's latest year
// and subgroup All); Join reloads the view joined (state.requestedReload) and then shows the join report.
void drawJoinDialog(ViewerState& state);
// The join report of the view shown as `mobmap join` words it, or "" when it joins nothing.
std::string joinReportOf(const ViewerState& state);

// The figure size presets of the Export dialog: report column (6.5 in), full page, slide 16:9, poster.
const std::vector<SizePreset>& exportSizePresets();
// The Export dialog (Ctrl+E, or Export in the sidebar), its texts prefilled as `mobmap render` would title the
// view; "Export" (or Enter in a text) writes the figure in the background (session::writeMapFigure of the view's
// map kind) with its stage in the dialog, and Cancel drops it.
void openExportDialog(ViewerState& state);
void drawExportDialog(ViewerState& state);
// Once a frame: takes a finished export's outcome.
void updateExportDialog(ViewerState& state);

// True when the open project has a Mobility Metrics profile to show (a mobility_metrics table and a county or
// place layer, as `mobmap get --county` or `--place` writes).
bool projectHasProfile(const ViewerState& state);
// Opens the profile window (Ctrl+M): reads the profile the first time for this project.
void openProfileWindow(ViewerState& state);
// The "Mobility Metrics profile" window while state.profile.open: every metric by pillar and predictor with its
// value, 95% interval and the medians as a bar, quality, trend and subgroup gaps, as `mobmap profile` draws
// them; a click on a metric shows its map among the comparison places (the view mm_<metric>); "Export" writes
// the figure `mobmap profile` writes, on a worker thread.
void drawProfileWindow(ViewerState& state);

// UI scale and view settings.
void drawSettingsPanel(ViewerState& state);

// Light theme sized for `scale` (1 = 96 dpi).
void applyLightTheme(float scale);

// Rebuilds the font atlas with DejaVu Sans at `pixelSize` (falls back to ImGui's font when the file is
// missing). Call between frames; the renderer back end must then recreate its font texture.
void loadFonts(float pixelSize);

}  // namespace mobmap::ui
