#include "ui/column_roles.h"

#include "core/column_roles.h"

namespace mobmap::ui {

std::optional<std::size_t> nameColumnIndex(const AttributeTable& table) {
  if (const Column* c = areaNameColumn(table)) return static_cast<std::size_t>(c - table.columns().data());
  return std::nullopt;
}

std::optional<std::size_t> keyColumnIndex(const AttributeTable& table) {
  if (const Column* c = areaKeyColumn(table)) return static_cast<std::size_t>(c - table.columns().data());
  return std::nullopt;
}

}  // namespace mobmap::ui
