#include "render/dot_density.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/error.h"
#include "core/text.h"
#include "core/geometry.h"
#include "render/number_format.h"
#include "style/map_style.h"

namespace mobmap::render {

namespace {

// A uniform number in [0, 1) from 53 bits of the generator (the same sequence on every platform).
double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Tries this many points in the area's bounding box before giving up on an area without surface.
constexpr int kMaxTriesPerDot = 100000;

}  // namespace

std::vector<std::size_t> allocateDots(const std::vector<double>& counts, double perDot) {
  if (!(perDot > 0) || !std::isfinite(perDot)) throw UsageError("people per dot must be a positive number");
  std::vector<std::size_t> dots(counts.size(), 0);
  std::vector<double> remainder(counts.size(), 0);
  double sum = 0;
  std::size_t whole = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double q = std::max(0.0, counts[i]) / perDot;
    sum += q;
    dots[i] = static_cast<std::size_t>(std::floor(q));
    remainder[i] = q - std::floor(q);
    whole += dots[i];
  }
  const auto target = static_cast<std::size_t>(std::llround(sum));
  std::vector<std::size_t> order(counts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t k = 0; whole < target && k < order.size(); ++k, ++whole) ++dots[order[k]];
  return dots;
}

DotDensityMap buildDotDensityMap(const Layer& layer, const DotDensityRequest& request, const std::string& sourceName) {
  if (!(request.perDot > 0) || !std::isfinite(request.perDot)) throw UsageError("--per must be a positive number of people");
  GroupCounts counts = readGroupCounts(layer.attributes, request.groups, sourceName);
  const std::size_t groups = counts.people.size(), n = layer.featureCount();
  DotDensityMap out;
  out.dots.colors = groupColors(request.ramp, groups);
  ThematicMap& map = out.map;
  map.style = style::StyleCatalog::builtin().find(request.style);
  map.metricLabel = request.legendTitle.empty() ? "People by group" : request.legendTitle;

  // Areas missing any group's value get the no-data fill.
  map.fills = {Fill{Rgb{250, 250, 250}}, Fill{map.style.missingFill}};
  map.fillIndex.assign(n, 0);
  map.lowQuality.assign(n, false);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t g = 0; g < groups; ++g)
      if (!counts.people[g][i]) map.fillIndex[i] = 1;
  map.missing = static_cast<std::size_t>(std::count(map.fillIndex.begin(), map.fillIndex.end(), 1));

  // Where the groups overlap (add up past the total), each group's people are scaled down in proportion so
  // that the area's dots stand for its total population, never more people than live there.
  std::size_t scaledAreas = 0;
  if (counts.overlap.areas > 0)
    for (std::size_t i = 0; i < n; ++i) {
      if (i >= counts.total.size() || !counts.total[i]) continue;
      double sum = 0;
      for (std::size_t g = 0; g < groups; ++g) sum += counts.people[g][i].value_or(0);
      if (!groupsExceedTotal(sum, *counts.total[i])) continue;
      for (std::size_t g = 0; g < groups; ++g)
        if (counts.people[g][i]) *counts.people[g][i] *= *counts.total[i] / sum;
      ++scaledAreas;
    }
  if (scaledAreas > 0) {
    map.warnings.push_back(counts.overlapWarning + "; there the dots are scaled down in proportion so the area's dots add "
                           "up to its total population");
    map.sourceNotes.push_back("groups overlap in " + std::to_string(scaledAreas) + (scaledAreas == 1 ? " area" : " areas") +
                              ": dots scaled to the total there");
  }

  // Dots per group and area, then their places: areas in order, groups in order within an area.
  std::mt19937_64 rng(request.seed);
  std::vector<std::vector<Point>> placed(groups);
  for (std::size_t g = 0; g < groups; ++g) {
    std::vector<double> people(n, 0);
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      people[i] = counts.people[g][i].value_or(0);
      total += people[i];
    }
    out.groupPeople.push_back(total);
    out.areaDots.push_back(allocateDots(people, request.perDot));
  }
  std::vector<Point> points;
  std::vector<int> group;
  for (std::size_t i = 0; i < n; ++i) {
    const Extent box = layer.geometry.featureExtent(i);
    for (std::size_t g = 0; g < groups; ++g) {
      for (std::size_t d = 0; d < out.areaDots[g][i]; ++d) {
        bool ok = false;
        for (int t = 0; t < kMaxTriesPerDot && !box.empty(); ++t) {
          const Point p{box.minX + unit(rng) * box.width(), box.minY + unit(rng) * box.height()};
          if (featureContains(layer.geometry, i, p)) {
            points.push_back(p);
            group.push_back(static_cast<int>(g));
            out.dotArea.push_back(i);
            ok = true;
            break;
          }
        }
        if (!ok) {
          out.unplaced += out.areaDots[g][i] - d;
          break;  // the area has no surface: its other dots would fail the same way
        }
      }
    }
  }
  // Shuffle all groups' dots together (Fisher-Yates from the same generator), so the drawing order mixes
  // the groups evenly.
  for (std::size_t k = points.size(); k > 1; --k) {
    const std::size_t j = static_cast<std::size_t>(rng() % k);
    std::swap(points[k - 1], points[j]);
    std::swap(group[k - 1], group[j]);
    std::swap(out.dotArea[k - 1], out.dotArea[j]);
  }
  out.dots.points = std::move(points);
  out.dots.colorIndex = std::move(group);
  out.groupDots.assign(groups, 0);
  for (int g : out.dots.colorIndex) ++out.groupDots[static_cast<std::size_t>(g)];

  Legend& lg = map.legend;
  lg.heading = map.metricLabel;
  lg.unitLine = "1 dot = " + groupThousands(formatNumber(request.perDot)) + (request.perDot == 1 ? " person" : " people");
  lg.rule = "Placed at random within each area";
  lg.dotSwatches = true;
  for (std::size_t g = groups; g-- > 0;)  // the class list is drawn last first: first group on top
    lg.classes.push_back({counts.labels[g] + ": " + groupThousands(formatNumber(std::round(out.groupPeople[g]))) + " people",
                          out.groupDots[g], Fill{out.dots.colors[g]}});
  if (map.missing > 0) lg.special.push_back({"Missing a group's value", map.missing, map.fills[1], SwatchKind::Missing});
  lg.footnote = "(n) = dots drawn.";

  map.methodHeading = "Dots";
  map.methodText = "1 per " + groupThousands(formatNumber(request.perDot)) +
                   " people, at random within each area (seed " + std::to_string(request.seed) +
                   "); each group's dots split over the areas by largest remainder, so it keeps round(total / " +
                   groupThousands(formatNumber(request.perDot)) + ") dots";
  if (out.unplaced > 0) map.methodText += ", " + std::to_string(out.unplaced) + " dots of areas without surface not drawn";
  return out;
}

Figure composeDotDensity(const Layer& layer, const DotDensityMap& map, const std::vector<ContextLayer>& context,
                         const FigureOptions& options, const TextMetrics& metrics) {
  Figure fig = composeFigure(layer, map.map, context, options, metrics);
  if (!fig.panels.empty() && !fig.panels.front().layers.empty()) {
    MapLayerDraw& areas = fig.panels.front().layers.front();
    areas.outline = Rgb{190, 190, 190};  // light, so the dots carry the map
    areas.outlineWidthPt = std::min(areas.outlineWidthPt, 0.3);
    areas.dots = map.dots;
    const double k = std::clamp(std::min(options.widthPt / 720.0, options.heightPt / 450.0), 0.6, 3.0);
    areas.dots.radiusPt = 0.6 * k;
  }
  return fig;
}

}  // namespace mobmap::render
