#include "render/comparison_map.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/moe.h"
#include "analysis/multiple_testing.h"
#include "core/error.h"
#include "core/metric_columns.h"
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

// A ratio as a legend shows it: enough significant digits to tell ½ from ⅓ and 2 from 3 ("0.25", "1.5", "12").
std::string ratioText(double r, int digits) {
  if (r == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(r))));
  const int decimals = std::clamp(digits - 1 - magnitude, 0, 6);
  return groupThousands(formatNumber(std::round(r * std::pow(10.0, decimals)) / std::pow(10.0, decimals)));
}

// The fewest significant digits (2 to 6) that keep adjacent ratio breaks distinct.
int ratioDigits(const std::vector<double>& breaks) {
  for (int d = 2; d < 6; ++d) {
    bool distinct = true;
    for (std::size_t i = 1; i < breaks.size() && distinct; ++i)
      distinct = breaks[i] == breaks[i - 1] || ratioText(breaks[i], d) != ratioText(breaks[i - 1], d);
    if (distinct) return d;
  }
  return 6;
}

// The --reference of a ratio map as a log2 value: "parity" (1), or a positive number.
std::string logReference(const std::string& reference) {
  if (reference.empty() || reference == "parity") return "zero";
  if (auto n = parseNumber(reference); n && *n > 0) return formatNumber(std::log2(*n));
  throw UsageError("--reference of a ratio map must be parity or a positive ratio; got '" + reference + "'");
}

// Moves the areas whose difference is not significant (and those not tested) out of their classes into neutral
// swatches of their own, and says so in the legend and the source line.
void markNotSignificant(ComparisonMap& out, const ComparisonRequest& request, const std::vector<bool>& has, std::size_t testedAreas,
                        const std::string& refText) {
  const SignificanceRequest& sig = request.significance;
  const bool reference = request.kind == Comparison::Reference;
  const std::size_t n = has.size();
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
                 m.fills[static_cast<std::size_t>(notSignificantFill)], SwatchKind::NotSignificant};
  auto at = m.legend.special.begin();
  if (at != m.legend.special.end()) ++at;  // after "No data"
  at = m.legend.special.insert(at, ns);
  if (out.untestedCount > 0)
    m.legend.special.insert(at + 1, LegendEntry{"Not tested (no margin of error)", out.untestedCount,
                                                m.fills[static_cast<std::size_t>(untestedFill)], SwatchKind::Missing});
}

}  // namespace

