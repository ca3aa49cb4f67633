#include "render/comparison_map.h"

#include <cmath>
#include <limits>

#include "analysis/moe.h"
#include "analysis/multiple_testing.h"
#include "core/error.h"
#include "core/text.h"
#include "render/number_format.h"
#include "style/view_palettes.h"

namespace mobmap::render {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Per-row standard errors of one side from its MOE field or its 95% bounds; NaN where unknown.
std::vector<double> standardErrors(const AttributeTable& table, const UncertaintyFields& u, const std::string& sourceName) {
  const std::size_t n = table.rowCount();
  std::vector<double> se(n, kNaN);
  auto known = [](const Column& c, std::size_t i) { return !c.isMissing(i) && std::isfinite(c.number(i)); };
  if (!u.moe.empty()) {
    const Column& m = requireNumericField(table, u.moe, sourceName, "a margin of error must be numeric");
    for (std::size_t i = 0; i < n; ++i)
      if (known(m, i) && m.number(i) >= 0) se[i] = analysis::standardErrorFromMoe(m.number(i));
  } else {
    const Column& lb = requireNumericField(table, u.lower, sourceName, "a confidence bound must be numeric");
    const Column& ub = requireNumericField(table, u.upper, sourceName, "a confidence bound must be numeric");
    for (std::size_t i = 0; i < n; ++i)
      if (known(lb, i) && known(ub, i) && ub.number(i) >= lb.number(i))
        se[i] = analysis::standardErrorFromBounds(lb.number(i), ub.number(i));
  }
  return se;
}

std::string levelPercent(double level) { return formatNumber(std::round(level * 1000) / 10) + "%"; }

}  // namespace

