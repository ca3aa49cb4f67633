#pragma once
// The colours of a linked comparison: two loaded views side by side, by default on the SAME classes computed
// from the pooled values of both views' mapped fields (render::buildPooledClassMaps, as small-multiple figures
// do), so a colour means the same value on both sides; or each classified on its own. The two views may be
// different layers (tracts beside neighborhoods). Holds no GL or ImGui types.
#include <string>

#include "render/thematic_map.h"
#include "session/view_loader.h"

namespace mobmap::ui {

struct LinkedMaps {
  render::ThematicMap left, right;  // each side's fills per feature; with shared breaks both carry the pooled
                                    // legend (counts summed over both sides) and the same classification
  bool sharedBreaks = true;
  std::string label;                // what the breaks mean, to show on the map
};

// Classifies the two views' mapped fields (session::mappedField). Shared breaks use the left view's style,
// method, classes and ramp for the pooled values; the legend heading is the views' common metric label, or
// both titles when the views map different fields. Throws mobmap::Error (or UsageError) as
// render::buildThematicMap does, naming the view's data source.
LinkedMaps buildLinkedMaps(const session::LoadedView& left, const session::LoadedView& right, bool sharedBreaks);

// Why pooled classes would mislead for these two views, or "" when they suit: the fields' units differ (their
// legends' unit lines, from the metric catalog: percent beside US dollars), or their value ranges do (the ranges
// overlap over less than half of the narrower one, or one is more than 4 times as wide as the other). Each
// side's own map (buildLinkedMaps with sharedBreaks false) is what it compares. A comparison uses independent
// classes by default when this is not empty.
std::string poolingProblem(const LinkedMaps& independent);

// The on-map label for the breaks in use.
std::string linkedBreaksLabel(bool sharedBreaks);

}  // namespace mobmap::ui
