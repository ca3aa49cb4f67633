#include "core/group_overlap.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"

namespace mobmap {

bool groupsExceedTotal(double groupSum, double total) {
  return groupSum - total > std::max(0.5, 0.005 * std::fabs(total));
}

GroupOverlap findGroupOverlap(const std::vector<std::vector<std::optional<double>>>& people,
                              const std::vector<std::optional<double>>& total, const std::vector<std::string>& groupFields,
                              const std::vector<std::string>& columnNames) {
  GroupOverlap out;
  for (std::size_t i = 0; i < total.size(); ++i) {
    if (!total[i]) continue;
    double sum = 0;
    for (const auto& group : people)
      if (i < group.size() && group[i]) sum += *group[i];
    out.areas += groupsExceedTotal(sum, *total[i]);
  }
  if (out.areas == 0) return out;
  auto has = [&](const std::string& name) {
    for (const std::string& c : columnNames)
      if (toLower(c) == toLower(name)) return c;
    return std::string();
  };
  for (const std::string& f : groupFields)
    for (const std::string& candidate : {f + "_nh", "nh_" + f})
      if (std::string c = has(candidate); !c.empty() && std::find(out.alternatives.begin(), out.alternatives.end(), c) == out.alternatives.end())
        out.alternatives.push_back(c);
  if (out.alternatives.empty())
    for (const std::string& c : columnNames)
      if (toLower(c).ends_with("_nh") && out.alternatives.size() < 6) out.alternatives.push_back(c);
  return out;
}

std::string groupOverlapWarning(const GroupOverlap& overlap, const std::string& totalField) {
  if (overlap.areas == 0) return "";
  std::string w = "the groups overlap: in " + std::to_string(overlap.areas) + (overlap.areas == 1 ? " area" : " areas") +
                  " they add up to more than " + (totalField.empty() ? std::string("the total") : "'" + totalField + "'") +
                  ", as race groups that include Hispanic residents (also counted as Hispanic) do; use mutually "
                  "exclusive groups";
  if (!overlap.alternatives.empty()) {
    w += ", such as ";
    for (std::size_t i = 0; i < overlap.alternatives.size(); ++i) w += (i ? ", " : "") + overlap.alternatives[i];
  } else {
    w += " (non-Hispanic race groups plus Hispanic of any race)";
  }
  return w;
}

}  // namespace mobmap
