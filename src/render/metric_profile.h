#pragma once
// The Mobility Metrics profile of one place as a figure: every metric with a value, by pillar and predictor,
// with the place's value, its 95% interval as a bar, its quality word, the state and national medians, the
// trend over the years available and the subgroup gaps with their significance.
//
// Usage:
//   render::MetricProfile p = session::loadMetricProfile("cook-2022/project.toml");
//   render::Figure f = render::composeMetricProfile(p, {}, metrics);
//   render::writeFigure(f, "profile.pdf", 200);
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "render/figure.h"
#include "render/text_metrics.h"

namespace mobmap::render {

// One subgroup's value beside the reference group's, in the metric's latest year.
struct ProfileGap {
  std::string subgroup;
  double value = 0;
  double gap = 0;              // value - reference value
  bool tested = false;         // both had 95% bounds
  bool significant = false;    // |gap| / sqrt(SE_a² + SE_b²) > 1.96, SE = (ub - lb) / (2 x 1.96)
};

struct ProfileRow {
  std::string variable, label, pillar, predictor;
  std::string unit;            // catalog unit: share, percent, dollars, rate, ...
  int decimals = -1;           // catalog display decimals; -1 = chosen from the values
  int direction = 0;           // 1 higher is better, -1 lower is better, 0 neutral
  int year = 0;                // the latest year with a value
  double value = 0;
  std::optional<double> lower, upper;               // 95% bounds
  std::string quality;                               // "Strong", "Marginal", "Weak" or ""
  std::optional<double> stateMedian, nationalMedian; // population-weighted, same year
  std::vector<std::pair<int, double>> trend;         // (year, value), ascending years
  std::string gapReference;                          // the group the gaps are measured from
  std::vector<ProfileGap> gaps;
};

struct MetricProfile {
  std::string place;           // "Cook County, Illinois"
  std::string stateName;       // "Illinois"
  std::string source;          // the release and the benchmarks' weights
  std::vector<ProfileRow> rows;  // pillar order, then predictor, then catalog order
};

struct MetricProfileOptions {
  double widthPt = 792;        // 11 in; the height follows the rows
  std::string title;           // default "Mobility Metrics profile: <place>"
};

// Lays the profile out as a table of rows, grouped under pillar and predictor headings, on a page `widthPt`
// wide and as tall as the rows need. Throws mobmap::Error when the profile has no rows or the page is too
// narrow for its columns.
Figure composeMetricProfile(const MetricProfile& profile, const MetricProfileOptions& options, const TextMetrics& metrics);

// A value in the row's unit for the profile ("84.7%", "$47,102", "0.93").
std::string profileValueText(const ProfileRow& row, double value, bool signedGap = false);

// The colours of the profile, the same in the figure and the viewer's panel.
inline constexpr Rgb kProfileBar{140, 170, 205}, kProfileValue{20, 60, 130}, kProfileStateMedian{200, 80, 30},
    kProfileNationalMedian{0, 0, 0}, kProfileWeak{180, 40, 40}, kProfileTrack{225, 225, 225};

// What the bar shows, for the line above the rows ("Bar: 95% interval; dot: the value; orange line: Illinois
// median; ...").
std::string profileKey(const MetricProfile& profile);

// The value range a row's bar spans: its interval, value and medians with a margin (each row its own scale,
// since the units differ).
std::pair<double, double> profileBarRange(const ProfileRow& row);

}  // namespace mobmap::render
