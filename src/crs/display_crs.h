#pragma once
// Choosing the CRS a layer is drawn in, and moving a layer into it.
#include <optional>
#include <string>
#include <utility>

#include "core/layer.h"
#include "core/vertex_positions.h"

namespace mobmap::crs {

// The display CRS for a layer: its own CRS when projected; for lon/lat data an equal-area projection fitted to
// it — EPSG:5070 (CONUS Albers) for national US data (see isNationalUs), EPSG:3338 for Alaska-wide data,
// else a Lambert azimuthal equal-area projection centred on the data, so a city, county or state is drawn
// north-up (no meridian convergence at the map's centre).
// Throws mobmap::Error when the layer has no usable CRS.
std::string chooseDisplayCrs(const Layer& layer);

// Whether a lon/lat layer is national US data: areas across more than 20 degrees of longitude of the
// contiguous US, or areas both there and in Alaska, Hawaii, Puerto Rico or the island areas.
// False for a projected layer.
bool isNationalUs(const Layer& layer);

// A part of a composite national map drawn in its own projection at its own scale, in a box of the main
// (EPSG:5070) map south of the contiguous US.
struct Inset {
  std::string name;          // "Alaska", "Hawaii", "Puerto Rico and U.S. Virgin Islands", ...
  std::string code;          // "AK", "HI", "PR, VI", ...: the label on the map
  std::string crs;           // the projection it is drawn in, before it is scaled and moved
  double scale = 1;          // its scale relative to the main map's
  Extent box;                // the EPSG:5070 box it occupies (its frame)
  std::size_t features = 0;  // features drawn in it
  Point projectedCentre;     // the centre of its region's box in `crs`, which lands on `anchor`
  Point anchor;              // the centre of `box`
  Extent lonLat;             // its region's lon/lat box (west below -180 where it crosses the antimeridian)
};

// Where a point of an inset's projection (`inset.crs`) lands on the composite map, and back.
Point placeInInset(const Inset& inset, Point projected);
Point unplaceFromInset(const Inset& inset, Point display);

// Whether longitude/latitude `lonLat` lies in the inset's region box (longitudes taken modulo 360).
bool insetRegionHolds(const Inset& inset, Point lonLat);

// Reprojects a lon/lat layer into the composite national map: EPSG:5070 for the contiguous US, and each of
// Alaska (EPSG:3338 at 0.35x), Hawaii (1x), Puerto Rico with the Virgin Islands (2.5x), Guam with the
// Northern Mariana Islands (0.6x) and American Samoa (1.5x) in its own projection, scaled and placed in a fixed
// box south of the contiguous US, so that any layer composed this way lines up with any other. Returns the
// insets that hold at least one feature (every layer gets the same box for an inset). The layer's CRS
// becomes EPSG:5070: distances and directions inside an inset are not those of EPSG:5070. `positions`, when
// given, are those of the layer's vertices (see reprojectLayer).
std::vector<Inset> reprojectWithUsInsets(Layer& layer, const VertexPositions* positions = nullptr);
// reprojectWithUsInsets for a layer that isNationalUs (its insets returned), else nothing done and nullopt:
// the two in one look at the layer's features.
std::optional<std::vector<Inset>> reprojectIfNationalUs(Layer& layer, const VertexPositions* positions = nullptr);

// The transformations reprojectWithUsInsets would choose for a lon/lat layer in `sourceCrs` whose extent is
// `lonLatExtent` (as its source declares it, before its features are read): to EPSG:5070 and to each inset's
// projection whose region the extent reaches (with the inset's placement), when the extent covers part of the
// contiguous US and reaches an inset's region or spans over 20 degrees of longitude; else none. For
// crs::chooseTransformations while the layer is read.
std::vector<std::pair<std::string, std::string>> likelyUsInsetTransformations(const std::string& sourceCrs,
                                                                              const Extent& lonLatExtent);

// The display-CRS box of the contiguous US and of the given insets with room for their labels under them: the
// extent of a composite national map.
Extent compositeUsExtent(const std::vector<Inset>& insets);

// The display-CRS extent of a lon/lat box (edges densified, so curved edges are covered).
Extent projectLonLatBox(const Extent& lonLat, const std::string& displayCrs);

// The lon/lat box of the contiguous US (-125..-66 E, 24..50 N), the default view of US-wide data in EPSG:5070.
Extent contiguousUsLonLat();

// Reprojects the layer's geometry in place into `target` and updates its CRS fields. Adds a warning when
// some vertices fall outside the target projection's domain. With `positions` (vertexPositions of the layer's
// geometry as it is now), each position is transformed once and copied to the other vertices there, which
// gives the same numbers in about half the time for areas that share boundaries; throws mobmap::Error when
// `positions` were made for another store.
void reprojectLayer(Layer& layer, const std::string& target, const VertexPositions* positions = nullptr);

}  // namespace mobmap::crs
