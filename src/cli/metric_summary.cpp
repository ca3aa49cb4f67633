#include "cli/detail/metric_summary.h"

#include <algorithm>

#include "style/metric_catalog.h"

namespace mobmap::cli {

namespace {

nlohmann::json orNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

}  // namespace

std::vector<MetricColumns> recognisedMetrics(const std::vector<std::string>& names) {
  const style::MetricCatalog& catalog = style::MetricCatalog::builtin();
  std::vector<MetricColumns> out;
  for (MetricColumns m : detectMetricColumns(names)) {
    const style::MetricInfo* info = catalog.find(m.metric);
    if (info && m.quality.empty())
      for (const std::string& q : info->qualityColumns)
        if (std::find(names.begin(), names.end(), q) != names.end()) {
          m.quality = q;
          break;
        }
    if (info || !m.lower.empty() || !m.upper.empty() || !m.quality.empty()) out.push_back(std::move(m));
  }
  return out;
}

nlohmann::json metricSummaryJson(const std::vector<std::string>& names) {
  const style::MetricCatalog& catalog = style::MetricCatalog::builtin();
  nlohmann::json out = nlohmann::json::array();
  for (const MetricColumns& m : recognisedMetrics(names)) {
    nlohmann::json j = {{"metric", m.metric}, {"lb", orNull(m.lower)}, {"ub", orNull(m.upper)}, {"quality", orNull(m.quality)}};
    if (const style::MetricInfo* info = catalog.find(m.metric)) {
      j["catalog_variable"] = info->variable;
      j["label"] = info->label;
      j["pillar"] = info->pillar;
      j["predictor"] = info->predictor;
      j["unit"] = info->unit;
      j["direction"] = std::string(style::directionName(info->direction));
    }
    out.push_back(std::move(j));
  }
  return out;
}

void printMetricSummary(std::ostream& out, const std::vector<std::string>& names, const std::string& indent) {
  const style::MetricCatalog& catalog = style::MetricCatalog::builtin();
  std::vector<MetricColumns> metrics = recognisedMetrics(names);
  if (metrics.empty()) return;
  out << indent << "Mobility Metrics columns (" << metrics.size() << ")"
      << (hasSubgroupColumns(names) ? ", long format by subgroup_type/subgroup" : "") << ":\n";
  for (const MetricColumns& m : metrics) {
    const style::MetricInfo* info = catalog.find(m.metric);
    out << indent << "  " << m.metric;
    if (info) out << ": " << info->label << " [" << info->pillar << "]";
    if (!m.lower.empty() && !m.upper.empty()) out << "; 95% CI " << m.lower << ".." << m.upper;
    if (!m.quality.empty()) out << "; quality " << m.quality;
    out << "\n";
  }
}

}  // namespace mobmap::cli
