#pragma once
// What raster figures keep between renders of the same map: each filled map layer rasterised into what every
// pixel is made of (which features, in what proportions) and its outlines' coverage. A figure of another
// field, class count or ramp over the same geometry, frame, size and outline width is then painted by a table
// lookup per pixel instead of being rasterised again. Figures drawn with a cache and without one are the same,
// pixel for pixel: both paint through the same per-pixel coverage.
//
// Usage:
//   render::MapRasterCache cache;
//   render::writeFigure(figureOfA, "a.png", 96, cache);   // rasterises the map layer once
//   render::writeFigure(figureOfB, "b.png", 96, cache);   // same geometry and frame: recolours only
#include <cstddef>
#include <memory>

namespace mobmap::render {

class MapRasterCache {
 public:
  MapRasterCache();
  ~MapRasterCache();
  MapRasterCache(const MapRasterCache&) = delete;
  MapRasterCache& operator=(const MapRasterCache&) = delete;

  // Forgets everything kept. Entries are checked against the geometry's content before use, so this is only
  // needed to free the memory early.
  void clear();
  // How many map layers have been rasterised into this cache so far (each use of a kept one is not counted).
  std::size_t rasterisations() const;

  struct Impl;  // internal to the Cairo back end
  Impl& impl() { return *m_impl; }

 private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mobmap::render
