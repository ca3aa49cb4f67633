// classify() and goodnessOfVarianceFit(): breaks per method, class assignment, counts, labels.
#include <algorithm>
#include <limits>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "analysis/classification.h"
#include "core/error.h"

namespace mobmap::analysis {

namespace {

constexpr std::string_view kLessOrEqual = "\u2264 ";  // "≤ "
constexpr std::string_view kDash = " \u2013 ";        // " – "
constexpr std::string_view kMinus = "\u2212";         // "−"

std::string plural(std::size_t n, std::string_view word) {
  const std::string_view ending = word.ends_with('s') ? "es" : "s";
  return std::to_string(n) + " " + std::string(word) + std::string(n == 1 ? "" : ending);
}

std::string distinctError(std::size_t distinct, const std::string& what) {
  return "field has only " + plural(distinct, "distinct value") + "; cannot make " + what;
}

void requireClassCount(int classes) {
  if (classes < kMinClasses || classes > kMaxClasses) {
    throw UsageError("number of classes must be between " + std::to_string(kMinClasses) + " and " +
                     std::to_string(kMaxClasses) + ", got " + std::to_string(classes));
  }
}

// Class of v among breaks b0..bn (n classes) by the upper-closed rule: the number of interior breaks
// b1..b(n-1) strictly below v. Values beyond the outer breaks land in the end classes.
int classIndex(const std::vector<double>& breaks, double v) {
  const auto first = breaks.begin() + 1;
  const auto last = breaks.end() - 1;
  return static_cast<int>(std::lower_bound(first, last, v) - first);
}

// 1 - SDCM/SDAM for values grouped by cls[i] in [0, classes).
double varianceFit(const std::vector<double>& values, const std::vector<int>& cls, std::size_t classes) {
  if (values.empty()) return 1.0;
  std::vector<long double> sum(classes, 0);
  std::vector<std::size_t> count(classes, 0);
  long double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    sum[static_cast<std::size_t>(cls[i])] += values[i];
    ++count[static_cast<std::size_t>(cls[i])];
    total += values[i];
  }
  const long double mean = total / static_cast<long double>(values.size());
  long double sdam = 0;
  long double sdcm = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto c = static_cast<std::size_t>(cls[i]);
    const long double classMean = sum[c] / static_cast<long double>(count[c]);
    sdam += (values[i] - mean) * (values[i] - mean);
    sdcm += (values[i] - classMean) * (values[i] - classMean);
  }
  if (sdam <= 0) return 1.0;
  return static_cast<double>(1.0L - sdcm / sdam);
}

// Fixed decimals for legend numbers: about three significant digits of the breaks' spread, more when
// two different breaks would otherwise print the same.
int labelDecimals(const std::vector<double>& breaks) {
  const auto [lo, hi] = std::minmax_element(breaks.begin(), breaks.end());
  const double range = *hi - *lo;
  // A range of inf (extreme values) or a denormal one has no sensible digit count: keep to 0-17 decimals.
  int decimals = 2;
  if (range > 0 && std::isfinite(range))
    decimals = static_cast<int>(std::clamp(2.0 - std::floor(std::log10(range)), 0.0, 17.0));
  auto format = [](double v, int d) {
    std::array<char, 512> buf{};
    std::snprintf(buf.data(), buf.size(), "%.*f", d, v);
    return std::string(buf.data());
  };
  for (; decimals < 12; ++decimals) {
    bool clash = false;
    for (std::size_t i = 0; i + 1 < breaks.size() && !clash; ++i) {
      for (std::size_t j = i + 1; j < breaks.size() && !clash; ++j) {
        clash = breaks[i] != breaks[j] && format(breaks[i], decimals) == format(breaks[j], decimals);
      }
    }
    if (!clash) break;
  }
  return decimals;
}

std::string formatNumber(double v, int decimals) {
  std::array<char, 512> buf{};
  if (std::fabs(v) >= 1e15)  // fixed notation would print hundreds of digits
    std::snprintf(buf.data(), buf.size(), "%.6g", v);
  else
    std::snprintf(buf.data(), buf.size(), "%.*f", decimals, v);
  std::string s(buf.data());
  if (s.front() == '-') {
    if (s.find_first_not_of("-0.") == std::string::npos) return s.substr(1);  // "-0.0" -> "0.0"
    return std::string(kMinus) + s.substr(1);
  }
  return s;
}

