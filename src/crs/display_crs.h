#pragma once
// Choosing the CRS a layer is drawn in, and moving a layer into it.
#include <string>

#include "core/layer.h"

namespace mobmap::crs {

// The display CRS for a layer: its own CRS when projected; for lon/lat data an equal-area projection fitted to
// it — EPSG:5070 (CONUS Albers) when most of the data lies in the contiguous US, EPSG:3338 for Alaska,
// ESRI:102007 for Hawaii, else a Lambert azimuthal equal-area projection centred on the data.
// Throws mobmap::Error when the layer has no usable CRS.
std::string chooseDisplayCrs(const Layer& layer);

// The display-CRS extent of a lon/lat box (edges densified, so curved edges are covered).
Extent projectLonLatBox(const Extent& lonLat, const std::string& displayCrs);

// The lon/lat box of the contiguous US (-125..-66 E, 24..50 N), the default view of US-wide data in EPSG:5070.
Extent contiguousUsLonLat();

// Reprojects the layer's geometry in place into `target` and updates its CRS fields. Adds a warning when
// some vertices fall outside the target projection's domain.
void reprojectLayer(Layer& layer, const std::string& target);

}  // namespace mobmap::crs
