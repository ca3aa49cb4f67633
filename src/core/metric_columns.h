#pragma once
// Recognising the Urban Institute Mobility Metrics column layout: `<metric>`, `<metric>_lb` / `<metric>_ub`
// (95% confidence interval), `<metric>_quality` (1 strong, 2 marginal, 3 weak), and `subgroup_type` / `subgroup`.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_table.h"

namespace mobmap {

struct MetricColumns {
  std::string metric;   // the value column
  std::string lower;    // "<metric>_lb", empty when absent
  std::string upper;    // "<metric>_ub", empty when absent
  std::string quality;  // "<metric>_quality", empty when absent (odd names are resolved through the catalog)
};

// The metric column groups among `names`, in column order. Identifier and subgroup columns (year, state,
// county, place, subgroup_type, subgroup, *_name) are never metrics.
std::vector<MetricColumns> detectMetricColumns(const std::vector<std::string>& names);

// True when the table is in long format by subgroup (has both subgroup_type and subgroup).
bool hasSubgroupColumns(const std::vector<std::string>& names);

// What kind of non-additive value a column name announces: "median" (names with "median", "_med"/"med_",
// "mdn", or the ACS median tables B19013, B19113, B25077, B25064, B01002, B25058), "per-capita value"
// ("per_capita", "percapita", "percap", "percinc", "_pc", "pci", the ACS table B19301), or "" for anything else. Such values cannot be
// summed, and their average over areas is not the median (or per-capita value) of the combined area.
// Case-insensitive.
std::string nonAdditiveKind(const std::string& name);
// The warning for a median or per-capita column (nonAdditiveKind) that was combined across areas, `how` saying
// how ("summed", "averaged", "averaged over each group's members"): the result is not the median (or
// per-capita value) of the combined area. "" for any other column.
std::string nonAdditiveWarning(const std::string& name, const std::string& how);
// Urban's data-quality flag. The per-metric files write 1 / 2 / 3; the release's combined files write the words
// Strong / Marginal / Weak. Both mean the same everywhere (hatching, suppression, counts, the viewer).
enum class QualityFlag { None, Strong, Marginal, Weak };

// 1 Strong, 2 Marginal, 3 Weak; None for anything else.
QualityFlag qualityFlagOfNumber(double flag);
// "1"/"2"/"3" (also "1.0"), "Strong"/"Marginal"/"Weak" in any case, trimmed; None for anything else.
QualityFlag qualityFlagOfText(std::string_view cell);
// The flag of one row of a quality column, whether the column holds numbers or words; None when missing.
QualityFlag qualityFlag(const Column& column, std::size_t row);
// True when the row's flag is Weak ("a community should not act on this"); false for a null column.
bool isWeakQuality(const Column* column, std::size_t row);
// True when every present value of the column is a quality flag (and there is at least one).
bool holdsQualityFlags(const Column& column);
// "strong", "marginal", "weak"; "" for None.
std::string_view qualityFlagName(QualityFlag flag);
// 1, 2, 3; 0 for None.
int qualityFlagNumber(QualityFlag flag);

// Urban quality flag meaning: 1 "strong", 2 "marginal", 3 "weak"; "" for anything else.
std::string qualityLabel(double flag);

}  // namespace mobmap
