#include "analysis/disparity.h"

#include <algorithm>
#include <cmath>

#include "analysis/classification.h"
#include "core/error.h"

namespace mobmap::analysis {

namespace {

bool present(const std::optional<double>& v) { return v && std::isfinite(*v); }

}  // namespace

DisparityTable disparity(const std::vector<std::optional<double>>& field, const std::vector<std::string>& groups,
                         const std::vector<std::vector<std::optional<double>>>& counts, std::size_t reference,
                         const std::vector<bool>& include) {
  const std::size_t n = field.size(), k = groups.size();
  if (counts.size() != k) throw Error("disparity: one count column per group is needed");
  for (const auto& c : counts)
    if (c.size() != n) throw Error("disparity: the count columns and the field differ in length");
  if (!include.empty() && include.size() != n) throw Error("disparity: the area filter differs in length");
  if (reference >= k) throw UsageError("disparity: the reference group is not one of the groups");

  DisparityTable t;
  t.reference = reference;
  t.groups.resize(k);
  std::vector<double> weighted(k, 0.0);
  for (std::size_t g = 0; g < k; ++g) t.groups[g].name = groups[g];
  for (std::size_t i = 0; i < n; ++i) {
    if (!include.empty() && !include[i]) continue;
    ++t.areas;
    const bool hasField = present(field[i]);
    if (hasField) ++t.areasUsed;
    else ++t.areasMissingField;
    bool countMissing = false;
    for (std::size_t g = 0; g < k; ++g) {
      const auto& c = counts[g][i];
      if (!present(c)) {
        countMissing = true;
        continue;
      }
      if (!hasField) {
        t.groups[g].peopleLeftOut += *c;
        continue;
      }
      t.groups[g].people += *c;
      weighted[g] += *c * *field[i];
    }
    if (hasField && countMissing) ++t.areasMissingCount;
  }
  for (std::size_t g = 0; g < k; ++g)
    if (t.groups[g].people > 0) t.groups[g].mean = weighted[g] / t.groups[g].people;
  const auto& ref = t.groups[reference].mean;
  for (DisparityGroup& d : t.groups) {
    if (!d.mean || !ref) continue;
    d.gap = *d.mean - *ref;
    if (*ref != 0) d.ratio = *d.mean / *ref;
  }
  return t;
}

DisparityByQuintile disparityByQuintile(const std::vector<std::optional<double>>& field,
                                        const std::vector<std::string>& groups,
                                        const std::vector<std::vector<std::optional<double>>>& counts,
                                        std::size_t reference, const std::vector<std::optional<double>>& by) {
  if (by.size() != field.size()) throw Error("disparity: the --by field and the field differ in length");
  std::vector<double> sorted;
  DisparityByQuintile out;
  for (const auto& v : by) {
    if (present(v)) sorted.push_back(*v);
    else ++out.areasMissingBy;
  }
  if (sorted.empty()) throw Error("disparity: the --by field has no values");
  std::sort(sorted.begin(), sorted.end());
  for (int q = 0; q <= 5; ++q) out.breaks.push_back(quantileType7(sorted, q / 5.0));
  for (int q = 0; q < 5; ++q) {
    std::vector<bool> include(by.size(), false);
    for (std::size_t i = 0; i < by.size(); ++i) {
      if (!present(by[i])) continue;
      const double v = *by[i];
      include[i] = q == 0 ? v <= out.breaks[1] : (v > out.breaks[q] && v <= out.breaks[q + 1]);
    }
    out.quintiles.push_back(disparity(field, groups, counts, reference, include));
  }
  return out;
}

}  // namespace mobmap::analysis
