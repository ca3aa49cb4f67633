#include "ui/column_roles.h"

#include <array>

#include "core/table_typing.h"
#include "core/text.h"

namespace mobmap::ui {

bool isBookkeepingColumn(std::string_view name) {
  if (isIdLikeName(name)) return true;
  const std::string n = toLower(trim(name));
  static constexpr std::array<std::string_view, 10> exact = {"objectid", "fid",      "oid",  "ogc_fid",      "intptlat",
                                                             "intptlon", "shape_id", "year", "subgroup_type", "subgroup"};
  for (std::string_view e : exact)
    if (n == e) return true;
  // Shape_Leng, Shape_Area, Shape_Length, SHAPE_STAr, ...; INTPTLAT20, INTPTLON10; OBJECTID_1.
  return n.starts_with("shape_") || n.starts_with("shape.") || n.starts_with("intptlat") || n.starts_with("intptlon") ||
         n.starts_with("objectid");
}

namespace {

std::optional<std::size_t> firstOf(const AttributeTable& table, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    if (const Column* c = table.find(n)) return static_cast<std::size_t>(c - table.columns().data());
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> nameColumnIndex(const AttributeTable& table) {
  return firstOf(table, {"name", "NAMELSAD", "NAMELSAD20", "NAMELSAD10", "community", "neighborhood", "NAME20", "NAME10"});
}

std::optional<std::size_t> keyColumnIndex(const AttributeTable& table) {
  return firstOf(table, {"GEOID", "GEOID20", "GEOID10", "GEO_ID", "fips", "id"});
}

}  // namespace mobmap::ui
