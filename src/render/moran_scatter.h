#pragma once
// The Moran scatter plot: each area's standardised value (x) against the spatial lag of the standardised
// values (y, the average of its neighbours), coloured by LISA quadrant with the cluster map's colours,
// significant areas filled and the rest hollow, and the regression line through the origin, whose slope is
// global Moran's I. Backend-neutral: the model is drawn as a Figure (lines, circles, texts) by the Cairo back
// end, and read directly by the viewer's scatter panel.
#include <cstddef>
#include <string>
#include <vector>

#include "analysis/lisa.h"
#include "analysis/moran.h"
#include "core/layer.h"
#include "render/figure.h"
#include "render/lisa_map.h"
#include "render/text_metrics.h"

namespace mobmap::render {

struct MoranScatterPoint {
  std::size_t row = 0;        // layer row
  double x = 0;               // (value − mean) / sd (sd over the analysed areas, divided by n)
  double y = 0;               // Σ_j w_ij x_j, row-standardised weights (0 for an island)
  int quadrant = kLisaNotSignificant;  // kLisaHighHigh, kLisaLowLow, kLisaHighLow, kLisaLowHigh or kLisaIsland
  bool significant = false;   // the area's LISA cluster is significant at alpha
};

struct MoranScatter {
  std::string field, metricLabel;
  std::vector<MoranScatterPoint> points;  // one per area with a value, in layer order
  analysis::GlobalMoran global;           // slope of the regression line = global.I
  analysis::LocalMoran local;             // over the points, in order
  std::vector<Rgb> colors;                // per LisaFill index (the LISA map's colours)
  std::size_t missing = 0;                // areas without a value (not plotted)
  analysis::WeightsSpec weights;
  double alpha = analysis::kDefaultAlpha;
  int permutations = analysis::kDefaultPermutations;
  std::uint64_t seed = analysis::kDefaultSeed;
};

// Computes the scatter of `request.field` over `layer` (geometry in the projected display CRS) with the same
// weights, permutations, seed and alpha as buildLisaMap and `mobmap moran`, so the slope equals `mobmap moran`'s I
// and the filled points are the LISA map's significant areas. Throws as buildLisaMap does.
MoranScatter buildMoranScatter(const Layer& layer, const LisaMapRequest& request, const std::string& sourceName);

// Half the width of the square plotting range: the largest |x| or |y|, padded by 10%, at least 1.
double moranScatterLimit(const MoranScatter& scatter);

// "Moran's I 0.600 (pseudo p 0.001 from 999 permutations)" or, without permutations, the normal-approximation p.
std::string moranSummaryText(const MoranScatter& scatter);

struct MoranScatterFigureOptions {
  double widthPt = 720, heightPt = 450;
  std::string title;     // default "Moran scatter plot of <label>"
  std::string subtitle;  // default: moranSummaryText
  std::string source;
};

struct MoranScatterFigure {
  Figure figure;
  std::size_t regressionLine = 0;  // index into figure.lines
  std::size_t firstPoint = 0;      // figure.circles[firstPoint + k] is point k
  double unitPt = 1;               // page points per standardised unit (same on both axes)
};

// Lays out the plot: a square plotting area with equal scales on both axes, the axes through 0 with ticks
// and labels, the points, the regression line (slope Moran's I) clipped to the square, and a legend of the
// quadrants (filled = significant). Throws mobmap::Error when the page is too small.
MoranScatterFigure composeMoranScatter(const MoranScatter& scatter, const MoranScatterFigureOptions& options,
                                       const TextMetrics& metrics);

}  // namespace mobmap::render
