#include "render/thematic_map.h"

#include "analysis/separability.h"
#include "core/coded_median.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "analysis/moe.h"
#include "core/error.h"
#include "core/metric_columns.h"
#include "core/table_typing.h"
#include "core/text.h"
#include "render/group_counts.h"
#include "render/number_format.h"
#include "render/significance.h"
#include "style/color_ramps.h"
#include "style/metric_catalog.h"

namespace mobmap::render {

namespace {

using analysis::ClassMethod;

// The preferred fill of "comparison group absent" (a ratio's divisor is 0): a pale tan, not a grey, so it
// never reads as no data.
constexpr Rgb kAbsentFill{243, 227, 195};
// The smallest class `--method separability` makes, as a share of the areas with a value.
constexpr double kMinSeparableClassShare = 0.05;

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

// A unique-values map: one class per value (numbers as written, or text), the rarest merged into "Other"
// beyond the class count (default 12), on a qualitative ramp; missing and suppressed rows keep their swatches.
void buildUniqueValues(ThematicMap& map, const Column& column, const std::vector<bool>& suppressedRow,
                       const ThematicRequest& request, const style::MetricInfo* metric) {
  const std::size_t n = column.size();
  std::vector<std::optional<std::string>> values(n);
  for (std::size_t i = 0; i < n; ++i)
    if (!suppressedRow[i] && !column.isMissing(i) && (!column.isNumeric() || std::isfinite(column.number(i))))
      values[i] = column.displayText(i);
  const int maxClasses = request.overrides.classes ? *request.overrides.classes : 12;
  const analysis::UniqueClassification u = analysis::classifyUnique(values, std::clamp(maxClasses, 2, 12));
  const auto& ramps = style::RampCatalog::builtin();
  const std::string ramp = request.overrides.ramp && ramps.has(*request.overrides.ramp) &&
                                   ramps.kind(*request.overrides.ramp) == style::RampKind::Qualitative
                               ? *request.overrides.ramp
                               : "";
  const std::vector<Rgb> colors = groupColors(ramp, u.categories.size());
  const int k = static_cast<int>(u.categories.size());
  for (Rgb c : colors) map.fills.push_back(Fill{c});
  const Rgb missingColor = style::distinctSwatchColor(map.style.missingFill, colors);
  map.fills.push_back(Fill{missingColor});
  Fill suppressedFill{style::distinctSwatchColor(map.style.suppressedFill, colors), Pattern::Dots,
                      map.style.suppressedPattern.color, map.style.suppressedPattern.lineWidthPt,
                      map.style.suppressedPattern.spacingPt};
  map.fills.push_back(suppressedFill);
  map.fillIndex.assign(n, k);
  map.lowQuality.assign(n, false);
  map.classification.method = ClassMethod::Manual;
  map.classification.counts = u.counts;
  map.classification.classOf = u.classOf;
  map.classification.classLabels = u.categories;
  map.classification.gvf = 0;
  map.uniqueValues = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (suppressedRow[i]) {
      map.fillIndex[i] = k + 1;
      ++map.suppressed;
    } else if (u.classOf[i] >= 0) {
      map.fillIndex[i] = u.classOf[i];
    } else {
      ++map.missing;
    }
  }
  Legend& lg = map.legend;
  lg.heading = request.legendTitle.empty() ? map.metricLabel : request.legendTitle;
  lg.rule = "One colour per value";
  for (int i = k; i-- > 0;)  // classes are stored lowest first and drawn last first: the commonest on top
    lg.classes.push_back({u.categories[static_cast<std::size_t>(i)], u.counts[static_cast<std::size_t>(i)],
                          map.fills[static_cast<std::size_t>(i)]});
  lg.special.push_back({"No data", map.missing, map.fills[static_cast<std::size_t>(k)], SwatchKind::Missing});
  if (map.suppressed > 0)
    lg.special.push_back({"Suppressed: low quality / unreliable", map.suppressed, suppressedFill, SwatchKind::Suppressed});
  lg.footnote = u.merged > 0 ? std::to_string(u.merged) + " rarer values merged into \"Other\"." : "";
  map.methodHeading = "Classification";
  map.methodText = "unique values, " + std::to_string(k) + " classes";
  (void)metric;
}

// The classification of a field whose present values are all `value`: one class holding them.
analysis::Classification oneValueClassification(const std::vector<std::optional<double>>& values, double value,
                                                ClassMethod method) {
  analysis::Classification c;
  c.method = method;
  c.breaks = {value, value};
  c.counts = {0};
  c.classOf.assign(values.size(), -1);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] && std::isfinite(*values[i])) {
      c.classOf[i] = 0;
      ++c.counts[0];
    } else {
      ++c.missing;
    }
  }
  c.gvf = 1;
  c.classLabels = {formatNumber(value)};
  c.note = "every value is the same";
  return c;
}

}  // namespace

