#include "ui/column_roles.h"

#include "core/column_roles.h"

namespace mobmap::ui {

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
  if (const Column* c = areaKeyColumn(table)) return static_cast<std::size_t>(c - table.columns().data());
  return std::nullopt;
}

}  // namespace mobmap::ui
