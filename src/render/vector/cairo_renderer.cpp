#include "render/vector/cairo_renderer.h"
#include "render/vector/detail/cairo_drawing.h"
#include "render/vector/detail/map_coverage.h"
#include "render/vector/map_raster_cache.h"
#include "render/vector/png_writer.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <unordered_map>
#include <vector>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/parallel.h"
#include "core/text.h"

namespace mobmap::render {

OutputFormat outputFormatFor(const std::string& path) {
  std::string ext = toLower(std::filesystem::path(path).extension().string());
  if (ext == ".png") return OutputFormat::Png;
  if (ext == ".svg") return OutputFormat::Svg;
  if (ext == ".pdf") return OutputFormat::Pdf;
  throw UsageError(path + ": unsupported figure format '" + ext + "' (use .png, .svg or .pdf)");
}

namespace {

// Vertices closer than this to the previous one are not drawn: a third of an output pixel for fills, nine
// tenths of one for the hairline outlines (of a 300-dpi dot for vector output).
constexpr double kFillStepPx = 0.3, kOutlineStepPx = 0.9;

void setColor(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0); }

// Unhinted metrics, so text measured once lays out the same at every resolution and in every format.
void useUnhintedText(cairo_t* cr) {
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);
}

// Sets up `layout` (of a Pango context for a Cairo context) for laying text out the same at every resolution:
// unhinted metrics, glyph positions not rounded to device pixels.
void configureLayoutContext(PangoLayout* layout) {
  PangoContext* ctx = pango_layout_get_context(layout);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx, options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(ctx, FALSE);
  pango_layout_context_changed(layout);
}

// Gives `layout` the text and the font of `s` (its size in user units: points on a page).
void setLayoutText(PangoLayout* layout, const std::string& text, const TextStyle& s) {
  PangoFontDescription* d = pango_font_description_new();
  pango_font_description_set_family(d, s.family.c_str());
  pango_font_description_set_weight(d, s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(d, s.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_font_description_set_absolute_size(d, s.sizePt * PANGO_SCALE);
  pango_layout_set_font_description(layout, d);
  pango_font_description_free(d);
  // No Latin ligatures: "fi" drawn as one glyph reads back from a PDF as U+FB01, which search does not find.
  PangoAttrList* attrs = pango_attr_list_new();
  pango_attr_list_insert(attrs, pango_attr_font_features_new("liga 0, clig 0"));
  pango_layout_set_attributes(layout, attrs);
  pango_attr_list_unref(attrs);
  pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
}

// A Pango layout of `text` in `s` for drawing on `cr`; the caller unrefs it.
PangoLayout* textLayout(cairo_t* cr, const std::string& text, const TextStyle& s) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  configureLayoutContext(layout);
  setLayoutText(layout, text, s);
  return layout;
}

double logicalWidth(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

}  // namespace

// Adds every polygon ring of feature f to the current path, in page points, dropping vertices closer than
// `minStep` to the previous one (invisible at the output resolution).
void addFeaturePath(cairo_t* cr, const GeometryStore& g, std::size_t f, const Viewport& v, double minStep) {
  for (std::size_t p : g.partsOf(f)) {
    if (g.partKind(p) != PartKind::Polygon) continue;
    for (std::size_t r : g.ringsOf(p)) {
      auto ring = g.ring(r);
      if (ring.size() < 3) continue;
      Point first = v.toPage(ring[0]);
      cairo_move_to(cr, first.x, first.y);
      Point last = first;
      for (std::size_t i = 1; i < ring.size(); ++i) {
        Point q = v.toPage(ring[i]);
        if (std::fabs(q.x - last.x) < minStep && std::fabs(q.y - last.y) < minStep && i + 1 < ring.size()) continue;
        if (!std::isfinite(q.x) || !std::isfinite(q.y)) continue;
        cairo_line_to(cr, q.x, q.y);
        last = q;
      }
      cairo_close_path(cr);
    }
  }
}

void addLinePaths(cairo_t* cr, const GeometryStore& g, std::size_t f, const Viewport& v) {
  for (std::size_t p : g.partsOf(f)) {
    if (g.partKind(p) != PartKind::Line) continue;
    for (std::size_t r : g.ringsOf(p)) {
      bool first = true;
      for (const Point& pt : g.ring(r)) {
        Point q = v.toPage(pt);
        first ? cairo_move_to(cr, q.x, q.y) : cairo_line_to(cr, q.x, q.y);
        first = false;
      }
    }
  }
}

namespace {

// Draws `fill`'s pattern over the current clip region covering `box` (page points).
void drawPattern(cairo_t* cr, const Fill& fill, double x0, double y0, double x1, double y1) {
  if (fill.pattern == Pattern::None) return;
  setColor(cr, fill.patternColor);
  const double s = std::max(fill.patternSpacingPt, 0.5);
  if (fill.pattern == Pattern::Hatch) {
    cairo_set_line_width(cr, fill.patternLineWidthPt);
    // Diagonal lines (45°, rising to the right), aligned to the page so neighbouring areas line up.
    const double start = std::floor((x0 + y0) / s) * s;
    for (double c = start; c <= x1 + y1 + s; c += s) {
      cairo_move_to(cr, c - y0, y0);
      cairo_line_to(cr, c - y1, y1);
    }
    cairo_stroke(cr);
  } else {
    const double r = fill.patternLineWidthPt;
    for (double y = std::floor(y0 / s) * s; y <= y1; y += s)
      for (double x = std::floor(x0 / s) * s; x <= x1; x += s) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * std::numbers::pi);
      }
    cairo_fill(cr);
  }
}