std::string notNumericMessage(const Column& column, const std::string& sourceName) {
  const std::string example = twoShareExample(column);
  if (!example.empty()) {
    std::string other;
    for (std::size_t i = 0; i < column.size() && other.empty(); ++i)
      if (!column.isMissing(i) && !parseTwoShares(column.text(i))) other = column.text(i);
    if (!other.empty())
      return sourceName + ": field '" + column.name() + "' mixes values in Urban's two-number form a:b (e.g. '" +
             example + "') with other values (e.g. '" + other + "'), so it cannot be read as one ratio";
    return sourceName + ": field '" + column.name() + "' holds two numbers joined by ':' (e.g. '" + example +
           "'), Urban's two-share form, not one number; only columns named *ratio* in that form are read as the "
           "ratio of the first to the second";
  }
  return sourceName + ": field '" + column.name() + "' holds text, not numbers";
}

const Column& requireNumericField(const AttributeTable& table, const std::string& field, const std::string& sourceName,
                                  const std::string& purpose) {
  const Column& column = table.require(field, sourceName);
  if (column.isNumeric()) return column;
  bool any = false;
  for (std::size_t i = 0; i < column.size() && !any; ++i) any = !column.isMissing(i);
  if (!any) throw Error(sourceName + ": field '" + field + "' has no values");
  throw Error(notNumericMessage(column, sourceName) + "; " + purpose);
}

