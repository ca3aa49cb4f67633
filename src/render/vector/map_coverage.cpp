#include "render/vector/detail/map_coverage.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

#include "core/parallel.h"
#include "render/vector/detail/cairo_drawing.h"
#include "render/vector/hairline_tracer.h"

namespace mobmap::render {

namespace {

constexpr int kSub = 4;                   // samples per pixel along each axis
constexpr int kSamples = kSub * kSub;     // per pixel
constexpr int kBlockRows = 64;           // pixel rows rasterised (fills and outlines) as one piece of work
constexpr std::size_t kFeaturesPerPath = 512;

// One polygon edge crossing sample rows [row, rowEnd) of a block; x0 is its x at sample row row0 (its first
// row in the whole frame) and step its change per row, so that x at a row does not depend on the blocks.
// Single precision keeps the working set small; x is still exact to a thousandth of a pixel.
struct Edge {
  float x0 = 0, step = 0, x = 0;
  int row0 = 0, row = 0, rowEnd = 0;
  std::int32_t feature = 0;
  bool operator<(const Edge& o) const { return x < o.x || (x == o.x && feature < o.feature); }
};

struct BlockParts {
  std::vector<std::uint32_t> mixedStart;  // local
  std::vector<std::uint32_t> entries;
};

// The display-CRS part of the viewport drawn in frame rows [y0, y1).
Extent cullFor(const Viewport& v, double pxPerPt, int y0, int y1) {
  Extent cull = v.extent;
  cull.maxY = std::min(cull.maxY, v.extent.maxY - y0 / pxPerPt / v.scale);
  cull.minY = std::max(cull.minY, v.extent.maxY - y1 / pxPerPt / v.scale);
  return cull;
}

// The viewport with its frame's corner at the page origin: pixels relative to the frame.
Viewport atOrigin(const Viewport& v) {
  Viewport o = v;
  o.x = 0;
  o.y = 0;
  return o;
}

class BlockRasteriser {
 public:
  // `v` is at the origin (see atOrigin): pixel coordinates are relative to the frame.
  BlockRasteriser(const MapLayerDraw& layer, const Viewport& v, double pxPerPt, double fillStepPx, MapCoverage& cov)
      : m_layer(layer), m_v(v), m_pxPerPt(pxPerPt), m_step(fillStepPx), m_cov(cov) {
    m_colMax = std::min(cov.width * kSub, static_cast<int>(std::ceil(v.width * pxPerPt * kSub - 0.5)));
    m_rowMax = std::min(cov.height * kSub, static_cast<int>(std::ceil(v.height * pxPerPt * kSub - 0.5)));
  }

  // Rasterises frame rows [y0, y1): their cells, and their mixed pixels into `parts`.
  void run(const std::vector<Extent>& extents, int y0, int y1, BlockParts& parts) {
    collectEdges(extents, y0, y1);
    const int w4 = m_cov.width * kSub;
    std::vector<std::int32_t> samples(static_cast<std::size_t>(kSub * w4));
    std::vector<Edge> active, merged;  // active: sorted by x at the current row
    std::vector<std::int32_t> inside;
    std::size_t next = 0;
    for (int y = y0; y < y1; ++y) {
      for (int k = 0; k < kSub; ++k) {
        const int row = y * kSub + k;
        std::int32_t* buf = samples.data() + static_cast<std::ptrdiff_t>(k) * w4;
        std::fill(buf, buf + w4, -1);
        for (Edge& e : active) e.x = xAt(e, row);
        // Insertion sort: the order of the edges already active changes little from one row to the next.
        for (std::size_t i = 1; i < active.size(); ++i)
          for (std::size_t j = i; j > 0 && active[j] < active[j - 1]; --j) std::swap(active[j], active[j - 1]);
        // Edges starting on this row: sorted among themselves, then merged in.
        const std::size_t first = next;
        while (next < m_edges.size() && m_edges[next].row == row) ++next;
        if (next > first) {
          for (std::size_t i = first; i < next; ++i) m_edges[i].x = xAt(m_edges[i], row);
          std::sort(m_edges.begin() + static_cast<std::ptrdiff_t>(first), m_edges.begin() + static_cast<std::ptrdiff_t>(next));
          merged.clear();
          std::merge(active.begin(), active.end(), m_edges.begin() + static_cast<std::ptrdiff_t>(first),
                     m_edges.begin() + static_cast<std::ptrdiff_t>(next), std::back_inserter(merged));
          active.swap(merged);
        }
        if (row < m_rowMax) sweep(active, inside, buf);
        std::erase_if(active, [row](const Edge& e) { return e.rowEnd <= row + 1; });
      }
      reduceRow(samples, y, parts);
    }
  }

