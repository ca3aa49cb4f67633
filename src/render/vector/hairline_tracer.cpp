#include "render/vector/hairline_tracer.h"

#include <algorithm>
#include <cmath>

namespace mobmap::render {

HairlineTracer::HairlineTracer(std::uint8_t* mask, int width, int stride, double lineWidthPx, int y0, int y1)
    : m_mask(mask), m_widthPx(width), m_stride(stride), m_lineWidth(lineWidthPx), m_y0(y0), m_y1(y1) {}

void HairlineTracer::segment(Point a, Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
  if (!(len > 0)) return;
  // Leave out segments wholly outside the rows or the columns.
  if (std::max(a.y, b.y) < m_y0 || std::min(a.y, b.y) >= m_y1 || std::max(a.x, b.x) < 0 || std::min(a.x, b.x) >= m_widthPx) return;
  // Split the segment where it crosses pixel edges; each piece lies in one pixel.
  m_ts.clear();
  m_ts.push_back(0);
  m_ts.push_back(1);
  auto crossings = [&](double from, double d) {
    if (d == 0) return;
    const double lo = std::min(from, from + d), hi = std::max(from, from + d);
    for (double k = std::floor(lo) + 1; k < hi; ++k) m_ts.push_back((k - from) / d);
  };
  crossings(a.x, dx);
  crossings(a.y, dy);
  std::sort(m_ts.begin(), m_ts.end());
  for (std::size_t k = 0; k + 1 < m_ts.size(); ++k) {
    const double t0 = m_ts[k], t1 = m_ts[k + 1];
    if (t1 <= t0) continue;
    const double tm = (t0 + t1) / 2;
    const double px = std::floor(a.x + tm * dx), py = std::floor(a.y + tm * dy);
    if (px < 0 || px >= m_widthPx || py < m_y0 || py >= m_y1) continue;
    const auto pixel = static_cast<std::uint32_t>((static_cast<int>(py) - m_y0) * m_stride + static_cast<int>(px));
    m_pieces.push_back({pixel, static_cast<float>((t1 - t0) * len * m_lineWidth)});
  }
}

void HairlineTracer::endRing() {
  std::sort(m_pieces.begin(), m_pieces.end());
  std::uint8_t* rows = m_mask + static_cast<std::ptrdiff_t>(m_y0) * m_stride;
  for (std::size_t i = 0; i < m_pieces.size();) {
    float sum = 0;
    std::size_t j = i;
    for (; j < m_pieces.size() && m_pieces[j].pixel == m_pieces[i].pixel; ++j) sum += m_pieces[j].cover;
    const auto value = static_cast<unsigned>(std::lround(std::min(1.0f, sum) * 255));
    std::uint8_t& m = rows[m_pieces[i].pixel];
    m = static_cast<std::uint8_t>(m + (value * (255u - m) + 127) / 255);  // over what earlier rings covered
    i = j;
  }
}

}  // namespace mobmap::render
