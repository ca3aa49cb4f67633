// classifyUnique(): one class per category, the rarest merged into "Other" beyond maxClasses.
#include <algorithm>
#include <map>
#include <string>

#include "analysis/classification.h"
#include "core/error.h"

namespace mobmap::analysis {

UniqueClassification classifyUnique(const std::vector<std::optional<std::string>>& values, int maxClasses) {
  if (maxClasses < 2) {
    throw UsageError("a unique-values map needs at least 2 classes, got " + std::to_string(maxClasses));
  }
  UniqueClassification result;
  std::map<std::string, std::size_t> tally;
  for (const std::optional<std::string>& v : values) {
    if (v) {
      ++tally[*v];
    } else {
      ++result.missing;
    }
  }
  if (tally.empty()) {
    throw Error(values.empty() ? std::string("field has no values; cannot classify")
                               : "field has no values (all " + std::to_string(values.size()) +
                                     " are missing); cannot classify");
  }

  std::vector<std::pair<std::string, std::size_t>> ranked(tally.begin(), tally.end());
  // std::map is ordered by name, so a stable sort by count keeps names ascending within a count.
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });

  const auto limit = static_cast<std::size_t>(maxClasses);
  const bool needOther = ranked.size() > limit;
  const std::size_t kept = needOther ? limit - 1 : ranked.size();
  std::map<std::string, int> index;
  for (std::size_t i = 0; i < kept; ++i) {
    result.categories.push_back(ranked[i].first);
    result.counts.push_back(ranked[i].second);
    index[ranked[i].first] = static_cast<int>(i);
  }
  const int otherIndex = static_cast<int>(kept);
  if (needOther) {
    const bool nameTaken = index.count("Other") > 0;
    result.categories.push_back(nameTaken ? "Other (merged)" : "Other");
    std::size_t otherCount = 0;
    for (std::size_t i = kept; i < ranked.size(); ++i) otherCount += ranked[i].second;
    result.counts.push_back(otherCount);
    result.merged = ranked.size() - kept;
  }

  result.classOf.assign(values.size(), -1);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    const auto found = index.find(*values[i]);
    result.classOf[i] = found != index.end() ? found->second : otherIndex;
  }
  return result;
}

}  // namespace mobmap::analysis
