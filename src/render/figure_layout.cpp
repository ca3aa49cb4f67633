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

PageStyles pageStyles(const style::MapStyle& st, double W, double H, double minMargin) {
  PageStyles p;
  p.k = std::clamp(std::min(W / 720.0, H / 450.0), 0.6, 3.0);
  p.margin = std::max(14 * p.k, minMargin);
  // Sizes in points at the output size: scaled with the page, but never below what reads in print.
  p.title = {st.fontFamily, readablePt(st.titlePt, p.k, kMinTitlePt), true};
  p.subtitle = {st.fontFamily, readablePt(st.subtitlePt, p.k, 8)};
  p.legend = {st.fontFamily, readablePt(st.legendPt, p.k, 7)};
  p.legendHead = {st.fontFamily, readablePt(st.legendPt * 1.1, p.k, 7.5), true};
  p.small = {st.fontFamily, readablePt(st.sourcePt, p.k)};
  return p;
}

// Title and subtitle at the top left, each wrapped to the page's width; returns the top of the map area.
double addTitleBlock(Figure& fig, const std::string& subtitle, const PageStyles& ps, const TextMetrics& metrics) {
  const double width = fig.widthPt - 2 * ps.margin;
  double y = ps.margin;
  bool first = true;
  for (const std::string& line : wrapText(fig.title, width, ps.title, metrics)) {
    y += first ? ps.title.sizePt : ps.title.sizePt * 1.2;
    first = false;
    fig.texts.push_back({line, ps.margin, y, ps.title, kInk});
  }
  if (!subtitle.empty()) {
    bool firstSub = true;
    for (const std::string& line : wrapText(subtitle, width, ps.subtitle, metrics)) {
      y += ps.subtitle.sizePt * (firstSub ? 1.35 : 1.2);
      firstSub = false;
      fig.texts.push_back({line, ps.margin, y, ps.subtitle, kMutedInk});
    }
  }
  return y + 10 * ps.k;
}

// `text` wrapped to `width`: at its " · " separators first, then at spaces where one part is still too wide
// (wrapText with the separator alone would break such a part between code points, mid-word).
std::vector<std::string> wrapParts(const std::string& text, double width, const TextStyle& style, const TextMetrics& metrics) {
  const std::string separator = " \u00b7 ";
  std::vector<std::string> out;
  std::string line;
  for (std::size_t start = 0;;) {
    const std::size_t pos = text.find(separator, start);
    const std::string part = text.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    const std::string candidate = line.empty() ? part : line + separator + part;
    if (metrics.width(candidate, style) <= width) {
      line = candidate;
    } else {
      if (!line.empty()) out.push_back(line);
      line.clear();
      if (metrics.width(part, style) <= width) {
        line = part;
      } else {
        std::vector<std::string> lines = wrapText(part, width, style, metrics);
        for (std::size_t i = 0; i + 1 < lines.size(); ++i) out.push_back(std::move(lines[i]));
        if (!lines.empty()) line = std::move(lines.back());
      }
    }
    if (pos == std::string::npos) break;
    start = pos + separator.size();
  }
  if (!line.empty()) out.push_back(std::move(line));
  return out;
}

// The legend as the figure draws it: with the rows' subgroup and year under the heading unless it has its own.
Legend scopedLegend(const Legend& lg, const std::string& scope) {
  Legend out = lg;
  if (out.scope.empty()) out.scope = scope;
  return out;
}

// The legend's title as a reader sees it: the heading, then the rows' subgroup and year.
std::string legendTitleOf(const Legend& lg) { return lg.scope.empty() ? lg.heading : lg.heading + ", " + lg.scope; }