// Features per Cairo path: big enough to keep calls few, small enough that a national layer's path never
// holds millions of points at once (peak memory).
constexpr std::size_t kFeaturesPerPath = 512;

// Each map geometry's feature extents, computed once per figure and shared by every band and panel.
class FeatureExtents {
 public:
  explicit FeatureExtents(const Figure& fig) {
    for (const MapPanel& panel : fig.panels)
      for (const MapLayerDraw& layer : panel.layers)
        if (!m_byStore.contains(layer.geometry))
          m_byStore.emplace(layer.geometry, layer.geometry->featureExtents());
  }
  const std::vector<Extent>& of(const GeometryStore* store) const { return m_byStore.at(store); }

 private:
  std::unordered_map<const GeometryStore*, std::vector<Extent>> m_byStore;
};

// Draws the dots in their order, each a filled circle; dots outside `cull` (display-CRS extent, widened by
// the radius) are skipped. Runs of one colour share a Cairo fill.
void drawDots(cairo_t* cr, const DotLayerDraw& dots, const Viewport& v, const Extent& cull) {
  if (dots.points.empty()) return;
  cairo_save(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);  // overlapping dots of one colour stay filled
  const double r = dots.radiusPt, pad = r / v.scale;
  int current = -1;
  std::size_t inPath = 0;
  auto flush = [&] {
    if (inPath > 0) cairo_fill(cr);
    inPath = 0;
  };
  for (std::size_t i = 0; i < dots.points.size(); ++i) {
    const Point& p = dots.points[i];
    if (p.x < cull.minX - pad || p.x > cull.maxX + pad || p.y < cull.minY - pad || p.y > cull.maxY + pad) continue;
    const int c = i < dots.colorIndex.size() ? dots.colorIndex[i] : 0;
    if (c < 0 || c >= static_cast<int>(dots.colors.size())) continue;
    if (c != current || inPath == kFeaturesPerPath) {
      flush();
      current = c;
      setColor(cr, dots.colors[static_cast<std::size_t>(c)]);
    }
    const Point q = v.toPage(p);
    cairo_new_sub_path(cr);
    cairo_arc(cr, q.x, q.y, r, 0, 2 * std::numbers::pi);
    ++inPath;
  }
  flush();
  cairo_restore(cr);
}

// The hatch ink over a class colour: the class colour made lighter on a dark class and darker on a light one,
// so a hatched area still reads as its class (a grey hatch over navy reads as the next lighter class).
Rgb hatchInkOver(Rgb c) {
  const double luma = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
  auto mix = [](Rgb a, Rgb b, double t) {
    auto ch = [t](int x, int y) { return static_cast<std::uint8_t>(std::lround(x + (y - x) * t)); };
    return Rgb{ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b)};
  };
  return luma < 120 ? mix(c, Rgb{255, 255, 255}, 0.5) : mix(c, Rgb{0, 0, 0}, 0.45);
}

// The overlay pattern (low-quality hatching) over the layer's marked features that `included` accepts: one clip
// per class, its hatch inked from the class colour (hatchInkOver); features without a class take the overlay's.
template <typename Included>
void drawOverlayPattern(cairo_t* cr, const MapLayerDraw& layer, const Viewport& v, double minStep, Included included) {
  const GeometryStore& g = *layer.geometry;
  std::map<int, std::vector<std::size_t>> byClass;
  for (std::size_t f = 0; f < g.featureCount() && f < layer.overlay.size(); ++f)
    if (layer.overlay[f] && included(f)) byClass[f < layer.fillIndex.size() ? layer.fillIndex[f] : -1].push_back(f);
  for (const auto& [fi, features] : byClass) {
    for (std::size_t f : features) addFeaturePath(cr, g, f, v, minStep);
    Fill pattern = layer.overlayFill;
    if (fi >= 0 && static_cast<std::size_t>(fi) < layer.fills.size()) pattern.patternColor = hatchInkOver(layer.fills[static_cast<std::size_t>(fi)].color);
    cairo_save(cr);
    cairo_clip(cr);
    drawPattern(cr, pattern, v.x, v.y, v.x + v.width, v.y + v.height);
    cairo_restore(cr);
  }
}

