#include "render/thematic_map.h"

#include "analysis/moe.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/text.h"
#include "render/number_format.h"
#include "style/color_ramps.h"
#include "style/metric_catalog.h"

namespace mobmap::render {

namespace {

using analysis::ClassMethod;

// The quality column for a field: explicit, <field>_quality, or one the catalog lists for it.
const Column* findQualityColumn(const AttributeTable& t, const ThematicRequest& r, const style::MetricInfo* metric) {
  if (!r.qualityField.empty()) return &t.require(r.qualityField, "quality field");
  if (const Column* c = t.find(r.field + "_quality")) return c;
  if (metric)
    for (const std::string& q : metric->qualityColumns)
      if (const Column* c = t.find(q)) return c;
  return nullptr;
}

const Column* findMoeColumn(const AttributeTable& t, const ThematicRequest& r) {
  if (!r.moeField.empty()) return &t.require(r.moeField, "margin-of-error field");
  return t.find(r.field + "_moe");
}

// Parses a reference option: a number, "parity" (1), "zero" (0), or "median"/"county"/"national", which use
// the median of the mapped values (the data hold no official county or national value) and say so.
std::pair<double, std::string> resolveReference(const std::string& text, const std::vector<double>& present,
                                                const NumberFormat& fmt) {
  if (text == "parity") return {1.0, "parity (1.0)"};
  if (text == "zero") return {0.0, "zero gap (0)"};
  if (auto n = parseNumber(text)) return {*n, fmt.format(*n)};
  if (text == "median" || text == "county" || text == "national") {
    std::vector<double> v = present;
    std::sort(v.begin(), v.end());
    double median = analysis::quantileType7(v, 0.5);
    return {median, "median of the " + std::to_string(v.size()) + " mapped areas, " + fmt.format(median)};
  }
  throw UsageError("--reference must be a number, parity, zero, median, county or national; got '" + text + "'");
}

std::string directionRule(const style::MetricInfo* metric, style::MapStyle::DarkerMeans rule, bool diverging) {
  const bool directed = metric && metric->direction != style::Direction::Neutral;
  if (diverging) return directed ? "Red = worse, blue = better outcome" : "Red = higher, blue = lower values";
  if (metric && metric->direction != style::Direction::Neutral && rule == style::MapStyle::DarkerMeans::Worse)
    return "Darker = worse outcome";
  return "Darker = higher value";
}

}  // namespace

const Column& requireNumericField(const AttributeTable& table, const std::string& field, const std::string& sourceName,
                                  const std::string& purpose) {
  const Column& column = table.require(field, sourceName);
  if (column.isNumeric()) return column;
  bool any = false;
  for (std::size_t i = 0; i < column.size() && !any; ++i) any = !column.isMissing(i);
  if (!any) throw Error(sourceName + ": field '" + field + "' has no values");
  throw Error(sourceName + ": field '" + field + "' holds text, not numbers; " + purpose);
}

ThematicMap buildThematicMap(const AttributeTable& table, const ThematicRequest& request, const std::string& sourceName) {
  ThematicMap map;
  map.style = style::applyOverrides(style::StyleCatalog::builtin().find(request.style), request.overrides);
  const style::MapStyle& st = map.style;
  const style::RampCatalog& ramps = style::RampCatalog::builtin();
  const style::MetricInfo* metric = style::MetricCatalog::builtin().find(request.field);
  map.metricLabel = metric ? metric->label : request.field;
  const std::string unit = metric ? metric->unit : "";

  const Column& column = table.require(request.field, sourceName);
  if (!column.isNumeric())
    throw Error(sourceName + ": field '" + request.field + "' holds text, not numbers; a choropleth needs a numeric field");
  std::vector<std::optional<double>> values = column.optionalNumbers();
  const std::size_t n = values.size();

  // Low quality: Urban quality flag 3, or ACS CV above the threshold.
  map.lowQuality.assign(n, false);
  const Column* quality = findQualityColumn(table, request, metric);
  const Column* moe = findMoeColumn(table, request);
  for (std::size_t i = 0; i < n; ++i) {
    if (!values[i]) continue;
    bool low = false;
    if (quality && quality->isNumeric() && !quality->isMissing(i)) low = quality->number(i) >= 3;
    if (moe && moe->isNumeric() && !moe->isMissing(i)) {
      double cv = *values[i] != 0 ? (moe->number(i) / 1.645) / std::fabs(*values[i]) : (moe->number(i) > 0 ? INFINITY : 0);
      low = low || cv > request.maxCv;
    }
    map.lowQuality[i] = low;
  }
  std::vector<bool> suppressedRow(n, false);
  if (request.suppressLowQuality)
    for (std::size_t i = 0; i < n; ++i)
      if (map.lowQuality[i]) {
        suppressedRow[i] = true;
        map.lowQuality[i] = false;
        values[i].reset();
      }

  std::vector<double> present;
  for (const auto& v : values)
    if (v) present.push_back(*v);

  ClassMethod method = analysis::parseClassMethod(st.method);
  int classes = st.classes;
  std::vector<double> manual = request.manualBreaks;
  if (method == ClassMethod::Manual && manual.empty()) throw UsageError("method 'manual' needs breaks (--breaks a,b,...)");
  if (method == ClassMethod::Manual && !request.overrides.classes) classes = static_cast<int>(manual.size()) + 1;

  try {
    map.classification = analysis::classify(values, method, classes, manual);
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw Error(sourceName + ": field '" + request.field + "': " + e.what());
  }

  // A reference turns the map diverging: the reference becomes a class boundary and the classes on each side
  // take the two arms of a diverging ramp, equally intense at equal distance.
  NumberFormat fmt = formatForBreaks(unit, map.classification.breaks);
  std::optional<double> reference;
  if (!st.reference.empty()) {
    auto [value, text] = resolveReference(st.reference, present, fmt);
    reference = value;
    map.referenceText = "Reference: " + text;
    const double lo = map.classification.breaks.front(), hi = map.classification.breaks.back();
    std::vector<double> breaks;
    if (method == ClassMethod::EqualInterval) {
      // Symmetric equal intervals around the reference, half the classes on each side.
      const int half = std::max(1, (classes + 1) / 2);
      const double reach = std::max(std::fabs(hi - value), std::fabs(value - lo));
      for (int k = -half; k <= half; ++k) breaks.push_back(value + reach * k / half);
      // value ± reach can round inside the data range: the end classes must still hold the extremes.
      breaks.front() = std::min(breaks.front(), lo);
      breaks.back() = std::max(breaks.back(), hi);
    } else {
      breaks = map.classification.breaks;
      if (value > lo && value < hi && std::find(breaks.begin(), breaks.end(), value) == breaks.end()) {
        breaks.push_back(value);
        std::sort(breaks.begin(), breaks.end());
      }
      breaks.front() = std::min(breaks.front(), value);
      breaks.back() = std::max(breaks.back(), value);
    }
    const int k = static_cast<int>(breaks.size()) - 1;
    if (k > 11) throw UsageError("too many classes around the reference for a diverging ramp (at most 11)");
    analysis::Classification c = analysis::classify(values, ClassMethod::Manual, std::max(2, k), breaks);
    c.method = method;
    c.note = map.classification.note;
    map.classification = std::move(c);
    fmt = formatForBreaks(unit, map.classification.breaks);
  }

  const analysis::Classification& cls = map.classification;
  const int k = static_cast<int>(cls.counts.size());
  std::string rampName = st.ramp;
  std::vector<Rgb> colors;
  if (reference) {
    int below = 0;
    for (int i = 0; i < k; ++i) below += cls.breaks[static_cast<std::size_t>(i) + 1] <= *reference;
    if (ramps.kind(rampName) != style::RampKind::Diverging) rampName = ramps.defaultRamp(style::RampKind::Diverging, k);
    // The ramp runs red (low) to blue (high): keep it when higher is better, so red marks the worse side;
    // flip it otherwise, so red marks the worse side or, for fields with no direction, the higher one.
    const bool flip = !(metric && metric->direction == style::Direction::HigherIsBetter);
    colors = ramps.divergingAround(rampName, flip ? k - below : below, flip ? below : k - below);
    if (flip) std::reverse(colors.begin(), colors.end());
    // Markers for the legend: the reference sits on the boundary after `below` classes.
    map.legend.reference = ReferenceMark{static_cast<double>(below), map.referenceText};
  } else if (method == ClassMethod::BoxMap && !request.overrides.ramp) {
    // Box maps read as diverging from the median: low outliers blue, high outliers red (or the reverse for
    // higher-is-better metrics, so red always marks the worse end).
    rampName = ramps.defaultRamp(style::RampKind::Diverging, k);
    const bool higherIsBetter = metric && metric->direction == style::Direction::HigherIsBetter;
    colors = ramps.colors(rampName, k, !higherIsBetter);
  } else {
    const bool reverse = metric && st.darkerMeans == style::MapStyle::DarkerMeans::Worse &&
                         metric->direction == style::Direction::HigherIsBetter;
    colors = ramps.colors(rampName, std::max(k, ramps.minClasses(rampName)), reverse);
    if (static_cast<int>(colors.size()) > k) colors.resize(static_cast<std::size_t>(k));
  }

  for (int i = 0; i < k; ++i) map.fills.push_back(Fill{colors[static_cast<std::size_t>(i)]});
  const int missingIndex = k, suppressedIndex = k + 1;
  map.fills.push_back(Fill{st.missingFill});
  Fill suppressedFill{st.suppressedFill};
  suppressedFill.pattern = st.suppressedPattern.kind == "dots" ? Pattern::Dots : st.suppressedPattern.kind == "hatch" ? Pattern::Hatch : Pattern::None;
  suppressedFill.patternColor = st.suppressedPattern.color;
  suppressedFill.patternLineWidthPt = st.suppressedPattern.lineWidthPt;
  suppressedFill.patternSpacingPt = st.suppressedPattern.spacingPt;
  map.fills.push_back(suppressedFill);
  map.hatch = Fill{Rgb{255, 255, 255}, Pattern::Hatch, st.lowQualityHatch.color, st.lowQualityHatch.lineWidthPt,
                   st.lowQualityHatch.spacingPt};

  map.fillIndex.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (suppressedRow[i]) {
      map.fillIndex[i] = suppressedIndex;
      ++map.suppressed;
    } else if (cls.classOf[i] < 0) {
      map.fillIndex[i] = missingIndex;
      ++map.missing;
    } else {
      map.fillIndex[i] = cls.classOf[i];
    }
    if (map.lowQuality[i]) ++map.lowQualityCount;
  }

