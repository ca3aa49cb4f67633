#include "ui/table_rows.h"

#include <algorithm>

#include "core/text.h"
#include "ui/column_roles.h"

namespace mobmap::ui {

namespace {

// A filter that reads as a number ("12.5", "-3", "1,200") is also looked for in numeric columns.
bool looksNumeric(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ','; });
}

}  // namespace

std::vector<std::size_t> tableColumnsToShow(const AttributeTable& table, const std::string& mappedField,
                                            std::size_t maxColumns) {
  std::vector<std::size_t> out;
  auto add = [&](std::optional<std::size_t> c) {
    if (c && out.size() < maxColumns && std::find(out.begin(), out.end(), *c) == out.end()) out.push_back(*c);
  };
  add(nameColumnIndex(table));
  add(keyColumnIndex(table));
  if (const Column* m = mappedField.empty() ? nullptr : table.find(mappedField))
    add(static_cast<std::size_t>(m - table.columns().data()));
  for (std::size_t c = 0; c < table.columnCount(); ++c) add(c);
  return out;
}

std::vector<std::size_t> filterAndSortRows(const AttributeTable& table, const std::vector<std::size_t>& columns,
                                           std::string_view filter, std::optional<std::size_t> sortColumn,
                                           bool ascending) {
  const std::string needle = toLower(trim(filter));
  const bool numericNeedle = looksNumeric(needle);
  std::vector<std::size_t> rows;
  rows.reserve(table.rowCount());
  for (std::size_t r = 0; r < table.rowCount(); ++r) {
    bool keep = needle.empty();
    for (std::size_t ci = 0; !keep && ci < columns.size(); ++ci) {
      const Column& c = table.column(columns[ci]);
      if (c.isMissing(r) || (c.isNumeric() && !numericNeedle)) continue;
      keep = toLower(c.displayText(r)).find(needle) != std::string::npos;
    }
    if (keep) rows.push_back(r);
  }
  if (!sortColumn || *sortColumn >= table.columnCount()) return rows;
  const Column& c = table.column(*sortColumn);
  if (c.isNumeric()) {
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
      const bool ma = c.isMissing(a), mb = c.isMissing(b);
      if (ma || mb) return !ma && mb;  // missing values last
      return ascending ? c.number(a) < c.number(b) : c.number(b) < c.number(a);
    });
  } else {
    std::vector<std::string> keys(table.rowCount());
    for (std::size_t r : rows)
      if (!c.isMissing(r)) keys[r] = toLower(c.text(r));
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
      const bool ma = c.isMissing(a), mb = c.isMissing(b);
      if (ma || mb) return !ma && mb;
      return ascending ? keys[a] < keys[b] : keys[b] < keys[a];
    });
  }
  return rows;
}

}  // namespace mobmap::ui