// Draws one map layer; features outside `cull` (display-CRS extent) are skipped.
void drawMapLayer(cairo_t* cr, const MapLayerDraw& layer, const std::vector<Extent>& extents, const Viewport& v,
                  const Extent& cull, double minStep) {
  const GeometryStore& g = *layer.geometry;
  const std::size_t n = g.featureCount();
  std::vector<bool> shown(n);
  for (std::size_t f = 0; f < n; ++f) shown[f] = extents[f].overlaps(cull);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  // Fills, grouped by fill so each batch is one Cairo fill call.
  for (std::size_t fi = 0; fi < layer.fills.size() && !layer.fillIndex.empty(); ++fi) {
    const Fill& fill = layer.fills[fi];
    std::size_t inPath = 0;
    auto flush = [&] {
      if (inPath == 0) return;
      setColor(cr, fill.color);
      if (fill.pattern == Pattern::None) {
        cairo_fill(cr);
      } else {
        cairo_fill_preserve(cr);
        cairo_save(cr);
        cairo_clip(cr);
        drawPattern(cr, fill, v.x, v.y, v.x + v.width, v.y + v.height);
        cairo_restore(cr);
        cairo_new_path(cr);
      }
      inPath = 0;
    };
    for (std::size_t f = 0; f < n; ++f) {
      if (!shown[f] || layer.fillIndex[f] != static_cast<int>(fi)) continue;
      addFeaturePath(cr, g, f, v, minStep);
      if (++inPath == kFeaturesPerPath) flush();
    }
    flush();
  }
  drawOverlayPattern(cr, layer, v, minStep, [&](std::size_t f) { return shown[f]; });
  // Outlines: hairlines, so vertices closer than nearly a whole output pixel are dropped.
  const double outlineStep = minStep * kOutlineStepPx / kFillStepPx;
  setColor(cr, layer.outline);
  cairo_set_line_width(cr, layer.outlineWidthPt);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  std::size_t inPath = 0;
  for (std::size_t f = 0; f < n; ++f) {
    if (!shown[f]) continue;
    addFeaturePath(cr, g, f, v, outlineStep);
    addLinePaths(cr, g, f, v);
    if (++inPath == kFeaturesPerPath) {
      cairo_stroke(cr);
      inPath = 0;
    }
  }
  if (inPath > 0) cairo_stroke(cr);
  drawDots(cr, layer.dots, v, cull);
}

// The raster path paints fill colours and outlines itself (see map_coverage.h); this draws what it leaves to
// Cairo between the two: the pattern of every patterned fill and the overlay pattern, over their features.
void drawLayerPatterns(cairo_t* cr, const MapLayerDraw& layer, const std::vector<Extent>& extents, const Viewport& v,
                       const Extent& cull, double minStep) {
  const GeometryStore& g = *layer.geometry;
  const std::size_t n = g.featureCount();
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (std::size_t fi = 0; fi < layer.fills.size(); ++fi) {
    if (layer.fills[fi].pattern == Pattern::None) continue;
    bool any = false;
    for (std::size_t f = 0; f < n && f < layer.fillIndex.size(); ++f)
      if (layer.fillIndex[f] == static_cast<int>(fi) && extents[f].overlaps(cull)) {
        addFeaturePath(cr, g, f, v, minStep);
        any = true;
      }
    if (!any) continue;
    cairo_save(cr);
    cairo_clip(cr);
    drawPattern(cr, layer.fills[fi], v.x, v.y, v.x + v.width, v.y + v.height);
    cairo_restore(cr);
  }
  drawOverlayPattern(cr, layer, v, minStep, [&](std::size_t f) { return extents[f].overlaps(cull); });
  cairo_new_path(cr);
}

// A band of a raster figure whose filled map layers are painted from their per-pixel coverage: the image's
// pixels (rows `stride` bytes apart), the band's rows, and per panel the coverage of its first layer (null:
// drawn by Cairo).
struct RasterBand {
  unsigned char* image = nullptr;
  int stride = 0, width = 0, rowBegin = 0, rowEnd = 0;
  const std::vector<const MapCoverage*>* coverage = nullptr;
};