  // Legend.
  Legend& lg = map.legend;
  lg.heading = request.legendTitle.empty() ? map.metricLabel : request.legendTitle;
  if (unit == "share" || unit == "percent") lg.unitLine = "Percent";
  else if (unit == "dollars") lg.unitLine = "US dollars";
  else if (metric && metric->unit == "rate" && metric->per > 0) lg.unitLine = "Rate per " + groupThousands(formatNumber(metric->per));
  lg.rule = directionRule(metric, st.darkerMeans, reference.has_value() || (method == ClassMethod::BoxMap && !request.overrides.ramp));
  for (int i = 0; i < k; ++i) {
    // Box-map fences can lie beyond the data: clamp to the data range, and an empty outlier class reads
    // "< fence" / "> fence".
    const double a = cls.breaks[static_cast<std::size_t>(i)], b = cls.breaks[static_cast<std::size_t>(i) + 1];
    const double lo = std::max(a, cls.breaks.front()), hi = std::min(b, cls.breaks.back());
    std::string label;
    if (lo > hi)
      label = i == 0 ? "< " + fmt.format(b) : "> " + fmt.format(a);
    else
      label = (i == 0 || a < cls.breaks.front() ? fmt.format(lo) : "> " + fmt.format(lo)) + " – " + fmt.format(hi);
    // Keep the method's own class meaning ("lower outlier", "< 1%") from the classification's label.
    if (i < static_cast<int>(cls.classLabels.size())) {
      const std::string& own = cls.classLabels[static_cast<std::size_t>(i)];
      if (std::size_t paren = own.rfind(" ("); paren != std::string::npos) label += own.substr(paren);
    }
    lg.classes.push_back({label, cls.counts[static_cast<std::size_t>(i)], map.fills[static_cast<std::size_t>(i)]});
  }
  lg.special.push_back({"No data", map.missing, map.fills[static_cast<std::size_t>(missingIndex)]});
  if (request.suppressLowQuality)
    lg.special.push_back({"Suppressed: low quality / unreliable", map.suppressed, map.fills[static_cast<std::size_t>(suppressedIndex)]});
  else if (quality || moe) {
    std::string why = quality && moe ? "weak quality (flag 3) or CV > " : quality ? "weak data quality (flag 3)" : "unreliable (CV > ";
    if (moe) why += formatNumber(request.maxCv * 100) + "%)";
    lg.special.push_back({"Hatched: " + why, map.lowQualityCount, map.hatch});
  }
  lg.footnote = "Each class includes its upper bound.";
  // How far the classes can be trusted: for each class limit, the share of the areas whose confidence interval
  // (value ± ACS MOE at 90%, or Urban's 95% _lb/_ub) contains it.
  {
    const Column* lb = table.find(request.field + "_lb");
    const Column* ub = table.find(request.field + "_ub");
    const bool bounds = !moe && lb && ub && lb->isNumeric() && ub->isNumeric();
    if ((moe && moe->isNumeric()) || bounds) {
      std::vector<std::pair<double, double>> intervals;
      for (std::size_t i = 0; i < n; ++i) {
        if (!values[i]) continue;
        const Column& a = bounds ? *lb : *moe;
        if (a.isMissing(i) || (bounds && ub->isMissing(i))) continue;
        intervals.emplace_back(bounds ? lb->number(i) : *values[i] - moe->number(i), bounds ? ub->number(i) : *values[i] + moe->number(i));
      }
      map.limitCrossing = analysis::classLimitCrossing(intervals, cls.breaks);
      map.limitCrossingLevel = bounds ? "95%" : "90%";
      if (!map.limitCrossing.empty()) {
        std::string shares;
        for (double v : map.limitCrossing) shares += (shares.empty() ? "" : ", ") + formatNumber(std::round(v * 100)) + "%";
        lg.footnote += " Areas whose " + map.limitCrossingLevel + " interval crosses each limit: " + shares + ".";
      }
    }
  }

  map.methodText = std::string(analysis::methodLabel(cls.method)) + ", " + std::to_string(k) + " classes (GVF " +
                   formatNumber(std::round(cls.gvf * 100) / 100) + ")";
  return map;
}

}  // namespace mobmap::render
