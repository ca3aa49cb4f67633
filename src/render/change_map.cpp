#include "render/change_map.h"

#include <cmath>

#include "core/error.h"
#include "core/text.h"
#include "style/metric_catalog.h"

namespace mobmap::render {

const char* changeMeasureName(ChangeMeasure measure) {
  switch (measure) {
    case ChangeMeasure::Difference: return "difference";
    case ChangeMeasure::PercentagePoints: return "points";
    case ChangeMeasure::Percent: return "percent";
  }
  return "difference";
}

ChangeMeasure parseChangeMeasure(const std::string& name) {
  const std::string n = toLower(name);
  if (n == "difference" || n == "diff") return ChangeMeasure::Difference;
  if (n == "points" || n == "pp" || n == "percentage-points") return ChangeMeasure::PercentagePoints;
  if (n == "percent" || n == "pct") return ChangeMeasure::Percent;
  throw UsageError("unknown measure of change '" + name + "' (use difference, points or percent)");
}

namespace {

// Whether a percentage-point change reads the values as 0-1 shares (true) or 0-100 percentages (false).
bool readsAsShares(const Column& a, const Column& b, const std::string& field, const std::string& sourceName) {
  if (const style::MetricInfo* m = style::MetricCatalog::builtin().find(field)) {
    if (m->unit == "share") return true;
    if (m->unit == "percent") return false;
    throw Error(sourceName + ": '" + field + "' is a " + m->unit + ", not a share or percentage: a percentage-point change "
                "needs one (use --change-as difference or percent)");
  }
  double lo = 0, hi = 0;
  bool any = false;
  for (const Column* c : {&a, &b})
    for (std::size_t i = 0; i < c->size(); ++i) {
      if (c->isMissing(i) || !std::isfinite(c->number(i))) continue;
      const double v = c->number(i);
      lo = any ? std::min(lo, v) : v;
      hi = any ? std::max(hi, v) : v;
      any = true;
    }
  if (any && lo >= 0 && hi <= 1) return true;
  if (any && lo >= 0 && hi <= 100) return false;
  throw Error(sourceName + ": '" + field + "' holds values outside 0-100, so it is not a share or percentage: a "
              "percentage-point change needs one (use --change-as difference or percent)");
}

}  // namespace

ChangeMap buildChangeMap(const AttributeTable& from, const AttributeTable& to, const ChangeRequest& request,
                         const std::string& sourceName) {
  const Column& a = requireNumericField(from, request.field, sourceName + " (" + request.fromLabel + ")", "a change map needs numbers");
  const Column& b = requireNumericField(to, request.field, sourceName + " (" + request.toLabel + ")", "a change map needs numbers");
  if (from.rowCount() != to.rowCount())
    throw Error(sourceName + ": the " + request.fromLabel + " and " + request.toLabel + " rows cover different areas (" +
                std::to_string(from.rowCount()) + " and " + std::to_string(to.rowCount()) + ")");
  const Column* qa = from.find(request.field + "_quality");
  const Column* qb = to.find(request.field + "_quality");

  ChangeMap out;
  const ChangeMeasure m = request.measure;
  if (m == ChangeMeasure::PercentagePoints) out.shares = readsAsShares(a, b, request.field, sourceName);
  const std::string span = request.fromLabel + " to " + request.toLabel;
  out.field = request.field + " change, " + span;
  const std::string qualityName = out.field + " quality";
  Column derived(out.field, FieldType::Real), quality(qualityName, FieldType::Integer);
  std::size_t present = 0;
  for (std::size_t i = 0; i < from.rowCount(); ++i) {
    const bool hasA = !a.isMissing(i) && std::isfinite(a.number(i)), hasB = !b.isMissing(i) && std::isfinite(b.number(i));
    out.missingFrom += !hasA;
    out.missingTo += !hasB;
    auto weakFlag = [i](const Column* q) { return q && q->isNumeric() && !q->isMissing(i) && q->number(i) >= 3; };
    const bool weak = weakFlag(qa) || weakFlag(qb);
    const bool zeroBase = m == ChangeMeasure::Percent && hasA && hasB && a.number(i) == 0;
    out.zeroBase += zeroBase;
    if (!hasA || !hasB || zeroBase) {
      derived.appendMissing();
    } else {
      const double d = b.number(i) - a.number(i);
      derived.appendNumber(m == ChangeMeasure::Percent ? 100 * d / std::fabs(a.number(i)) : out.shares ? 100 * d : d);
      ++present;
      out.weak += weak;
    }
    quality.appendNumber(weak ? 3 : 1);
  }
  if (present == 0)
    throw Error(sourceName + ": no area has '" + request.field + "' in both " + request.fromLabel + " and " + request.toLabel +
                (m == ChangeMeasure::Percent ? " with a " + request.fromLabel + " value other than 0" : std::string()) +
                "; nothing to map");

  AttributeTable derivedTable;
  derivedTable.addColumn(std::move(derived));
  if (qa || qb) derivedTable.addColumn(std::move(quality));

  ThematicRequest r = request.base;
  r.field = out.field;
  r.qualityField = qa || qb ? qualityName : "";
  r.moeField.clear();
  if (r.style == "choropleth") r.style = "diverging";
  if (!r.overrides.reference) r.overrides.reference = "zero";
  const char* unit = m == ChangeMeasure::Percent ? " (percent)" : m == ChangeMeasure::PercentagePoints ? " (percentage points)" : "";
  const style::MetricInfo* metric = style::MetricCatalog::builtin().find(request.field);
  const std::string label = metric ? metric->label : request.field;
  if (r.legendTitle.empty()) r.legendTitle = "Change in " + label + ", " + span + unit;
  out.map = buildThematicMap(derivedTable, r, sourceName);
  out.map.metricLabel = "Change in " + label + ", " + span;
  out.map.legend.rule = "Red: higher in " + request.toLabel + " than in " + request.fromLabel + ", blue: lower";
  for (LegendEntry& e : out.map.legend.special)
    if (e.label == "No data")
      e.label = m == ChangeMeasure::Percent ? "No data (a year missing, or 0 in " + request.fromLabel + ")" : "No data (a year missing)";
  return out;
}

}  // namespace mobmap::render
