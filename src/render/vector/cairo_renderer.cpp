#include "render/vector/cairo_renderer.h"
#include "render/vector/cairo_drawing.h"
#include "render/vector/map_coverage.h"
#include "render/vector/map_raster_cache.h"
#include "render/vector/png_writer.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <map>
#include <numbers>
#include <thread>
#include <unordered_map>
#include <vector>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"
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

void selectFont(cairo_t* cr, const TextStyle& s) {
  cairo_select_font_face(cr, s.family.c_str(), s.italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                         s.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, s.sizePt);
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

bool overlaps(const Extent& e, const Extent& view) {
  return !e.empty() && e.maxX >= view.minX && e.minX <= view.maxX && e.maxY >= view.minY && e.minY <= view.maxY;
}

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

// Draws one map layer; features outside `cull` (display-CRS extent) are skipped.
// The overlay pattern (low-quality hatching) over the layer's marked features that `included` accepts: one clip
// of all of them.
template <typename Included>
void drawOverlayPattern(cairo_t* cr, const MapLayerDraw& layer, const Viewport& v, double minStep, Included included) {
  const GeometryStore& g = *layer.geometry;
  bool any = false;
  for (std::size_t f = 0; f < g.featureCount() && f < layer.overlay.size(); ++f)
    if (layer.overlay[f] && included(f)) {
      addFeaturePath(cr, g, f, v, minStep);
      any = true;
    }
  if (!any) return;
  cairo_save(cr);
  cairo_clip(cr);
  drawPattern(cr, layer.overlayFill, v.x, v.y, v.x + v.width, v.y + v.height);
  cairo_restore(cr);
}

void drawMapLayer(cairo_t* cr, const MapLayerDraw& layer, const std::vector<Extent>& extents, const Viewport& v,
                  const Extent& cull, double minStep) {
  const GeometryStore& g = *layer.geometry;
  const std::size_t n = g.featureCount();
  std::vector<bool> shown(n);
  for (std::size_t f = 0; f < n; ++f) shown[f] = overlaps(extents[f], cull);
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
      if (layer.fillIndex[f] == static_cast<int>(fi) && overlaps(extents[f], cull)) {
        addFeaturePath(cr, g, f, v, minStep);
        any = true;
      }
    if (!any) continue;
    cairo_save(cr);
    cairo_clip(cr);
    drawPattern(cr, layer.fills[fi], v.x, v.y, v.x + v.width, v.y + v.height);
    cairo_restore(cr);
  }
  drawOverlayPattern(cr, layer, v, minStep, [&](std::size_t f) { return overlaps(extents[f], cull); });
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

void drawText(cairo_t* cr, const TextItem& t) {
  selectFont(cr, t.style);
  cairo_text_extents_t ext;
  cairo_text_extents(cr, t.text.c_str(), &ext);
  double x = t.x;
  if (t.anchor == Anchor::Center) x -= ext.x_advance / 2;
  if (t.anchor == Anchor::Right) x -= ext.x_advance;
  setColor(cr, t.color);
  cairo_move_to(cr, x, t.y);
  cairo_show_text(cr, t.text.c_str());
}

// Draws the figure; only the page rows [bandTop, bandBottom) (points) need to be right, so a raster can be
// drawn in horizontal bands by several threads. With `raster`, filled map layers that have a coverage are
// painted from it (the same drawing order: fills, patterns, outlines, dots, then later layers).
void drawFigure(cairo_t* cr, const Figure& fig, const FeatureExtents& extents, double pxPerPt, double bandTop,
                double bandBottom, const RasterBand* raster = nullptr) {
  useUnhintedText(cr);
  setColor(cr, fig.background);
  cairo_paint(cr);
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
  for (const TextItem& t : fig.texts) drawText(cr, t);
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

// Cairo draws SVG text as glyph outlines; add the title and description as SVG metadata so the figure is
// searchable and accessible.
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
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << svg;
  if (!out) throw Error(path + ": cannot write");
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
  const int bands = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
  std::vector<std::thread> workers;
  for (int b = 0; b < bands; ++b) {
    const int top = height * b / bands, bottom = height * (b + 1) / bands;
    workers.emplace_back([=, &fig, &extents, &coverage] {
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
  }
  for (std::thread& t : workers) t.join();
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
  ~Impl() {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }
};

CairoTextMetrics::CairoTextMetrics() : m_impl(new Impl) {
  m_impl->cr = cairo_create(m_impl->surface);
  useUnhintedText(m_impl->cr);
}
CairoTextMetrics::~CairoTextMetrics() { delete m_impl; }

double CairoTextMetrics::width(const std::string& text, const TextStyle& style) const {
  selectFont(m_impl->cr, style);
  cairo_text_extents_t ext;
  cairo_text_extents(m_impl->cr, text.c_str(), &ext);
  return ext.x_advance;
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
      drawFigure(cr, fig, FeatureExtents(fig), 300.0 / 72.0, 0, fig.heightPt);
      cairo_destroy(cr);
      cairo_surface_finish(s);
      cairo_status_t st = cairo_surface_status(s);
      cairo_surface_destroy(s);
      if (st != CAIRO_STATUS_SUCCESS) throw Error(path + ": cannot write (" + cairo_status_to_string(st) + ")");
      if (format == OutputFormat::Svg) addSvgMetadata(tempPath, fig);
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
