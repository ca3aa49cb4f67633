#include "session/custom_area.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "analysis/moe.h"
#include "analysis/aggregated_layer.h"
#include "analysis/dissolve.h"
#include "core/error.h"
#include "core/text.h"
#include "io/layer_writer.h"

namespace mobmap::session {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool looksLikeNonCount(const std::string& name) {
  const std::string n = toLower(name);
  if (n == "id" || n.ends_with("_id") || n.ends_with("id") || n.find("fips") != std::string::npos ||
      n.find("geoid") != std::string::npos || n == "objectid" || n == "year" || n == "n_sources")
    return true;
  for (const char* suffix : {"_moe", "_lb", "_ub", "_quality", "_cv", "_low_cv"})
    if (n.ends_with(suffix)) return true;
  if (n.starts_with("shape_")) return true;
  for (const char* word : {"median", "mean", "avg", "rate", "pct", "percent", "share", "ratio", "index", "per_"})
    if (n.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace

std::vector<std::string> countFields(const Layer& layer) {
  std::vector<std::string> out;
  for (const Column& c : layer.attributes.columns()) {
    if (!c.isNumeric() || looksLikeNonCount(c.name())) continue;
    bool counts = true, any = false;
    for (std::size_t r = 0; r < layer.featureCount() && counts; ++r) {
      std::optional<double> v = c.optionalNumber(r);
      if (!v) continue;
      any = true;
      counts = *v >= 0 && std::floor(*v) == *v;
    }
    if (counts && any) out.push_back(c.name());
  }
  return out;
}

CustomArea buildCustomArea(const Layer& source, const CustomAreaRequest& request) {
  if (trim(request.name).empty()) throw Error("a custom area needs a name");
  if (request.members.empty()) throw Error("custom area '" + request.name + "': no areas picked");
  for (std::size_t m : request.members)
    if (m >= source.featureCount())
      throw Error("custom area '" + request.name + "': area " + std::to_string(m) + " is not in the layer");

  const std::vector<analysis::DissolveArea> areas = {{std::string(trim(request.name)), request.members}};
  analysis::AggregationRequest agg;
  agg.sumFields = countFields(source);
  for (const std::string& f : agg.sumFields) {
    const Column* moe = source.attributes.find(f + "_moe");
    if (moe && moe->isNumeric()) agg.moeFields.emplace_back(f, f + "_moe");
  }

  CustomArea out;
  out.name = areas.front().name;
  out.members = request.members.size();
  Layer merged = analysis::dissolveAreas(source, areas);
  const analysis::AggregationResult result = analysis::aggregateDissolved(source, areas, agg);
  out.layer = analysis::aggregatedLayer(merged, result);
  out.layer.name = out.name;
  for (const analysis::AggregatedField& f : result.fields) {
    CustomAreaValue v;
    v.field = f.name;
    v.value = f.value.empty() ? kNaN : f.value.front();
    v.moe = f.moe.empty() ? kNaN : f.moe.front();
    v.cv = std::isnan(v.moe) || !(v.value > 0) ? kNaN : analysis::coefficientOfVariation(v.value, v.moe);
    v.lowReliability = !std::isnan(v.cv) && v.cv > analysis::kLowReliabilityCv;
    v.missing = f.missing.empty() ? 0 : f.missing.front();
    out.values.push_back(std::move(v));
  }
  out.mesh = render::tessellateLayer(out.layer.geometry);
  return out;
}

void writeCustomArea(const CustomArea& area, const std::string& path) {
  if (trim(path).empty()) throw Error("no file name to write the custom area to");
  io::writeLayer(area.layer, std::string(trim(path)));
}

CustomAreaJob::~CustomAreaJob() {
  if (m_future.valid()) m_future.wait();
}

void CustomAreaJob::start(const Layer& source, CustomAreaRequest request) {
  if (m_future.valid()) m_future.wait();
  m_future = std::async(std::launch::async, [layer = source, request = std::move(request)]() -> Result {
    Result r;
    try {
      r.area = buildCustomArea(layer, request);
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    return r;
  });
}

std::optional<CustomAreaJob::Result> CustomAreaJob::takeResult() {
  if (!m_future.valid()) return std::nullopt;
  if (m_future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  return m_future.get();
}

}  // namespace mobmap::session
