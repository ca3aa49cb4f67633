#pragma once
// Naming a layer's coordinate reference system the way people know it ("EPSG:3435"). Internal to io.
#include <optional>
#include <string>

class OGRSpatialReference;

namespace mobmap::io {

struct CrsIdentity {
  std::string shortName;   // "EPSG:3435", else the CRS name
  std::string definition;  // "EPSG:3435", else WKT2 text
  bool geographic = false;
};

// The identity of `srs`, matching ESRI-style .prj definitions to their EPSG code when GDAL is confident;
// nullopt for a null or empty reference.
std::optional<CrsIdentity> identifyCrs(const OGRSpatialReference* srs);

}  // namespace mobmap::io
