#include "io/joined_source.h"

#include "core/error.h"
#include "core/text.h"
#include "io/row_filter.h"
#include "io/source_reader.h"

namespace mobmap::io {

JoinedLayer loadJoined(const JoinRequest& request) {
  const std::size_t eq = request.on.find('=');
  if (eq == std::string::npos)
    throw UsageError("--on must read LEFT=RIGHT (e.g. GEOID=GEO_ID or GEOID=state+county), got '" + request.on + "'");
  KeySpec leftKey = KeySpec::parse(trim(std::string_view(request.on).substr(0, eq)));
  KeySpec rightKey = KeySpec::parse(trim(std::string_view(request.on).substr(eq + 1)));

  Layer boundaries;
  if (request.withGeometry) {
    ReadOptions options;
    options.assignCrs = request.assignCrs;
    options.onFacts = request.onFacts;
    boundaries = readLayer(request.boundaries, request.boundaryLayer, options);
  } else {
    boundaries.source = request.boundaries;
    boundaries.attributes = readTable(request.boundaries, request.boundaryLayer);
  }
  AttributeTable table = readTable(request.table, request.tableLayer);
  // Name missing key columns before filtering so the message is about the key, not the expression.
  for (const std::string& c : leftKey.columns) boundaries.attributes.require(c, request.boundaries);
  for (const std::string& c : rightKey.columns) table.require(c, request.table);

  std::vector<bool> selected;
  if (!request.where.empty()) selected = selectRows(table, request.where, request.table);

  JoinResult join = joinTables(boundaries.attributes, leftKey, request.boundaries, table, rightKey, request.table, selected);
  boundaries.attributes = appendJoinedColumns(boundaries.attributes, table, join);
  return {std::move(boundaries), std::move(join.report)};
}

}  // namespace mobmap::io
