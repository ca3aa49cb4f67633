#include "render/figure_layout.h"

#include <algorithm>
#include <cmath>

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
  const std::string sep = " · ";
  std::vector<std::string> pieces;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = text.find(sep, start);
    pieces.push_back(text.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + sep.size();
  }
  std::vector<std::string> lines;
  std::string line;
  for (const std::string& p : pieces) {
    std::string candidate = line.empty() ? p : line + sep + p;
    if (!line.empty() && metrics.width(candidate, style) > maxWidth) {
      lines.push_back(line);
      line = p;
    } else {
      line = candidate;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
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

Figure composeFigure(const Layer& layer, const ThematicMap& map, const std::vector<ContextLayer>& context,
                     const FigureOptions& options, const TextMetrics& metrics) {
  const style::MapStyle& st = map.style;
  Figure fig;
  fig.widthPt = options.widthPt;
  fig.heightPt = options.heightPt;
  const double W = options.widthPt, H = options.heightPt;
  // Type and margins grow with the page so a small PNG and a large poster both read well.
  const double k = std::clamp(std::min(W / 720.0, H / 450.0), 0.6, 3.0);
  const double margin = 14 * k;
  TextStyle titleStyle{st.fontFamily, st.titlePt * k, true};
  TextStyle subtitleStyle{st.fontFamily, st.subtitlePt * k};
  TextStyle legendStyle{st.fontFamily, st.legendPt * k};
  TextStyle legendHeadStyle{st.fontFamily, st.legendPt * k * 1.1, true};
  TextStyle smallStyle{st.fontFamily, st.sourcePt * k};

  fig.title = options.title.empty() ? map.metricLabel : options.title;
  fig.description = options.subtitle;

  // Title block.
  double y = margin + titleStyle.sizePt;
  fig.texts.push_back({fig.title, margin, y, titleStyle, kInk});
  if (!options.subtitle.empty()) {
    y += subtitleStyle.sizePt * 1.35;
    fig.texts.push_back({options.subtitle, margin, y, subtitleStyle, kMutedInk});
  }
  const double mapTop = y + 10 * k;

  // Source line(s) at the bottom.
  std::string sourceLine;
  auto addPart = [&](const std::string& part) {
    if (!part.empty()) sourceLine += (sourceLine.empty() ? "" : " · ") + part;
  };
  addPart(options.source.empty() ? "" : "Source: " + options.source);
  addPart("Classification: " + map.methodText);
  addPart(countOf(map.missing, options.areaNoun) + " with no data");
  if (map.lowQualityCount > 0) addPart(groupNumber(map.lowQualityCount) + " low-quality values hatched");
  if (map.suppressed > 0) addPart(groupNumber(map.suppressed) + " low-quality values suppressed");
  if (!map.referenceText.empty()) addPart(map.referenceText);
  if (options.extent) {
    std::size_t outside = 0;
    for (std::size_t f = 0; f < layer.geometry.featureCount(); ++f) {
      Extent e = layer.geometry.featureExtent(f);
      if (!e.empty() && (e.maxX < options.extent->minX || e.minX > options.extent->maxX || e.maxY < options.extent->minY ||
                         e.minY > options.extent->maxY))
        ++outside;
    }
    if (outside > 0) addPart(countOf(outside, options.areaNoun) + " outside the map extent not shown");
  }
  std::vector<std::string> sourceLines = wrapAtSeparators(sourceLine, W - 2 * margin, smallStyle, metrics);
  const double lineStep = smallStyle.sizePt * 1.3;
  double sourceTop = H - margin - lineStep * static_cast<double>(sourceLines.size()) + smallStyle.sizePt * 0.3;
  for (std::size_t i = 0; i < sourceLines.size(); ++i)
    fig.texts.push_back({sourceLines[i], margin, sourceTop + smallStyle.sizePt + lineStep * static_cast<double>(i), smallStyle, kMutedInk});

  // Legend column width from its widest text.
  const Legend& lg = map.legend;
  const double swatchW = legendStyle.sizePt * 2.0, swatchH = legendStyle.sizePt * 1.3, gap = legendStyle.sizePt * 0.6;
  double countColumn = 0, labelColumn = 0;
  auto measureEntries = [&](const std::vector<LegendEntry>& entries) {
    for (const LegendEntry& e : entries) {
      labelColumn = std::max(labelColumn, metrics.width(e.label, legendStyle));
      countColumn = std::max(countColumn, metrics.width("(" + groupNumber(e.count) + ")", legendStyle));
    }
  };
  measureEntries(lg.classes);
  measureEntries(lg.special);
  double legendW = swatchW + gap + labelColumn + gap + countColumn;
  for (const std::string& t : {lg.heading, lg.unitLine, lg.rule, lg.footnote})
    legendW = std::max(legendW, metrics.width(t, t == lg.heading ? legendHeadStyle : smallStyle));

  // Map frame, then the map and legend moved together to the page centre when the map is narrower than
  // its frame (a tall city), so the legend sits beside the map rather than at the far edge.
  const double frameY = mapTop;
  const double frameW = W - 2 * margin - legendW - 16 * k, frameH = sourceTop - 10 * k - mapTop;
  Extent data = options.extent ? *options.extent : layer.geometry.extent();
  const double fitScale = std::min(frameW / std::max(data.width(), 1e-9), frameH / std::max(data.height(), 1e-9));
  const double mapW = std::min(frameW, data.width() * fitScale);
  const double shift = (frameW - mapW) / 2;
  fig.viewport = fitViewport(data, margin + shift, frameY, mapW, frameH);
  const double legendX = margin + shift + mapW + 16 * k;

  MapLayerDraw main;
  main.geometry = &layer.geometry;
  main.fillIndex = map.fillIndex;
  main.fills = map.fills;
  main.overlay = map.lowQuality;
  main.overlayFill = map.hatch;
  main.outline = st.outline;
  main.outlineWidthPt = st.outlineWidthPt;
  fig.mapLayers.push_back(std::move(main));
  for (const ContextLayer& c : context) {
    MapLayerDraw ctx;
    ctx.geometry = &c.layer->geometry;
    ctx.outline = st.contextOutline;
    ctx.outlineWidthPt = st.contextOutlineWidthPt;
    fig.mapLayers.push_back(std::move(ctx));
  }

  // Legend entries.
  double ly = mapTop + legendHeadStyle.sizePt;
  fig.texts.push_back({lg.heading, legendX, ly, legendHeadStyle, kInk});
  for (const std::string& line : {lg.unitLine, lg.rule}) {
    if (line.empty()) continue;
    ly += smallStyle.sizePt * 1.4;
    fig.texts.push_back({line, legendX, ly, smallStyle, kMutedInk});
  }
  ly += legendStyle.sizePt * 0.9;
  auto addEntry = [&](const LegendEntry& e) {
    fig.rects.push_back({legendX, ly, swatchW, swatchH, e.fill, st.outline, 0.5});
    const double baseline = ly + swatchH / 2 + legendStyle.sizePt * 0.35;
    fig.texts.push_back({e.label, legendX + swatchW + gap, baseline, legendStyle, kInk});
    fig.texts.push_back({"(" + groupNumber(e.count) + ")", legendX + legendW, baseline, legendStyle, kMutedInk, Anchor::Right});
    ly += swatchH + legendStyle.sizePt * 0.35;
  };
  const double classesTop = ly;
  for (auto it = lg.classes.rbegin(); it != lg.classes.rend(); ++it) addEntry(*it);  // highest values on top
  if (lg.reference) {
    // A bar across the legend at the reference boundary, `position` classes from the bottom of the list.
    const double step = swatchH + legendStyle.sizePt * 0.35;
    const double markY = classesTop + step * (static_cast<double>(lg.classes.size()) - lg.reference->position) - legendStyle.sizePt * 0.175;
    fig.lines.push_back({{{legendX - 3 * k, markY}, {legendX + legendW, markY}}, st.referenceMark, st.referenceMarkWidthPt * k});
  }
  ly += legendStyle.sizePt * 0.5;
  for (const LegendEntry& e : lg.special) addEntry(e);
  ly += smallStyle.sizePt * 0.8;
  fig.texts.push_back({lg.footnote, legendX, ly, smallStyle, kMutedInk});
  if (lg.reference) {
    ly += smallStyle.sizePt * 1.4;
    fig.lines.push_back({{{legendX, ly - smallStyle.sizePt * 0.35}, {legendX + swatchW, ly - smallStyle.sizePt * 0.35}},
                         st.referenceMark, st.referenceMarkWidthPt * k});
    fig.texts.push_back({lg.reference->label, legendX + swatchW + gap, ly, smallStyle, st.referenceMark});
  }

  // Scale bar and north arrow under the legend.
  if (!options.displayCrs.empty()) {
    ly += 22 * k;
    addScaleBarAndNorthArrow(fig, options.displayCrs, options.miles, legendX, ly, legendW, smallStyle, kInk);
  }
  return fig;
}

}  // namespace mobmap::render
