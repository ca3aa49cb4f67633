#include "render/plurality_map.h"

#include <cmath>

#include "core/error.h"
#include "style/map_style.h"

namespace mobmap::render {

namespace {

// `c` mixed with white: the tint of a plurality that is not a majority.
Rgb tint(Rgb c, double t) {
  auto mix = [t](unsigned char v) { return static_cast<unsigned char>(std::lround(v + (255 - v) * t)); };
  return Rgb{mix(c.r), mix(c.g), mix(c.b)};
}

}  // namespace

PluralityMap buildPluralityMap(const AttributeTable& table, const PluralityRequest& request, const std::string& sourceName) {
  const GroupCounts counts = readGroupCounts(table, request.groups, sourceName);
  const std::size_t groups = counts.people.size(), n = table.rowCount();
  const std::vector<Rgb> colors = groupColors(request.ramp, groups);
  PluralityMap out;
  ThematicMap& map = out.map;
  if (counts.overlap.areas > 0) {
    map.warnings.push_back(counts.overlapWarning + "; a majority (over half of the total) may then be overstated");
    map.sourceNotes.push_back("groups overlap in " + std::to_string(counts.overlap.areas) +
                              (counts.overlap.areas == 1 ? " area" : " areas") + " (sum past the total)");
  }
  map.style = style::StyleCatalog::builtin().find(request.style);
  map.metricLabel = request.legendTitle.empty() ? "Largest group" : request.legendTitle;
  for (Rgb c : colors) {
    map.fills.push_back(Fill{c});
    map.fills.push_back(Fill{tint(c, 0.55)});
  }
  map.fills.push_back(Fill{Rgb{255, 255, 255}, Pattern::Hatch, Rgb{110, 110, 110}, 0.6, 3.5});
  map.fills.push_back(Fill{map.style.missingFill});
  map.fillIndex.assign(n, pluralityNoDataFill(groups));
  map.lowQuality.assign(n, false);
  out.winner.assign(n, -1);
  out.majority.assign(groups, 0);
  out.plurality.assign(groups, 0);

  for (std::size_t i = 0; i < n; ++i) {
    bool complete = true;
    double sum = 0, best = -1;
    int bestGroup = -1, atBest = 0;
    for (std::size_t g = 0; g < groups; ++g) {
      const auto& v = counts.people[g][i];
      if (!v) {
        complete = false;
        break;
      }
      sum += *v;
      if (*v > best) {
        best = *v;
        bestGroup = static_cast<int>(g);
        atBest = 1;
      } else if (*v == best) {
        ++atBest;
      }
    }
    if (!complete) {
      ++map.missing;
      continue;
    }
    const double total = counts.total.empty() ? sum : counts.total[i].value_or(sum);
    if (!(best > 0) || !(total > 0)) {
      ++out.noPeople;
      ++map.missing;
      continue;
    }
    if (atBest > 1) {
      ++out.ties;
      map.fillIndex[i] = pluralityTieFill(groups);
      continue;
    }
    out.winner[i] = bestGroup;
    const auto g = static_cast<std::size_t>(bestGroup);
    if (best > total / 2) {
      ++out.majority[g];
      map.fillIndex[i] = static_cast<int>(2 * g);
    } else {
      ++out.plurality[g];
      map.fillIndex[i] = static_cast<int>(2 * g + 1);
    }
  }

  Legend& lg = map.legend;
  lg.heading = map.metricLabel;
  lg.unitLine = "Dark: majority (over half); light: largest only";
  lg.rule = counts.total.empty() ? "Share of the groups' sum" : "Share of " + request.groups.total;
  for (std::size_t g = groups; g-- > 0;) {  // drawn last first: the first group on top
    lg.classes.push_back({counts.labels[g] + ", largest", out.plurality[g], map.fills[2 * g + 1]});
    lg.classes.push_back({counts.labels[g] + ", majority", out.majority[g], map.fills[2 * g]});
  }
  lg.special.push_back({"Tie for the largest", out.ties, map.fills[static_cast<std::size_t>(pluralityTieFill(groups))], SwatchKind::Class});
  lg.special.push_back({out.noPeople > 0 ? "No data or no people" : "No data", map.missing,
                        map.fills[static_cast<std::size_t>(pluralityNoDataFill(groups))], SwatchKind::Missing});
  lg.footnote = "(n) = areas.";
  map.methodHeading = "Groups";
  map.methodText = "";
  for (std::size_t g = 0; g < groups; ++g)
    map.methodText += (g ? ", " : "") + counts.labels[g] + " (" + request.groups.fields[g] + ")";
  map.methodText += "; majority = more than half of " +
                    (counts.total.empty() ? std::string("the groups' sum") : request.groups.total) + "; " +
                    std::to_string(out.ties) + (out.ties == 1 ? " tie" : " ties") + " for the largest group (hatched)";
  return out;
}

}  // namespace mobmap::render
