#pragma once
// Selecting table rows with an attribute-filter expression in GDAL's OGR SQL syntax,
// e.g. "year = 2023 AND subgroup = 'All'".
#include <string>
#include <vector>

#include "core/attribute_table.h"

namespace mobmap::io {

// Per row: true when the row satisfies `where`. Throws mobmap::Error naming `sourceName`, the expression and
// what is wrong with it.
std::vector<bool> selectRows(const AttributeTable& table, const std::string& where, const std::string& sourceName);

}  // namespace mobmap::io
