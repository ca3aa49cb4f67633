#pragma once
// Scale bar and north arrow: ground-true at the map centre for the display CRS.
#include <string>

#include "render/figure.h"

namespace mobmap::render {

// The longest "nice" length (1, 2 or 5 times a power of ten) not above `limit`.
double niceLength(double limit);

// "1,234" for a count.
std::string groupNumber(std::size_t n);

// Adds a scale bar (miles or kilometres, true at the centre of the figure's first map panel) and a north arrow
// pointing to true north there, starting at (x, top) within `width` points.
void addScaleBarAndNorthArrow(Figure& fig, const std::string& displayCrs, bool miles, double x, double top,
                              double width, const TextStyle& style, Rgb ink);

}  // namespace mobmap::render