 private:
  // Fills one sample row: between crossings, the topmost feature (highest index) the row is inside of.
  void sweep(const std::vector<Edge>& crossings, std::vector<std::int32_t>& inside, std::int32_t* buf) const {
    inside.clear();
    std::int32_t top = -1;
    int from = 0;
    for (const Edge& c : crossings) {
      const int col = static_cast<int>(std::clamp(std::ceil(double(c.x) * kSub - 0.5), 0.0, double(m_colMax)));
      if (top >= 0 && col > from) std::fill(buf + from, buf + col, top);
      from = std::max(from, col);
      auto it = std::find(inside.begin(), inside.end(), c.feature);
      if (it == inside.end()) inside.push_back(c.feature);
      else inside.erase(it);
      top = inside.empty() ? -1 : *std::max_element(inside.begin(), inside.end());
    }
  }

  static float xAt(const Edge& e, int row) { return static_cast<float>(e.x0 + double(row - e.row0) * e.step); }

  Point toPixel(Point p) const {
    const Point q = m_v.toPage(p);
    return {q.x * m_pxPerPt, q.y * m_pxPerPt};
  }

  void addEdge(Point a, Point b, std::int32_t feature, int rowLo, int rowHi) {
    if (a.y == b.y) return;
    if (a.y > b.y) std::swap(a, b);
    const double first = std::ceil(a.y * kSub - 0.5);  // the edge's first sample row in the frame
    const int rs = static_cast<int>(std::clamp(first, double(rowLo), double(rowHi)));
    const int re = static_cast<int>(std::clamp(std::ceil(b.y * kSub - 0.5), double(rowLo), double(rowHi)));
    if (rs >= re) return;
    const double dxdy = (b.x - a.x) / (b.y - a.y);
    const double yc = (first + 0.5) / kSub;
    const int row0 = static_cast<int>(std::clamp(first, -1e9, 1e9));
    m_edges.push_back({static_cast<float>(a.x + (yc - a.y) * dxdy), static_cast<float>(dxdy / kSub), 0, row0, rs, re, feature});
  }

  // The edges of every feature that reaches rows [y0, y1), the fill path's vertices as Cairo gets them.
  void collectEdges(const std::vector<Extent>& extents, int y0, int y1) {
    m_edges.clear();
    const GeometryStore& g = *m_layer.geometry;
    const Extent cull = cullFor(m_v, m_pxPerPt, y0, y1);
    const int rowLo = y0 * kSub, rowHi = y1 * kSub;
    for (std::size_t f = 0; f < g.featureCount(); ++f) {
      if (!extents[f].overlaps(cull)) continue;
      const auto id = static_cast<std::int32_t>(f);
      for (std::size_t p : g.partsOf(f)) {
        if (g.partKind(p) != PartKind::Polygon) continue;
        for (std::size_t r : g.ringsOf(p)) {
          auto ring = g.ring(r);
          if (ring.size() < 3) continue;
          const Point first = toPixel(ring[0]);
          Point last = first;
          for (std::size_t i = 1; i < ring.size(); ++i) {
            const Point q = toPixel(ring[i]);
            if (std::fabs(q.x - last.x) < m_step && std::fabs(q.y - last.y) < m_step && i + 1 < ring.size()) continue;
            if (!std::isfinite(q.x) || !std::isfinite(q.y)) continue;
            addEdge(last, q, id, rowLo, rowHi);
            last = q;
          }
          addEdge(last, first, id, rowLo, rowHi);  // the path is closed
        }
      }
    }
    std::stable_sort(m_edges.begin(), m_edges.end(), [](const Edge& a, const Edge& b) { return a.row < b.row; });
  }