ThematicMap buildThematicMap(const AttributeTable& table, const ThematicRequest& request, const std::string& sourceName) {
  ThematicMap map;
  map.classifiedField = request.field;
  map.style = style::applyOverrides(style::StyleCatalog::builtin().find(request.style), request.overrides);
  const style::MapStyle& st = map.style;
  const style::RampCatalog& ramps = style::RampCatalog::builtin();
  const style::MetricInfo* metric = style::MetricCatalog::builtin().find(request.field);
  map.metricLabel = metric ? metric->label : request.field;
  const std::string unit = metric ? metric->unit : "";

  const Column& column = table.require(request.field, sourceName);
  if (!column.isNumeric() && toLower(st.method) != "unique")
    throw Error(notNumericMessage(column, sourceName) +
                "; a choropleth needs a numeric field (or --method unique, one colour per value)");
  std::vector<std::optional<double>> values = column.optionalNumbers();
  const std::size_t n = values.size();

  // Low quality: Urban quality flag 3, or ACS CV above the threshold.
  map.lowQuality.assign(n, false);
  const Column* quality = findQualityColumn(table, request, metric);
  const DerivedUncertainty* derived = request.derivedUncertainty ? &*request.derivedUncertainty : nullptr;
  const Column* moe = derived ? nullptr : findMoeColumn(table, request);
  if (derived && (derived->cv.size() != n || derived->interval.size() != n))
    throw Error(sourceName + ": the derived margins of error cover " + std::to_string(derived->cv.size()) + " areas, the map " +
                std::to_string(n));
  for (std::size_t i = 0; i < n; ++i) {
    if (!values[i]) continue;
    bool low = false;
    if (isWeakQuality(quality, i)) low = true;  // 3 or "Weak" (core/metric_columns.h)
    // The Census could not compute the margin of error (-222222222, -333333333): the estimate is unreliable.
    if (moe && (moe->missingReason(i) == MissingReason::CensusMoeNotComputed ||
                moe->missingReason(i) == MissingReason::CensusMoeOpenEnded))
      low = true;
    if (moe && moe->isNumeric() && !moe->isMissing(i)) {
      low = low || analysis::coefficientOfVariation(*values[i], moe->number(i)) > request.maxCv;
    }
    if (derived && i < derived->cv.size() && derived->cv[i] > request.maxCv) low = true;
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
    if (v && std::isfinite(*v)) present.push_back(*v);
  std::vector<double> sortedPresent = present;
  std::sort(sortedPresent.begin(), sortedPresent.end());
  const std::size_t distinct =
      static_cast<std::size_t>(std::unique(sortedPresent.begin(), sortedPresent.end()) - sortedPresent.begin());

  if (toLower(st.method) == "unique") {
    buildUniqueValues(map, column, suppressedRow, request, metric);
    return map;
  }
  ClassMethod method = analysis::parseClassMethod(st.method);
  int classes = st.classes;
  std::vector<double> manual = request.manualBreaks;
  if (method == ClassMethod::Manual && manual.empty()) throw UsageError("method 'manual' needs breaks (--breaks a,b,...)");
  if (method == ClassMethod::Manual && !request.overrides.classes) classes = static_cast<int>(manual.size()) + 1;

  // Ties can leave fewer classes than asked: the map makes the classes the values allow, and says so.
  const bool countedMethod =
      method == ClassMethod::Quantile || method == ClassMethod::EqualInterval || method == ClassMethod::NaturalBreaks;
  const int asked = classes;
  std::string fewerWhy;
  if (countedMethod && distinct >= 2 && distinct < static_cast<std::size_t>(classes)) {
    classes = std::max(analysis::kMinClasses, static_cast<int>(distinct));
    fewerWhy = "the field has only " + std::to_string(distinct) + " distinct values";
  }
  // Class separability (Sun, Wong & Kronenfeld 2015) places the limits from each value's standard error.
  std::vector<double> separabilityZ;
  if (method == ClassMethod::Separability && distinct > 1) {
    std::vector<double> v(n, std::numeric_limits<double>::quiet_NaN()), se = v;
    const Column* lb = table.find(request.field + "_lb");
    const Column* ub = table.find(request.field + "_ub");
    const bool bounds = !moe && !derived && lb && ub && lb->isNumeric() && ub->isNumeric();
    if (!derived && !(moe && moe->isNumeric()) && !bounds)
      throw UsageError("--method separability needs each area's margin of error: " + request.field + "_moe (or --moe FIELD), or " +
                       request.field + "_lb and " + request.field + "_ub");
    for (std::size_t i = 0; i < n; ++i) {
      if (!values[i]) continue;
      v[i] = *values[i];
      if (derived) se[i] = (derived->interval[i].second - derived->interval[i].first) / (2 * analysis::kAcsZ);
      else if (bounds) se[i] = lb->isMissing(i) || ub->isMissing(i) ? se[i] : analysis::standardErrorFromBounds(lb->number(i), ub->number(i));
      else if (!moe->isMissing(i)) se[i] = analysis::standardErrorFromMoe(moe->number(i));
    }
    try {
      const analysis::SeparableBreaks sb =
          analysis::separableBreaks(v, se, classes, static_cast<std::size_t>(std::ceil(kMinSeparableClassShare * static_cast<double>(present.size()))));
      manual.assign(sb.breaks.begin() + 1, sb.breaks.end() - 1);
      separabilityZ = sb.separability;
    } catch (const UsageError&) {
      throw;
    } catch (const Error& e) {
      throw Error(sourceName + ": field '" + request.field + "': " + e.what());
    }
    if (manual.empty()) throw Error(sourceName + ": field '" + request.field + "': no class limit leaves every class 5% of the areas");
    classes = static_cast<int>(manual.size()) + 1;
  }
  try {
    if (distinct == 1 && method != ClassMethod::Manual)
      map.classification = oneValueClassification(values, sortedPresent.front(), method);
    else if (method == ClassMethod::Separability) {
      map.classification = analysis::classify(values, ClassMethod::Manual, classes, manual);
      map.classification.method = ClassMethod::Separability;
    } else
      map.classification = analysis::classify(values, method, classes, manual);
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw Error(sourceName + ": field '" + request.field + "': " + e.what());
  }
  const int made = static_cast<int>(map.classification.counts.size());
  if (distinct == 1 && method != ClassMethod::Manual) {
    map.warnings.push_back("every area with data has the same value; the map has one class");
    map.sourceNotes.push_back("one value: one class");
  } else if (countedMethod && made < asked) {
    if (fewerWhy.empty()) fewerWhy = "tied values merge classes";
    else if (static_cast<std::size_t>(made) < distinct) fewerWhy += ", and tied quantiles merge to " + std::to_string(made);
    const std::size_t possible = std::min(distinct, static_cast<std::size_t>(asked));
    const std::string said = std::to_string(asked) + " classes asked, " +
                             std::to_string(fewerWhy.starts_with("the field") ? possible : static_cast<std::size_t>(made)) +
                             " possible";
    map.warnings.push_back(said + ": " + fewerWhy + "; try --method unique" +
                           (method == ClassMethod::NaturalBreaks ? "" : " or --method jenks") + " for such values");
    map.sourceNotes.push_back(said + " (ties)");
  }

  // A reference turns the map diverging: the reference becomes a class boundary and the classes on each side
  // take the two arms of a diverging ramp, equally intense at equal distance.
  const int maxDecimals = metric ? formatDecimals(metric->format) : -1;
  NumberFormat fmt = formatForBreaks(unit, map.classification.breaks, maxDecimals);
  std::optional<double> reference;
  if (!st.reference.empty() && distinct > 1) {
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
    fmt = formatForBreaks(unit, map.classification.breaks, maxDecimals);
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
    if (k == 1) colors = {colors[colors.size() / 2]};  // one value: a middle colour of the ramp
    if (static_cast<int>(colors.size()) > k) colors.resize(static_cast<std::size_t>(k));
  }

  for (int i = 0; i < k; ++i) map.fills.push_back(Fill{colors[static_cast<std::size_t>(i)]});
  const int missingIndex = k, suppressedIndex = k + 1;
  // No data, suppressed and absent swatches keep a stated colour distance from every class colour (see
  // style::kMinSwatchDeltaE): the style's colour when it is far enough, else a fallback that is.
  const std::vector<Rgb> classColors(colors.begin(), colors.begin() + k);
  const Rgb missingColor = style::distinctSwatchColor(st.missingFill, classColors);
  map.fills.push_back(Fill{missingColor});
  std::vector<Rgb> solidColors = classColors;
  solidColors.push_back(missingColor);
  map.absentFill = Fill{style::distinctSwatchColor(kAbsentFill, solidColors)};
  Fill suppressedFill{style::distinctSwatchColor(st.suppressedFill, classColors)};
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
      if (const MissingReason why = column.missingReason(i); why != MissingReason::None) ++map.missingReasons[why];
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
  // Labels print each boundary so that every value lies in the class its label says (see boundaryText):
  // the largest value below a break and the smallest above it bound what the printed number may be.
  std::vector<double> classMin(static_cast<std::size_t>(k), NAN), classMax(static_cast<std::size_t>(k), NAN);
  for (std::size_t r = 0; r < values.size(); ++r) {
    const int c = cls.classOf[r];
    if (c < 0 || !values[r]) continue;
    double& mn = classMin[static_cast<std::size_t>(c)];
    double& mx = classMax[static_cast<std::size_t>(c)];
    mn = std::isnan(mn) ? *values[r] : std::min(mn, *values[r]);
    mx = std::isnan(mx) ? *values[r] : std::max(mx, *values[r]);
  }
  auto boundary = [&](int j) {  // the break between classes j - 1 and j
    double below = NAN, above = NAN;
    for (int c = 0; c < k; ++c) {
      const auto cu = static_cast<std::size_t>(c);
      if (std::isnan(classMin[cu])) continue;
      if (c < j) below = std::isnan(below) ? classMax[cu] : std::max(below, classMax[cu]);
      else above = std::isnan(above) ? classMin[cu] : std::min(above, classMin[cu]);
    }
    return boundaryText(fmt, cls.breaks[static_cast<std::size_t>(j)], below, above);
  };
  const double toShown = unit == "share" ? 100.0 : 1.0, scale = std::pow(10.0, fmt.decimals) * toShown;
  auto lowEnd = [&](double v) { return fmt.format(std::floor(v * scale + 1e-9) / scale); };
  auto highEnd = [&](double v) { return fmt.format(std::ceil(v * scale - 1e-9) / scale); };
  std::vector<std::string> hiddenOutliers;
  for (int i = 0; i < k; ++i) {
    const double a = cls.breaks[static_cast<std::size_t>(i)], b = cls.breaks[static_cast<std::size_t>(i) + 1];
    const double lo = std::max(a, cls.breaks.front()), hi = std::min(b, cls.breaks.back());
    std::string label;
    if (k == 1 && a == b) {
      label = fmt.format(a);
    } else if (lo > hi) {
      // A box-map fence beyond the data: its outlier class is empty and would name values the data do not
      // reach (a negative share, say). The legend leaves it out and says why.
      if (method == ClassMethod::BoxMap && cls.counts[static_cast<std::size_t>(i)] == 0) {
        hiddenOutliers.push_back(i == 0 ? "no lower outliers (the fence, " + fmt.format(b) + ", lies below every value)"
                                        : "no upper outliers (the fence, " + fmt.format(a) + ", lies above every value)");
        continue;
      }
      label = i == 0 ? "< " + fmt.format(b) : "> " + fmt.format(a);
    } else {
      std::string from = i == 0 || a < cls.breaks.front() ? lowEnd(lo) : "> " + boundary(i);
      std::string to = i == k - 1 || b > cls.breaks.back() ? highEnd(hi) : boundary(i + 1);
      // A Census top- or bottom-coded median at an end of the data reads as what it means ("$250,000 or more").
      NumberFormat whole = fmt;
      whole.decimals = 0;
      if (auto c = censusCodedMedian(request.field, lo); c && !c->top && (i == 0 || a < cls.breaks.front()))
        from = codedMedianText(*c, whole.format(c->shownAs));
      if (auto c = censusCodedMedian(request.field, hi); c && c->top && (i == k - 1 || b > cls.breaks.back()))
        to = codedMedianText(*c, whole.format(c->shownAs));
      label = from + " – " + to;
    }
    // Keep the method's own class meaning ("lower outlier", "< 1%") from the classification's label.
    if (i < static_cast<int>(cls.classLabels.size())) {
      const std::string& own = cls.classLabels[static_cast<std::size_t>(i)];
      if (std::size_t paren = own.rfind(" ("); paren != std::string::npos) label += own.substr(paren);
    }
    lg.classes.push_back({label, cls.counts[static_cast<std::size_t>(i)], map.fills[static_cast<std::size_t>(i)]});
  }
  lg.special.push_back({"No data", map.missing, map.fills[static_cast<std::size_t>(missingIndex)], SwatchKind::Missing});
  if (request.suppressLowQuality)
    lg.special.push_back({"Suppressed: low quality / unreliable", map.suppressed, map.fills[static_cast<std::size_t>(suppressedIndex)],
                          SwatchKind::Suppressed});
  std::string noneHatched;  // said in the footnote when a hatch swatch would mark nothing
  if (!request.suppressLowQuality && (quality || moe || derived)) {
    const bool cv = moe || derived;
    std::string why = quality && cv ? "weak quality (flag 3) or unreliable (CV > " : quality ? "weak data quality (flag 3)" : "unreliable (CV > ";
    if (cv) why += formatNumber(request.maxCv * 100) + "%)";
    if (map.lowQualityCount > 0)
      lg.special.push_back({"Hatched: " + why, map.lowQualityCount, map.hatch, SwatchKind::LowQuality});
    else
      noneHatched = quality && cv ? " No value has weak quality (flag 3) or CV > " + formatNumber(request.maxCv * 100) + "%."
                    : quality     ? " No value has weak data quality (flag 3)."
                                  : " No value is unreliable (CV > " + formatNumber(request.maxCv * 100) + "%).";
  }
  lg.footnote = "Each class includes its upper bound." + noneHatched;
  {
    NumberFormat whole = fmt;
    whole.decimals = 0;
    std::size_t top = 0, bottom = 0;
    std::optional<CodedMedian> topCode, bottomCode;
    for (const auto& v : values)
      if (v)
        if (auto c = censusCodedMedian(request.field, *v)) {
          (c->top ? top : bottom)++;
          (c->top ? topCode : bottomCode) = c;
        }
    if (topCode)
      lg.footnote += " " + std::to_string(top) + (top == 1 ? " area's" : " areas'") + " median is " +
                     codedMedianText(*topCode, whole.format(topCode->shownAs)) + " (top-coded by the Census Bureau).";
    if (bottomCode)
      lg.footnote += " " + std::to_string(bottom) + (bottom == 1 ? " area's" : " areas'") + " median is " +
                     codedMedianText(*bottomCode, whole.format(bottomCode->shownAs)) + " (bottom-coded by the Census Bureau).";
  }
  for (const std::string& h : hiddenOutliers) lg.footnote += " " + std::string(1, static_cast<char>(std::toupper(h[0]))) + h.substr(1) + ".";
  if (!map.sourceNotes.empty() && map.sourceNotes.back().find("possible") != std::string::npos)
    lg.footnote += " " + map.sourceNotes.back().substr(0, map.sourceNotes.back().find(" (")) + ".";
  // Say why areas have no data when a publisher's code (not a plain blank / NA) is among the reasons.
  bool coded = false;
  for (const auto& [why, count] : map.missingReasons)
    coded = coded || (why != MissingReason::Blank && why != MissingReason::NotAvailable);
  if (coded) lg.footnote += " No data: " + shortMissingCounts(map.missingReasons) + ".";
  // How far the classes can be trusted: for each class limit, the share of the areas whose confidence interval
  // (value ± ACS MOE at 90%, or Urban's 95% _lb/_ub) contains it.
  {
    const Column* lb = table.find(request.field + "_lb");
    const Column* ub = table.find(request.field + "_ub");
    const bool bounds = !moe && !derived && lb && ub && lb->isNumeric() && ub->isNumeric();
    if ((moe && moe->isNumeric()) || bounds || derived) {
      std::vector<std::pair<double, double>> intervals;
      for (std::size_t i = 0; i < n; ++i) {
        if (!values[i]) continue;
        if (derived) {
          intervals.push_back(derived->interval[i]);
          continue;
        }
        const Column& a = bounds ? *lb : *moe;
        if (a.isMissing(i) || (bounds && ub->isMissing(i))) continue;
        intervals.emplace_back(bounds ? lb->number(i) : *values[i] - moe->number(i), bounds ? ub->number(i) : *values[i] + moe->number(i));
      }
      map.limitCrossing = analysis::classLimitCrossing(intervals, cls.breaks);
      UncertaintyFields used;  // the level is the one rule's: Urban's bounds are 95%, an ACS MOE 90%
      if (bounds) used.lower = lb->name(), used.upper = ub->name();
      else used.moe = "moe";
      map.limitCrossingLevel = formatNumber(intervalLevel(used) * 100) + "%";
      if (!map.limitCrossing.empty()) {
        std::string shares;
        for (double v : map.limitCrossing) shares += (shares.empty() ? "" : ", ") + formatNumber(std::round(v * 100)) + "%";
        lg.footnote += " Areas whose " + map.limitCrossingLevel + " interval crosses each limit: " + shares + ".";
      }
      if (derived && !derived->formula.empty()) lg.footnote += " " + derived->formula + ".";
    }
  }
  // Class separability: how surely the areas on the two sides of each limit differ (Sun, Wong & Kronenfeld 2015).
  if (method == ClassMethod::Separability && !separabilityZ.empty()) {
    std::vector<double> v(n, std::numeric_limits<double>::quiet_NaN()), se = v;
    for (std::size_t i = 0; i < n; ++i)
      if (values[i]) v[i] = *values[i];
    // The limits as drawn (a reference may have added one): recomputed over the same standard errors.
    const Column* lb = table.find(request.field + "_lb");
    const Column* ub = table.find(request.field + "_ub");
    for (std::size_t i = 0; i < n; ++i) {
      if (!values[i]) continue;
      if (derived) se[i] = (derived->interval[i].second - derived->interval[i].first) / (2 * analysis::kAcsZ);
      else if (moe && moe->isNumeric()) se[i] = moe->isMissing(i) ? se[i] : analysis::standardErrorFromMoe(moe->number(i));
      else if (lb && ub && !lb->isMissing(i) && !ub->isMissing(i)) se[i] = analysis::standardErrorFromBounds(lb->number(i), ub->number(i));
    }
    std::string levels;
    for (double z : analysis::limitSeparability(v, se, cls.breaks)) {
      const double c = analysis::separabilityConfidence(z);
      map.limitSeparability.push_back(c);
      levels += (levels.empty() ? "" : ", ") + formatNumber(std::floor(c * 1000) / 10) + "%";
    }
    lg.footnote += " Separability of each limit (confidence that the areas on its two sides differ): " + levels + ".";
    {
    }
  }

  map.methodText = std::string(analysis::methodLabel(cls.method)) + ", " + std::to_string(k) + " classes (GVF " +
                   formatNumber(std::round(cls.gvf * 100) / 100) + ")";
  return map;
}

}  // namespace mobmap::render
