#pragma once
// Orientation labels on a figure's map: the names of a neighbourhood or place layer (`render --labels`), so that a
// reader finds their way. One label per feature, set inside its largest polygon part (on the widest span of the
// horizontal line through the part's centroid) or at its point, biggest features first; a label is moved half a
// line up or down when its place is taken and dropped when no place is free: labels never overprint each other,
// the map frame's edge or the boxes to avoid (inset frames). Drawn in small italic type with a white halo.
// Backend-neutral.
#include <cstddef>
#include <string>
#include <vector>

#include "core/layer.h"
#include "render/figure.h"
#include "render/text_metrics.h"

namespace mobmap::render {

struct MapLabels {
  const Layer* layer = nullptr;  // in the map's display CRS
  std::string field;             // the label text (features without a value get none)
};

struct LabelPlacement {
  std::size_t placed = 0, dropped = 0;  // labels drawn, and those left out for want of room
};

// A box on the page, in points.
struct PageBox {
  double x = 0, y = 0, width = 0, height = 0;
};

// Adds the labels of `labels` to `fig` inside `viewport`, never overlapping each other, `avoid`, or the frame's
// edge. Throws mobmap::Error naming the layer for an unknown field.
LabelPlacement addMapLabels(Figure& fig, const Viewport& viewport, const MapLabels& labels, const TextStyle& style,
                            const TextMetrics& metrics, const std::vector<PageBox>& avoid = {});

// The point where a label of feature `f` goes (display CRS): inside its largest polygon part, or its first
// point or line vertex; false when it has no geometry.
bool labelPoint(const GeometryStore& geometry, std::size_t f, Point& out);

}  // namespace mobmap::render