// The source line, wrapped at its " · " separators (and at spaces where a part is too wide), at the page
// bottom; returns its top.
double addSourceLines(Figure& fig, const std::string& sourceLine, const PageStyles& ps, const TextMetrics& metrics) {
  fig.sourceLine = sourceLine;
  std::vector<std::string> sourceLines = wrapParts(sourceLine, fig.widthPt - 2 * ps.margin, ps.small, metrics);
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

// The map in words, for readers who cannot see it (a tagged PDF's alternative text): what is mapped, the
// classes with their counts, the special swatches, and the areas not drawn.
std::string altTextOf(const std::string& title, const std::string& subtitle, const Legend& lg, const std::string& areaNoun,
                      std::size_t outside) {
  std::string t = "Map: " + title;
  if (!subtitle.empty()) t += ". " + subtitle;
  t += ". " + (lg.heading.empty() ? std::string("Classes") : legendTitleOf(lg));
  if (!lg.unitLine.empty()) t += " (" + lg.unitLine + ")";
  t += ", " + std::to_string(lg.classes.size()) + " classes: ";
  bool first = true;
  for (auto it = lg.classes.rbegin(); it != lg.classes.rend(); ++it) {
    t += (first ? "" : "; ") + it->label + ", " + countOf(it->count, areaNoun);
    first = false;
  }
  for (const LegendEntry& e : lg.special) t += "; " + e.label + ", " + countOf(e.count, areaNoun);
  if (outside > 0) t += ". " + countOf(outside, areaNoun) + " outside the map not drawn";
  return t + ".";
}

// A frame round each inset of the map in `v`, its label under the frame (the composite map leaves room there),
// moved down a line while it would overprint an earlier inset's label.
void addInsetFrames(Figure& fig, const Viewport& v, const std::vector<MapInset>& insets, const TextStyle& label,
                    const TextMetrics& metrics) {
  std::vector<Extent> placed;
  for (const MapInset& i : insets) {
    const Point a = v.toPage({i.box.minX, i.box.maxY}), b = v.toPage({i.box.maxX, i.box.minY});
    fig.rects.push_back({a.x, a.y, b.x - a.x, b.y - a.y, std::nullopt, Rgb{150, 150, 150}, 0.5});
    const double w = metrics.width(i.label, label);
    double y = b.y + label.sizePt * 1.1;
    auto box = [&] { return Extent{a.x, y - label.sizePt, a.x + w, y + label.sizePt * 0.3}; };
    for (int tries = 0; tries < 4; ++tries) {
      bool clash = false;
      for (const Extent& e : placed) {
        const Extent me = box();
        clash = clash || (me.maxX > e.minX && me.minX < e.maxX && me.maxY > e.minY && me.minY < e.maxY);
      }
      if (!clash) break;
      y += label.sizePt * 1.2;
    }
    placed.push_back(box());
    fig.texts.push_back({i.label, a.x, y, label, kMutedInk});
  }
}

}  // namespace

std::size_t areasWithGeometry(const Layer& layer) {
  std::size_t n = 0;
  for (std::size_t f = 0; f < layer.geometry.featureCount(); ++f) n += !layer.geometry.featureExtent(f).empty();
  return n;
}

std::size_t areasOutside(const Layer& layer, const std::optional<Extent>& extent) {
  if (!extent) return 0;
  std::size_t outside = 0;
  for (std::size_t f = 0; f < layer.geometry.featureCount(); ++f) {
    Extent e = layer.geometry.featureExtent(f);
    if (!e.empty() && (e.maxX < extent->minX || e.minX > extent->maxX || e.maxY < extent->minY || e.minY > extent->maxY))
      ++outside;
  }
  return outside;
}

