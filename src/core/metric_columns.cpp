#include "core/metric_columns.h"

#include <algorithm>
#include <array>

#include "core/table_typing.h"
#include "core/text.h"

namespace mobmap {

namespace {

bool contains(const std::vector<std::string>& names, const std::string& n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

bool isDescriptive(const std::string& name) {
  static constexpr std::array<std::string_view, 7> keys = {"year", "subgroup_type", "subgroup", "city", "tenure",
                                                          "state_place", "geo_id"};
  std::string n = toLower(name);
  for (std::string_view k : keys)
    if (n == k) return true;
  return isIdLikeName(n) || n.ends_with("_name") || n == "name" || n == "name2";
}

}  // namespace

std::vector<MetricColumns> detectMetricColumns(const std::vector<std::string>& names) {
  std::vector<MetricColumns> out;
  for (const std::string& n : names) {
    if (isDescriptive(n) || n.ends_with("_lb") || n.ends_with("_ub") || n.ends_with("_quality")) continue;
    MetricColumns m{n, "", "", ""};
    if (contains(names, n + "_lb")) m.lower = n + "_lb";
    if (contains(names, n + "_ub")) m.upper = n + "_ub";
    if (contains(names, n + "_quality")) m.quality = n + "_quality";
    out.push_back(std::move(m));
  }
  return out;
}

bool hasSubgroupColumns(const std::vector<std::string>& names) {
  return contains(names, "subgroup_type") && contains(names, "subgroup");
}

std::string qualityLabel(double flag) {
  if (flag == 1) return "strong";
  if (flag == 2) return "marginal";
  if (flag == 3) return "weak";
  return "";
}

std::string nonAdditiveKind(const std::string& name) {
  const std::string n = toLower(name);
  auto has = [&n](std::string_view part) { return n.find(part) != std::string::npos; };
  for (std::string_view table : {"b19013", "b19113", "b25077", "b25064", "b01002", "b25058"})
    if (has(table)) return "median";
  if (has("median") || has("mdn") || n.starts_with("med_") || n.ends_with("_med") || has("_med_") || n.starts_with("medhh") ||
      n.starts_with("medinc"))
    return "median";
  if (has("b19301") || has("per_capita") || has("percapita") || has("per capita") || has("percap") || has("percinc") || n.ends_with("_pc") || n.starts_with("pci") ||
      has("_pci"))
    return "per-capita value";
  return "";
}

}  // namespace mobmap