ComparisonMap buildComparisonMap(const AttributeTable& table, const ComparisonRequest& request, const std::string& sourceName) {
  const bool reference = request.kind == Comparison::Reference;
  const Column& a = requireNumericField(table, request.fieldA, sourceName, "a gap or ratio needs numbers");
  const Column& b = reference ? a : requireNumericField(table, request.fieldB, sourceName, "a gap or ratio needs numbers");
  const Column* qa = table.find(request.fieldA + "_quality");
  const Column* qb = reference ? nullptr : table.find(request.fieldB + "_quality");
  const bool gap = request.kind == Comparison::Gap || reference;  // a reference comparison maps A itself, linearly
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
  // A ratio is classed on its log2: 1/2 and 2 lie equally far from parity, and no class can be negative.
  Column derived(out.field, FieldType::Real), quality(qualityName, FieldType::Integer);
  std::vector<bool> absent(table.rowCount(), false);
  const std::size_t n = table.rowCount();
  std::vector<bool> has(n, false);
  std::size_t present = 0;
  // A zero ratio sits one step (a halving) below the smallest positive ratio, in the lowest class.
  double minLog = INFINITY;
  if (!gap)
    for (std::size_t i = 0; i < table.rowCount(); ++i)
      if (!a.isMissing(i) && !b.isMissing(i) && a.number(i) > 0 && b.number(i) > 0 && std::isfinite(a.number(i) / b.number(i)))
        minLog = std::min(minLog, std::log2(a.number(i) / b.number(i)));
  const double zeroLog = std::isfinite(minLog) ? minLog - 1 : -1;
  for (std::size_t i = 0; i < table.rowCount(); ++i) {
    const bool hasA = !a.isMissing(i) && std::isfinite(a.number(i)), hasB = !b.isMissing(i) && std::isfinite(b.number(i));
    out.missingA += !hasA;
    if (!reference) out.missingB += !hasB;
    const bool weak = isWeakQuality(qa, i) || isWeakQuality(qb, i);
    if (hasA && hasB && !gap && b.number(i) == 0) {
      ++out.zeroDenominator;
      absent[i] = true;
    }
    if (!hasA || !hasB || absent[i] || (!gap && (a.number(i) < 0 || b.number(i) < 0))) {
      derived.appendMissing();
    } else if (gap) {
      derived.appendNumber(reference ? a.number(i) : a.number(i) - b.number(i));
      has[i] = true;
      ++present;
      out.weak += weak;
    } else {
      const double ratio = a.number(i) / b.number(i);
      out.zeroNumerator += ratio == 0;
      derived.appendNumber(ratio > 0 ? std::log2(ratio) : zeroLog);
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
  if (gap && !r.overrides.reference) r.overrides.reference = reference ? formatNumber(request.referenceValue) : "zero";
  if (!gap) r.overrides.reference = logReference(r.overrides.reference.value_or("parity"));
  if (r.legendTitle.empty())
    r.legendTitle = reference ? request.fieldA + " against " + refText : gap ? "Gap: " + out.field : "Ratio: " + out.field;
  out.map = buildThematicMap(derivedTable, r, sourceName);
  out.map.legend.rule = reference ? "Red: above the reference, blue: below"
                                  : "Red: " + request.fieldA + " above " + request.fieldB + ", blue: below";
  for (LegendEntry& e : out.map.legend.special)
    if (e.label == "No data")
      e.label = reference ? "No data" : "No data (either value missing)";
  if (gap) {
    if (test) markNotSignificant(out, request, has, testedAreas, refText);
    return out;
  }

  // Back from log2 to ratios: breaks, class labels, the reference.
  analysis::Classification& c = out.map.classification;
  for (double& v : c.breaks) v = std::exp2(v);
  if (out.zeroNumerator > 0) c.breaks.front() = 0;
  const int digits = ratioDigits(c.breaks);
  for (std::size_t i = 0; i < out.map.legend.classes.size() && i + 1 < c.breaks.size(); ++i)
    out.map.legend.classes[i].label = (i == 0 ? "" : "> ") + ratioText(c.breaks[i], digits) + " – " + ratioText(c.breaks[i + 1], digits);
  const double referenceRatio = request.base.overrides.reference && *request.base.overrides.reference != "parity"
                                    ? *parseNumber(*request.base.overrides.reference)
                                    : 1.0;
  out.map.referenceText = referenceRatio == 1.0 ? "Reference: parity (1.0)" : "Reference: ratio " + formatNumber(referenceRatio);
  if (out.map.legend.reference) out.map.legend.reference->label = out.map.referenceText;
  out.map.methodText += ", on a log scale around the reference (1/2 and 2 equally far from parity)";

  // B = 0: the comparison group is absent, which is not missing data; its own swatch and count.
  if (out.zeroDenominator > 0) {
    const int absentIndex = static_cast<int>(out.map.fills.size());
    out.map.fills.push_back(out.map.absentFill);
    for (std::size_t i = 0; i < absent.size(); ++i)
      if (absent[i] && out.map.fillIndex[i] != absentIndex) {
        out.map.fillIndex[i] = absentIndex;
        --out.map.missing;
      }
    auto at = std::find_if(out.map.legend.special.begin(), out.map.legend.special.end(),
                           [](const LegendEntry& e) { return e.kind == SwatchKind::Missing; });
    if (at != out.map.legend.special.end()) at++->count = out.map.missing;
    out.map.legend.special.insert(at, {"Comparison group absent (" + request.fieldB + " = 0)", out.zeroDenominator,
                                       out.map.fills.back(), SwatchKind::Absent});
    out.map.sourceNotes.push_back(std::to_string(out.zeroDenominator) + (out.zeroDenominator == 1 ? " area" : " areas") + " where " + request.fieldB +
                                  " = 0: comparison group absent");
  }
  if (test) markNotSignificant(out, request, has, testedAreas, refText);
  return out;
}

}  // namespace mobmap::render
