#include "analysis/aggregated_layer.h"

#include <cmath>

#include "analysis/moe.h"

namespace mobmap::analysis {

namespace {

// `name`, or `name_agg` (then `name_agg2`, ...) when the table already has it.
std::string freeName(const AttributeTable& table, const std::string& name) {
  if (!table.find(name)) return name;
  std::string candidate = name + "_agg";
  for (int k = 2; table.find(candidate); ++k) candidate = name + "_agg" + std::to_string(k);
  return candidate;
}

void addNumbers(AttributeTable& table, const std::string& name, FieldType type, const std::vector<double>& values) {
  Column c(freeName(table, name), type);
  for (double v : values) {
    if (std::isfinite(v)) c.appendNumber(v);
    else c.appendMissing();
  }
  table.addColumn(std::move(c));
}

}  // namespace

Layer aggregatedLayer(const Layer& target, const AggregationResult& result) {
  Layer out = target;
  AttributeTable& t = out.attributes;
  for (const AggregatedField& f : result.fields) {
    const std::string name = freeName(t, f.name);
    addNumbers(t, name, FieldType::Real, f.value);
    if (f.moe.empty()) continue;
    std::vector<double> cv(f.value.size()), low(f.value.size());
    for (std::size_t j = 0; j < f.value.size(); ++j) {
      const bool known = std::isfinite(f.value[j]) && std::isfinite(f.moe[j]);
      cv[j] = known ? coefficientOfVariation(f.value[j], f.moe[j]) : NAN;
      low[j] = known ? (isLowReliability(f.value[j], f.moe[j]) ? 1 : 0) : NAN;
    }
    addNumbers(t, name + "_moe", FieldType::Real, f.moe);
    addNumbers(t, name + "_cv", FieldType::Real, cv);
    addNumbers(t, name + "_low_cv", FieldType::Integer, low);
  }
  std::vector<double> n(result.sourcesPerTarget.begin(), result.sourcesPerTarget.end());
  addNumbers(t, "n_sources", FieldType::Integer, n);
  addNumbers(t, "coverage", FieldType::Real, result.coverage);
  return out;
}

}  // namespace mobmap::analysis
