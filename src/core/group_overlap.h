#pragma once
// Groups that overlap: race counts or shares that include Hispanic residents (who are also counted as
// Hispanic), so the groups of an area add up past its total population. Composition views (dot density,
// plurality), disparity and segregation need mutually exclusive groups; this is the one rule that finds
// the areas where they are not, and the exclusive fields a table offers instead.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mobmap {

// An area's groups overlap when their sum exceeds its total by more than half a person and 0.5% of the
// total (rounding in published counts and shares stays below that).
bool groupsExceedTotal(double groupSum, double total);

struct GroupOverlap {
  std::size_t areas = 0;                  // areas whose groups add up past the total
  std::vector<std::string> alternatives;  // mutually exclusive fields the table has (e.g. "white_nh")
};

// The areas where `people` ([group][area], nullopt = missing) add up past `total` (per area; an area without
// a total is not judged), and, among `columnNames`, the non-Hispanic fields that could replace the groups:
// for a group field F, a column F_nh, F_NH, nh_F or NH_F (case-insensitive), else any column ending in _nh.
GroupOverlap findGroupOverlap(const std::vector<std::vector<std::optional<double>>>& people,
                              const std::vector<std::optional<double>>& total, const std::vector<std::string>& groupFields,
                              const std::vector<std::string>& columnNames);

// The warning a view prints for `overlap` ("" when no area overlaps): how many areas, what it means, and the
// exclusive fields to use instead when the table has them.
std::string groupOverlapWarning(const GroupOverlap& overlap, const std::string& totalField);

}  // namespace mobmap