  // Cells of image row y from its 4 sample rows.
  void reduceRow(const std::vector<std::int32_t>& samples, int y, BlockParts& parts) {
    const int w = m_cov.width, w4 = w * kSub;
    std::int32_t* cells = m_cov.cells.data() + static_cast<std::ptrdiff_t>(y) * w;
    std::int32_t ids[kSamples];
    int counts[kSamples];
    for (int x = 0; x < w; ++x) {
      bool same = true;
      const std::int32_t first = samples[static_cast<std::size_t>(x * kSub)];
      for (int k = 0; k < kSub && same; ++k)
        for (int j = 0; j < kSub; ++j)
          if (samples[static_cast<std::size_t>(k * w4 + x * kSub + j)] != first) {
            same = false;
            break;
          }
      if (same) {
        cells[x] = first;
        continue;
      }
      int distinct = 0;
      for (int k = 0; k < kSub; ++k)
        for (int j = 0; j < kSub; ++j) {
          const std::int32_t id = samples[static_cast<std::size_t>(k * w4 + x * kSub + j)];
          int d = 0;
          while (d < distinct && ids[d] != id) ++d;
          if (d == distinct) {
            ids[distinct] = id;
            counts[distinct++] = 0;
          }
          ++counts[d];
        }
      cells[x] = -2 - static_cast<std::int32_t>(parts.mixedStart.size());
      parts.mixedStart.push_back(static_cast<std::uint32_t>(parts.entries.size()));
      for (int d = 0; d < distinct; ++d)
        parts.entries.push_back(static_cast<std::uint32_t>(ids[d] + 1) << 4 | static_cast<std::uint32_t>(counts[d] - 1));
    }
  }

