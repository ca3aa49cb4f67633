#pragma once
// Which columns name the areas and hold their keys, for the viewer's tables and finder.
#include <optional>
#include <string_view>

#include "core/attribute_table.h"
#include "core/column_roles.h"

namespace mobmap::ui {

// The column roles (bookkeeping columns, mappable columns, the default map field) live in core.
using mobmap::isBookkeepingColumn;

// The column that names the areas ("name", "NAMELSAD", "community", "neighborhood", ...), or nullopt.
std::optional<std::size_t> nameColumnIndex(const AttributeTable& table);

// The column holding the areas' GEOID-like key ("GEOID", "GEOID20", "fips", "id", ...), or nullopt.
std::optional<std::size_t> keyColumnIndex(const AttributeTable& table);

}  // namespace mobmap::ui
