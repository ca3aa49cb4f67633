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

QualityFlag qualityFlagOfNumber(double flag) {
  if (flag == 1) return QualityFlag::Strong;
  if (flag == 2) return QualityFlag::Marginal;
  if (flag == 3) return QualityFlag::Weak;
  return QualityFlag::None;
}

QualityFlag qualityFlagOfText(std::string_view cell) {
  std::string_view t = trim(cell);
  if (equalsIgnoreCase(t, "strong")) return QualityFlag::Strong;
  if (equalsIgnoreCase(t, "marginal")) return QualityFlag::Marginal;
  if (equalsIgnoreCase(t, "weak")) return QualityFlag::Weak;
  if (auto v = parseNumber(t)) return qualityFlagOfNumber(*v);
  return QualityFlag::None;
}

QualityFlag qualityFlag(const Column& column, std::size_t row) {
  if (row >= column.size() || column.isMissing(row)) return QualityFlag::None;
  return column.isNumeric() ? qualityFlagOfNumber(column.number(row)) : qualityFlagOfText(column.text(row));
}

bool isWeakQuality(const Column* column, std::size_t row) {
  return column && qualityFlag(*column, row) == QualityFlag::Weak;
}

bool holdsQualityFlags(const Column& column) {
  bool any = false;
  for (std::size_t r = 0; r < column.size(); ++r) {
    if (column.isMissing(r)) continue;
    if (qualityFlag(column, r) == QualityFlag::None) return false;
    any = true;
  }
  return any;
}

std::string_view qualityFlagName(QualityFlag flag) {
  switch (flag) {
    case QualityFlag::Strong: return "strong";
    case QualityFlag::Marginal: return "marginal";
    case QualityFlag::Weak: return "weak";
    case QualityFlag::None: return "";
  }
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

std::string nonAdditiveWarning(const std::string& name, const std::string& how) {
  const std::string kind = nonAdditiveKind(name);
  if (kind.empty()) return "";
  return "'" + name + "' looks like a " + kind + ": it was " + how + " across areas, and the result is not the " + kind +
         " of the combined area (aggregate its counts, or its distribution, instead)";
}

int qualityFlagNumber(QualityFlag flag) {
  switch (flag) {
    case QualityFlag::Strong: return 1;
    case QualityFlag::Marginal: return 2;
    case QualityFlag::Weak: return 3;
    case QualityFlag::None: return 0;
  }
  return 0;
}

std::string qualityLabel(double flag) { return std::string(qualityFlagName(qualityFlagOfNumber(flag))); }

}  // namespace mobmap
