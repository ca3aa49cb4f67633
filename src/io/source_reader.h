#pragma once
// Reading any vector source or table GDAL can open (Shapefile, zipped Shapefile, GeoJSON, GeoPackage,
// TopoJSON, FlatGeobuf, KML, CSV, XLSX, ODS) into core types. The only place GDAL/OGR data is read.
//
// Usage:
//   Layer tracts = io::readLayer("tracts.shp");                 // geometry + typed attributes, source CRS
//   AttributeTable t = io::readTable("metrics.csv");           // attributes only
//   for (const io::LayerInfo& li : io::describeSource("counties-10m.json")) ...
#include <functional>
#include <string>
#include <vector>

#include "core/attribute_table.h"
#include "core/extent.h"
#include "core/layer.h"

namespace mobmap::io {

struct FieldInfo {
  std::string name;
  FieldType type = FieldType::String;
  // Known for text tables (CSV, XLSX, ODS), whose values are read to type them:
  MissingCounts missing;    // missing cells by reason (core/missing_value.h)
  std::string readNote;     // how values were read when not as written (two shares, Windows-1252)
  std::string qualityForm;  // an Urban *_quality column: "numbers" (1/2/3) or "words" (Strong/...), else ""
};

// One subgroup of a long table, spelled exactly as the file spells it (never merged with a similar one).
struct SubgroupInfo {
  std::string type;      // subgroup_type ("" when the table has none)
  std::string subgroup;
  std::size_t rows = 0;
};

struct LayerInfo {
  std::string name;
  std::size_t featureCount = 0;
  std::string geometryType;     // "Polygon", "Multi Polygon", "None", "Unknown (any)", ...
  std::string crs;              // "EPSG:3435", a CRS name, or "" when the source declares none
  std::string assumedCrs;       // "EPSG:4326" when the CRS is missing/unreadable and coordinates are lon/lat
  std::string crsProblem;       // why the declared CRS is missing or unusable (see Layer::crsProblem), or ""
  Extent extent;                // in the source CRS; empty for tables
  std::vector<FieldInfo> fields;
  std::vector<SubgroupInfo> subgroups;  // text tables with a `subgroup` column
  std::vector<std::string> warnings;
};

// Summaries of the layers of a source (only `layerName` when given), with `assignCrs` (when not empty) in place of
// the CRS each declares (see assignLayerCrs). Throws mobmap::Error naming the file.
std::vector<LayerInfo> describeSource(const std::string& path, const std::string& layerName = {},
                                      const std::string& assignCrs = {});

// What a source declares about a layer before its features are read.
struct LayerFacts {
  std::string crsDefinition;  // "" when the source declares no usable CRS
  bool geographic = false;
  Extent extent;              // in the source CRS (from the header or index when the format keeps one)
};

// How to read a layer.
struct ReadOptions {
  // Attributes to read (case-insensitive; names the source lacks are ignored); empty = all.
  std::vector<std::string> onlyFields;
  // Generalisation for an output of known resolution: called once, before any feature is read, with what the
  // source declares; returns a vertex spacing in source-CRS units. Line and polygon-ring vertices closer than
  // that (in both x and y) to the previous kept vertex are dropped as features are read. Rings keep their
  // first and last vertex and at least 4 vertices (a closed triangle); points are never dropped. Unset or 0:
  // every vertex is kept.
  std::function<double(const LayerFacts&)> vertexSpacing;
  // Called once, before any feature is read, with what the source declares (its extent only when the format
  // keeps one in a header or index), so that a caller can start work that needs no features meanwhile.
  std::function<void(const LayerFacts&)> onFacts;
  // A CRS that replaces whatever the source declares (or fails to), as `ogr2ogr -a_srs` does: "EPSG:3435", a
  // WKT or PROJ string. The coordinates are not transformed. Empty: the source's own CRS.
  std::string assignCrs;
};

// Reads one layer (by name; the only or first layer when empty, with a warning when there were several).
// Geometry stays in the source CRS. A missing or unreadable CRS becomes EPSG:4326 with a warning when the
// coordinates fit longitude/latitude; when they do not, or when the declared CRS contradicts the coordinates
// (see crsContradiction), the layer keeps no CRS and Layer::crsProblem says why. Throws mobmap::Error naming
// the file and the problem.
// `onlyFields`, when not empty, limits the attributes read to those names (case-insensitive; names the
// source lacks are ignored), which saves time and memory on wide national layers.
Layer readLayer(const std::string& path, const std::string& layerName = {}, const std::vector<std::string>& onlyFields = {});
// The same with generalisation while reading (see ReadOptions).
Layer readLayer(const std::string& path, const std::string& layerName, const ReadOptions& options);

// Gives `layer` the CRS `definition` in place of the one it declared (the one place --assign-crs and a project
// layer's `crs` are applied): coordinates stay as they are, the CRS fields are set from GDAL's reading of the
// definition (named by its EPSG code when it has one), crsProblem and any missing-CRS warning are cleared.
// Throws mobmap::UsageError naming `definition` when it is not a CRS GDAL/PROJ can read.
void assignLayerCrs(Layer& layer, const std::string& definition);

// Why a layer's declared CRS contradicts its coordinates, in words naming the evidence ("" when it does not):
// a geographic (lon/lat) CRS over coordinates outside -180..180 / -90..90, or a projected CRS whose
// coordinates all fit within a few units of lon/lat. `crsName` is the CRS as people know it.
std::string crsContradiction(const std::string& crsName, bool geographic, const Extent& extent);

// Reads the attribute table of a source (a CSV, spreadsheet sheet, or any vector layer).
AttributeTable readTable(const std::string& path, const std::string& layerName = {});

}  // namespace mobmap::io
