#pragma once
// The rows and columns the data table shows: which columns (at most a limit, the identifying and mapped
// ones first), and which rows in which order after a text filter and a sort on one column. No ImGui here.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_table.h"

namespace mobmap::ui {

// Indices of the columns to show, at most `maxColumns`: the name and key columns first (featureName /
// featureKey order), then `mappedField`, then the others in table order.
std::vector<std::size_t> tableColumnsToShow(const AttributeTable& table, const std::string& mappedField,
                                            std::size_t maxColumns);

// Row indices of `table` whose text in one of the `columns` contains `filter` (case-insensitive; an
// empty filter keeps every row), sorted by column `sortColumn` when given: numbers numerically, text
// case-insensitively, missing values last in either direction, ties in row order.
std::vector<std::size_t> filterAndSortRows(const AttributeTable& table, const std::vector<std::size_t>& columns,
                                           std::string_view filter, std::optional<std::size_t> sortColumn,
                                           bool ascending);

}  // namespace mobmap::ui