// "≤ b1", "> b1 – b2", ... with an optional " (suffix)" per class.
std::vector<std::string> makeLabels(const std::vector<double>& breaks, const std::vector<std::string>& suffixes) {
  const int decimals = labelDecimals(breaks);
  std::vector<std::string> labels;
  const std::size_t n = breaks.size() - 1;
  for (std::size_t c = 0; c < n; ++c) {
    std::string label;
    if (c == 0) {
      label = std::string(kLessOrEqual) + formatNumber(breaks[1], decimals);
    } else {
      label = "> " + formatNumber(breaks[c], decimals) + std::string(kDash) + formatNumber(breaks[c + 1], decimals);
    }
    if (c < suffixes.size() && !suffixes[c].empty()) label += " (" + suffixes[c] + ")";
    labels.push_back(std::move(label));
  }
  return labels;
}

struct Breaks {
  std::vector<double> breaks;
  std::vector<std::string> suffixes;
  std::vector<std::string> labels;  // when not empty, replaces the generated labels
  std::string note;
  bool excludeOutside = false;  // Manual full breaks: values outside [front, back] are not classed
};

Breaks quantileBreaks(const std::vector<double>& sorted, int classes) {
  Breaks out;
  for (int i = 0; i <= classes; ++i) {
    const double q = i == classes ? sorted.back() : quantileType7(sorted, static_cast<double>(i) / classes);
    if (out.breaks.empty() || q != out.breaks.back()) out.breaks.push_back(q);
  }
  const std::size_t made = out.breaks.size() - 1;
  if (made < static_cast<std::size_t>(classes)) {
    out.note = "Tied values made some quantile breaks equal; they were merged, giving " + plural(made, "class") +
               " instead of " + std::to_string(classes) + ".";
  }
  return out;
}

Breaks equalBreaks(const std::vector<double>& sorted, int classes) {
  Breaks out;
  const double lo = sorted.front();
  const double hi = sorted.back();
  for (int i = 0; i < classes; ++i) out.breaks.push_back(lo + (hi - lo) * i / classes);
  out.breaks.push_back(hi);
  return out;
}

Breaks stdDevBreaks(const std::vector<double>& sorted) {
  const double n = static_cast<double>(sorted.size());
  long double total = 0;
  for (double v : sorted) total += v;
  const double mean = static_cast<double>(total / n);
  long double squares = 0;
  for (double v : sorted) squares += (v - mean) * (v - mean);
  const double sd = std::sqrt(static_cast<double>(squares / (n - 1)));

  const std::array<std::string, 5> tags{std::string(kMinus) + "2 sd", std::string(kMinus) + "1 sd", "mean",
                                        "+1 sd", "+2 sd"};
  Breaks out;
  std::vector<std::string> kept;
  std::vector<std::string> dropped;
  out.breaks.push_back(sorted.front());
  for (int k = -2; k <= 2; ++k) {
    const double cut = mean + k * sd;
    const std::string& tag = tags[static_cast<std::size_t>(k + 2)];
    // A spread below the smallest normal double (denormal differences) or not finite gives no usable cut;
    // cuts that round onto the previous break are dropped too.
    if (sd >= std::numeric_limits<double>::min() && std::isfinite(sd) && cut > out.breaks.back() && cut < sorted.back()) {
      out.breaks.push_back(cut);
      kept.push_back(tag);
    } else {
      dropped.push_back(tag);
    }
  }
  out.breaks.push_back(sorted.back());
  for (std::size_t c = 0; c + 1 < out.breaks.size(); ++c) {
    if (kept.empty()) {
      // No cut inside the data: the spread is zero at double precision (denormal differences) or not finite.
      out.suffixes.push_back("all values");
    } else if (c == 0) {
      out.suffixes.push_back("below " + kept.front());
    } else if (c == kept.size()) {
      out.suffixes.push_back("above " + kept.back());
    } else {
      out.suffixes.push_back(kept[c - 1] + " to " + kept[c]);
    }
  }
  const int decimals = labelDecimals(out.breaks) + 1;
  if (std::isfinite(mean) && std::isfinite(sd))
    out.note = "Mean " + formatNumber(mean, decimals) + ", standard deviation " + formatNumber(sd, decimals) +
               " (sample).";
  else
    out.note = "The mean or standard deviation exceeds double precision; no standard-deviation cuts.";
  if (!dropped.empty()) {
    std::string list;
    for (const std::string& tag : dropped) list += (list.empty() ? "" : ", ") + tag;
    out.note += " The cut" + std::string(dropped.size() == 1 ? " at " : "s at ") + list +
                (dropped.size() == 1 ? " lies" : " lie") + " outside the data range and " +
                (dropped.size() == 1 ? "was" : "were") + " dropped: " +
                plural(out.breaks.size() - 1, "class") + ".";
  }
  return out;
}

