#pragma once
// Converting between OGR geometries and core's GeometryStore. Internal to io.
#include <memory>

#include "core/geometry.h"

class OGRGeometry;

namespace mobmap::io {

// Appends the parts of `geometry` to the current feature of `store` (curves are linearised; collections are
// flattened into their parts). With `vertexSpacing` > 0, line and ring vertices closer than that in both x and
// y to the previous kept vertex are dropped; the first and last vertex are kept, and a ring keeps at least 4.
void appendGeometry(GeometryStore& store, const OGRGeometry& geometry, double vertexSpacing = 0);

// The OGR geometry of feature f: MultiPolygon when it has polygon parts, MultiLineString for lines,
// MultiPoint for points; null when the feature has no geometry.
std::unique_ptr<OGRGeometry> toOgrGeometry(const GeometryStore& store, std::size_t f);

}  // namespace mobmap::io
