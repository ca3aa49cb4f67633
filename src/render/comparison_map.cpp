#include "render/comparison_map.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "analysis/moe.h"
#include "core/error.h"
#include "core/metric_columns.h"
#include "core/text.h"
#include "render/number_format.h"

namespace mobmap::render {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

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

// Draws the areas whose difference is not significant (and those not tested) in neutral classes of their own.
void markNotSignificant(ComparisonMap& out, const ComparisonRequest& request, const std::vector<bool>& has, const std::string& refText) {
  const SignificanceRequest& sig = request.significance;
  const bool reference = request.kind == Comparison::Reference;
  SignificanceWording w;
  w.formula = reference ? "z = (A − R) / √(SE_A² + SE_R²), R = " + formatNumber(request.referenceValue) + " ± " +
                              formatNumber(request.referenceMoe)
                        : "z = (A − B) / √(SE_A² + SE_B²)";
  w.notSignificant = reference ? "Not significantly different from " + refText : "Difference not significant";
  out.significanceText = render::markNotSignificant(out.map, out.test, has, sig.level, sig.fdr, w);
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
  const UncertaintyFields uncertaintyA = uncertaintyWithDefaults(table, sig.a, request.fieldA);
  const UncertaintyFields uncertaintyB = reference ? sig.b : uncertaintyWithDefaults(table, sig.b, request.fieldB);
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
  // The standard errors of both sides, before the map, so that bad uncertainty fields fail early. Without a
  // test, uncertainty columns found by name that cannot be read leave the map without a derived MOE.
  std::vector<double> seA, seB;
  const bool bothSides = !uncertaintyA.empty() && (reference || !uncertaintyB.empty());
  if (bothSides) {
    try {
      seA = standardErrors(table, uncertaintyA, sourceName);
      seB = reference ? std::vector<double>(n, analysis::standardErrorFromMoe(request.referenceMoe))
                      : standardErrors(table, uncertaintyB, sourceName);
    } catch (const Error&) {
      if (test) throw;
      seA.clear();
      seB.clear();
    }
  }
  if (test) {
    out.tested = true;
    std::vector<double> va(n, kNaN), vb(n, kNaN);
    for (std::size_t i = 0; i < n; ++i)
      if (has[i]) {
        va[i] = a.number(i);
        vb[i] = reference ? request.referenceValue : b.number(i);
      }
    out.test = analysis::testDifferences(va, seA, vb, seB, sig.level, sig.fdr);
  }
  // The derived value's own margin of error (ACS handbook, ch. 8): a gap's √(MOE_A² + MOE_B²), a ratio's
  // √(MOE_A² + R²·MOE_B²) / B, a value tested against a reference its own; with its CV for hatching and its 90%
  // interval (on the classified scale, log2 for ratios) for the class-limit crossing shares.
  std::optional<DerivedUncertainty> uncertainty;
  if (!seA.empty()) {
    DerivedUncertainty u{std::vector<double>(n, kNaN), std::vector<std::pair<double, double>>(n, {kNaN, kNaN}), ""};
    for (std::size_t i = 0; i < n; ++i) {
      if (!has[i] || !std::isfinite(seA[i]) || (!reference && !std::isfinite(seB[i]))) continue;
      const double x = a.number(i);
      if (reference) {
        const double moe = analysis::kAcsZ * seA[i];
        u.cv[i] = analysis::coefficientOfVariation(x, moe);
        u.interval[i] = {x - moe, x + moe};
      } else if (gap) {
        const double d = x - b.number(i), moe = analysis::kAcsZ * std::sqrt(seA[i] * seA[i] + seB[i] * seB[i]);
        u.cv[i] = analysis::coefficientOfVariation(d, moe);
        u.interval[i] = {d - moe, d + moe};
      } else {
        const double y = b.number(i), ratio = x / y;
        const double moe = analysis::ratioMoe(x, analysis::kAcsZ * seA[i], y, analysis::kAcsZ * seB[i]);
        u.cv[i] = analysis::coefficientOfVariation(ratio, moe);
        const double lo = ratio - moe, hi = ratio + moe;
        u.interval[i] = {lo > 0 ? std::log2(lo) : std::numeric_limits<double>::lowest(), std::log2(hi)};
      }
    }
    u.formula = reference ? "" : gap ? "MOE of the gap = √(MOE_A² + MOE_B²)" : "MOE of the ratio R = A / B: √(MOE_A² + R²·MOE_B²) / B";
    uncertainty = std::move(u);
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
  if (gap && !r.overrides.reference) r.overrides.reference = reference ? formatNumber(request.referenceValue) : "zero";
  if (!gap) r.overrides.reference = logReference(r.overrides.reference.value_or("parity"));
  if (r.legendTitle.empty())
    r.legendTitle = reference ? request.fieldA + " against " + refText : gap ? "Gap: " + out.field : "Ratio: " + out.field;
  out.map = buildThematicMap(derivedTable, r, sourceName);
  out.map.classifiedField.clear();  // its classes are of the gap or ratio, even when named after field A
  out.map.legend.rule = reference ? "Red: above the reference, blue: below"
                                  : "Red: " + request.fieldA + " above " + request.fieldB + ", blue: below";
  for (LegendEntry& e : out.map.legend.special)
    if (e.label == "No data")
      e.label = reference ? "No data" : "No data (either value missing)";
  if (gap) {
    if (test) markNotSignificant(out, request, has, refText);
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
  if (test) markNotSignificant(out, request, has, refText);
  return out;
}

}  // namespace mobmap::render
