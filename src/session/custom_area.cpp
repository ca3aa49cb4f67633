#include "session/custom_area.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "analysis/moe.h"
#include "analysis/aggregated_layer.h"
#include "analysis/dissolve.h"
#include "core/column_roles.h"
#include "core/error.h"
#include "core/text.h"
#include "io/layer_writer.h"

namespace mobmap::session {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string formatScale(double scale) { return scale == 100 ? "100" : formatNumber(scale); }

}  // namespace

std::vector<std::string> countFields(const Layer& layer) {
  std::vector<std::string> out;
  for (const Column& c : layer.attributes.columns())
    if (columnAdditivity(c).kind == Additivity::Count) out.push_back(c.name());
  return out;
}

CustomAreaRequest customAreaRequest(const ViewSpec& spec, std::string name, std::vector<std::size_t> members) {
  CustomAreaRequest r{std::move(name), std::move(members), {}};
  if (!spec.per.empty()) r.rates.push_back({mappedField(spec), spec.field, spec.per, 100});
  return r;
}

CustomArea buildCustomArea(const Layer& source, const CustomAreaRequest& request) {
  if (trim(request.name).empty()) throw Error("a custom area needs a name");
  if (request.members.empty()) throw Error("custom area '" + request.name + "': no areas picked");
  for (std::size_t m : request.members)
    if (m >= source.featureCount())
      throw Error("custom area '" + request.name + "': area " + std::to_string(m) + " is not in the layer");

  const std::vector<analysis::DissolveArea> areas = {{std::string(trim(request.name)), request.members}};
  const AttributeTable& t = source.attributes;
  analysis::AggregationRequest agg;
  std::vector<std::pair<std::string, std::string>> notAdditive;  // column, why
  const std::optional<std::string> population = populationColumn(t);
  auto isRate = [&](const std::string& n) {
    return std::any_of(request.rates.begin(), request.rates.end(), [&](const CustomAreaRate& r) { return r.name == n; });
  };
  for (const Column& c : t.columns()) {
    const ColumnAdditivity a = columnAdditivity(c);
    if (isRate(c.name()) || (!c.isNumeric() && a.why == "text")) continue;
    if (a.kind == Additivity::Count) {
      agg.sumFields.push_back(c.name());
    } else if (a.kind == Additivity::Share && population) {
      agg.meanFields.push_back(c.name());
    } else if (a.kind == Additivity::Share) {
      notAdditive.emplace_back(c.name(), a.why + ", and the layer has no population column to weight it by");
    } else if (a.why != "a margin of error or quality column") {
      notAdditive.emplace_back(c.name(), a.why);
    }
  }
  for (const CustomAreaRate& r : request.rates) {
    agg.rates.push_back({r.name, r.numerator, r.denominator});
    for (const std::string* f : {&r.numerator, &r.denominator})
      if (std::find(agg.sumFields.begin(), agg.sumFields.end(), *f) == agg.sumFields.end()) agg.sumFields.push_back(*f);
  }
  if (!agg.meanFields.empty()) agg.weightField = *population;
  for (const std::vector<std::string>* list : {&agg.sumFields, &agg.meanFields})
    for (const std::string& f : *list) {
      const Column* moe = t.find(f + "_moe");
      if (moe && moe->isNumeric()) agg.moeFields.emplace_back(f, f + "_moe");
    }

  CustomArea out;
  out.name = areas.front().name;
  out.members = request.members.size();
  Layer merged = analysis::dissolveAreas(source, areas);
  if (agg.sumFields.empty() && agg.meanFields.empty() && agg.rates.empty()) {
    out.layer = std::move(merged);
  } else {
    analysis::AggregationResult result = analysis::aggregateDissolved(source, areas, agg);
    for (analysis::AggregatedField& f : result.fields) {
      CustomAreaValue v;
      v.field = f.name;
      double scale = 1;
      if (f.kind == analysis::FieldKind::Sum) {
        v.rule = CombineRule::Sum;
        v.how = "sum";
      } else if (f.kind == analysis::FieldKind::Mean) {
        v.rule = CombineRule::Weighted;
        v.how = "weighted by " + agg.weightField;
      } else {
        const auto r = std::find_if(request.rates.begin(), request.rates.end(), [&](const CustomAreaRate& x) { return x.name == f.name; });
        scale = r->scale;
        v.rule = CombineRule::Rate;
        v.how = (scale == 1 ? "" : formatScale(scale) + " × ") + r->numerator + " / " + r->denominator;
      }
      for (double& x : f.value) x *= scale;
      for (double& x : f.moe) x *= scale;
      v.value = f.value.empty() ? kNaN : f.value.front();
      v.moe = f.moe.empty() ? kNaN : f.moe.front();
      v.cv = std::isnan(v.moe) || !(v.value > 0) ? kNaN : analysis::coefficientOfVariation(v.value, v.moe);
      v.lowReliability = !std::isnan(v.cv) && v.cv > analysis::kLowReliabilityCv;
      v.missing = f.missing.empty() ? 0 : f.missing.front();
      out.values.push_back(std::move(v));
    }
    std::stable_sort(out.values.begin(), out.values.end(),
                     [](const CustomAreaValue& a, const CustomAreaValue& b) { return static_cast<int>(a.rule) < static_cast<int>(b.rule); });
    out.layer = analysis::aggregatedLayer(merged, result);
  }
  for (const auto& [field, why] : notAdditive)
    out.values.push_back({field, CombineRule::NotAdditive, "not additive: " + why, kNaN, kNaN, kNaN, false, 0});
  out.layer.name = out.name;
  out.mesh = render::tessellateLayer(out.layer.geometry);
  return out;
}

void writeCustomArea(const CustomArea& area, const std::string& path) {
  if (trim(path).empty()) throw Error("no file name to write the custom area to");
  io::writeLayer(area.layer, std::string(trim(path)));
}

void CustomAreaJob::start(const Layer& source, CustomAreaRequest request) {
  const std::string what = "Merging " + std::to_string(request.members.size()) + " areas";
  m_job.start(what, [layer = source, request = std::move(request)](JobControl&) -> Result {
    Result r;
    try {
      r.area = buildCustomArea(layer, request);
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    return r;
  });
}

}  // namespace mobmap::session
