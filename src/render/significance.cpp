#include "render/significance.h"

#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/text.h"
#include "render/number_format.h"
#include "style/view_palettes.h"

namespace mobmap::render {

UncertaintyFields uncertaintyWithDefaults(const AttributeTable& table, UncertaintyFields u, const std::string& field) {
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
}

std::vector<double> standardErrors(const AttributeTable& table, const UncertaintyFields& u, const std::string& sourceName) {
  const std::size_t n = table.rowCount();
  std::vector<double> se(n, std::numeric_limits<double>::quiet_NaN());
  auto known = [](const Column& c, std::size_t i) { return !c.isMissing(i) && std::isfinite(c.number(i)); };
  if (!u.moe.empty()) {
    const Column& m = requireNumericField(table, u.moe, sourceName, "a margin of error must be numeric");
    for (std::size_t i = 0; i < n; ++i)
      if (known(m, i) && m.number(i) >= 0) se[i] = analysis::standardErrorFromMoe(m.number(i));
  } else if (!u.lower.empty()) {
    const Column& lb = requireNumericField(table, u.lower, sourceName, "a confidence bound must be numeric");
    const Column& ub = requireNumericField(table, u.upper, sourceName, "a confidence bound must be numeric");
    for (std::size_t i = 0; i < n; ++i)
      if (known(lb, i) && known(ub, i) && ub.number(i) >= lb.number(i))
        se[i] = analysis::standardErrorFromBounds(lb.number(i), ub.number(i));
  }
  return se;
}

std::string levelPercent(double level) { return formatNumber(std::round(level * 1000) / 10) + "%"; }

std::string markNotSignificant(ThematicMap& m, analysis::DifferenceTests& t, const std::vector<bool>& has, double level, bool fdr,
                               const SignificanceWording& wording) {
  const style::LisaColors& colors = style::ViewPalettes::builtin().lisa();
  const int notSignificantFill = static_cast<int>(m.fills.size());
  m.fills.push_back(Fill{colors.notSignificant});
  const int untestedFill = static_cast<int>(m.fills.size());
  m.fills.push_back(Fill{colors.island});
  std::vector<std::size_t>& counts = m.classification.counts;
  for (std::size_t i = 0; i < has.size(); ++i) {
    if (!has[i] || t.significant[i] == 1) continue;
    const int cls = m.fillIndex[i];
    if (cls >= 0 && cls < static_cast<int>(counts.size())) {
      --counts[static_cast<std::size_t>(cls)];
      --m.legend.classes[static_cast<std::size_t>(cls)].count;
    } else {
      // Suppressed (low quality, with --suppress-low-quality): stays in its own class, out of the test's counts.
      (t.significant[i] == 0 ? t.notSignificantCount : t.untestedCount) -= 1;
      t.significant[i] = -1;
      continue;
    }
    m.fillIndex[i] = t.significant[i] == 0 ? notSignificantFill : untestedFill;
    // "Not significant" already says that the value cannot be told from the other: no hatching over it.
    if (t.significant[i] == 0 && i < m.lowQuality.size() && m.lowQuality[i]) {
      m.lowQuality[i] = false;
      --m.lowQualityCount;
    }
  }
  for (LegendEntry& e : m.legend.special)
    if (e.kind == SwatchKind::LowQuality) e.count = m.lowQualityCount;
  // No hatch swatch that marks nothing (every hatched area was not significant).
  if (m.lowQualityCount == 0)
    std::erase_if(m.legend.special, [](const LegendEntry& e) { return e.kind == SwatchKind::LowQuality; });
  std::string text = "Significance: differences tested at " + levelPercent(level) + " (" + wording.formula + ", " +
                     (fdr ? "Benjamini–Hochberg false discovery rate over " + std::to_string(t.tested) + " areas"
                          : "|z| > " + formatNumber(t.criticalZ) + ", no correction for multiple comparisons") +
                     wording.extra + "); " + std::to_string(t.notSignificantCount) + " not significant";
  if (t.untestedCount > 0) text += ", " + std::to_string(t.untestedCount) + " not tested";
  m.methodText += "; " + text;
  LegendEntry ns{wording.notSignificant + " (" + levelPercent(level) + (fdr ? ", FDR" : "") + ")", t.notSignificantCount,
                 m.fills[static_cast<std::size_t>(notSignificantFill)], SwatchKind::NotSignificant};
  auto at = m.legend.special.begin();
  if (at != m.legend.special.end()) ++at;  // after "No data"
  at = m.legend.special.insert(at, ns);
  if (t.untestedCount > 0)
    m.legend.special.insert(at + 1, LegendEntry{"Not tested (no margin of error)", t.untestedCount,
                                                m.fills[static_cast<std::size_t>(untestedFill)], SwatchKind::Missing});
  return text;
}

}  // namespace mobmap::render
