#include "render/change_map.h"

#include <cmath>
#include <limits>
#include <optional>

#include "analysis/moe.h"
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
  std::vector<bool> has(from.rowCount(), false);
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
      has[i] = true;
      ++present;
      out.weak += weak;
    }
    quality.appendNumber(weak ? 3 : 1);
  }
  if (present == 0)
    throw Error(sourceName + ": no area has '" + request.field + "' in both " + request.fromLabel + " and " + request.toLabel +
                (m == ChangeMeasure::Percent ? " with a " + request.fromLabel + " value other than 0" : std::string()) +
                "; nothing to map");

  // The change's own uncertainty, from the field's margins of error or 95% bounds in both years.
  const SignificanceRequest& sig = request.significance;
  const bool test = sig.level != 0;
  if (test && !(sig.level > 0 && sig.level < 1)) throw UsageError("--significance must lie between 0 and 1 (e.g. 0.90)");
  if (!(request.seFactor > 0 && request.seFactor <= 1)) throw UsageError("the standard-error factor of a change must lie in (0, 1]");
  const UncertaintyFields uFrom = uncertaintyWithDefaults(from, sig.a, request.field);
  const UncertaintyFields uTo = uncertaintyWithDefaults(to, sig.a, request.field);
  if (test && (uFrom.empty() || uTo.empty()))
    throw UsageError("a significance test of a change needs the uncertainty of " + request.field + " in both years: --moe " +
                     request.field + "=MOE_FIELD or --ci " + request.field + "=LB:UB (found no " + request.field +
                     "_moe, nor _lb and _ub, in the " + (uFrom.empty() ? request.fromLabel : request.toLabel) + " rows)");
  std::optional<DerivedUncertainty> uncertainty;
  std::vector<double> seFrom, seTo;
  if (!uFrom.empty() && !uTo.empty()) {
    seFrom = standardErrors(from, uFrom, sourceName + " (" + request.fromLabel + ")");
    seTo = standardErrors(to, uTo, sourceName + " (" + request.toLabel + ")");
    out.uncertainty = uFrom.moe.empty() ? uFrom.lower + ":" + uFrom.upper : uFrom.moe;
    const std::size_t n = from.rowCount();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    DerivedUncertainty u{std::vector<double>(n, nan), std::vector<std::pair<double, double>>(n, {nan, nan}), ""};
    const double f = request.seFactor;
    for (std::size_t i = 0; i < n; ++i) {
      if (!has[i] || !std::isfinite(seFrom[i]) || !std::isfinite(seTo[i])) continue;
      const double value = derived.number(i);
      double moe;
      if (m == ChangeMeasure::Percent)
        moe = 100 * f * analysis::ratioMoe(b.number(i), analysis::kAcsZ * seTo[i], a.number(i), analysis::kAcsZ * seFrom[i]);
      else
        moe = (out.shares ? 100 : 1) * analysis::kAcsZ * f * std::sqrt(seFrom[i] * seFrom[i] + seTo[i] * seTo[i]);
      u.cv[i] = analysis::coefficientOfVariation(value, moe);
      u.interval[i] = {value - moe, value + moe};
    }
    const std::string factor = f != 1 ? " · √(1 − C)" : "";
    u.formula = m == ChangeMeasure::Percent
                    ? "MOE of the percent change: the ACS ratio formula for " + request.toLabel + " / " + request.fromLabel + ", × 100" + factor
                    : "MOE of the change = 1.645 · √(SE_" + request.fromLabel + "² + SE_" + request.toLabel + "²)" + factor;
    uncertainty = std::move(u);
  }
  if (test) {
    out.tested = true;
    const std::size_t n = from.rowCount();
    std::vector<double> va(n, std::numeric_limits<double>::quiet_NaN()), vb = va;
    for (std::size_t i = 0; i < n; ++i)
      if (has[i]) {
        va[i] = b.number(i);
        vb[i] = a.number(i);
      }
    out.test = analysis::testDifferences(va, seTo, vb, seFrom, sig.level, sig.fdr, request.seFactor);
  }

  AttributeTable derivedTable;
  derivedTable.addColumn(std::move(derived));
  if (qa || qb) derivedTable.addColumn(std::move(quality));

  ThematicRequest r = request.base;
  r.field = out.field;
  r.qualityField = qa || qb ? qualityName : "";
  r.moeField.clear();
  r.derivedUncertainty = std::move(uncertainty);
  if (r.style == "choropleth") r.style = "diverging";
  if (!r.overrides.reference) r.overrides.reference = "zero";
  const char* unit = m == ChangeMeasure::Percent ? " (percent)" : m == ChangeMeasure::PercentagePoints ? " (percentage points)" : "";
  const style::MetricInfo* metric = style::MetricCatalog::builtin().find(request.field);
  const std::string label = metric ? metric->label : request.field;
  if (r.legendTitle.empty()) r.legendTitle = "Change in " + label + ", " + span + unit;
  out.map = buildThematicMap(derivedTable, r, sourceName);
  out.map.metricLabel = "Change in " + label + ", " + span;
  out.map.legend.rule = "Red: higher in " + request.toLabel + " than in " + request.fromLabel + ", blue: lower";
  if (!request.base.overrides.reference || *request.base.overrides.reference == "zero") {
    out.map.referenceText = "Reference: no change (0)";
    if (out.map.legend.reference) out.map.legend.reference->label = out.map.referenceText;
  }
  for (LegendEntry& e : out.map.legend.special)
    if (e.label == "No data")
      e.label = m == ChangeMeasure::Percent ? "No data (a year missing, or 0 in " + request.fromLabel + ")" : "No data (a year missing)";
  if (test) {
    SignificanceWording w;
    w.formula = "z = (" + request.toLabel + " − " + request.fromLabel + ") / " + (request.seFactor != 1 ? "(√(1 − C) · " : "") +
                "√(SE_" + request.fromLabel + "² + SE_" + request.toLabel + "²)" + (request.seFactor != 1 ? ")" : "");
    w.notSignificant = "Change not significant";
    w.extra = request.seFactorText.empty() ? "" : "; " + request.seFactorText;
    out.significanceText = markNotSignificant(out.map, out.test, has, sig.level, sig.fdr, w);
  }
  return out;
}

}  // namespace mobmap::render
