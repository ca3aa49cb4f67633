#include "render/feature_picker.h"

#include <algorithm>
#include <cmath>

namespace mobmap::render {

FeaturePicker::FeaturePicker(const GeometryStore& geometry) : m_geometry(&geometry) {
  const std::size_t n = geometry.featureCount();
  std::vector<Extent> boxes(n);
  std::vector<double> sizes;
  sizes.reserve(n);
  for (std::size_t f = 0; f < n; ++f) {
    boxes[f] = geometry.featureExtent(f);
    m_extent.add(boxes[f]);
    if (!boxes[f].empty()) sizes.push_back(std::sqrt(boxes[f].width() * boxes[f].height()));
  }
  if (!sizes.empty()) {
    std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2), sizes.end());
    m_typicalFeatureSize = sizes[sizes.size() / 2];
  }
  if (m_extent.empty()) {
    m_cellStart.assign(2, 0);
    return;
  }
  // About two features per cell.
  double cells = std::max(1.0, static_cast<double>(n) / 2);
  double aspect = std::max(1e-9, m_extent.width()) / std::max(1e-9, m_extent.height());
  m_cols = std::clamp(static_cast<int>(std::sqrt(cells * aspect)), 1, 2048);
  m_rows = std::clamp(static_cast<int>(cells / m_cols), 1, 2048);
  m_cellW = std::max(1e-12, m_extent.width() / m_cols);
  m_cellH = std::max(1e-12, m_extent.height() / m_rows);
  auto cellRange = [&](const Extent& b, int& c0, int& c1, int& r0, int& r1) {
    c0 = std::clamp(static_cast<int>((b.minX - m_extent.minX) / m_cellW), 0, m_cols - 1);
    c1 = std::clamp(static_cast<int>((b.maxX - m_extent.minX) / m_cellW), 0, m_cols - 1);
    r0 = std::clamp(static_cast<int>((b.minY - m_extent.minY) / m_cellH), 0, m_rows - 1);
    r1 = std::clamp(static_cast<int>((b.maxY - m_extent.minY) / m_cellH), 0, m_rows - 1);
  };
  std::vector<std::uint32_t> counts(static_cast<std::size_t>(m_cols) * m_rows + 1, 0);
  for (std::size_t f = 0; f < n; ++f) {
    if (boxes[f].empty()) continue;
    int c0, c1, r0, r1;
    cellRange(boxes[f], c0, c1, r0, r1);
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c) ++counts[static_cast<std::size_t>(r) * m_cols + c + 1];
  }
  for (std::size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
  m_cellStart = counts;
  m_cellFeatures.resize(counts.back());
  for (std::size_t f = 0; f < n; ++f) {
    if (boxes[f].empty()) continue;
    int c0, c1, r0, r1;
    cellRange(boxes[f], c0, c1, r0, r1);
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c) m_cellFeatures[counts[static_cast<std::size_t>(r) * m_cols + c]++] = static_cast<std::uint32_t>(f);
  }
}

std::optional<std::size_t> FeaturePicker::pick(Point p) const {
  if (m_extent.empty() || p.x < m_extent.minX || p.x > m_extent.maxX || p.y < m_extent.minY || p.y > m_extent.maxY)
    return std::nullopt;
  int c = std::clamp(static_cast<int>((p.x - m_extent.minX) / m_cellW), 0, m_cols - 1);
  int r = std::clamp(static_cast<int>((p.y - m_extent.minY) / m_cellH), 0, m_rows - 1);
  std::size_t cell = static_cast<std::size_t>(r) * m_cols + c;
  std::optional<std::size_t> hit;
  for (std::uint32_t i = m_cellStart[cell]; i < m_cellStart[cell + 1]; ++i) {
    std::size_t f = m_cellFeatures[i];
    if ((!hit || f > *hit) && featureContains(*m_geometry, f, p)) hit = f;
  }
  return hit;
}

}  // namespace mobmap::render
