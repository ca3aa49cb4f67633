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
void drawHoverTooltip(const ViewerState& state);

// Figure export: writes what `mobmap render` would write for the current view.
void drawExportPanel(ViewerState& state);

// The bottom status bar: cursor lon/lat, display CRS, scale, background work (with a progress bar unless
// workProgress is negative). Returns its rectangle.
PanelRect drawStatusBar(const ViewerState& state, const std::string& workText, float workProgress);

// Community notes: store, filters, the filtered list (selecting a note pans to it), undo of the last delete.
void drawNotesPanel(ViewerState& state);

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

// UI scale and view settings.
void drawSettingsPanel(ViewerState& state);

// Light theme sized for `scale` (1 = 96 dpi).
void applyLightTheme(float scale);

// Rebuilds the font atlas with DejaVu Sans at `pixelSize` (falls back to ImGui's font when the file is
// missing). Call between frames; the renderer back end must then recreate its font texture.
void loadFonts(float pixelSize);

}  // namespace mobmap::ui