// Draws a text shaped by Pango (HarfBuzz: right-to-left and complex scripts; fontconfig: fallback fonts for
// characters the family lacks), its baseline's start, middle or end at (t.x, t.y).
void drawText(cairo_t* cr, const TextItem& t) {
  PangoLayout* layout = textLayout(cr, t.text, t.style);
  const double width = logicalWidth(layout);
  const double baseline = static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE;
  double x = t.x;
  if (t.anchor == Anchor::Center) x -= width / 2;
  if (t.anchor == Anchor::Right) x -= width;
  if (t.halo) {  // a halo under the glyphs: their outlines stroked wide in the halo colour
    cairo_save(cr);
    cairo_move_to(cr, x, t.y - baseline);
    pango_cairo_layout_path(cr, layout);
    setColor(cr, *t.halo);
    cairo_set_line_width(cr, t.style.sizePt * 0.28);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_restore(cr);
  }
  setColor(cr, t.color);
  cairo_move_to(cr, x, t.y - baseline);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
}

// How the text and structure of a figure are written: drawn as glyphs (PNG), left out to be written as SVG
// <text> elements (see addSvgText), or drawn inside PDF structure tags (a tagged PDF: Document, H1 for the
// title, Figure for each map, P for each other text).
enum class TextOutput { Glyphs, SvgElements, TaggedPdf };

// Draws the figure; only the page rows [bandTop, bandBottom) (points) need to be right, so a raster can be
// drawn in horizontal bands by several threads. With `raster`, filled map layers that have a coverage are
// painted from it (the same drawing order: fills, patterns, outlines, dots, then later layers).
void drawFigure(cairo_t* cr, const Figure& fig, const FeatureExtents& extents, double pxPerPt, double bandTop,
                double bandBottom, const RasterBand* raster = nullptr, TextOutput textOutput = TextOutput::Glyphs) {
  const bool tagged = textOutput == TextOutput::TaggedPdf;
  useUnhintedText(cr);
  setColor(cr, fig.background);
  cairo_paint(cr);
  // After the background: Cairo 1.16 fails the whole PDF for a paint directly inside the Document element.
  if (tagged) cairo_tag_begin(cr, "Document", "");
  const double minStep = kFillStepPx / pxPerPt;
  for (std::size_t pi = 0; pi < fig.panels.size(); ++pi) {
    const MapPanel& panel = fig.panels[pi];
    const MapCoverage* coverage = raster ? (*raster->coverage)[pi] : nullptr;
    // A map painted from its coverage sits on whole pixels (moved by under half a pixel), everything in it too.
    const Viewport v = coverage ? snappedViewport(panel.viewport, pxPerPt) : panel.viewport;
    Extent cull = v.extent;  // the panel's map extent within the band
    cull.maxY = std::min(cull.maxY, v.extent.maxY - (bandTop - v.y) / v.scale);
    cull.minY = std::max(cull.minY, v.extent.maxY - (bandBottom - v.y) / v.scale);
    if (cull.minY > cull.maxY) continue;
    if (tagged) cairo_tag_begin(cr, "Figure", "");
    cairo_save(cr);
    cairo_rectangle(cr, v.x, v.y, v.width, v.height);
    cairo_clip(cr);
    std::size_t first = 0;
    if (coverage) {
      const MapLayerDraw& layer = panel.layers.front();
      const std::vector<Extent>& ext = extents.of(layer.geometry);
      const CoverageTarget at{raster->image, raster->stride, raster->width, static_cast<int>(std::lround(v.x * pxPerPt)),
                              static_cast<int>(std::lround(v.y * pxPerPt)), raster->rowBegin, raster->rowEnd};
      cairo_surface_t* target = cairo_get_target(cr);
      cairo_surface_flush(target);
      paintCoverageFills(*coverage, layer, fig.background, at);
      cairo_surface_mark_dirty(target);
      drawLayerPatterns(cr, layer, ext, v, cull, minStep);
      cairo_surface_flush(target);
      paintCoverageOutlines(*coverage, layer.outline, at);
      cairo_surface_mark_dirty(target);
      drawDots(cr, layer.dots, v, cull);
      first = 1;
    }
    for (std::size_t li = first; li < panel.layers.size(); ++li) {
      const MapLayerDraw& layer = panel.layers[li];
      drawMapLayer(cr, layer, extents.of(layer.geometry), v, cull, minStep);
    }
    cairo_restore(cr);
    if (tagged) cairo_tag_end(cr, "Figure");
  }

  for (const RectItem& r : fig.rects) {
    if (r.fill) {
      cairo_rectangle(cr, r.x, r.y, r.width, r.height);
      setColor(cr, r.fill->color);
      cairo_fill_preserve(cr);
      cairo_save(cr);
      cairo_clip(cr);
      drawPattern(cr, *r.fill, r.x, r.y, r.x + r.width, r.y + r.height);
      cairo_restore(cr);
      cairo_new_path(cr);
    }
    if (r.stroke) {
      cairo_rectangle(cr, r.x, r.y, r.width, r.height);
      setColor(cr, *r.stroke);
      cairo_set_line_width(cr, r.strokeWidthPt);
      cairo_stroke(cr);
    }
  }
  for (const LineItem& l : fig.lines) {
    if (l.points.empty()) continue;
    cairo_move_to(cr, l.points[0].x, l.points[0].y);
    for (std::size_t i = 1; i < l.points.size(); ++i) cairo_line_to(cr, l.points[i].x, l.points[i].y);
    setColor(cr, l.color);
    cairo_set_line_width(cr, l.widthPt);
    if (l.closedAndFilled) {
      cairo_close_path(cr);
      cairo_fill(cr);
    } else {
      cairo_stroke(cr);
    }
  }
  for (const CircleItem& c : fig.circles) {
    cairo_new_path(cr);
    cairo_arc(cr, c.cx, c.cy, c.radiusPt, 0, 2 * std::numbers::pi);
    if (c.fill) {
      setColor(cr, *c.fill);
      if (c.stroke) cairo_fill_preserve(cr);
      else cairo_fill(cr);
    }
    if (c.stroke) {
      setColor(cr, *c.stroke);
      cairo_set_line_width(cr, c.strokeWidthPt);
      cairo_stroke(cr);
    }
  }
  if (textOutput == TextOutput::SvgElements) return;
  for (std::size_t i = 0; i < fig.texts.size(); ++i) {
    const char* tag = i == 0 && fig.texts[i].text == fig.title ? "H1" : "P";
    if (tagged) cairo_tag_begin(cr, tag, "");
    drawText(cr, fig.texts[i]);
    if (tagged) cairo_tag_end(cr, tag);
  }
  if (tagged) cairo_tag_end(cr, "Document");
}

