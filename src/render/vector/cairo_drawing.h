#pragma once
// Internal to the Cairo back end: drawing a composed Figure onto a Cairo context that another part of the
// back end owns (a page of a multi-page PDF). Not for use outside render/vector.
#include <cairo.h>

#include "render/figure.h"

namespace mobmap::render {

// Draws `figure` at the context's current transformation, page points as user units, for vector output.
void drawFigureOnCairo(cairo_t* cr, const Figure& figure);

}  // namespace mobmap::render
