#pragma once
// Column roles: which attribute columns are bookkeeping (identifiers, codes, geometry measures, coordinates,
// long-table keys, 0/1 flags) rather than values worth mapping, and which column a map shows first.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_table.h"

namespace mobmap {

// True for identifier columns (GEOID, FIPS codes, state/county/tract, *_id: see isIdLikeName), GIS
// bookkeeping (OBJECTID, FID, OID, Shape_Leng, Shape_Area, Shape_Length, INTPTLAT, INTPTLON) and the row
// keys of a long table (year, subgroup, subgroup_type). Case-insensitive.
bool isBookkeepingColumn(std::string_view name);

// True for a column whose values are worth a map: numeric, not bookkeeping, not a companion column (_lb,
// _ub, _quality, _moe, _se, _cv), not an ID or area code (…ID, area/district/ward numbers: integers),
// not a coordinate (x, y, lat, lon, …_x, easting, …), not a year (year, yr, vintage, or integers 1900–2100
// named so), and not a 0/1 flag; and it has at least one value.
bool isMappableColumn(const Column& column);

// How a column's values combine when areas are merged into one (custom areas, dissolve):
enum class Additivity {
  Count,        // whole non-negative numbers of people, households, ...: summed (with MOEs)
  Share,        // a rate, percentage, share or average: recomputed from its numerator and denominator, or
                // weighted by population
  NotAdditive   // identifiers, codes, flags, medians, per-capita values, text: never summed
};

struct ColumnAdditivity {
  Additivity kind = Additivity::NotAdditive;
  std::string why;  // for NotAdditive and Share: "an identifier or code", "a median", "a percentage", ...
};

// Classifies a column by its name and values: bookkeeping columns, IDs and area codes (as isMappableColumn
// sees them: GEOID, TRACTCE10, commarea, ...), companion columns (_moe, _cv, ...), 0/1 flags and text are not
// additive; names saying median or per capita (median, med_, pci, percap, per_cap, capita) are not additive;
// names saying rate, share, percentage or average (rate, pct, percent, share, ratio, mean, avg, density, an
// `EP_` prefix as in the CDC/ATSDR SVI, a year followed by P as "Pov14P") and columns holding fractional values
// are shares; the rest, whole non-negative numbers, are counts.
ColumnAdditivity columnAdditivity(const Column& column);

// The column of `table` holding the total population to weight shares by: the first count column
// (columnAdditivity) whose name says population ("pop", "population", "B01003_001E"; "total" preferred), or
// nullopt.
std::optional<std::string> populationColumn(const AttributeTable& table);

// The column a map of `table` shows when none is named: the first column `isCatalogMetric` knows (and
// isMappableColumn accepts), else the first that isMappableColumn accepts; nullopt when there is none.
std::optional<std::string> defaultMapField(const AttributeTable& table,
                                           const std::function<bool(const std::string&)>& isCatalogMetric);

// The names an area's GEOID-like key goes by, in order of preference: GEOID, GEOID20, GEOID10, GEO_ID
// (data.census.gov), fips, id (us-atlas TopoJSON).
const std::vector<std::string>& areaKeyColumnNames();

// The first column of `table` named (case-insensitively) as areaKeyColumnNames lists, in its order; null when
// there is none.
const Column* areaKeyColumn(const AttributeTable& table);

// The column naming areas for people ("Census Tract 1", a community area's name), the first of name, NAMELSAD,
// NAMELSAD20, NAMELSAD10, community, neighborhood, NAME20, NAME10 (case-insensitively); null when none.
const Column* areaNameColumn(const AttributeTable& table);

}  // namespace mobmap
