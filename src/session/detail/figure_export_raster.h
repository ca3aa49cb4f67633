#pragma once
// Generalising geometry to a raster figure's resolution while it is read: a PNG of known pixel size cannot
// show vertices much closer than a pixel, so they need not be held, reprojected or drawn. Vector figures (SVG,
// PDF) can be zoomed and keep every vertex; so do the viewer (it has its own levels of detail) and every
// analysis (contiguity, dot placement) that reads geometry.
//
// Usage:
//   session::RasterTarget target{1920, 1080, spec.extentLonLat};
//   ViewData d = session::loadViewData(spec, FieldSelection::MappedOnly, &target);
// Internal to session (view_data.cpp reads with it); callers only name a RasterTarget (raster_target.h).
#include "io/source_reader.h"
#include "session/raster_target.h"

namespace mobmap::session {

// The vertex spacing, in the source CRS's units, that stays under a quarter of an output pixel in x and in y
// wherever the map can be drawn: the map frame is at most the whole image, and the map shows at least the
// asked-for extent (else the layer's extent, or its part in the contiguous US, the default view of US-wide
// data). For lon/lat sources the pixel and the largest stretch of a degree over that box are measured in an
// equal-area projection centred on it (the kind the map is drawn in), with a margin of 1.25 for the difference.
// 0 (keep every vertex) when the source declares no CRS or extent, or the extent cannot be projected.
double rasterVertexSpacing(const io::LayerFacts& facts, const RasterTarget& target);

}  // namespace mobmap::session