Breaks boxBreaks(const std::vector<double>& sorted) {
  const double q1 = quantileType7(sorted, 0.25);
  const double median = quantileType7(sorted, 0.5);
  const double q3 = quantileType7(sorted, 0.75);
  const double iqr = q3 - q1;
  const double lowerFence = q1 - 1.5 * iqr;
  const double upperFence = q3 + 1.5 * iqr;
  Breaks out;
  out.breaks = {sorted.front(), lowerFence, q1, median, q3, upperFence, sorted.back()};
  const int decimals = labelDecimals(out.breaks);
  const std::string lo = formatNumber(lowerFence, decimals);
  const std::string hi = formatNumber(upperFence, decimals);
  auto range = [&](double a, double b) {
    return "> " + formatNumber(a, decimals) + std::string(kDash) + formatNumber(b, decimals);
  };
  out.labels = {std::string(kLessOrEqual) + lo + " (lower outlier)",
                range(lowerFence, q1) + " (< 25%)",
                range(q1, median) + " (25% \u2013 50%)",
                range(median, q3) + " (50% \u2013 75%)",
                range(q3, upperFence) + " (> 75%)",
                "> " + hi + " (upper outlier)"};
  return out;
}

Breaks percentileBreaks(const std::vector<double>& sorted) {
  Breaks out;
  out.breaks = {sorted.front(),
                quantileType7(sorted, 0.01),
                quantileType7(sorted, 0.10),
                quantileType7(sorted, 0.50),
                quantileType7(sorted, 0.90),
                quantileType7(sorted, 0.99),
                sorted.back()};
  out.suffixes = {"< 1%", "1% \u2013 10%", "10% \u2013 50%", "50% \u2013 90%", "90% \u2013 99%", "> 99%"};
  return out;
}

Breaks manualBreaks(const std::vector<double>& sorted, int classes, const std::vector<double>& manual) {
  for (std::size_t i = 0; i < manual.size(); ++i) {
    if (!std::isfinite(manual[i])) throw UsageError("manual breaks must be finite numbers");
    if (i > 0 && !(manual[i] > manual[i - 1])) {
      throw UsageError("manual breaks must be strictly increasing; " + std::to_string(manual[i]) + " follows " +
                       std::to_string(manual[i - 1]));
    }
  }
  const auto k = static_cast<std::size_t>(classes);
  Breaks out;
  if (manual.size() == k - 1) {
    out.breaks.push_back(std::min(sorted.front(), manual.front()));
    out.breaks.insert(out.breaks.end(), manual.begin(), manual.end());
    out.breaks.push_back(std::max(sorted.back(), manual.back()));
  } else if (manual.size() == k + 1) {
    out.breaks = manual;
    out.excludeOutside = true;
  } else {
    throw UsageError("manual breaks: " + plural(manual.size(), "value") + " given for " + std::to_string(classes) +
                     " classes; give " + std::to_string(classes - 1) + " interior breaks or " +
                     std::to_string(classes + 1) + " breaks including both ends");
  }
  return out;
}

}  // namespace

