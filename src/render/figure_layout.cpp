#include "render/figure_layout.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/text.h"
#include "crs/map_geometry.h"
#include "render/map_furniture.h"

namespace mobmap::render {

namespace {

const Rgb kInk{33, 33, 33};
const Rgb kMutedInk{90, 90, 90};

// Splits `text` at " · " separators into lines no wider than `maxWidth`.
std::vector<std::string> wrapAtSeparators(const std::string& text, double maxWidth, const TextStyle& style,
                                          const TextMetrics& metrics) {
  return wrapText(text, maxWidth, style, metrics, " · ");
}

Viewport fitViewport(const Extent& data, double x, double y, double w, double h) {
  Viewport v;
  v.x = x;
  v.y = y;
  v.width = w;
  v.height = h;
  const double dw = std::max(data.width(), 1e-9), dh = std::max(data.height(), 1e-9);
  v.scale = std::min(w / dw, h / dh);
  // Grow the extent to the frame's aspect ratio, centred on the data.
  const double cx = (data.minX + data.maxX) / 2, cy = (data.minY + data.maxY) / 2;
  const double hw = w / v.scale / 2, hh = h / v.scale / 2;
  v.extent = Extent{cx - hw, cy - hh, cx + hw, cy + hh};
  return v;
}

// "1 tract", "3 tracts" from the plural noun.
std::string countOf(std::size_t n, const std::string& plural) {
  std::string noun = plural;
  if (n == 1) {
    if (noun.ends_with("ies")) noun = noun.substr(0, noun.size() - 3) + "y";
    else if (noun.ends_with("s")) noun.pop_back();
  }
  return groupNumber(n) + " " + noun;
}

}  // namespace

namespace {

// Type sizes and margins that grow with the page so a small PNG and a large poster both read well.
struct PageStyles {
  double k = 1, margin = 14;
  TextStyle title, subtitle, legend, legendHead, small;
};

PageStyles pageStyles(const style::MapStyle& st, double W, double H) {
  PageStyles p;
  p.k = std::clamp(std::min(W / 720.0, H / 450.0), 0.6, 3.0);
  p.margin = 14 * p.k;
  p.title = {st.fontFamily, st.titlePt * p.k, true};
  p.subtitle = {st.fontFamily, st.subtitlePt * p.k};
  p.legend = {st.fontFamily, st.legendPt * p.k};
  p.legendHead = {st.fontFamily, st.legendPt * p.k * 1.1, true};
  p.small = {st.fontFamily, st.sourcePt * p.k};
  return p;
}

// Title and subtitle at the top left; returns the top of the map area.
double addTitleBlock(Figure& fig, const std::string& subtitle, const PageStyles& ps) {
  double y = ps.margin + ps.title.sizePt;
  fig.texts.push_back({fig.title, ps.margin, y, ps.title, kInk});
  if (!subtitle.empty()) {
    y += ps.subtitle.sizePt * 1.35;
    fig.texts.push_back({subtitle, ps.margin, y, ps.subtitle, kMutedInk});
  }
  return y + 10 * ps.k;
}

// The legend as the figure draws it: with the rows' subgroup and year under the heading unless it has its own.
Legend scopedLegend(const Legend& lg, const std::string& scope) {
  Legend out = lg;
  if (out.scope.empty()) out.scope = scope;
  return out;
}

// The legend's title as a reader sees it: the heading, then the rows' subgroup and year.
std::string legendTitleOf(const Legend& lg) { return lg.scope.empty() ? lg.heading : lg.heading + ", " + lg.scope; }

// The source line, wrapped at its " · " separators, at the page bottom; returns its top.
double addSourceLines(Figure& fig, const std::string& sourceLine, const PageStyles& ps, const TextMetrics& metrics) {
  fig.sourceLine = sourceLine;
  std::vector<std::string> sourceLines = wrapAtSeparators(sourceLine, fig.widthPt - 2 * ps.margin, ps.small, metrics);
  const double lineStep = ps.small.sizePt * 1.3;
  double sourceTop = fig.heightPt - ps.margin - lineStep * static_cast<double>(sourceLines.size()) + ps.small.sizePt * 0.3;
  for (std::size_t i = 0; i < sourceLines.size(); ++i)
    fig.texts.push_back({sourceLines[i], ps.margin, sourceTop + ps.small.sizePt + lineStep * static_cast<double>(i), ps.small, kMutedInk});
  return sourceTop;
}

// Joins parts with " · ", skipping empty ones.
struct SourceLine {
  std::string text;
  void add(const std::string& part) {
    if (!part.empty()) text += (text.empty() ? "" : " · ") + part;
  }
};

std::size_t featuresOutside(const Layer& layer, const std::optional<Extent>& extent) {
  if (!extent) return 0;
  std::size_t outside = 0;
  for (std::size_t f = 0; f < layer.geometry.featureCount(); ++f) {
    Extent e = layer.geometry.featureExtent(f);
    if (!e.empty() && (e.maxX < extent->minX || e.minX > extent->maxX || e.maxY < extent->minY || e.minY > extent->maxY))
      ++outside;
  }
  return outside;
}

// Geometry of a bivariate legend grid.
struct GridGeometry {
  double cell = 0, tickColumn = 0, width = 0;
};

GridGeometry gridGeometry(const BivariateLegend& g, const PageStyles& ps, const TextMetrics& metrics) {
  GridGeometry gg;
  gg.cell = ps.legend.sizePt * 2.8;
  for (const std::string& t : g.yTicks) gg.tickColumn = std::max(gg.tickColumn, metrics.width(t, ps.small));
  const double lastTick = g.xTicks.empty() ? 0 : metrics.width(g.xTicks.back(), ps.small) / 2;
  gg.width = gg.tickColumn + ps.legend.sizePt * 0.5 + gg.cell * g.columns + lastTick;
  return gg;
}

double legendWidth(const Legend& lg, const PageStyles& ps, const TextMetrics& metrics) {
  const double swatchW = ps.legend.sizePt * 2.0, gap = ps.legend.sizePt * 0.6;
  double countColumn = 0, labelColumn = 0;
  auto measureEntries = [&](const std::vector<LegendEntry>& entries) {
    for (const LegendEntry& e : entries) {
      labelColumn = std::max(labelColumn, metrics.width(e.label, ps.legend));
      countColumn = std::max(countColumn, metrics.width("(" + groupNumber(e.count) + ")", ps.legend));
    }
  };
  measureEntries(lg.classes);
  measureEntries(lg.special);
  double legendW = swatchW + gap + labelColumn + gap + countColumn;
  for (const std::string& t : {lg.heading, lg.scope, lg.unitLine, lg.rule, lg.footnote})
    legendW = std::max(legendW, metrics.width(t, t == lg.heading ? ps.legendHead : ps.small));
  if (lg.grid) {
    legendW = std::max(legendW, gridGeometry(*lg.grid, ps, metrics).width);
    for (const std::string& t : {lg.grid->xLabel, lg.grid->yLabel}) legendW = std::max(legendW, metrics.width(t, ps.small));
  }
  return legendW;
}

// The width the legend column takes from the map: the legend's own width rounded up to a twentieth of the page.
// Maps of different fields (whose legends differ a little in width) on one page then share one frame, so a raster
// back end can repaint a map in new colours without rasterising it again (see render/vector/map_raster_cache.h).
double reservedLegendWidth(double legendW, double pageW) {
  const double step = pageW / 20;
  return std::ceil(legendW / step - 1e-9) * step;
}

// Black or white, whichever reads better on `c`.
Rgb inkOn(Rgb c) { return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b > 140 ? kInk : Rgb{255, 255, 255}; }

// Draws the 2-D legend from `top`; returns the y below it.
double addBivariateGrid(Figure& fig, const BivariateLegend& g, const style::MapStyle& st, double x, double top,
                        const PageStyles& ps, const TextMetrics& metrics) {
  const GridGeometry gg = gridGeometry(g, ps, metrics);
  double y = top + ps.small.sizePt;
  fig.texts.push_back({g.yLabel, x, y, ps.small, kInk});
  y += ps.small.sizePt * 0.8;
  const double gx = x + gg.tickColumn + ps.legend.sizePt * 0.5;
  const double gridTop = y, gridH = gg.cell * g.rows;
  TextStyle countStyle = ps.small;
  for (int row = 0; row < g.rows; ++row)
    for (int col = 0; col < g.columns; ++col) {
      const std::size_t i = static_cast<std::size_t>(row * g.columns + col);
      const double cx = gx + gg.cell * col, cy = gridTop + gridH - gg.cell * (row + 1);
      fig.rects.push_back({cx, cy, gg.cell, gg.cell, g.cells[i], st.outline, 0.5});
      fig.texts.push_back({groupNumber(g.counts[i]), cx + gg.cell / 2, cy + gg.cell / 2 + countStyle.sizePt * 0.35, countStyle,
                           inkOn(g.cells[i].color), Anchor::Center});
    }
  for (std::size_t t = 0; t < g.yTicks.size(); ++t) {
    const double ty = gridTop + gridH - gg.cell * static_cast<double>(t) + ps.small.sizePt * 0.35;
    fig.texts.push_back({g.yTicks[t], gx - ps.legend.sizePt * 0.4, ty, ps.small, kMutedInk, Anchor::Right});
  }
  y = gridTop + gridH + ps.small.sizePt * 1.2;
  for (std::size_t t = 0; t < g.xTicks.size(); ++t)
    fig.texts.push_back({g.xTicks[t], gx + gg.cell * static_cast<double>(t), y, ps.small, kMutedInk, Anchor::Center});
  y += ps.small.sizePt * 1.4;
  fig.texts.push_back({g.xLabel, gx, y, ps.small, kInk});
  return y + ps.small.sizePt * 0.6;
}

// Draws the legend at (legendX, top) in `legendW`; returns the y of its last line.
double addLegend(Figure& fig, const Legend& lg, const style::MapStyle& st, double legendX, double top, double legendW,
                 const PageStyles& ps, const TextMetrics& metrics) {
  const double k = ps.k;
  const double swatchW = ps.legend.sizePt * 2.0, swatchH = ps.legend.sizePt * 1.3, gap = ps.legend.sizePt * 0.6;
  double ly = top + ps.legendHead.sizePt;
  fig.texts.push_back({lg.heading, legendX, ly, ps.legendHead, kInk});
  for (const std::string& line : {lg.scope, lg.unitLine, lg.rule}) {
    if (line.empty()) continue;
    ly += ps.small.sizePt * 1.4;
    fig.texts.push_back({line, legendX, ly, ps.small, kMutedInk});
  }
  ly += ps.legend.sizePt * 0.9;
  auto addEntry = [&](const LegendEntry& e, bool dot) {
    if (dot) {
      // A dot a little larger than the map's, centred in the swatch box.
      const double r = swatchH * 0.3, cx = legendX + swatchW / 2, cy = ly + swatchH / 2;
      LineItem circle;
      for (int a = 0; a < 24; ++a)
        circle.points.push_back({cx + r * std::cos(a * M_PI / 12), cy + r * std::sin(a * M_PI / 12)});
      circle.color = e.fill.color;
      circle.closedAndFilled = true;
      fig.lines.push_back(std::move(circle));
    } else {
      fig.rects.push_back({legendX, ly, swatchW, swatchH, e.fill, st.outline, 0.5});
    }
    const double baseline = ly + swatchH / 2 + ps.legend.sizePt * 0.35;
    fig.texts.push_back({e.label, legendX + swatchW + gap, baseline, ps.legend, kInk});
    fig.texts.push_back({"(" + groupNumber(e.count) + ")", legendX + legendW, baseline, ps.legend, kMutedInk, Anchor::Right});
    ly += swatchH + ps.legend.sizePt * 0.35;
  };
  if (lg.grid) ly = addBivariateGrid(fig, *lg.grid, st, legendX, ly, ps, metrics);
  const double classesTop = ly;
  for (auto it = lg.classes.rbegin(); it != lg.classes.rend(); ++it) addEntry(*it, lg.dotSwatches);  // highest values on top
  if (lg.reference) {
    // A bar across the legend at the reference boundary, `position` classes from the bottom of the list.
    const double step = swatchH + ps.legend.sizePt * 0.35;
    const double markY = classesTop + step * (static_cast<double>(lg.classes.size()) - lg.reference->position) - ps.legend.sizePt * 0.175;
    fig.lines.push_back({{{legendX - 3 * k, markY}, {legendX + legendW, markY}}, st.referenceMark, st.referenceMarkWidthPt * k});
  }
  ly += ps.legend.sizePt * 0.5;
  for (const LegendEntry& e : lg.special) addEntry(e, false);
  ly += ps.small.sizePt * 0.8;
  fig.texts.push_back({lg.footnote, legendX, ly, ps.small, kMutedInk});
  if (lg.reference) {
    ly += ps.small.sizePt * 1.4;
    fig.lines.push_back({{{legendX, ly - ps.small.sizePt * 0.35}, {legendX + swatchW, ly - ps.small.sizePt * 0.35}},
                         st.referenceMark, st.referenceMarkWidthPt * k});
    fig.texts.push_back({lg.reference->label, legendX + swatchW + gap, ly, ps.small, st.referenceMark});
  }
  return ly;
}

// Where the legend column goes and the page measures it needs.
struct LegendColumn {
  double x, top, width, sourceTop, margin, k;
  double reservedWidth;  // the column's room on the page (see reservedLegendWidth): the scale bar's
};

// The legend, then the scale bar and north arrow under it, then the numbered note callouts under whatever the
// column already holds.
void addLegendColumn(Figure& fig, const Legend& legend, const style::MapStyle& st, const FigureOptions& options,
                     const PageStyles& ps, const TextMetrics& metrics, const LegendColumn& c) {
  const double k = c.k;
  double ly = addLegend(fig, legend, st, c.x, c.top, c.width, ps, metrics);
  if (!options.displayCrs.empty()) {
    ly += 22 * k;
    addScaleBarAndNorthArrow(fig, options.displayCrs, options.miles, c.x, ly, std::max(c.width, c.reservedWidth), ps.small, kInk);
  }
  if (options.callouts.empty()) return;
  double columnBottom = ly;
  for (const TextItem& t : fig.texts)
    if (t.x >= c.x - k && t.y < c.sourceTop) columnBottom = std::max(columnBottom, t.y + t.style.sizePt * 0.3);
  for (const LineItem& l : fig.lines)
    for (const Point& p : l.points)
      if (p.x >= c.x - 4 * k) columnBottom = std::max(columnBottom, p.y);
  const MapPanel& frame = fig.panels.front();
  addNoteCallouts(fig, options.callouts,
                  {c.x, columnBottom + 14 * k, options.widthPt - c.margin - c.x, frame.viewport.y + frame.viewport.height},
                  metrics, k);
}


// The layers of one map panel: the mapped layer's fills and hatching, then the context outlines.
std::vector<MapLayerDraw> panelLayers(const Layer& layer, const std::vector<int>& fillIndex, const std::vector<Fill>& fills,
                                      const std::vector<bool>& overlay, const Fill& overlayFill,
                                      const std::vector<ContextLayer>& context, const style::MapStyle& st) {
  std::vector<MapLayerDraw> layers;
  MapLayerDraw main;
  main.geometry = &layer.geometry;
  main.fillIndex = fillIndex;
  main.fills = fills;
  main.overlay = overlay;
  main.overlayFill = overlayFill;
  main.outline = st.outline;
  main.outlineWidthPt = st.outlineWidthPt;
  layers.push_back(std::move(main));
  for (const ContextLayer& c : context) {
    MapLayerDraw ctx;
    ctx.geometry = &c.layer->geometry;
    ctx.outline = c.color.value_or(st.contextOutline);
    ctx.outlineWidthPt = c.lineWidthPt >= 0 ? c.lineWidthPt : st.contextOutlineWidthPt;
    layers.push_back(std::move(ctx));
  }
  return layers;
}

}  // namespace

Figure composeFigure(const Layer& layer, const ThematicMap& map, const std::vector<ContextLayer>& context,
                     const FigureOptions& options, const TextMetrics& metrics) {
  const style::MapStyle& st = map.style;
  Figure fig;
  fig.widthPt = options.widthPt;
  fig.heightPt = options.heightPt;
  const double W = options.widthPt;
  const PageStyles ps = pageStyles(st, options.widthPt, options.heightPt);
  const double k = ps.k, margin = ps.margin;

  fig.title = options.title.empty() ? map.metricLabel : options.title;
  fig.description = options.subtitle;
  const double mapTop = addTitleBlock(fig, options.subtitle, ps);
  const Legend legend = scopedLegend(map.legend, options.scope);
  fig.legendTitle = legendTitleOf(legend);

  // Source line(s) at the bottom.
  SourceLine source;
  source.add(options.source.empty() ? "" : "Source: " + options.source);
  if (!options.scope.empty()) source.add("Mapped: " + map.metricLabel + ", " + options.scope);
  for (const std::string& note : map.sourceNotes) source.add(note);
  source.add(map.methodHeading + ": " + map.methodText);
  source.add(countOf(map.missing, options.areaNoun) + " with no data");
  if (map.lowQualityCount > 0) source.add(groupNumber(map.lowQualityCount) + " low-quality values hatched");
  if (map.suppressed > 0) source.add(groupNumber(map.suppressed) + " low-quality values suppressed");
  if (!map.referenceText.empty()) source.add(map.referenceText);
  if (std::size_t outside = featuresOutside(layer, options.extent); outside > 0)
    source.add(countOf(outside, options.areaNoun) + " outside the map extent not shown");
  const double sourceTop = addSourceLines(fig, source.text, ps, metrics);

  double legendW = legendWidth(legend, ps, metrics);
  if (!options.callouts.empty()) legendW = std::max(legendW, 170 * k);  // room for the numbered notes

  // Map frame, then the map and legend moved together to the page centre when the map is narrower than
  // its frame (a tall city), so the legend sits beside the map rather than at the far edge.
  const double frameY = mapTop;
  const double reservedW = reservedLegendWidth(legendW, W);
  const double frameW = W - 2 * margin - reservedW - 16 * k, frameH = sourceTop - 10 * k - mapTop;
  Extent data = options.extent ? *options.extent : layer.geometry.extent();
  const double fitScale = std::min(frameW / std::max(data.width(), 1e-9), frameH / std::max(data.height(), 1e-9));
  const double mapW = std::min(frameW, data.width() * fitScale);
  const double shift = (frameW - mapW) / 2;
  MapPanel panel;
  panel.viewport = fitViewport(data, margin + shift, frameY, mapW, frameH);
  panel.layers = panelLayers(layer, map.fillIndex, map.fills, map.lowQuality, map.hatch, context, st);
  fig.panels.push_back(std::move(panel));
  const double legendX = margin + shift + mapW + 16 * k;

  addLegendColumn(fig, legend, st, options, ps, metrics, {legendX, mapTop, legendW, sourceTop, margin, k, reservedW});
  return fig;
}

Figure composeSmallMultiples(const Layer& layer, const ThematicMap& shared, const std::vector<PanelMap>& panels,
                             const std::vector<ContextLayer>& context, const FigureOptions& options,
                             const TextMetrics& metrics) {
  if (panels.empty()) throw Error("small multiples need at least one map");
  const style::MapStyle& st = shared.style;
  Figure fig;
  fig.widthPt = options.widthPt;
  fig.heightPt = options.heightPt;
  const PageStyles ps = pageStyles(st, options.widthPt, options.heightPt);
  const double k = ps.k, margin = ps.margin;
  fig.title = options.title.empty() ? shared.metricLabel : options.title;
  fig.description = options.subtitle;
  const double mapTop = addTitleBlock(fig, options.subtitle, ps);
  const Legend legend = scopedLegend(shared.legend, options.scope);
  fig.legendTitle = legendTitleOf(legend);

  SourceLine source;
  source.add(options.source.empty() ? "" : "Source: " + options.source);
  if (!options.scope.empty()) source.add("Mapped: " + shared.metricLabel + ", " + options.scope);
  for (const std::string& note : shared.sourceNotes) source.add(note);
  source.add(shared.methodHeading + ": " + shared.methodText + ", shared by the " + std::to_string(panels.size()) +
             " maps (breaks from their pooled values)");
  source.add("legend counts are summed over the maps; no data and weak values per map under each title");
  if (!shared.referenceText.empty()) source.add(shared.referenceText);
  if (std::size_t outside = featuresOutside(layer, options.extent); outside > 0)
    source.add(countOf(outside, options.areaNoun) + " outside the map extent not shown");
  const double sourceTop = addSourceLines(fig, source.text, ps, metrics);

  const double legendW = legendWidth(legend, ps, metrics);
  const double reservedW = reservedLegendWidth(legendW, options.widthPt);
  const double areaW = options.widthPt - 2 * margin - reservedW - 16 * k;
  const double areaH = sourceTop - 10 * k - mapTop;
  const Extent data = options.extent ? *options.extent : layer.geometry.extent();
  const double dw = std::max(data.width(), 1e-9), dh = std::max(data.height(), 1e-9);
  const double gapX = 12 * k, gapY = 8 * k;
  const double panelHead = ps.legendHead.sizePt * 1.3 + ps.small.sizePt * 1.5;
  // The grid (columns × rows) that gives the largest map scale.
  const int n = static_cast<int>(panels.size());
  int bestCols = 1;
  double bestScale = -1;
  for (int cols = 1; cols <= n; ++cols) {
    const int rows = (n + cols - 1) / cols;
    const double cw = (areaW - gapX * (cols - 1)) / cols, ch = (areaH - gapY * (rows - 1)) / rows - panelHead;
    if (cw <= 0 || ch <= 0) continue;
    const double scale = std::min(cw / dw, ch / dh);
    if (scale > bestScale) {
      bestScale = scale;
      bestCols = cols;
    }
  }
  if (bestScale <= 0) throw Error("the page is too small for " + std::to_string(n) + " maps; use a larger --size or --width-in");
  const int cols = bestCols, rows = (n + cols - 1) / cols;
  const double mapW = dw * bestScale, mapH = dh * bestScale;
  const double cellW = mapW, cellH = mapH + panelHead;
  const double gridW = cellW * cols + gapX * (cols - 1), gridH = cellH * rows + gapY * (rows - 1);
  const double shiftX = (areaW - gridW) / 2, shiftY = std::max(0.0, (areaH - gridH) / 2) * 0.5;
  for (int p = 0; p < n; ++p) {
    const PanelMap& pm = panels[static_cast<std::size_t>(p)];
    const int r = p / cols, c = p % cols;
    const double x = margin + shiftX + c * (cellW + gapX), y = mapTop + shiftY + r * (cellH + gapY);
    fig.texts.push_back({pm.title, x, y + ps.legendHead.sizePt, ps.legendHead, kInk});
    std::string flags = countOf(pm.missing, options.areaNoun) + " with no data";
    if (pm.lowQualityCount > 0) flags += " · " + groupNumber(pm.lowQualityCount) + " weak (hatched)";
    if (pm.suppressed > 0) flags += " · " + groupNumber(pm.suppressed) + " suppressed";
    fig.texts.push_back({flags, x, y + ps.legendHead.sizePt * 1.3 + ps.small.sizePt * 1.1, ps.small, kMutedInk});
    MapPanel panel;
    panel.viewport = fitViewport(data, x, y + panelHead, mapW, mapH);
    panel.layers = panelLayers(layer, pm.fillIndex, shared.fills, pm.lowQuality, shared.hatch, context, st);
    fig.panels.push_back(std::move(panel));
  }
  const double legendX = margin + shiftX + gridW + 16 * k;
  addLegendColumn(fig, legend, st, options, ps, metrics, {legendX, mapTop, legendW, sourceTop, margin, k, reservedW});
  return fig;
}

}  // namespace mobmap::render