std::string xmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

// Cairo numbers SVG surfaces with a process-wide counter; renumber them in order of appearance so the same
// figure gives the same file however many were drawn before it.
std::string renumberSurfaces(const std::string& svg) {
  std::map<std::string, std::string> renamed;
  std::string out;
  const std::string key = "surface";
  std::size_t pos = 0;
  while (true) {
    std::size_t hit = svg.find(key, pos);
    if (hit == std::string::npos) break;
    std::size_t end = hit + key.size();
    while (end < svg.size() && std::isdigit(static_cast<unsigned char>(svg[end]))) ++end;
    out.append(svg, pos, hit - pos);
    if (end == hit + key.size()) {
      out += key;
    } else {
      std::string number = svg.substr(hit + key.size(), end - hit - key.size());
      auto it = renamed.try_emplace(number, std::to_string(renamed.size() + 1)).first;
      out += key + it->second;
    }
    pos = end;
  }
  out.append(svg, pos);
  return out;
}

std::string hexColor(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

// The figure's texts as SVG <text> elements (Cairo would draw them as glyph outlines: not editable, not
// searchable, not read aloud), in page points, the SVG's user units. The SVG reader shapes and lays them out
// with the same font family and size the layout measured them in.
std::string svgTextElements(const Figure& fig) {
  std::string out = "\n<g id=\"text\" stroke=\"none\">\n";
  char num[64];
  for (const TextItem& t : fig.texts) {
    out += "<text";
    std::snprintf(num, sizeof num, " x=\"%.2f\" y=\"%.2f\"", t.x, t.y);
    out += num;
    out += " font-family=\"" + xmlEscape(t.style.family) + "\"";
    std::snprintf(num, sizeof num, " font-size=\"%.2f\"", t.style.sizePt);
    out += num;
    if (t.style.bold) out += " font-weight=\"bold\"";
    if (t.style.italic) out += " font-style=\"italic\"";
    if (t.anchor == Anchor::Center) out += " text-anchor=\"middle\"";
    if (t.anchor == Anchor::Right) out += " text-anchor=\"end\"";
    if (t.halo) {
      std::snprintf(num, sizeof num, "%.2f", t.style.sizePt * 0.28);
      out += " stroke=\"" + hexColor(*t.halo) + "\" stroke-width=\"" + num + "\" stroke-linejoin=\"round\" paint-order=\"stroke\"";
    }
    out += " fill=\"" + hexColor(t.color) + "\" xml:space=\"preserve\">" + xmlEscape(t.text) + "</text>\n";
  }
  return out + "</g>\n";
}

// Adds the title and description as SVG metadata, and the texts as <text> elements, so the figure is
// searchable, editable and accessible.
void addSvgMetadata(const std::string& path, const Figure& fig) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  in.close();
  std::string svg = renumberSurfaces(ss.str());
  std::size_t open = svg.find("<svg");
  std::size_t close = open == std::string::npos ? open : svg.find('>', open);
  if (close == std::string::npos) throw Error(path + ": Cairo wrote no <svg> element");
  std::string meta = "\n<title>" + xmlEscape(fig.title) + "</title>\n<desc>" + xmlEscape(fig.description) + "</desc>";
  svg.insert(close + 1, meta);
  const std::size_t end = svg.rfind("</svg>");
  if (end == std::string::npos) throw Error(path + ": Cairo wrote no </svg>");
  svg.insert(end, svgTextElements(fig));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << svg;
  if (!out) throw Error(path + ": cannot write");
}

