#pragma once
// A raster figure of known size, for reading geometry no finer than the figure can show (see
// session/detail/figure_export_raster.h for how the vertex spacing follows from it).
#include <optional>

#include "core/extent.h"

namespace mobmap::session {

// A raster figure of known size: the whole image in pixels, and the lon/lat extent asked for, if any.
struct RasterTarget {
  int widthPx = 0, heightPx = 0;
  std::optional<Extent> extentLonLat;
};

}  // namespace mobmap::session