  const MapLayerDraw& m_layer;
  const Viewport& m_v;
  double m_pxPerPt, m_step;
  MapCoverage& m_cov;
  int m_colMax = 0, m_rowMax = 0;  // sample columns and rows inside the frame: [0, m_colMax) × [0, m_rowMax)
  std::vector<Edge> m_edges;
};

// Traces the hairline outlines of the features reaching frame rows [y0, y1) (`v` at the origin), with the
// vertices the Cairo path would keep (see addFeaturePath) and its closing segment.
void traceHairlines(const MapLayerDraw& layer, const Viewport& v, const std::vector<Extent>& extents, double pxPerPt,
                    double outlineStepPx, MapCoverage& cov, int y0, int y1) {
  HairlineTracer tracer(cov.outline.data(), cov.width, cov.outlineStride, layer.outlineWidthPt * pxPerPt, y0, y1);
  const GeometryStore& g = *layer.geometry;
  const Extent cull = cullFor(v, pxPerPt, y0, y1);
  auto toPixel = [&](Point p) {
    const Point q = v.toPage(p);
    return Point{q.x * pxPerPt, q.y * pxPerPt};
  };
  for (std::size_t f = 0; f < g.featureCount(); ++f) {
    if (!extents[f].overlaps(cull)) continue;
    for (std::size_t p : g.partsOf(f)) {
      const bool polygon = g.partKind(p) == PartKind::Polygon;
      if (!polygon && g.partKind(p) != PartKind::Line) continue;
      for (std::size_t r : g.ringsOf(p)) {
        auto ring = g.ring(r);
        if (polygon ? ring.size() < 3 : ring.size() < 2) continue;
        tracer.beginRing();
        const Point first = toPixel(ring[0]);
        Point last = first;
        for (std::size_t i = 1; i < ring.size(); ++i) {
          const Point q = toPixel(ring[i]);
          if (polygon && std::fabs(q.x - last.x) < outlineStepPx && std::fabs(q.y - last.y) < outlineStepPx && i + 1 < ring.size())
            continue;
          if (!std::isfinite(q.x) || !std::isfinite(q.y)) continue;
          tracer.segment(last, q);
          last = q;
        }
        if (polygon) tracer.segment(last, first);
        tracer.endRing();
      }
    }
  }
}

// Strokes the outlines of the features reaching frame rows [y0, y1) into the coverage's outline mask (`v` at the
// origin).
void strokeOutlines(const MapLayerDraw& layer, const Viewport& v, const std::vector<Extent>& extents, double pxPerPt,
                    double outlineStepPx, MapCoverage& cov, int y0, int y1) {
  if (layer.outlineWidthPt <= 0) return;
  unsigned char* rows = cov.outline.data() + static_cast<std::ptrdiff_t>(y0) * cov.outlineStride;
  cairo_surface_t* s = cairo_image_surface_create_for_data(rows, CAIRO_FORMAT_A8, cov.width, y1 - y0, cov.outlineStride);
  cairo_t* cr = cairo_create(s);
  cairo_translate(cr, 0, -y0);
  cairo_scale(cr, pxPerPt, pxPerPt);
  cairo_rectangle(cr, v.x, v.y, v.width, v.height);
  cairo_clip(cr);
  cairo_set_source_rgba(cr, 0, 0, 0, 1);
  cairo_set_line_width(cr, layer.outlineWidthPt);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  const GeometryStore& g = *layer.geometry;
  const Extent cull = cullFor(v, pxPerPt, y0, y1);
  std::size_t inPath = 0;
  for (std::size_t f = 0; f < g.featureCount(); ++f) {
    if (!extents[f].overlaps(cull)) continue;
    addFeaturePath(cr, g, f, v, outlineStepPx / pxPerPt);
    addLinePaths(cr, g, f, v);
    if (++inPath == kFeaturesPerPath) {
      cairo_stroke(cr);
      inPath = 0;
    }
  }
  if (inPath > 0) cairo_stroke(cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  cairo_surface_destroy(s);
}

std::uint32_t rgbWord(Rgb c) { return std::uint32_t{c.r} << 16 | std::uint32_t{c.g} << 8 | c.b; }

}  // namespace

Viewport snappedViewport(const Viewport& v, double pxPerPt) {
  Viewport s = v;
  s.x = std::round(v.x * pxPerPt) / pxPerPt;
  s.y = std::round(v.y * pxPerPt) / pxPerPt;
  return s;
}

MapCoverage rasteriseMapLayer(const MapLayerDraw& layer, const Viewport& frame, const std::vector<Extent>& extents,
                              double pxPerPt, double fillStepPx, double outlineStepPx) {
  const Viewport v = atOrigin(frame);
  MapCoverage cov;
  cov.width = std::clamp(static_cast<int>(std::ceil(v.width * pxPerPt)), 0, 100000);
  cov.height = std::clamp(static_cast<int>(std::ceil(v.height * pxPerPt)), 0, 100000);
  cov.cells.assign(static_cast<std::size_t>(cov.width) * static_cast<std::size_t>(cov.height), -1);
  cov.outlineStride = cairo_format_stride_for_width(CAIRO_FORMAT_A8, std::max(cov.width, 1));
  cov.outline.assign(static_cast<std::size_t>(cov.outlineStride) * static_cast<std::size_t>(cov.height), 0);
  if (cov.width == 0 || cov.height == 0 || !layer.geometry) return cov;

  const int blocks = (cov.height + kBlockRows - 1) / kBlockRows;
  std::vector<BlockParts> parts(static_cast<std::size_t>(blocks));
  const int threads = std::clamp(static_cast<int>(maxThreads()), 1, std::min(blocks, 4));
  runWorkers(static_cast<unsigned>(threads), [&](unsigned t) {
    BlockRasteriser raster(layer, v, pxPerPt, fillStepPx, cov);
    for (int b = static_cast<int>(t); b < blocks; b += threads) {
      const int by0 = b * kBlockRows, by1 = std::min(cov.height, by0 + kBlockRows);
      raster.run(extents, by0, by1, parts[static_cast<std::size_t>(b)]);
      if (layer.outlineWidthPt > 0 && layer.outlineWidthPt * pxPerPt <= kHairlinePx)
        traceHairlines(layer, v, extents, pxPerPt, outlineStepPx, cov, by0, by1);
      else
        strokeOutlines(layer, v, extents, pxPerPt, outlineStepPx, cov, by0, by1);
    }
  });

  // Number the mixed pixels of all blocks in order.
  std::size_t mixed = 0, entries = 0;
  for (const BlockParts& p : parts) {
    mixed += p.mixedStart.size();
    entries += p.entries.size();
  }
  cov.mixedStart.reserve(mixed + 1);
  cov.entries.reserve(entries);
  for (int b = 0; b < blocks; ++b) {
    BlockParts& p = parts[static_cast<std::size_t>(b)];
    const auto mixedOffset = static_cast<std::int32_t>(cov.mixedStart.size());
    const auto entryOffset = static_cast<std::uint32_t>(cov.entries.size());
    for (std::uint32_t s : p.mixedStart) cov.mixedStart.push_back(s + entryOffset);
    cov.entries.insert(cov.entries.end(), p.entries.begin(), p.entries.end());
    const int by0 = b * kBlockRows, by1 = std::min(cov.height, by0 + kBlockRows);
    if (mixedOffset > 0)
      for (std::size_t i = static_cast<std::size_t>(by0) * static_cast<std::size_t>(cov.width);
           i < static_cast<std::size_t>(by1) * static_cast<std::size_t>(cov.width); ++i)
        if (cov.cells[i] <= -2) cov.cells[i] -= mixedOffset;
    p = BlockParts{};
  }
  cov.mixedStart.push_back(static_cast<std::uint32_t>(cov.entries.size()));
  return cov;
}

void paintCoverageFills(const MapCoverage& cov, const MapLayerDraw& layer, Rgb background, const CoverageTarget& t) {
  const std::size_t n = layer.geometry ? layer.geometry->featureCount() : 0;
  std::vector<std::uint32_t> colour(n + 1, rgbWord(background));  // index feature + 1
  for (std::size_t f = 0; f < n && f < layer.fillIndex.size(); ++f) {
    const int fi = layer.fillIndex[f];
    if (fi >= 0 && fi < static_cast<int>(layer.fills.size())) colour[f + 1] = rgbWord(layer.fills[static_cast<std::size_t>(fi)].color);
  }
  const int y0 = std::max(t.rowBegin, t.originY), y1 = std::min(t.rowEnd, t.originY + cov.height);
  const int x0 = std::max(0, -t.originX), x1 = std::min(cov.width, t.width - t.originX);
  for (int y = y0; y < y1; ++y) {
    auto* out = reinterpret_cast<std::uint32_t*>(t.image + static_cast<std::ptrdiff_t>(y) * t.stride) + t.originX;
    const std::int32_t* cells = cov.cells.data() + static_cast<std::ptrdiff_t>(y - t.originY) * cov.width;
    for (int x = x0; x < x1; ++x) {
      const std::int32_t c = cells[x];
      if (c >= -1) {
        out[x] = colour[static_cast<std::size_t>(c + 1)];
        continue;
      }
      const std::size_t k = static_cast<std::size_t>(-2 - c);
      unsigned r = 0, g = 0, b = 0;
      for (std::uint32_t e = cov.mixedStart[k]; e < cov.mixedStart[k + 1]; ++e) {
        const std::uint32_t entry = cov.entries[e];
        const std::uint32_t rgb = colour[entry >> 4], count = (entry & 15) + 1;
        r += (rgb >> 16 & 255) * count;
        g += (rgb >> 8 & 255) * count;
        b += (rgb & 255) * count;
      }
      out[x] = ((r + kSamples / 2) / kSamples) << 16 | ((g + kSamples / 2) / kSamples) << 8 | ((b + kSamples / 2) / kSamples);
    }
  }
}

void paintCoverageOutlines(const MapCoverage& cov, Rgb color, const CoverageTarget& t) {
  const int y0 = std::max(t.rowBegin, t.originY), y1 = std::min(t.rowEnd, t.originY + cov.height);
  const int x0 = std::max(0, -t.originX), x1 = std::min(cov.width, t.width - t.originX);
  const unsigned cr = color.r, cg = color.g, cb = color.b;
  for (int y = y0; y < y1; ++y) {
    auto* out = reinterpret_cast<std::uint32_t*>(t.image + static_cast<std::ptrdiff_t>(y) * t.stride) + t.originX;
    const std::uint8_t* a = cov.outline.data() + static_cast<std::ptrdiff_t>(y - t.originY) * cov.outlineStride;
    for (int x = x0; x < x1; ++x) {
      const unsigned alpha = a[x];
      if (alpha == 0) continue;
      const std::uint32_t p = out[x];
      const unsigned inv = 255 - alpha;
      const unsigned r = ((p >> 16 & 255) * inv + cr * alpha + 127) / 255;
      const unsigned g = ((p >> 8 & 255) * inv + cg * alpha + 127) / 255;
      const unsigned b = ((p & 255) * inv + cb * alpha + 127) / 255;
      out[x] = r << 16 | g << 8 | b;
    }
  }
}

}  // namespace mobmap::render
