#pragma once
// Figures of a view, composed exactly as `mobmap render` composes them, so a figure exported from the viewer
// and one rendered on the command line from the same view are the same figure.
#include <string>

#include "render/figure_layout.h"
#include "render/thematic_map.h"
#include "session/view_data.h"
#include "session/view_spec.h"

namespace mobmap::session {

// The figure size `mobmap render` uses without --size: 10 inches wide at 200 dpi, height 0.625 × width.
constexpr double kDefaultFigureWidthIn = 10;
constexpr double kDefaultFigureDpi = 200;

// Figure options from the spec's texts and the data: area noun, display CRS, scale bar in miles, the default
// page size, and for US-wide data in EPSG:5070 the contiguous US as the extent.
render::FigureOptions defaultFigureOptions(const ViewSpec& spec, const ViewData& data);

// Composes the figure and writes it (PNG, SVG or PDF by extension; PNG rasterised at `dpi`); returns the
// figure as written. Throws mobmap::UsageError for an unknown extension, mobmap::Error when the file cannot
// be written.
render::Figure exportFigure(const ViewData& data, const render::ThematicMap& map, const render::FigureOptions& options,
                  const std::string& out, double dpi);

}  // namespace mobmap::session
