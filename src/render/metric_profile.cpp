#include "render/metric_profile.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "render/number_format.h"

namespace mobmap::render {

namespace {

const Rgb kInk{30, 30, 30}, kGrey{120, 120, 120}, kRule{200, 200, 200}, kTrack = kProfileTrack, kBar = kProfileBar,
          kValue = kProfileValue, kState = kProfileStateMedian, kNation = kProfileNationalMedian, kWeak = kProfileWeak;

// Text cut to `width` points with an ellipsis.
std::string fit(const std::string& text, double width, const TextStyle& style, const TextMetrics& m) {
  if (m.width(text, style) <= width) return text;
  std::string t = text;
  while (!t.empty() && m.width(t + "…", style) > width) {
    t.pop_back();
    while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();  // whole UTF-8 characters
    if (!t.empty() && (static_cast<unsigned char>(t.back()) & 0x80)) t.pop_back();
  }
  return t + "…";
}

NumberFormat formatOf(const ProfileRow& row) {
  std::vector<double> v = {row.value};
  if (row.lower) v.push_back(*row.lower);
  if (row.upper) v.push_back(*row.upper);
  NumberFormat f = formatForBreaks(row.unit, v, row.decimals);
  if (row.decimals >= 0) f.decimals = row.decimals;
  else if (row.unit == "share" || row.unit == "percent") f.decimals = std::max(f.decimals, 1);
  else if (std::abs(row.value) < 10) f.decimals = std::max(f.decimals, 2);
  return f;
}

}  // namespace

std::string profileValueText(const ProfileRow& row, double value, bool signedGap) {
  NumberFormat f = formatOf(row);
  std::string text = f.format(value);
  if (signedGap && (row.unit == "share" || row.unit == "percent")) {
    // A gap between two percentages is in percentage points.
    if (!text.empty() && text.back() == '%') text.pop_back();
    text += " pts";
  }
  if (signedGap && value > 0) text = "+" + text;
  return text;
}

std::string profileKey(const MetricProfile& profile) {
  bool anyMedian = false;
  for (const ProfileRow& r : profile.rows) anyMedian = anyMedian || r.stateMedian || r.nationalMedian;
  return "Each metric in its latest year. Bar: 95% interval; dot: the value" +
         (anyMedian ? "; orange line: " + (profile.stateName.empty() ? std::string("state") : profile.stateName) +
                          " median; black diamond: national median (medians population-weighted)."
                    : std::string(" (the project has no state or national medians)."));
}

std::pair<double, double> profileBarRange(const ProfileRow& row) {
  double lo = row.value, hi = row.value;
  for (const std::optional<double>& v : {row.lower, row.upper, row.stateMedian, row.nationalMedian})
    if (v) lo = std::min(lo, *v), hi = std::max(hi, *v);
  if (hi - lo < 1e-12 * std::max(1.0, std::abs(hi))) lo -= 1, hi += 1;
  const double pad = (hi - lo) * 0.08;
  return {lo - pad, hi + pad};
}

Figure composeMetricProfile(const MetricProfile& profile, const MetricProfileOptions& options, const TextMetrics& metrics) {
  if (profile.rows.empty()) throw Error("the profile of " + profile.place + " has no metric with a value");
  if (options.widthPt < 600) throw Error("a metric profile needs a page at least 600 pt (8.3 in) wide");
  Figure fig;
  fig.widthPt = options.widthPt;
  const double margin = 36, right = options.widthPt - margin;
  const TextStyle title{"DejaVu Sans", 15, true, false}, sub{"DejaVu Sans", 8.5, false, false},
      pillar{"DejaVu Sans", 9.5, true, false}, predictor{"DejaVu Sans", 7.5, false, true}, cell{"DejaVu Sans", 7.5, false, false},
      head{"DejaVu Sans", 7, true, false}, small{"DejaVu Sans", 6.5, false, false};
  // Columns, left to right: metric label, year, value, interval bar with the medians, quality, trend, gaps.
  const double wExtra = options.widthPt - 792;
  const double xLabel = margin + 8, xValue = margin + 250 + wExtra * 0.3, xYear = xValue + 6, xBar0 = xValue + 36,
               xBar1 = xBar0 + 150 + wExtra * 0.3, xQuality = xBar1 + 10, xTrend0 = xQuality + 46, xTrend1 = xTrend0 + 56,
               xGaps = xTrend1 + 10;
  const double rowH = 13;
  double y = margin + 14;
  fig.title = options.title.empty() ? "Mobility Metrics profile: " + profile.place : options.title;
  fig.texts.push_back({fig.title, margin, y, title, kInk});
  y += 15;
  fig.texts.push_back({fit(profileKey(profile), right - margin, sub, metrics), margin, y, sub, kGrey});
  y += 16;
  // Column heads.
  auto headAt = [&](const std::string& t, double x, Anchor a = Anchor::Left) { fig.texts.push_back({t, x, y, head, kGrey, a}); };
  headAt("Metric", xLabel);
  headAt("Value", xValue, Anchor::Right);
  headAt("Year", xYear);
  headAt("95% interval, medians", xBar0);
  headAt("Quality", xQuality);
  headAt("Trend", xTrend0);
  headAt("Subgroup gaps (* significant at 95%)", xGaps);
  y += 4;
  fig.lines.push_back({{{margin, y}, {right, y}}, kRule, 0.75});

  std::string lastPillar, lastPredictor;
  for (const ProfileRow& row : profile.rows) {
    if (row.pillar != lastPillar) {
      y += 14;
      fig.texts.push_back({row.pillar.empty() ? "Other metrics" : row.pillar, margin, y, pillar, kInk});
      lastPillar = row.pillar;
      lastPredictor.clear();
      y += 2;
    }
    if (row.predictor != lastPredictor && !row.predictor.empty()) {
      y += 11;
      fig.texts.push_back({row.predictor, margin + 4, y, predictor, kGrey});
      lastPredictor = row.predictor;
    }
    y += rowH;
    const double mid = y - 2.6;
    fig.texts.push_back({fit(row.label, xValue - 46 - xLabel, cell, metrics), xLabel, y, cell, kInk});
    fig.texts.push_back({profileValueText(row, row.value), xValue, y, cell, kInk, Anchor::Right});
    fig.texts.push_back({std::to_string(row.year), xYear, y, small, kGrey});
    // The bar: its own scale per row (units differ), spanning the interval, value and medians with a margin.
    const auto [lo, hi] = profileBarRange(row);
    auto xOf = [&](double v) { return xBar0 + (v - lo) / (hi - lo) * (xBar1 - xBar0); };
    fig.lines.push_back({{{xBar0, mid}, {xBar1, mid}}, kTrack, 0.6});
    if (row.lower && row.upper)
      fig.rects.push_back({xOf(*row.lower), mid - 2.2, std::max(0.8, xOf(*row.upper) - xOf(*row.lower)), 4.4, Fill{kBar}, std::nullopt});
    if (row.stateMedian) fig.lines.push_back({{{xOf(*row.stateMedian), mid - 4.2}, {xOf(*row.stateMedian), mid + 4.2}}, kState, 1.4});
    if (row.nationalMedian) {
      const double cx = xOf(*row.nationalMedian);
      fig.lines.push_back({{{cx, mid - 3.2}, {cx + 3.2, mid}, {cx, mid + 3.2}, {cx - 3.2, mid}, {cx, mid - 3.2}}, kNation, 0.5, true});
    }
    fig.circles.push_back({xOf(row.value), mid, 2.4, kValue, Rgb{255, 255, 255}, 0.6});
    fig.texts.push_back({row.quality.empty() ? "–" : row.quality, xQuality, y, cell, row.quality == "Weak" ? kWeak : kInk});
    // The trend: the values over the years available, on the row's own scale; the first and last years named.
    if (row.trend.size() >= 2) {
      double tlo = row.trend.front().second, thi = tlo;
      for (const auto& [yr, v] : row.trend) tlo = std::min(tlo, v), thi = std::max(thi, v);
      if (thi - tlo < 1e-12 * std::max(1.0, std::abs(thi))) tlo -= 1, thi += 1;
      const int y0 = row.trend.front().first, y1 = row.trend.back().first;
      LineItem spark{{}, kValue, 0.9};
      for (const auto& [yr, v] : row.trend)
        spark.points.push_back({xTrend0 + double(yr - y0) / double(std::max(1, y1 - y0)) * (xTrend1 - xTrend0), y - 0.5 - (v - tlo) / (thi - tlo) * 8});
      fig.circles.push_back({spark.points.back().x, spark.points.back().y, 1.3, kValue, std::nullopt});
      fig.lines.push_back(std::move(spark));
    } else {
      fig.texts.push_back({"one year", xTrend0, y, small, kGrey});
    }
    // The gaps, wrapped over as many lines as they need (the row grows).
    std::vector<std::string> parts;
    for (const ProfileGap& g : row.gaps)
      parts.push_back(g.subgroup + " " + profileValueText(row, g.gap, true) + (g.significant ? "*" : ""));
    if (parts.empty()) {
      fig.texts.push_back({"–", xGaps, y, small, kInk});
    } else {
      bool anyTested = false;
      for (const ProfileGap& g : row.gaps) anyTested = anyTested || g.tested;
      if (!anyTested) parts.push_back("(not tested: no 95% bounds)");
      std::string line = "vs " + row.gapReference + ":";
      double lineY = y;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string piece = parts[i] + (i + 1 < parts.size() && !parts[i + 1].starts_with("(") ? ";" : "");
        if (metrics.width(line + " " + piece, small) > right - xGaps) {
          fig.texts.push_back({line, xGaps, lineY, small, kInk});
          lineY += 8.5;
          line = "  " + piece;
        } else {
          line += " " + piece;
        }
      }
      fig.texts.push_back({fit(line, right - xGaps, small, metrics), xGaps, lineY, small, kInk});
      y = lineY;
    }
  }
  y += 8;
  fig.lines.push_back({{{margin, y}, {right, y}}, kRule, 0.75});
  y += 12;
  const std::string note = "Quality: Urban's flag (Weak: a community should not act on the value alone). Trend: the value in each "
                           "year available, on its own scale. Gaps: a subgroup's value minus the reference group's in the same year; "
                           "* when the difference exceeds 1.96 standard errors from the 95% bounds.";
  // The note and the source wrap at the page width.
  for (const std::string& para : {note, "Source: " + profile.source}) {
    std::string line;
    std::size_t at = 0;
    while (at < para.size()) {
      std::size_t next = para.find(' ', at);
      std::string word = para.substr(at, next == std::string::npos ? std::string::npos : next - at);
      std::string trial = line.empty() ? word : line + " " + word;
      if (!line.empty() && metrics.width(trial, small) > right - margin) {
        fig.texts.push_back({line, margin, y, small, kGrey});
        y += 9;
        line = word;
      } else {
        line = trial;
      }
      at = next == std::string::npos ? para.size() : next + 1;
    }
    if (!line.empty()) fig.texts.push_back({line, margin, y, small, kGrey});
    y += 11;
  }
  fig.heightPt = std::ceil(y + margin - 12);
  fig.description = "Mobility Metrics profile of " + profile.place + ": " + std::to_string(profile.rows.size()) + " metrics";
  fig.sourceLine = profile.source;
  return fig;
}

}  // namespace mobmap::render
