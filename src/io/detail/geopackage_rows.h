#pragma once
// Reading the rows of a GeoPackage feature table straight from SQLite. Internal to io.
//
// GDAL's reader makes an OGRFeature and an OGR geometry for every row, which is most of the time a national
// layer takes to read; this decodes GeoPackage binary geometry (OGC GeoPackage 1.3, §2.1.3: the "GP" header,
// its optional envelope, then ISO WKB) into the GeometryStore directly. GDAL still opens the file, names the
// layer, its fields and CRS; this only replaces the loop over its rows, with the same values in the same order.
#include <optional>
#include <string>

#include "core/attribute_table.h"
#include "core/geometry.h"

class OGRLayer;

namespace mobmap::io {

struct GeoPackageRows {
  AttributeTable attributes;  // the fields `layer` does not ignore, typed as GDAL types them
  GeometryStore geometry;     // with appendGeometry's parts, rings and `vertexSpacing` rule
};

// The rows of `layer`, a table of the GeoPackage file `path` that GDAL opened (driver "GPKG"), or nullopt when it
// holds anything that only GDAL's reader reads as it should: a view, a field of a type other than integer,
// real or text (dates are formatted by GDAL), a geometry blob that is not standard GeoPackage binary with
// points, lines, polygons or their collections (curves, SpatiaLite blobs, extended types), or bytes that do not
// decode. The caller then reads the layer GDAL's way, which reports what is wrong.
std::optional<GeoPackageRows> readGeoPackageRows(const std::string& path, OGRLayer& layer, double vertexSpacing);

}  // namespace mobmap::io
