#pragma once
// The mapped-layer areas a note made in the viewer falls in: its GEOIDs (areaIds), derived from the loaded
// layer as `mobmap notes add --areas` derives them from a boundary file.
#include <string>
#include <vector>

#include "core/geometry.h"
#include "ui/viewer_state.h"

namespace mobmap::ui {

// Keys (featureKey) of the mapped-layer features that the note geometry `displayRings` (display CRS: one
// one-point ring for a point note, the rings of an area note) falls in or overlaps, in layer order, each once;
// empty when the layer has no GEOID-like key.
std::vector<std::string> noteAreaKeys(const ViewerState& state, const std::vector<std::vector<Point>>& displayRings);

// The IDs of the areas of every area layer shown that the note falls in or overlaps: the mapped layer's keys
// (noteAreaKeys), then each polygon overlay's (its GEOID-like column, else an `id`/`*_id` column, else its name
// column), each once. What a note made in the viewer stores as its area_ids.
std::vector<std::string> noteAreaIds(const ViewerState& state, const std::vector<std::vector<Point>>& displayRings);

}  // namespace mobmap::ui
