#pragma once
// The mean of a field experienced by the members of each group: for area values F_i and group counts g_i,
//   mean_g = Σ g_i F_i / Σ g_i  over the areas where F_i and g_i are present,
// with the gap (mean_g − mean_ref) and ratio (mean_g / mean_ref) to a reference group, the people and
// areas left out because F_i is missing, and the same table within quintiles of a second field.
#include <optional>
#include <string>
#include <vector>

namespace mobmap::analysis {

struct DisparityGroup {
  std::string name;
  double people = 0;                   // Σ g_i over the areas used
  std::optional<double> mean;          // none when the group has no members there
  std::optional<double> gap, ratio;    // to the reference group; ratio none when the reference mean is 0
  double peopleLeftOut = 0;            // Σ g_i over areas where F is missing
};

struct DisparityTable {
  std::vector<DisparityGroup> groups;
  std::size_t reference = 0;           // index into groups
  std::size_t areas = 0;               // areas considered
  std::size_t areasUsed = 0;           // F present
  std::size_t areasMissingField = 0;   // F missing (their people are left out)
  std::size_t areasMissingCount = 0;   // F present but a group count missing (left out for that group)
};

// The table over the areas where `include` is true (all when empty). counts[g][i] is group g's count in
// area i. Throws mobmap::Error when the columns differ in length, and mobmap::UsageError when `reference`
// is out of range.
DisparityTable disparity(const std::vector<std::optional<double>>& field, const std::vector<std::string>& groups,
                         const std::vector<std::vector<std::optional<double>>>& counts, std::size_t reference,
                         const std::vector<bool>& include = {});

struct DisparityByQuintile {
  std::vector<double> breaks;               // 6 values: min, the R type-7 20/40/60/80% quantiles, max
  std::vector<DisparityTable> quintiles;    // quintile q holds areas with breaks[q] < by ≤ breaks[q+1]
                                            // (the first also takes by = min)
  std::size_t areasMissingBy = 0;           // left out of every quintile
};

// The table within each quintile of `by` (areas with `by` missing are left out and counted). Throws as
// disparity() does, and mobmap::Error when `by` has no present value.
DisparityByQuintile disparityByQuintile(const std::vector<std::optional<double>>& field,
                                        const std::vector<std::string>& groups,
                                        const std::vector<std::vector<std::optional<double>>>& counts,
                                        std::size_t reference, const std::vector<std::optional<double>>& by);

}  // namespace mobmap::analysis
