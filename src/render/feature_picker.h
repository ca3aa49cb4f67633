#pragma once
// Which feature lies under a point: core's point-in-polygon (holes and multipolygons, even-odd rule) through a
// uniform grid of feature bounding boxes, so picking among tens of thousands of tracts stays instant.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/geometry.h"

namespace mobmap::render {

class FeaturePicker {
 public:
  // Indexes the polygon features of `geometry`, which must outlive the picker and not change.
  explicit FeaturePicker(const GeometryStore& geometry);

  // The topmost (last drawn) polygon feature containing `p`, or nullopt.
  std::optional<std::size_t> pick(Point p) const;

  // The typical feature's size (units of the geometry): the median of the square roots of the features'
  // bounding-box areas (a mean would be dominated by a few large rural areas while most are small and dense).
  // 0 when no feature has geometry.
  double typicalFeatureSize() const { return m_typicalFeatureSize; }

 private:

  const GeometryStore* m_geometry;
  Extent m_extent;
  double m_typicalFeatureSize = 0;
  int m_cols = 1, m_rows = 1;
  double m_cellW = 1, m_cellH = 1;
  std::vector<std::uint32_t> m_cellStart;  // per cell + 1, into m_cellFeatures
  std::vector<std::uint32_t> m_cellFeatures;
};

}  // namespace mobmap::render