ComparisonMap buildComparisonMap(const AttributeTable& table, const ComparisonRequest& request, const std::string& sourceName) {
  const bool reference = request.kind == Comparison::Reference;
  const Column& a = requireNumericField(table, request.fieldA, sourceName, "a gap or ratio needs numbers");
  const Column& b = reference ? a : requireNumericField(table, request.fieldB, sourceName, "a gap or ratio needs numbers");
  const Column* qa = table.find(request.fieldA + "_quality");
  const Column* qb = reference ? nullptr : table.find(request.fieldB + "_quality");
  const bool gap = request.kind == Comparison::Gap;
  const SignificanceRequest& sig = request.significance;
  const bool test = sig.level != 0;
  if (test && !(sig.level > 0 && sig.level < 1)) throw UsageError("--significance must lie between 0 and 1 (e.g. 0.90)");
  // A side without named uncertainty fields uses <field>_moe (ACS; the Census API's ...M for ...E), else
  // <field>_lb and <field>_ub (Urban).
  auto withDefaults = [&table](UncertaintyFields u, const std::string& field) {
    if (!u.empty()) return u;
    std::vector<std::string> candidates = {field + "_moe", field + "_MOE"};
    if (field.size() > 1 && field.back() == 'E') candidates.push_back(field.substr(0, field.size() - 1) + "M");  // Census API B17001_002E/M
    for (const std::string& c : candidates)
      if (table.find(c)) {
        u.moe = c;
        return u;
      }
    if (table.find(field + "_lb") && table.find(field + "_ub")) {
      u.lower = field + "_lb";
      u.upper = field + "_ub";
    }
    return u;
  };
  const UncertaintyFields uncertaintyA = test ? withDefaults(sig.a, request.fieldA) : sig.a;
  const UncertaintyFields uncertaintyB = test && !reference ? withDefaults(sig.b, request.fieldB) : sig.b;
  if (test && (uncertaintyA.empty() || (!reference && uncertaintyB.empty())))
    throw UsageError("a significance test needs the uncertainty of " + std::string(reference ? "the field" : "both fields") +
                     ": --moe A=A_MOE" + (reference ? "" : ",B=B_MOE") + " or --ci A=LB:UB" + (reference ? "" : ",B=LB:UB") +
                     " (found no " + (uncertaintyA.empty() ? request.fieldA : request.fieldB) + "_moe, nor _lb and _ub)");
  if (reference && !(request.referenceMoe >= 0)) throw UsageError("--reference-moe must be 0 or more");

  ComparisonMap out;
  const std::string refText = request.referenceLabel.empty() ? formatNumber(request.referenceValue) : request.referenceLabel;
  out.field = reference ? request.fieldA : request.fieldA + (gap ? " − " : " / ") + request.fieldB;
  const std::string qualityName = out.field + " quality";
  Column derived(out.field, FieldType::Real), quality(qualityName, FieldType::Integer);
  std::size_t present = 0;
  const std::size_t n = table.rowCount();
  std::vector<bool> has(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    const bool hasA = !a.isMissing(i) && std::isfinite(a.number(i)), hasB = !b.isMissing(i) && std::isfinite(b.number(i));
    out.missingA += !hasA;
    if (!reference) out.missingB += !hasB;
    auto weakFlag = [i](const Column* q) { return q && q->isNumeric() && !q->isMissing(i) && q->number(i) >= 3; };
    const bool weak = weakFlag(qa) || weakFlag(qb);
    if (hasA && hasB && !gap && !reference && b.number(i) == 0) ++out.zeroDenominator;
    if (!hasA || !hasB || (!gap && !reference && b.number(i) == 0)) {
      derived.appendMissing();
    } else {
      derived.appendNumber(reference ? a.number(i) : gap ? a.number(i) - b.number(i) : a.number(i) / b.number(i));
      has[i] = true;
      ++present;
      out.weak += weak;
    }
    quality.appendNumber(weak ? 3 : 1);
  }
  if (present == 0)
    throw Error(sourceName + ": no area has " +
                (reference ? "a value of '" + request.fieldA + "'"
                           : "both '" + request.fieldA + "' and '" + request.fieldB + "'" + (gap ? "" : " with " + request.fieldB + " other than 0")) +
                "; nothing to map");

  // The test, before the map, so that bad uncertainty fields fail early.
  std::size_t testedAreas = 0;
  if (test) {
    out.tested = true;
    const std::vector<double> seA = standardErrors(table, uncertaintyA, sourceName);
    const std::vector<double> seB = reference ? std::vector<double>(n, analysis::standardErrorFromMoe(request.referenceMoe))
                                              : standardErrors(table, uncertaintyB, sourceName);
    out.z.assign(n, kNaN);
    out.p.assign(n, kNaN);
    out.pAdjusted.assign(n, kNaN);
    out.significant.assign(n, -1);
    std::vector<double> pTested;
    std::vector<std::size_t> rowsTested;
    for (std::size_t i = 0; i < n; ++i) {
      if (!has[i]) continue;
      const double other = reference ? request.referenceValue : b.number(i);
      const std::optional<double> z = analysis::differenceZ(a.number(i), seA[i], other, seB[i]);
      if (!z) {
        ++out.untestedCount;
        continue;
      }
      out.z[i] = *z;
      out.p[i] = analysis::twoSidedP(*z);
      pTested.push_back(out.p[i]);
      rowsTested.push_back(i);
    }
    testedAreas = rowsTested.size();
    out.criticalZ = analysis::criticalZ(sig.level);
    const std::vector<double> adjusted = analysis::adjustPValues(pTested, sig.fdr ? analysis::PCorrection::FalseDiscoveryRate
                                                                                  : analysis::PCorrection::None);
    for (std::size_t k = 0; k < rowsTested.size(); ++k) {
      const std::size_t i = rowsTested[k];
      out.pAdjusted[i] = adjusted[k];
      const bool significant = sig.fdr ? adjusted[k] <= 1 - sig.level : std::fabs(out.z[i]) > out.criticalZ;
      out.significant[i] = significant ? 1 : 0;
      (significant ? out.significantCount : out.notSignificantCount) += 1;
    }
  }

  AttributeTable derivedTable;
  derivedTable.addColumn(std::move(derived));
  if (qa || qb) derivedTable.addColumn(std::move(quality));

  ThematicRequest r = request.base;
  r.field = out.field;
  r.qualityField = qa || qb ? qualityName : "";
  r.moeField.clear();
  if (r.style == "choropleth") r.style = "diverging";
  if (!r.overrides.reference) r.overrides.reference = reference ? formatNumber(request.referenceValue) : gap ? "zero" : "parity";
  if (r.legendTitle.empty()) r.legendTitle = reference ? request.fieldA + " against " + refText : gap ? "Gap: " + out.field : "Ratio: " + out.field;
  out.map = buildThematicMap(derivedTable, r, sourceName);
  out.map.legend.rule = reference ? "Red: above the reference, blue: below"
                                  : "Red: " + request.fieldA + " above " + request.fieldB + ", blue: below";
  for (LegendEntry& e : out.map.legend.special)
    if (e.label == "No data")
      e.label = reference ? "No data" : gap ? "No data (either value missing)" : "No data (either missing, or divisor 0)";

  if (test) {
    // Not significant and untested areas leave their class for neutral swatches of their own.
    ThematicMap& m = out.map;
    const style::LisaColors& colors = style::ViewPalettes::builtin().lisa();
    const int notSignificantFill = static_cast<int>(m.fills.size());
    m.fills.push_back(Fill{colors.notSignificant});
    const int untestedFill = static_cast<int>(m.fills.size());
    m.fills.push_back(Fill{colors.island});
    std::vector<std::size_t>& counts = m.classification.counts;
    for (std::size_t i = 0; i < n; ++i) {
      if (!has[i] || out.significant[i] == 1) continue;
      const int cls = m.fillIndex[i];
      if (cls >= 0 && cls < static_cast<int>(counts.size())) {
        --counts[static_cast<std::size_t>(cls)];
        --m.legend.classes[static_cast<std::size_t>(cls)].count;
      } else {
        // Suppressed (low quality, with --suppress-low-quality): stays in its own class, out of the test's counts.
        (out.significant[i] == 0 ? out.notSignificantCount : out.untestedCount) -= 1;
        out.significant[i] = -1;
        continue;
      }
      m.fillIndex[i] = out.significant[i] == 0 ? notSignificantFill : untestedFill;
    }
    out.significanceText = "Significance: differences tested at " + levelPercent(sig.level) +
                           (reference ? " (z = (A − R) / √(SE_A² + SE_R²), R = " + formatNumber(request.referenceValue) +
                                            " ± " + formatNumber(request.referenceMoe) + ", "
                                      : " (z = (A − B) / √(SE_A² + SE_B²), ") +
                           (sig.fdr ? "Benjamini–Hochberg false discovery rate over " + std::to_string(testedAreas) + " areas"
                                    : "|z| > " + formatNumber(out.criticalZ) + ", no correction for multiple comparisons") +
                           "); " + std::to_string(out.notSignificantCount) + " not significant";
    if (out.untestedCount > 0) out.significanceText += ", " + std::to_string(out.untestedCount) + " not tested";
    m.methodText += "; " + out.significanceText;
    const std::string what = reference ? "Not significantly different from " + refText : "Difference not significant";
    LegendEntry ns{what + " (" + levelPercent(sig.level) + (sig.fdr ? ", FDR" : "") + ")", out.notSignificantCount,
                   m.fills[static_cast<std::size_t>(notSignificantFill)]};
    auto at = m.legend.special.begin();
    if (at != m.legend.special.end()) ++at;  // after "No data"
    at = m.legend.special.insert(at, ns);
    if (out.untestedCount > 0)
      m.legend.special.insert(at + 1, LegendEntry{"Not tested (no margin of error)", out.untestedCount,
                                                  m.fills[static_cast<std::size_t>(untestedFill)]});
  }
  return out;
}

}  // namespace mobmap::render
