#pragma once
// Loading boundaries and joining a table to them in one step: the data spine behind `mobmap join`,
// `mobmap render --join` and project joins.
#include <functional>
#include <string>

#include "core/layer.h"
#include "core/table_join.h"
#include "io/source_reader.h"

namespace mobmap::io {

struct JoinRequest {
  std::string boundaries;      // vector source path
  std::string boundaryLayer;   // layer name; empty = the only/first
  std::string table;           // table path (CSV, XLSX, ODS or any vector source)
  std::string tableLayer;      // sheet / layer; empty = the only/first
  std::string on;              // "LEFT=RIGHT"; either side may be composite ("state+county")
  std::string where;           // row filter on the table; empty = all rows
  bool withGeometry = true;    // false reads only the boundaries' attributes (faster, for reports)
  std::string assignCrs;       // the boundaries' CRS in place of the declared one (ReadOptions::assignCrs)
  std::function<void(const LayerFacts&)> onFacts;  // ReadOptions::onFacts for the boundaries
};

struct JoinedLayer {
  Layer layer;                 // the boundaries with the table's columns appended
  JoinReport report;
};

// Reads both sources, filters the table, joins on normalised keys and appends the table's columns.
// Throws mobmap::UsageError for a malformed `on`, mobmap::Error naming the file and problem otherwise.
JoinedLayer loadJoined(const JoinRequest& request);

}  // namespace mobmap::io
