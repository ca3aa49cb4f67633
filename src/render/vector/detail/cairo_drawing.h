#pragma once
// Internal to the Cairo back end: drawing a composed Figure onto a Cairo context that another part of the
// back end owns (a page of a multi-page PDF). Not for use outside render/vector.
#include <cairo.h>

#include "render/figure.h"

namespace mobmap::render {

// Adds every polygon ring of feature f to the current path, in page points, dropping vertices closer than
// `minStep` (points) to the previous one.
void addFeaturePath(cairo_t* cr, const GeometryStore& g, std::size_t f, const Viewport& v, double minStep);
// Adds every line part of feature f to the current path, in page points.
void addLinePaths(cairo_t* cr, const GeometryStore& g, std::size_t f, const Viewport& v);

// Draws `figure` at the context's current transformation, page points as user units, for vector output.
void drawFigureOnCairo(cairo_t* cr, const Figure& figure);

}  // namespace mobmap::render
