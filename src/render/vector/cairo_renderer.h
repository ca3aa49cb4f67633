#pragma once
// The Cairo back end: draws a composed Figure to PNG, SVG or PDF.
//
// Usage:
//   render::CairoTextMetrics metrics;                  // measure with the fonts Cairo will draw with
//   Figure fig = render::composeFigure(..., metrics);
//   render::writeFigure(fig, "map.pdf", 300);          // format from the extension; dpi matters for PNG
#include <string>

#include "render/figure.h"
#include "render/vector/map_raster_cache.h"
#include "render/text_metrics.h"

namespace mobmap::render {

enum class OutputFormat { Png, Svg, Pdf };

// The format for a file name's extension; throws mobmap::UsageError for anything but .png, .svg, .pdf.
OutputFormat outputFormatFor(const std::string& path);

// Text measurement through Pango, Cairo and fontconfig: the same shaping and fonts writeFigure draws with.
class CairoTextMetrics : public TextMetrics {
 public:
  CairoTextMetrics();
  ~CairoTextMetrics() override;
  double width(const std::string& text, const TextStyle& style) const override;

 private:
  struct Impl;
  Impl* m_impl;
};

// A warning naming the characters of the figure's texts that no installed font has (drawn as boxes), or ""
// when every character has a font (Pango's fallback looks through every installed font).
std::string missingCharactersWarning(const Figure& figure);

// Writes `figure` to `path`. PNG is rasterised at `dpi` (pixels = points × dpi / 72); SVG and PDF are vector
// with fonts embedded, and carry the title as metadata. Written under a temporary name and renamed, so a
// failure leaves no file at `path`. Output is byte-for-byte deterministic for the same figure.
// PNG fills and outlines are painted from a per-pixel coverage of each map (see map_raster_cache.h).
void writeFigure(const Figure& figure, const std::string& path, double dpi);
// The same, keeping each map's coverage in `cache` so that the next figure of the same geometry, frame and
// size (another field, classes or ramp) only recolours it. The figure is the same as without a cache.
void writeFigure(const Figure& figure, const std::string& path, double dpi, MapRasterCache& cache);

}  // namespace mobmap::render
