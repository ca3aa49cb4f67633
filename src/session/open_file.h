#pragma once
// Opening files in the viewer: what kind of file a path is, and what a table offers a join (its columns, the
// keys to propose against the boundaries shown, the years and subgroups of a long table).
#include <optional>
#include <string>
#include <vector>

#include "core/attribute_table.h"
#include "session/long_table.h"

namespace mobmap::session {

enum class FileKind {
  Boundaries,  // Shapefile (also zipped), GeoPackage, GeoJSON, TopoJSON, FlatGeobuf, KML
  Table,       // CSV, XLSX, ODS
  Project,     // a project file (.toml)
  Unknown
};

// The kind of `path` by its extension (.shp .zip .gpkg .geojson .json .topojson .fgb .kml; .csv .xlsx .ods; .toml).
FileKind fileKindOf(const std::string& path);

// What a table offers a join.
struct TableOffer {
  std::string path;
  std::vector<std::string> columns;
  std::vector<std::string> keys;              // "LEFT=RIGHT" proposals against the boundaries, best first
  std::optional<LongTableChoices> longTable;  // Urban's long layout: its years and subgroups
  std::string where;                          // a long table's rows to start with: the latest year, subgroup "All"
};

// Reads the table at `path` and proposes how to join it to boundaries with attribute columns `boundaries`
// (core::proposeJoinKeys). Throws mobmap::Error naming the file when it cannot be read. Reads the whole table:
// run it off the UI thread.
TableOffer offerTable(const std::string& path, const AttributeTable& boundaries);

}  // namespace mobmap::session