// A PDF text string in UTF-16BE with its byte-order mark, as hex: <FEFF...>.
std::string pdfTextString(const std::string& utf8) {
  std::string out = "<FEFF";
  char buf[8];
  auto unit = [&](unsigned u) {
    std::snprintf(buf, sizeof buf, "%04X", u & 0xFFFF);
    out += buf;
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    unsigned cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) cp = c & 0x07, len = 4;
    else if (c >= 0xE0) cp = c & 0x0F, len = 3;
    else if (c >= 0xC0) cp = c & 0x1F, len = 2;
    for (std::size_t k = 1; k < len && i + k < utf8.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return out + ">";
}

// Cairo 1.16 tags the PDF's structure but gives a Figure no alternative text: adds each map panel's alt text
// to its Figure structure element (in order), and the document's language to its catalog, then moves the
// cross-reference table's offsets by what was inserted before each object.
void addPdfAltTexts(const std::string& path, const Figure& fig) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  in.close();
  const std::string pdf = ss.str();
  std::vector<std::pair<std::size_t, std::string>> inserts;  // (before byte, text), in file order
  std::vector<std::string> alts;
  for (const MapPanel& p : fig.panels)
    if (!p.altText.empty()) alts.push_back(p.altText);
  const std::string figureKey = "/S /Figure";
  std::size_t next = 0;
  for (std::size_t pos = pdf.find(figureKey); pos != std::string::npos && next < alts.size();
       pos = pdf.find(figureKey, pos + 1))
    inserts.push_back({pos + figureKey.size(), " /Alt " + pdfTextString(alts[next++])});
  const std::string catalogKey = "/Type /Catalog";
  if (std::size_t pos = pdf.find(catalogKey); pos != std::string::npos) inserts.push_back({pos + catalogKey.size(), " /Lang (en-US)"});
  std::sort(inserts.begin(), inserts.end());
  if (inserts.empty()) return;
  auto shifted = [&](std::size_t offset) {
    std::size_t add = 0;
    for (const auto& [at, text] : inserts)
      if (at < offset) add += text.size();
    return offset + add;
  };
  const std::size_t xref = pdf.rfind("\nxref\n");
  const std::size_t startxref = pdf.rfind("startxref\n");
  if (xref == std::string::npos || startxref == std::string::npos || xref > startxref)
    throw Error(path + ": Cairo wrote a PDF without a cross-reference table");
  std::string out;
  std::size_t from = 0;
  for (const auto& [at, text] : inserts) {
    out.append(pdf, from, at - from);
    out += text;
    from = at;
  }
  out.append(pdf, from, xref + 1 - from);  // up to the xref table, which is rewritten below
  // The table: "xref", then sections "first count" with 20-byte entries "oooooooooo ggggg n\r\n" or "... f".
  std::istringstream table(pdf.substr(xref + 1, startxref - xref - 1));
  std::string line;
  std::getline(table, line);
  out += line + "\n";
  while (std::getline(table, line)) {
    if (line.size() >= 18 && (line[17] == 'n') && line[10] == ' ') {
      char entry[32];
      std::snprintf(entry, sizeof entry, "%010zu%s", shifted(std::stoul(line.substr(0, 10))), line.substr(10).c_str());
      out += entry;
    } else {
      out += line;
    }
    out += "\n";
  }
  const std::size_t numberStart = startxref + std::string("startxref\n").size();
  const std::size_t numberEnd = pdf.find('\n', numberStart);
  out += "startxref\n" + std::to_string(shifted(std::stoul(pdf.substr(numberStart, numberEnd - numberStart))));
  out.append(pdf, numberEnd, std::string::npos);
  std::ofstream o(path, std::ios::binary | std::ios::trunc);
  o << out;
  if (!o) throw Error(path + ": cannot write");
}

