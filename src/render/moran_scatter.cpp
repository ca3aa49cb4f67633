#include "render/moran_scatter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "render/detail/lisa_input.h"
#include "style/metric_catalog.h"
#include "style/view_palettes.h"

namespace mobmap::render {

namespace {

const Rgb kInk{30, 30, 30};
const Rgb kMutedInk{90, 90, 90};
const Rgb kAxis{120, 120, 120};
const Rgb kFrame{200, 200, 200};

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string pText(double p) {
  if (p >= 0.001) return fixed(p, 3);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2g", p);
  return buf;
}

}  // namespace

MoranScatter buildMoranScatter(const Layer& layer, const LisaMapRequest& request, const std::string& sourceName) {
  MoranScatter out;
  out.field = request.field;
  out.weights = request.weights;
  out.alpha = request.alpha;
  out.permutations = request.permutations;
  out.seed = request.seed;
  const style::MetricInfo* metric = style::MetricCatalog::builtin().find(request.field);
  out.metricLabel = metric ? metric->label : request.field;

  const std::size_t n = layer.featureCount();
  const LisaInput in = lisaInput(layer, request, sourceName, "a Moran scatter plot needs a numeric field");
  const std::vector<std::size_t>& rows = in.rows;
  const std::vector<double>& values = in.values;
  out.missing = n - values.size();
  analyseField(sourceName, request.field, [&] {
    out.global = analysis::globalMoran(values, in.weights, request.permutations, request.seed);
    out.local = analysis::localMoran(values, in.weights, request.permutations, request.seed, request.alpha, request.cancel);
  });

  double mean = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  double m2 = 0;
  for (double v : values) m2 += (v - mean) * (v - mean);
  const double sd = std::sqrt(m2 / static_cast<double>(values.size()));

  const style::LisaColors& c = style::ViewPalettes::builtin().lisa();
  const style::MapStyle st = style::StyleCatalog::builtin().find(request.style);
  out.colors = {c.highHigh, c.lowLow, c.highLow, c.lowHigh, c.notSignificant, st.missingFill, c.island};
  out.points.reserve(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const analysis::LocalMoranArea& a = out.local.areas[k];
    MoranScatterPoint p;
    p.row = rows[k];
    p.x = (values[k] - mean) / sd;
    p.y = a.lag / sd;
    if (a.island) p.quadrant = kLisaIsland;
    else if (p.x > 0) p.quadrant = p.y > 0 ? kLisaHighHigh : kLisaHighLow;
    else p.quadrant = p.y > 0 ? kLisaLowHigh : kLisaLowLow;
    p.significant = !a.island && a.cluster != analysis::LisaCluster::NotSignificant;
    out.points.push_back(p);
  }
  return out;
}

double moranScatterLimit(const MoranScatter& scatter) {
  double m = 0;
  for (const MoranScatterPoint& p : scatter.points) m = std::max({m, std::abs(p.x), std::abs(p.y)});
  return std::max(1.0, m * 1.1);
}

std::string moranSummaryText(const MoranScatter& scatter) {
  std::string s = "Moran's I " + fixed(scatter.global.I, 3);
  if (scatter.global.pseudoP)
    s += " (pseudo p " + pText(*scatter.global.pseudoP) + " from " + std::to_string(scatter.permutations) +
         " permutations, seed " + std::to_string(scatter.seed) + ")";
  else
    s += " (p " + pText(scatter.global.randomisation.pGreater) + ", randomisation, one-sided)";
  s += ", " + std::to_string(scatter.points.size()) + " areas, " + analysis::weightsSpecPhrase(scatter.weights);
  return s;
}

MoranScatterFigure composeMoranScatter(const MoranScatter& scatter, const MoranScatterFigureOptions& options,
                                       const TextMetrics& metrics) {
  MoranScatterFigure out;
  Figure& fig = out.figure;
  fig.widthPt = options.widthPt;
  fig.heightPt = options.heightPt;
  fig.title = options.title.empty() ? "Moran scatter plot of " + scatter.metricLabel : options.title;
  const std::string subtitle = options.subtitle.empty() ? moranSummaryText(scatter) : options.subtitle;
  fig.description = subtitle;

  const double k = std::min(fig.widthPt / 720.0, fig.heightPt / 450.0);
  const TextStyle title{"DejaVu Sans", readablePt(16, k, kMinTitlePt), true};
  const TextStyle sub{"DejaVu Sans", readablePt(10.5, k, 8)};
  const TextStyle label{"DejaVu Sans", readablePt(9, k, 7.5)};
  const TextStyle small{"DejaVu Sans", readablePt(7.5, k)};
  const double margin = 18 * k;

  double y = margin + title.sizePt;
  fig.texts.push_back({fig.title, margin, y, title, kInk});
  y += sub.sizePt * 1.45;
  fig.texts.push_back({subtitle, margin, y, sub, kMutedInk});
  const double top = y + sub.sizePt * 1.2 + label.sizePt * 1.6;
  double bottom = fig.heightPt - margin;
  if (!options.source.empty()) {
    fig.texts.push_back({options.source, margin, bottom, small, kMutedInk});
    bottom -= small.sizePt * 1.6;
  }
  // Room for the tick labels and the axis titles below and left of the square.
  const double left = margin + label.sizePt * 1.6 + metrics.width("-0.0", small) + 6 * k;
  const double below = small.sizePt * 1.6 + label.sizePt * 1.6;
  const double legendWidth = 190 * k;
  const double side = std::min(bottom - below - top, fig.widthPt - left - legendWidth - 2 * margin);
  if (side < 60) throw Error("the page is too small for a Moran scatter plot");

  const double limit = moranScatterLimit(scatter);
  const double unit = side / (2 * limit);
  out.unitPt = unit;
  const double cx = left + side / 2, cy = top + side / 2;
  auto px = [&](double v) { return cx + v * unit; };
  auto py = [&](double v) { return cy - v * unit; };

  fig.rects.push_back({left, top, side, side, std::nullopt, kFrame, 0.5 * k});
  // Axes through 0.
  fig.lines.push_back({{{left, cy}, {left + side, cy}}, kAxis, 0.75 * k});
  fig.lines.push_back({{{cx, top}, {cx, top + side}}, kAxis, 0.75 * k});
  // Ticks along the bottom and left edges.
  const double step = limit > 6 ? 2 : 1;
  for (double t = -std::floor(limit / step) * step; t <= limit + 1e-9; t += step) {
    const std::string text = fixed(t, 0);
    fig.lines.push_back({{{px(t), top + side}, {px(t), top + side + 3 * k}}, kAxis, 0.5 * k});
    fig.texts.push_back({text, px(t), top + side + 3 * k + small.sizePt, small, kMutedInk, Anchor::Center});
    fig.lines.push_back({{{left - 3 * k, py(t)}, {left, py(t)}}, kAxis, 0.5 * k});
    fig.texts.push_back({text, left - 5 * k, py(t) + small.sizePt * 0.35, small, kMutedInk, Anchor::Right});
  }
  fig.texts.push_back({"Standardised " + scatter.metricLabel + " (area)", cx, top + side + below, label, kInk, Anchor::Center});
  fig.texts.push_back({"Spatial lag: the neighbours' average (y)", margin, top - label.sizePt * 0.6, label, kInk});

  // Regression line through the origin, slope I, clipped to the square.
  const double I = scatter.global.I;
  const double xEnd = std::abs(I) <= 1 ? limit : limit / std::abs(I);
  out.regressionLine = fig.lines.size();
  fig.lines.push_back({{{px(-xEnd), py(-I * xEnd)}, {px(xEnd), py(I * xEnd)}}, kInk, 1.4 * k});

  // Points: significant filled, the others hollow, in the quadrant's colour.
  const double n = static_cast<double>(std::max<std::size_t>(1, scatter.points.size()));
  const double r = std::clamp(side / std::sqrt(n) / 5, 1.4 * k, 4.0 * k);
  out.firstPoint = fig.circles.size();
  for (const MoranScatterPoint& p : scatter.points) {
    const Rgb color = scatter.colors[static_cast<std::size_t>(p.quadrant)];
    CircleItem c;
    c.cx = px(p.x);
    c.cy = py(p.y);
    c.radiusPt = r;
    if (p.significant) c.fill = color;
    c.stroke = color;
    c.strokeWidthPt = 0.8 * k;
    fig.circles.push_back(c);
  }

  // Legend: quadrants, filled = significant, and the line.
  const double lx = left + side + margin * 1.5;
  double ly = top + label.sizePt;
  fig.texts.push_back({"LISA quadrant", lx, ly, TextStyle{"DejaVu Sans", readablePt(9.5, k, 7.5), true}, kInk});
  ly += label.sizePt * 1.8;
  struct Entry {
    int quadrant;
    const char* text;
  };
  std::vector<Entry> entries = {{kLisaHighHigh, "High-High"}, {kLisaLowLow, "Low-Low"}, {kLisaHighLow, "High-Low"},
                                {kLisaLowHigh, "Low-High"}};
  bool islands = false;
  for (const MoranScatterPoint& p : scatter.points) islands = islands || p.quadrant == kLisaIsland;
  if (islands) entries.push_back({kLisaIsland, "No neighbours"});
  for (const Entry& e : entries) {
    std::size_t sig = 0, all = 0;
    for (const MoranScatterPoint& p : scatter.points)
      if (p.quadrant == e.quadrant) {
        ++all;
        sig += p.significant;
      }
    const Rgb color = scatter.colors[static_cast<std::size_t>(e.quadrant)];
    const double rr = 4 * k;
    fig.circles.push_back({lx + rr, ly - label.sizePt * 0.35, rr, color, color, 0.8 * k});
    fig.circles.push_back({lx + 3.5 * rr, ly - label.sizePt * 0.35, rr, std::nullopt, color, 0.8 * k});
    fig.texts.push_back({std::string(e.text) + "  " + std::to_string(sig) + " significant of " + std::to_string(all), lx + 5.5 * rr, ly,
                         label, kInk});
    ly += label.sizePt * 1.7;
  }
  ly += label.sizePt * 0.5;
  const std::string pName = scatter.local.usedPseudoP ? "pseudo p" : "p";
  fig.texts.push_back({"Filled: local " + pName + " ≤ " + fixed(scatter.alpha, 2) + "; hollow: not significant", lx, ly, small, kMutedInk});
  ly += small.sizePt * 1.5;
  fig.texts.push_back({"(no correction for multiple comparisons)", lx, ly, small, kMutedInk});
  ly += small.sizePt * 2.2;
  fig.lines.push_back({{{lx, ly - small.sizePt * 0.35}, {lx + 18 * k, ly - small.sizePt * 0.35}}, kInk, 1.4 * k});
  fig.texts.push_back({"slope = Moran's I = " + fixed(I, 3), lx + 22 * k, ly, small, kInk});
  ly += small.sizePt * 1.5;
  fig.texts.push_back({"x, y in standard deviations from the mean", lx, ly, small, kMutedInk});
  if (scatter.missing > 0) {
    ly += small.sizePt * 1.5;
    fig.texts.push_back({std::to_string(scatter.missing) + " areas with no data not shown", lx, ly, small, kMutedInk});
  }
  return out;
}

}  // namespace mobmap::render
