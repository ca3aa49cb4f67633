#pragma once
// The viewer's coalition-meeting panels: the map title, the presentation and comparison controls of the Views
// panel, and the labels drawn over a presentation or a linked comparison. Dear ImGui; no GDAL, PROJ or GL.
#include "ui/panels.h"

namespace mobmap::ui {

// The shown view's title (large) and subtitle in the top left corner of `area`, in a window named `windowId`,
// with `footnote` (if any) small below them. Returns where it was drawn (empty when no view is loaded).
PanelRect drawMapTitle(const ViewerState& state, const PanelRect& area, const char* windowId,
                       const std::string& footnote = "");

// Views-panel controls: "Present (F5)", the Compare toggle with the view to compare with, and the choice
// between the same classes on both sides (default) and independent classes.
void drawMeetingControls(ViewerState& state);

// Over a linked comparison: what the classes mean (shared or independent) and any message (unlinked
// cameras), at the left of `area` from height `top` down (below the left map's title).
void drawComparisonLabel(const ViewerState& state, const PanelRect& area, float top);

// In presentation mode: the view's place among the project's views and the keys ("1 / 4   Left/Right:
// views ..."), for the title's footnote.
std::string presentationHint(const ViewerState& state);

}  // namespace mobmap::ui
