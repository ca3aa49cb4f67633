#pragma once
// Internal to the Cairo back end: a filled map layer rasterised once into what each output pixel is made of
// (which features, in what proportions) plus its outlines' coverage, so that the layer can be painted in any
// colours by a table lookup per pixel. Not for use outside render/vector.
//
// Fills are sampled on a 4 × 4 grid per pixel, each polygon even-odd on its own rings, a later feature over
// an earlier one; a pixel's colour is the average of its 16 samples (anti-aliased edges). Outlines are
// stroked by Cairo into an 8-bit coverage mask and composited over the fills, as stroking over them would.
#include <cstdint>
#include <vector>

#include "core/extent.h"
#include "render/figure.h"

namespace mobmap::render {

// The coverage is computed relative to the frame's top-left corner, taken to lie on a pixel corner: it depends
// only on the geometry, the frame's size, extent and scale and the pixel size, not on where the frame sits on
// the page, so it can be painted at any whole-pixel position (see snappedViewport).
struct MapCoverage {
  int width = 0, height = 0;  // the frame's pixel box
  // Per pixel of the box: a feature index (>= 0) covering all 16 samples, -1 for none (background), or
  // -2 - k for mixed pixel k, whose parts are entries[mixedStart[k] .. mixedStart[k + 1]).
  std::vector<std::int32_t> cells;
  std::vector<std::uint32_t> mixedStart;
  // Each entry: (feature + 1) << 4 | (samples - 1); feature -1 is the background.
  std::vector<std::uint32_t> entries;
  std::vector<std::uint8_t> outline;  // outline coverage 0-255 per pixel, rows outlineStride bytes apart
  int outlineStride = 0;
};

// The viewport moved by less than half a pixel so that its top-left corner lies on a pixel corner.
Viewport snappedViewport(const Viewport& viewport, double pxPerPt);

// Rasterises `layer` (polygon fills of every feature, outlines of every polygon ring and line) in the frame of
// `viewport` at `pxPerPt`. Fill vertices closer than `fillStepPx` and
// outline vertices closer than `outlineStepPx` to the previous one are skipped, as the Cairo path does.
// `extents` holds each feature's display-CRS extent (for culling). Uses several threads; the result does not
// depend on their number.
MapCoverage rasteriseMapLayer(const MapLayerDraw& layer, const Viewport& viewport, const std::vector<Extent>& extents,
                              double pxPerPt, double fillStepPx, double outlineStepPx);

// Where a coverage is painted: the image (Cairo RGB24 words, rows `stride` bytes apart, `width` pixels wide),
// the frame's top-left pixel in it, and the image rows [rowBegin, rowEnd) to paint.
struct CoverageTarget {
  unsigned char* image = nullptr;
  int stride = 0, width = 0;
  int originX = 0, originY = 0;
  int rowBegin = 0, rowEnd = 0;
};

// Paints the fills: feature f in layer.fills[layer.fillIndex[f]].color, a feature without a fill and the
// background in `background`.
void paintCoverageFills(const MapCoverage& coverage, const MapLayerDraw& layer, Rgb background, const CoverageTarget& target);

// Composites the outlines in `color` over the image.
void paintCoverageOutlines(const MapCoverage& coverage, Rgb color, const CoverageTarget& target);

}  // namespace mobmap::render

namespace mobmap::render {

class MapRasterCache;

// A figure is about to be drawn with `cache`: entries it does not use will be dropped at its end.
void beginCachedFigure(MapRasterCache& cache);
// The figure is drawn: drops the entries it did not use.
void endCachedFigure(MapRasterCache& cache);
// The coverage of `layer` in `viewport` from the cache, rasterised (see rasteriseMapLayer) when the cache holds
// none for this geometry (by content), frame size, extent and scale, pixel size, outline width and vertex steps.
const MapCoverage& cachedCoverage(MapRasterCache& cache, const MapLayerDraw& layer, const Viewport& viewport,
                                  const std::vector<Extent>& extents, double pxPerPt, double fillStepPx,
                                  double outlineStepPx);

}  // namespace mobmap::render
