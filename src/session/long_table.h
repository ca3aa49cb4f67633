#pragma once
// Urban Institute's long table layout (one row per area, year and subgroup): which years and subgroups a
// joined table offers, and the join's row filter for one of them.
#include <optional>
#include <string>
#include <vector>

#include "core/attribute_table.h"

namespace mobmap::session {

struct LongTableChoices {
  std::vector<int> years;               // ascending
  std::vector<std::string> subgroups;   // in first-seen order ("All" first in Urban's files)
};

// The distinct years and subgroups of a table that has both a `year` and a `subgroup` column, else nullopt.
std::optional<LongTableChoices> longTableChoices(const AttributeTable& table);

// The year / subgroup a row filter selects (`year = 2023`, `subgroup = 'All'`), or nullopt.
std::optional<int> filterYear(const std::string& where);
std::optional<std::string> filterSubgroup(const std::string& where);

// The subgroup and year a row filter selects, as a figure names them: "Black, Non-Hispanic, 2023", "2023",
// "All"; "" when the filter picks neither.
std::string rowScopeText(const std::string& where);

// Whether `text` (a title or subtitle) names the subgroup (when `subgroup`) or the year (when `year`) that
// `where` selects: the subgroup's label, or its first part before a comma ("Black" of "Black, Non-Hispanic"),
// or the year, case-insensitive.
bool namesRowsOf(const std::string& text, const std::string& where, bool subgroup = true, bool year = true);

// `where` with every `year = N` condition set to `year` and every `subgroup = '...'` condition set to
// `subgroup` (quotes doubled); a condition that is absent is added with AND. A nullopt leaves that part as
// it was.
std::string withYearAndSubgroup(const std::string& where, std::optional<int> year,
                                const std::optional<std::string>& subgroup);

}  // namespace mobmap::session
