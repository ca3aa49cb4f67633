#pragma once
// Writing a layer (geometry in its CRS + attributes) to a file, all or nothing.
#include <string>

#include "core/layer.h"

namespace mobmap::io {

// Writes `layer` to `path`; the format follows the extension (.gpkg GeoPackage — the default for unknown
// extensions is an error — .geojson/.json GeoJSON, .fgb FlatGeobuf, .csv CSV with WKT geometry). The file is
// written under a unique temporary name with every write checked and renamed at the end, so a failure (a full
// disk, a killed run) leaves any previous file at `path` untouched and no temporary file behind. Throws
// mobmap::Error naming the path and the problem.
void writeLayer(const Layer& layer, const std::string& path);

}  // namespace mobmap::io