// The per-pixel coverage of each panel's filled layer (null for a panel without one), taken from `cache` or
// rasterised into it. Called before the image is allocated, so that rasterising's working memory and the
// image are not held at once.
std::vector<const MapCoverage*> panelCoverage(const Figure& fig, const FeatureExtents& extents, double pxPerPt,
                                              MapRasterCache& cache) {
  std::vector<const MapCoverage*> coverage(fig.panels.size(), nullptr);
  for (std::size_t pi = 0; pi < fig.panels.size(); ++pi) {
    const MapPanel& p = fig.panels[pi];
    if (p.layers.empty() || !p.layers.front().geometry || p.layers.front().fillIndex.empty()) continue;
    const MapLayerDraw& layer = p.layers.front();
    coverage[pi] = &cachedCoverage(cache, layer, p.viewport, extents.of(layer.geometry), pxPerPt, kFillStepPx, kOutlineStepPx);
  }
  return coverage;
}

// Draws `fig` into an image surface in horizontal bands, one thread per band. Each band is its own surface over
// disjoint rows of the same pixels, so threads share nothing Cairo owns; pixels at band edges come out as in a
// single pass because each band is clipped at whole device rows. Filled map layers are painted from their
// per-pixel coverage (see panelCoverage).
void drawRasterInBands(cairo_surface_t* image, const Figure& fig, const FeatureExtents& extents, double pxPerPt,
                       const std::vector<const MapCoverage*>& coverage) {
  cairo_surface_flush(image);
  const int width = cairo_image_surface_get_width(image), height = cairo_image_surface_get_height(image);
  const int stride = cairo_image_surface_get_stride(image);
  unsigned char* data = cairo_image_surface_get_data(image);
  const int bands = std::clamp(static_cast<int>(maxThreads()), 1, 4);
  runWorkers(static_cast<unsigned>(bands), [&](unsigned b) {
    const int top = height * static_cast<int>(b) / bands, bottom = height * (static_cast<int>(b) + 1) / bands;
    cairo_surface_t* band = cairo_image_surface_create_for_data(data + static_cast<std::ptrdiff_t>(top) * stride,
                                                                CAIRO_FORMAT_RGB24, width, bottom - top, stride);
    cairo_t* cr = cairo_create(band);
    cairo_translate(cr, 0, -top);
    cairo_scale(cr, pxPerPt, pxPerPt);
    const RasterBand raster{data, stride, width, top, bottom, &coverage};
    drawFigure(cr, fig, extents, pxPerPt, top / pxPerPt, bottom / pxPerPt, &raster);
    cairo_destroy(cr);
    cairo_surface_destroy(band);
  });
  cairo_surface_mark_dirty(image);
}

void checkSurface(cairo_surface_t* s, const std::string& path) {
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
    throw Error(path + ": cannot write figure (" + cairo_status_to_string(cairo_surface_status(s)) + ")");
}

}  // namespace

struct CairoTextMetrics::Impl {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t* cr = nullptr;
  PangoLayout* layout = nullptr;  // reused: set-up is most of the cost of measuring a short text
  std::unordered_map<std::string, double> widths;  // by style and text: layout wraps measure a text many times
  ~Impl() {
    if (layout) g_object_unref(layout);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }
};

CairoTextMetrics::CairoTextMetrics() : m_impl(new Impl) {
  m_impl->cr = cairo_create(m_impl->surface);
  useUnhintedText(m_impl->cr);
  m_impl->layout = pango_cairo_create_layout(m_impl->cr);
  configureLayoutContext(m_impl->layout);
}
CairoTextMetrics::~CairoTextMetrics() { delete m_impl; }

double CairoTextMetrics::width(const std::string& text, const TextStyle& style) const {
  std::string key = style.family + (style.bold ? "|b" : "|") + (style.italic ? "i|" : "|") + std::to_string(style.sizePt) + "|" + text;
  if (auto it = m_impl->widths.find(key); it != m_impl->widths.end()) return it->second;
  setLayoutText(m_impl->layout, text, style);
  const double w = logicalWidth(m_impl->layout);
  m_impl->widths.emplace(std::move(key), w);
  return w;
}

std::string missingCharactersWarning(const Figure& figure) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t* cr = cairo_create(surface);
  PangoLayout* layout = pango_cairo_create_layout(cr);
  configureLayoutContext(layout);
  std::vector<std::string> missing;
  for (const TextItem& t : figure.texts) {
    setLayoutText(layout, t.text, t.style);
    if (pango_layout_get_unknown_glyphs_count(layout) == 0) continue;
    for (const char* c = t.text.c_str(); *c; c = g_utf8_next_char(c)) {
      const std::string cp(c, static_cast<std::size_t>(g_utf8_next_char(c) - c));
      if (std::find(missing.begin(), missing.end(), cp) != missing.end()) continue;
      setLayoutText(layout, cp, t.style);
      if (pango_layout_get_unknown_glyphs_count(layout) > 0) missing.push_back(cp);
    }
  }
  g_object_unref(layout);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  if (missing.empty()) return "";
  std::string chars, codes;
  for (const std::string& cp : missing) {
    chars += cp;
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(g_utf8_get_char(cp.c_str())));
    codes += (codes.empty() ? "" : ", ") + std::string(buf);
  }
  return "no installed font has " + std::to_string(missing.size()) + " character" + (missing.size() == 1 ? "" : "s") +
         " of the figure's text, drawn as boxes: " + chars + " (" + codes +
         "); install fonts-noto-core, and fonts-noto-cjk for Chinese, Japanese and Korean";
}