Classification classify(const std::vector<std::optional<double>>& values, ClassMethod method, int classes,
                        const std::vector<double>& manualBreakValues) {
  Classification result;
  result.method = method;
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (const std::optional<double>& v : values) {
    if (v && std::isfinite(*v)) {
      sorted.push_back(*v);
    } else {
      ++result.missing;
    }
  }
  const bool usesClassCount = method == ClassMethod::Quantile || method == ClassMethod::EqualInterval ||
                               method == ClassMethod::NaturalBreaks || method == ClassMethod::Manual;
  if (usesClassCount) requireClassCount(classes);
  if (sorted.empty()) {
    throw Error(values.empty() ? std::string("field has no values; cannot classify")
                               : "field has no values (all " + std::to_string(values.size()) +
                                     " are missing); cannot classify");
  }
  std::sort(sorted.begin(), sorted.end());
  std::size_t distinctCount = 1;
  for (std::size_t i = 1; i < sorted.size(); ++i) distinctCount += sorted[i] != sorted[i - 1] ? 1 : 0;

  switch (method) {
    case ClassMethod::Quantile:
    case ClassMethod::EqualInterval:
    case ClassMethod::NaturalBreaks:
      if (distinctCount < static_cast<std::size_t>(classes)) {
        throw Error(distinctError(distinctCount, std::to_string(classes) + " classes"));
      }
      break;
    case ClassMethod::StdDev:
      if (distinctCount < 2) throw Error(distinctError(distinctCount, "a standard deviation map"));
      break;
    case ClassMethod::BoxMap:
      if (distinctCount < 2) throw Error(distinctError(distinctCount, "a box map"));
      break;
    case ClassMethod::Percentile:
      if (distinctCount < 2) throw Error(distinctError(distinctCount, "a percentile map"));
      break;
    case ClassMethod::Manual:
      break;
    case ClassMethod::Separability:
      throw UsageError("class separability needs each value's margin of error (analysis/separability.h)");
  }

  Breaks made;
  switch (method) {
    case ClassMethod::Quantile: made = quantileBreaks(sorted, classes); break;
    case ClassMethod::EqualInterval: made = equalBreaks(sorted, classes); break;
    case ClassMethod::NaturalBreaks: made.breaks = naturalBreaks(sorted, classes); break;
    case ClassMethod::StdDev: made = stdDevBreaks(sorted); break;
    case ClassMethod::BoxMap: made = boxBreaks(sorted); break;
    case ClassMethod::Percentile: made = percentileBreaks(sorted); break;
    case ClassMethod::Manual: made = manualBreaks(sorted, classes, manualBreakValues); break;
    case ClassMethod::Separability: break;
  }

  const std::size_t n = made.breaks.size() - 1;
  result.breaks = made.breaks;
  result.counts.assign(n, 0);
  result.classOf.assign(values.size(), -1);
  std::vector<double> classed;
  std::vector<int> classedClass;
  classed.reserve(sorted.size());
  classedClass.reserve(sorted.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::optional<double>& v = values[i];
    if (!v || !std::isfinite(*v)) continue;
    if (made.excludeOutside && (*v < made.breaks.front() || *v > made.breaks.back())) {
      ++result.outOfRange;
      continue;
    }
    const int c = classIndex(made.breaks, *v);
    result.classOf[i] = c;
    ++result.counts[static_cast<std::size_t>(c)];
    classed.push_back(*v);
    classedClass.push_back(c);
  }
  result.gvf = varianceFit(classed, classedClass, n);
  result.classLabels = made.labels.empty() ? makeLabels(made.breaks, made.suffixes) : made.labels;
  result.note = made.note;
  if (result.outOfRange > 0) {
    const int decimals = labelDecimals(made.breaks);
    if (!result.note.empty()) result.note += " ";
    result.note += plural(result.outOfRange, "value") + " outside the manual breaks [" +
                   formatNumber(made.breaks.front(), decimals) + ", " + formatNumber(made.breaks.back(), decimals) +
                   "] " + (result.outOfRange == 1 ? "is" : "are") + " not classed.";
  }
  return result;
}

double goodnessOfVarianceFit(const std::vector<double>& sortedValues, const std::vector<double>& breaks) {
  if (sortedValues.empty()) throw Error("cannot compute the goodness of variance fit of no values");
  if (breaks.size() < 2) throw Error("goodness of variance fit needs at least 2 breaks (1 class)");
  std::vector<int> cls(sortedValues.size());
  for (std::size_t i = 0; i < sortedValues.size(); ++i) cls[i] = classIndex(breaks, sortedValues[i]);
  return varianceFit(sortedValues, cls, breaks.size() - 1);
}

}  // namespace mobmap::analysis
