#pragma once
// A vector layer held in memory: geometry (double precision) and a typed attribute table, row i = feature i.
#include <string>
#include <vector>

#include "core/attribute_table.h"
#include "core/geometry.h"

namespace mobmap {

struct Layer {
  std::string name;           // layer name inside its source
  std::string source;         // path or connection the layer came from
  std::string geometryType;   // as the source declares it: "Polygon", "Multi Polygon", "Point", "None", ...
  std::string crs;            // short identifier for people ("EPSG:3435"), or the CRS name; empty when unknown
  std::string crsDefinition;  // full definition for transforms (WKT or "EPSG:xxxx"); empty when unknown
  bool crsIsGeographic = false;
  bool crsAssumed = false;    // true when the CRS was missing or unreadable and lon/lat was assumed
  // Why the layer has no usable CRS, in one line naming the file and the evidence (no CRS declared and the
  // coordinates are not lon/lat; a lon/lat CRS over coordinates in the hundreds of thousands; ...); empty when
  // the CRS is usable. Such a layer keeps its own planar coordinates and crsDefinition stays empty. Not repeated
  // in `warnings`: what needs a CRS fails with this text, what does not may say it once.
  std::string crsProblem;
  GeometryStore geometry;     // in the CRS above until reprojected
  AttributeTable attributes;
  std::vector<std::string> warnings;  // things the user should see (assumed CRS, skipped geometries)

  std::size_t featureCount() const { return attributes.rowCount(); }
};

}  // namespace mobmap