void writeFigure(const Figure& fig, const std::string& path, double dpi) {
  MapRasterCache cache;
  writeFigure(fig, path, dpi, cache);
}

void writeFigure(const Figure& fig, const std::string& path, double dpi, MapRasterCache& cache) {
  namespace fs = std::filesystem;
  const OutputFormat format = outputFormatFor(path);
  fs::path target(path);
  fs::path parent = fs::absolute(target).parent_path();
  if (!fs::is_directory(parent)) throw Error(path + ": cannot write: folder " + parent.string() + " does not exist");
  AtomicFile atomic(target);  // a unique temporary name; leftovers of killed runs removed
  const fs::path temp = atomic.tempPath();
  const std::string tempPath = temp.string();

  auto cleanup = [&] {
    std::error_code ec;
    fs::remove(temp, ec);
  };
  try {
    if (format == OutputFormat::Png) {
      const double pxPerPt = dpi / 72.0;
      const double wpx = std::round(fig.widthPt * pxPerPt), hpx = std::round(fig.heightPt * pxPerPt);
      constexpr double kMaxSide = 32767;  // Cairo's largest image side; refused before any memory is taken
      if (!(wpx >= 1 && hpx >= 1 && wpx <= kMaxSide && hpx <= kMaxSide))
        throw Error(path + ": an image of " + std::to_string(static_cast<long long>(wpx)) + " x " +
                    std::to_string(static_cast<long long>(hpx)) + " pixels cannot be made (1 to 32767 pixels a side): " +
                    "use a smaller size or dpi");
      const int w = static_cast<int>(wpx), h = static_cast<int>(hpx);
      const FeatureExtents extents(fig);
      beginCachedFigure(cache);
      const std::vector<const MapCoverage*> coverage = panelCoverage(fig, extents, pxPerPt, cache);
      cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
      checkSurface(s, path);
      drawRasterInBands(s, fig, extents, pxPerPt, coverage);
      endCachedFigure(cache);
      cairo_surface_flush(s);
      try {
        writeRgbPng(tempPath, cairo_image_surface_get_data(s), w, h, cairo_image_surface_get_stride(s));
      } catch (const Error& e) {
        cairo_surface_destroy(s);
        std::string why = e.what();  // "<temporary file>: cannot write ...", told of the file asked for
        if (why.starts_with(tempPath)) why.replace(0, tempPath.size(), path);
        throw Error(why);
      }
      cairo_surface_destroy(s);
    } else {
      cairo_surface_t* s = format == OutputFormat::Svg
                               ? cairo_svg_surface_create(tempPath.c_str(), fig.widthPt, fig.heightPt)
                               : cairo_pdf_surface_create(tempPath.c_str(), fig.widthPt, fig.heightPt);
      checkSurface(s, path);
      if (format == OutputFormat::Svg) cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
      if (format == OutputFormat::Pdf) {
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, fig.title.c_str());
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, fig.description.c_str());
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "mobmap");
        // A fixed date keeps the same figure byte-for-byte identical between runs.
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
      }
      cairo_t* cr = cairo_create(s);
      drawFigure(cr, fig, FeatureExtents(fig), 300.0 / 72.0, 0, fig.heightPt, nullptr,
                 format == OutputFormat::Svg ? TextOutput::SvgElements : TextOutput::TaggedPdf);
      cairo_destroy(cr);
      cairo_surface_finish(s);
      cairo_status_t st = cairo_surface_status(s);
      cairo_surface_destroy(s);
      if (st != CAIRO_STATUS_SUCCESS) throw Error(path + ": cannot write (" + cairo_status_to_string(st) + ")");
      if (format == OutputFormat::Svg) addSvgMetadata(tempPath, fig);
      if (format == OutputFormat::Pdf) addPdfAltTexts(tempPath, fig);
    }
    atomic.commit();
  } catch (...) {
    cleanup();
    throw;
  }
}

void drawFigureOnCairo(cairo_t* cr, const Figure& figure) {
  drawFigure(cr, figure, FeatureExtents(figure), 300.0 / 72.0, 0, figure.heightPt);
}

}  // namespace mobmap::render
