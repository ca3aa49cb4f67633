// The data table model against hand-built tables whose expected orders are worked out by hand in each case.
#include <catch2/catch.hpp>

#include "ui/table_rows.h"

using mobmap::AttributeTable;
using mobmap::Column;
using mobmap::FieldType;
using mobmap::ui::filterAndSortRows;
using mobmap::ui::tableColumnsToShow;

namespace {

// Rows: 0 Northgate 12.5, 1 riverside (missing), 2 North End 3, 3 Eastview 40, 4 Westbrook 3.
AttributeTable sampleTable() {
  AttributeTable t;
  t.addColumn("value", FieldType::Real);
  t.addColumn("GEOID", FieldType::String);
  t.addColumn("name", FieldType::String);
  t.addColumn("count", FieldType::Integer);
  Column &value = t.column(0), &geoid = t.column(1), &name = t.column(2), &count = t.column(3);
  const char* names[] = {"Northgate", "riverside", "North End", "Eastview", "Westbrook"};
  const double values[] = {12.5, -1, 3, 40, 3};
  for (int r = 0; r < 5; ++r) {
    if (r == 1)
      value.appendMissing();
    else
      value.appendNumber(values[r]);
    geoid.appendText("9900100" + std::to_string(r + 1) + "00");
    name.appendText(names[r]);
    count.appendNumber(10 * (5 - r));
  }
  return t;
}

}  // namespace

TEST_CASE("table columns: name and key first, then the mapped field, then the rest, up to the limit", "[ui]") {
  const AttributeTable t = sampleTable();
  // Table order is value(0), GEOID(1), name(2), count(3).
  CHECK(tableColumnsToShow(t, "count", 10) == std::vector<std::size_t>{2, 1, 3, 0});
  CHECK(tableColumnsToShow(t, "", 10) == std::vector<std::size_t>{2, 1, 0, 3});
  CHECK(tableColumnsToShow(t, "count", 2) == std::vector<std::size_t>{2, 1});
}

TEST_CASE("table rows: the filter matches text columns case-insensitively, numbers only for numeric filters", "[ui]") {
  const AttributeTable t = sampleTable();
  const std::vector<std::size_t> cols = {2, 1, 0, 3};
  CHECK(filterAndSortRows(t, cols, "", std::nullopt, true) == std::vector<std::size_t>{0, 1, 2, 3, 4});
  CHECK(filterAndSortRows(t, cols, "NORTH", std::nullopt, true) == std::vector<std::size_t>{0, 2});
  CHECK(filterAndSortRows(t, cols, "  view ", std::nullopt, true) == std::vector<std::size_t>{3});
  // "12.5" is only in row 0's value; "0030" only in row 2's GEOID.
  CHECK(filterAndSortRows(t, cols, "12.5", std::nullopt, true) == std::vector<std::size_t>{0});
  CHECK(filterAndSortRows(t, cols, "0030", std::nullopt, true) == std::vector<std::size_t>{2});
  CHECK(filterAndSortRows(t, cols, "zzz", std::nullopt, true).empty());
  // Only the listed columns are searched: without the name column, "north" finds nothing.
  CHECK(filterAndSortRows(t, {1, 0}, "north", std::nullopt, true).empty());
}

TEST_CASE("table rows: sorting numbers, text, ties in row order and missing values last", "[ui]") {
  const AttributeTable t = sampleTable();
  const std::vector<std::size_t> cols = {2, 1, 0, 3};
  // value: 12.5, missing, 3, 40, 3 -> ascending 2, 4 (tie kept in row order), 0, 3, then missing 1.
  CHECK(filterAndSortRows(t, cols, "", 0, true) == std::vector<std::size_t>{2, 4, 0, 3, 1});
  CHECK(filterAndSortRows(t, cols, "", 0, false) == std::vector<std::size_t>{3, 0, 2, 4, 1});
  // name, case-insensitive: Eastview, North End, Northgate, riverside, Westbrook.
  CHECK(filterAndSortRows(t, cols, "", 2, true) == std::vector<std::size_t>{3, 2, 0, 1, 4});
  CHECK(filterAndSortRows(t, cols, "", 2, false) == std::vector<std::size_t>{4, 1, 0, 2, 3});
  // Filter and sort together: the "north" rows by count descending (50 for row 0, 30 for row 2).
  CHECK(filterAndSortRows(t, cols, "north", 3, false) == std::vector<std::size_t>{0, 2});
  CHECK(filterAndSortRows(t, cols, "north", 3, true) == std::vector<std::size_t>{2, 0});
}