namespace {

// Geometry of a bivariate legend grid.
struct GridGeometry {
  double cell = 0, tickColumn = 0, width = 0;
};

GridGeometry gridGeometry(const BivariateLegend& g, const PageStyles& ps, const TextMetrics& metrics) {
  GridGeometry gg;
  gg.cell = ps.legend.sizePt * 2.8;
  // The x ticks sit on the cell edges: a cell is wide enough for two neighbouring ticks and a gap between them.
  for (std::size_t t = 0; t + 1 < g.xTicks.size(); ++t)
    gg.cell = std::max(gg.cell, (metrics.width(g.xTicks[t], ps.small) + metrics.width(g.xTicks[t + 1], ps.small)) / 2 +
                                    ps.small.sizePt * 0.8);
  for (const std::string& t : g.yTicks) gg.tickColumn = std::max(gg.tickColumn, metrics.width(t, ps.small));
  const double lastTick = g.xTicks.empty() ? 0 : metrics.width(g.xTicks.back(), ps.small) / 2;
  gg.width = gg.tickColumn + ps.legend.sizePt * 0.5 + gg.cell * g.columns + lastTick;
  return gg;
}

// The legend's natural width (every label on one line), or `cap` when that is narrower: labels and headings
// then wrap (addLegend). Never narrower than a swatch, its count and a short label.
double legendWidth(const Legend& lg, const PageStyles& ps, const TextMetrics& metrics, double cap) {
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
  double floor = swatchW + gap + ps.legend.sizePt * 8 + gap + countColumn;
  if (lg.grid) {
    const double grid = gridGeometry(*lg.grid, ps, metrics).width;
    legendW = std::max(legendW, grid);
    floor = std::max(floor, grid);
    for (const std::string& t : {lg.grid->xLabel, lg.grid->yLabel}) legendW = std::max(legendW, metrics.width(t, ps.small));
  }
  return std::max(std::min(legendW, cap), floor);
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

// Draws the legend at (legendX, top) in `legendW`, wrapping headings and labels to it; returns the y of its
// last line.
double addLegend(Figure& fig, const Legend& lg, const style::MapStyle& st, double legendX, double top, double legendW,
                 const PageStyles& ps, const TextMetrics& metrics) {
  const double k = ps.k;
  const double swatchW = ps.legend.sizePt * 2.0, swatchH = ps.legend.sizePt * 1.3, gap = ps.legend.sizePt * 0.6;
  double countColumn = 0;
  for (const auto* entries : {&lg.classes, &lg.special})
    for (const LegendEntry& e : *entries) countColumn = std::max(countColumn, metrics.width("(" + groupNumber(e.count) + ")", ps.legend));
  const double labelW = std::max(legendW - swatchW - gap - gap - countColumn, ps.legend.sizePt * 4);
  double ly = top;
  bool firstHead = true;
  for (const std::string& line : wrapText(lg.heading, legendW, ps.legendHead, metrics)) {
    ly += firstHead ? ps.legendHead.sizePt : ps.legendHead.sizePt * 1.2;
    firstHead = false;
    fig.texts.push_back({line, legendX, ly, ps.legendHead, kInk});
  }
  for (const std::string& text : {lg.scope, lg.unitLine, lg.rule}) {
    if (text.empty()) continue;
    for (const std::string& line : wrapText(text, legendW, ps.small, metrics)) {
      ly += ps.small.sizePt * 1.3;
      fig.texts.push_back({line, legendX, ly, ps.small, kMutedInk});
    }
  }
  ly += ps.legend.sizePt * 0.9;
  auto addEntry = [&](const LegendEntry& e, bool dot) {
    const std::vector<std::string> lines = wrapText(e.label, labelW, ps.legend, metrics);
    const double lineStep = ps.legend.sizePt * 1.2;
    const double textH = lineStep * static_cast<double>(std::max<std::size_t>(lines.size(), 1) - 1);
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
    for (std::size_t i = 0; i < lines.size(); ++i)
      fig.texts.push_back({lines[i], legendX + swatchW + gap, baseline + lineStep * static_cast<double>(i), ps.legend, kInk});
    fig.texts.push_back({"(" + groupNumber(e.count) + ")", legendX + legendW, baseline, ps.legend, kMutedInk, Anchor::Right});
    ly += std::max(swatchH, swatchH + textH) + ps.legend.sizePt * 0.35;
  };
  if (lg.grid) ly = addBivariateGrid(fig, *lg.grid, st, legendX, ly, ps, metrics);
  std::vector<double> entryTops;  // of the classes, in drawing order (highest first)
  for (auto it = lg.classes.rbegin(); it != lg.classes.rend(); ++it) {  // highest values on top
    entryTops.push_back(ly);
    addEntry(*it, lg.dotSwatches);
  }
  entryTops.push_back(ly);
  if (lg.reference) {
    // A bar across the legend at the reference boundary, `position` classes from the bottom of the list.
    const double fromTop = static_cast<double>(lg.classes.size()) - lg.reference->position;
    const std::size_t i = static_cast<std::size_t>(std::clamp(std::floor(fromTop), 0.0, static_cast<double>(lg.classes.size())));
    const double next = i + 1 < entryTops.size() ? entryTops[i + 1] : entryTops[i];
    const double markY = entryTops[i] + (next - entryTops[i]) * (fromTop - static_cast<double>(i)) - ps.legend.sizePt * 0.175;
    fig.lines.push_back({{{legendX - 3 * k, markY}, {legendX + legendW, markY}}, st.referenceMark, st.referenceMarkWidthPt * k});
  }
  ly += ps.legend.sizePt * 0.5;
  for (const LegendEntry& e : lg.special) addEntry(e, false);
  ly += ps.small.sizePt * 0.8;
  bool firstFoot = true;
  for (const std::string& line : wrapText(lg.footnote, legendW, ps.small, metrics)) {
    if (!firstFoot) ly += ps.small.sizePt * 1.3;
    firstFoot = false;
    fig.texts.push_back({line, legendX, ly, ps.small, kMutedInk});
  }
  if (lg.reference) {
    const double labelX = legendX + swatchW + gap;
    bool firstRef = true;
    for (const std::string& line : wrapText(lg.reference->label, legendX + legendW - labelX, ps.small, metrics)) {
      ly += ps.small.sizePt * (firstRef ? 1.4 : 1.3);
      if (firstRef)
        fig.lines.push_back({{{legendX, ly - ps.small.sizePt * 0.35}, {legendX + swatchW, ly - ps.small.sizePt * 0.35}},
                             st.referenceMark, st.referenceMarkWidthPt * k});
      firstRef = false;
      fig.texts.push_back({line, labelX, ly, ps.small, st.referenceMark});
    }
  }
  return ly;
}

// Where the legend goes and the page measures it needs. Beside the map it is a column: legend, then the scale
// bar and north arrow under it, then the callouts. Under the map (`under`) it is a row: legend, then the
// scale bar and north arrow and the callouts in a second column to its right.
struct LegendColumn {
  double x, top, width, sourceTop, margin, k;
  double reservedWidth;  // the column's room on the page (see reservedLegendWidth): the scale bar's
  bool under = false;
};

// The scale bar's width beside the legend when the legend is under the map.
double underFurnitureWidth(const PageStyles& ps) { return ps.small.sizePt * 22; }

void addLegendColumn(Figure& fig, const Legend& legend, const style::MapStyle& st, const FigureOptions& options,
                     const PageStyles& ps, const TextMetrics& metrics, const LegendColumn& c) {
  const double k = c.k;
  double ly = addLegend(fig, legend, st, c.x, c.top, c.width, ps, metrics);
  double furnitureX = c.x, furnitureTop = ly + 22 * k, furnitureW = std::max(c.width, c.reservedWidth);
  if (c.under) {
    furnitureX = c.x + c.width + 24 * k;
    furnitureTop = c.top;
    furnitureW = std::min(underFurnitureWidth(ps), options.widthPt - c.margin - furnitureX);
  }
  double furnitureBottom = furnitureTop;
  if (!options.displayCrs.empty() && furnitureW > ps.small.sizePt * 8) {
    addScaleBarAndNorthArrow(fig, options.displayCrs, options.miles, furnitureX, furnitureTop, furnitureW, ps.small, kInk);
    furnitureBottom = furnitureTop + ps.small.sizePt * 4.5;
  }
  if (options.callouts.empty()) return;
  const MapPanel& frame = fig.panels.front();
  if (c.under) {
    addNoteCallouts(fig, options.callouts,
                    {furnitureX, furnitureBottom + 8 * k, options.widthPt - c.margin - furnitureX, c.sourceTop - 4 * k},
                    metrics, k);
    return;
  }
  double columnBottom = ly;
  for (const TextItem& t : fig.texts)
    if (t.x >= c.x - k && t.y < c.sourceTop) columnBottom = std::max(columnBottom, t.y + t.style.sizePt * 0.3);
  for (const LineItem& l : fig.lines)
    for (const Point& p : l.points)
      if (p.x >= c.x - 4 * k) columnBottom = std::max(columnBottom, p.y);
  addNoteCallouts(fig, options.callouts,
                  {c.x, columnBottom + 14 * k, options.widthPt - c.margin - c.x, frame.viewport.y + frame.viewport.height},
                  metrics, k);
}

// The height the legend takes when drawn `width` wide.
double legendHeight(const Legend& legend, const style::MapStyle& st, double width, const PageStyles& ps,
                    const TextMetrics& metrics) {
  Figure scratch;
  return addLegend(scratch, legend, st, 0, 0, width, ps, metrics) + ps.small.sizePt * 0.4;
}

// Where the map and legend go: the legend beside the map, or under it when that gives the map a larger scale
// (narrow and portrait pages), as a report editor would lay the page out.
struct PageLayout {
  bool under = false;
  double legendW = 0, reservedW = 0;
  double frameX = 0, frameY = 0, frameW = 0, frameH = 0;  // the map's frame
  double legendTop = 0;
};

PageLayout chooseLayout(const Legend& legend, const style::MapStyle& st, const FigureOptions& options, const Extent& data,
                        double mapTop, double sourceTop, double extraLegendW, const PageStyles& ps, const TextMetrics& metrics) {
  const double W = options.widthPt, k = ps.k, margin = ps.margin;
  const double dw = std::max(data.width(), 1e-9), dh = std::max(data.height(), 1e-9);
  PageLayout beside;
  beside.legendW = std::max(legendWidth(legend, ps, metrics, W * 0.34), extraLegendW);
  beside.reservedW = reservedLegendWidth(beside.legendW, W);
  beside.frameX = margin;
  beside.frameY = mapTop;
  beside.frameW = W - 2 * margin - beside.reservedW - 16 * k;
  beside.frameH = sourceTop - 10 * k - mapTop;
  beside.legendTop = mapTop;
  const double besideScale = beside.frameW > 0 ? std::min(beside.frameW / dw, beside.frameH / dh) : 0;

  PageLayout under;
  under.under = true;
  const double furniture = underFurnitureWidth(ps) + 24 * k;
  under.legendW = legendWidth(legend, ps, metrics, std::max(W - 2 * margin - furniture, W * 0.4));
  under.reservedW = under.legendW;
  const double legendH = legendHeight(legend, st, under.legendW, ps, metrics);
  const double furnitureH = options.callouts.empty() ? ps.small.sizePt * 4.5 : ps.small.sizePt * 4.5 + 90 * k;
  under.frameX = margin;
  under.frameY = mapTop;
  under.frameW = W - 2 * margin;
  under.frameH = sourceTop - 10 * k - mapTop - std::max(legendH, furnitureH) - 12 * k;
  const double underScale = under.frameH > 0 ? std::min(under.frameW / dw, under.frameH / dh) : 0;
  // Beside unless under is clearly larger (or beside does not fit at all).
  if (underScale > besideScale * 1.1 || beside.frameW < 40) {
    const double mapH = dh * underScale;
    under.legendTop = under.frameY + std::min(mapH, under.frameH) + 12 * k;
    under.frameH = std::min(mapH, under.frameH);
    return under;
  }
  return beside;
}

// The layers of one map panel: the mapped layer's fills and hatching, then the context outlines.
// Outline widths follow the map's size: the style's on a map 500 pt wide or more, thinner on smaller maps
// (small multiples), down to 40% of it.
std::vector<MapLayerDraw> panelLayers(const Layer& layer, const std::vector<int>& fillIndex, const std::vector<Fill>& fills,
                                      const std::vector<bool>& overlay, const Fill& overlayFill,
                                      const std::vector<ContextLayer>& context, const style::MapStyle& st, double mapWidthPt) {
  const double thin = std::clamp(mapWidthPt / 500, 0.4, 1.0);
  std::vector<MapLayerDraw> layers;
  MapLayerDraw main;
  main.geometry = &layer.geometry;
  main.fillIndex = fillIndex;
  main.fills = fills;
  main.overlay = overlay;
  main.overlayFill = overlayFill;
  main.outline = st.outline;
  main.outlineWidthPt = st.outlineWidthPt * thin;
  layers.push_back(std::move(main));
  for (const ContextLayer& c : context) {
    MapLayerDraw ctx;
    ctx.geometry = &c.layer->geometry;
    ctx.outline = c.color.value_or(st.contextOutline);
    ctx.outlineWidthPt = (c.lineWidthPt >= 0 ? c.lineWidthPt : st.contextOutlineWidthPt) * thin;
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
  const PageStyles ps = pageStyles(st, options.widthPt, options.heightPt, options.minMarginPt);
  const double k = ps.k, margin = ps.margin;

  fig.title = options.title.empty() ? map.metricLabel : options.title;
  fig.description = options.subtitle;
  const double mapTop = addTitleBlock(fig, options.subtitle, ps, metrics);
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
  if (std::size_t outside = areasOutside(layer, options.extent); outside > 0)
    source.add(countOf(outside, options.areaNoun) + " outside the map extent not shown");
  if (!options.insets.empty()) {
    std::string keys;
    for (const MapInset& i : options.insets) keys += (keys.empty() ? "" : ", ") + i.key;
    source.add("insets (scale \u00d7 the main map's; the scale bar is the main map's): " + keys);
  }
  const double sourceTop = addSourceLines(fig, source.text, ps, metrics);

  Extent data = options.extent ? *options.extent : layer.geometry.extent();
  const PageLayout pl = chooseLayout(legend, st, options, data, mapTop, sourceTop,
                                     options.callouts.empty() ? 0 : 170 * k,  // room for the numbered notes
                                     ps, metrics);

  // Map frame, then the map and legend moved together to the page centre when the map is narrower than
  // its frame (a tall city), so the legend sits beside the map rather than at the far edge.
  double fitScale = std::min(pl.frameW / std::max(data.width(), 1e-9), pl.frameH / std::max(data.height(), 1e-9));
  if (options.mapScale > 0) fitScale = std::min(fitScale, options.mapScale);
  const double mapW = std::min(pl.frameW, data.width() * fitScale);
  const double shift = pl.under ? 0 : (pl.frameW - mapW) / 2;
  MapPanel panel;
  panel.viewport = fitViewport(data, pl.frameX + shift, pl.frameY, pl.under ? pl.frameW : mapW,
                               pl.under ? std::min(pl.frameH, data.height() * fitScale) : pl.frameH);
  panel.layers = panelLayers(layer, map.fillIndex, map.fills, map.lowQuality, map.hatch, context, st,
                             data.width() * fitScale);
  panel.altText = altTextOf(fig.title, options.subtitle, legend, options.areaNoun, areasOutside(layer, options.extent));
  addInsetFrames(fig, panel.viewport, options.insets, ps.small, metrics);
  fig.panels.push_back(std::move(panel));
  if (options.labels.layer) {
    // Orientation labels, clear of each other and of the inset frames and their captions.
    const Viewport& v = fig.panels.back().viewport;
    std::vector<PageBox> avoid;
    for (const MapInset& i : options.insets) {
      const Point a = v.toPage({i.box.minX, i.box.maxY}), b = v.toPage({i.box.maxX, i.box.minY});
      avoid.push_back({a.x, a.y, b.x - a.x, b.y - a.y + ps.small.sizePt * 1.6});
    }
    TextStyle labelStyle = ps.small;
    labelStyle.italic = true;
    const LabelPlacement lp = addMapLabels(fig, v, options.labels, labelStyle, metrics, avoid);
    fig.labelsPlaced = lp.placed;
    fig.labelsDropped = lp.dropped;
  }
  const double legendX = pl.under ? margin : margin + shift + mapW + 16 * k;

  addLegendColumn(fig, legend, st, options, ps, metrics,
                  {legendX, pl.legendTop, pl.legendW, sourceTop, margin, k, pl.reservedW, pl.under});
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
  const PageStyles ps = pageStyles(st, options.widthPt, options.heightPt, options.minMarginPt);
  const double k = ps.k, margin = ps.margin;
  fig.title = options.title.empty() ? shared.metricLabel : options.title;
  fig.description = options.subtitle;
  const double mapTop = addTitleBlock(fig, options.subtitle, ps, metrics);
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
  if (std::size_t outside = areasOutside(layer, options.extent); outside > 0)
    source.add(countOf(outside, options.areaNoun) + " outside the map extent not shown");
  const double sourceTop = addSourceLines(fig, source.text, ps, metrics);

  const double legendW = legendWidth(legend, ps, metrics, options.widthPt * 0.3);
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
    panel.layers = panelLayers(layer, pm.fillIndex, shared.fills, pm.lowQuality, shared.hatch, context, st, mapW);
    panel.altText = "Map " + std::to_string(p + 1) + " of " + std::to_string(n) + ": " + pm.title + ". " + fig.title + ", " +
                    countOf(pm.missing, options.areaNoun) + " with no data; classes shared by all maps: " +
                    altTextOf(fig.title, options.subtitle, legend, options.areaNoun, 0).substr(5);
    addInsetFrames(fig, panel.viewport, options.insets, ps.small, metrics);
    fig.panels.push_back(std::move(panel));
  }
  const double legendX = margin + shiftX + gridW + 16 * k;
  addLegendColumn(fig, legend, st, options, ps, metrics, {legendX, mapTop, legendW, sourceTop, margin, k, reservedW});
  return fig;
}

double sharedMapScale(const Extent& extent, const FigureOptions& options, const style::MapStyle& style) {
  const PageStyles ps = pageStyles(style, options.widthPt, options.heightPt, options.minMarginPt);
  const double W = options.widthPt, k = ps.k;
  const double titleH = ps.title.sizePt * 2.2 + ps.subtitle.sizePt * 1.35 + 10 * k;
  const double sourceH = ps.small.sizePt * 1.3 * 3;
  const double frameW = W - 2 * ps.margin - reservedLegendWidth(W * 0.34, W) - 16 * k;
  const double frameH = options.heightPt - 2 * ps.margin - titleH - sourceH - 10 * k;
  if (frameW <= 0 || frameH <= 0) return 0;
  return std::min(frameW / std::max(extent.width(), 1e-9), frameH / std::max(extent.height(), 1e-9));
}

}  // namespace mobmap::render
