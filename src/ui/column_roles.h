#pragma once
// Which attribute columns are bookkeeping (identifiers, geometry measures, long-table keys) rather than
// values worth mapping. The field picker leaves them out of its metric list.
#include <optional>
#include <string_view>

#include "core/attribute_table.h"

namespace mobmap::ui {

// True for identifier columns (GEOID, FIPS codes, state/county/tract, *_id: see isIdLikeName), GIS
// bookkeeping (OBJECTID, FID, OID, Shape_Leng, Shape_Area, Shape_Length, INTPTLAT, INTPTLON) and the row
// keys of a long table (year, subgroup, subgroup_type). Case-insensitive.
bool isBookkeepingColumn(std::string_view name);

// The column that names the areas ("name", "NAMELSAD", "community", "neighborhood", ...), or nullopt.
std::optional<std::size_t> nameColumnIndex(const AttributeTable& table);

// The column holding the areas' GEOID-like key ("GEOID", "GEOID20", "fips", "id", ...), or nullopt.
std::optional<std::size_t> keyColumnIndex(const AttributeTable& table);

}  // namespace mobmap::ui
