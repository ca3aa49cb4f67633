#include "session/metric_profile.h"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/moe.h"
#include "core/error.h"
#include "core/metric_columns.h"
#include "core/missing_value.h"
#include "core/text.h"
#include "fetch/csv_text.h"
#include "io/project_file.h"
#include "io/source_reader.h"
#include "render/vector/cairo_renderer.h"
#include "style/metric_catalog.h"

namespace mobmap::session {

namespace fs = std::filesystem;

namespace {

std::optional<double> numberOf(const std::string& cell) {
  if (missingReasonOfText(cell, false) != MissingReason::None) return std::nullopt;
  return parseNumber(trim(cell));
}

std::string qualityWord(const std::string& cell) {
  switch (qualityFlagOfText(cell)) {
    case QualityFlag::Strong: return "Strong";
    case QualityFlag::Marginal: return "Marginal";
    case QualityFlag::Weak: return "Weak";
    case QualityFlag::None: return "";
  }
  return "";
}

std::string pad(std::string s, std::size_t width) {
  if (auto dot = s.find('.'); dot != std::string::npos) s.resize(dot);
  while (s.size() < width) s = "0" + s;
  return s;
}

bool isRaceType(const std::string& type) {
  std::string t;
  for (char c : type) t += c == '_' ? '-' : char(std::tolower(static_cast<unsigned char>(c)));
  return t == "race-ethnicity";
}

}  // namespace

render::MetricProfile loadMetricProfile(const fs::path& projectFile) {
  Project project = io::readProject(projectFile);
  const ProjectTable* mmTable = project.findTable("mobility_metrics");
  if (!mmTable)
    throw Error(projectFile.string() + ": the project has no mobility_metrics table (make it with mobmap get --county or --place)");
  const ProjectLayer* home = project.findLayer("county");
  std::string areaColumn = "county";
  if (!home || project.findLayer("place")) {
    home = project.findLayer("place");
    areaColumn = "place";
  }
  if (!home) throw Error(projectFile.string() + ": the project has no county or place layer naming its home place");
  Layer homeLayer = io::readLayer(home->source.string());
  const Column* geoidColumn = homeLayer.attributes.find("GEOID");
  if (!geoidColumn || homeLayer.featureCount() != 1)
    throw Error(home->source.string() + ": expected one " + areaColumn + " with a GEOID (a state project has no single home place)");
  const std::string geoid = geoidColumn->displayText(0);
  const std::size_t areaWidth = areaColumn == "place" ? 5 : 3;

  fetch::CsvText mm = fetch::readCsvFile(mmTable->source);
  const int cYear = mm.column("year"), cState = mm.column("state"), cArea = mm.column(areaColumn), cType = mm.column("subgroup_type"),
            cGroup = mm.column("subgroup"), cName = mm.column(areaColumn + "_name"), cStateName = mm.column("state_name");
  if (cYear < 0 || cState < 0 || cArea < 0)
    throw Error(mmTable->source.string() + ": a Mobility Metrics table needs the columns year, state and " + areaColumn);

  // The home place's rows: year -> subgroup -> row, and the subgroups' types.
  std::map<int, std::map<std::string, const std::vector<std::string>*>> rows;
  std::map<std::string, std::string> typeOf;
  render::MetricProfile profile;
  for (const auto& row : mm.rows) {
    if (pad(row[std::size_t(cState)], 2) + pad(row[std::size_t(cArea)], areaWidth) != geoid) continue;
    auto y = numberOf(row[std::size_t(cYear)]);
    if (!y) continue;
    const std::string group = cGroup >= 0 && !row[std::size_t(cGroup)].empty() ? row[std::size_t(cGroup)] : "All";
    rows[int(*y)][group] = &row;
    if (cType >= 0) typeOf[group] = row[std::size_t(cType)];
    if (cName >= 0 && profile.place.empty() && row[std::size_t(cName)] != "NA") profile.place = row[std::size_t(cName)];
    if (cStateName >= 0 && profile.stateName.empty() && row[std::size_t(cStateName)] != "NA") profile.stateName = row[std::size_t(cStateName)];
  }
  if (rows.empty()) throw Error(mmTable->source.string() + ": no rows of " + areaColumn + " " + geoid);
  if (!profile.place.empty() && !profile.stateName.empty() && profile.place.find(profile.stateName) == std::string::npos)
    profile.place += ", " + profile.stateName;
  if (profile.place.empty()) profile.place = project.title.empty() ? areaColumn + " " + geoid : project.title;

  // Benchmarks: metric -> year -> (state, national).
  std::map<std::string, std::map<int, std::pair<std::optional<double>, std::optional<double>>>> bench;
  std::string weights;
  if (const ProjectTable* b = project.findTable("mobility_benchmarks")) {
    fetch::CsvText bt = fetch::readCsvFile(b->source);
    const int m = bt.column("metric"), y = bt.column("year"), s = bt.column("state_median"), n = bt.column("national_median");
    if (m >= 0 && y >= 0 && s >= 0 && n >= 0)
      for (const auto& row : bt.rows)
        if (auto yr = numberOf(row[std::size_t(y)]))
          bench[row[std::size_t(m)]][int(*yr)] = {numberOf(row[std::size_t(s)]), numberOf(row[std::size_t(n)])};
    weights = b->vintage;
  }

  const style::MetricCatalog& catalog = style::MetricCatalog::builtin();
  std::map<std::string, int> pillarOrder;
  for (const style::PillarInfo& p : catalog.pillars()) pillarOrder[p.name] = p.order;
  std::vector<std::pair<std::tuple<int, std::string, std::size_t>, render::ProfileRow>> ordered;
  std::set<std::string> used;
  for (std::size_t c = 0; c < mm.header.size(); ++c) {
    const std::string& col = mm.header[c];
    const style::MetricInfo* info = catalog.find(col);
    if (!info || used.count(info->variable)) continue;
    render::ProfileRow r;
    r.variable = col;
    r.label = info->label;
    r.pillar = info->pillar;
    r.predictor = info->predictor;
    r.unit = info->unit;
    r.direction = info->direction == style::Direction::HigherIsBetter ? 1 : info->direction == style::Direction::LowerIsBetter ? -1 : 0;
    if (!info->format.empty()) {
      std::string digits;
      for (char ch : info->format)
        if (std::isdigit(static_cast<unsigned char>(ch))) digits += ch;
      if (!digits.empty()) r.decimals = std::stoi(digits);
    }
    const int cLb = mm.column(col + "_lb"), cUb = mm.column(col + "_ub");
    int cQ = mm.column(col + "_quality");
    for (const std::string& q : info->qualityColumns)
      if (cQ < 0) cQ = mm.column(q);
    auto cellOf = [&](const std::vector<std::string>& row, int column) { return column < 0 ? std::string() : row[std::size_t(column)]; };
    for (const auto& [year, groups] : rows) {
      auto all = groups.find("All");
      if (all == groups.end()) continue;
      if (auto v = numberOf((*all->second)[c])) {
        r.trend.emplace_back(year, *v);
        r.year = year;
        r.value = *v;
        r.lower = numberOf(cellOf(*all->second, cLb));
        r.upper = numberOf(cellOf(*all->second, cUb));
        r.quality = qualityWord(cellOf(*all->second, cQ));
      }
    }
    if (r.trend.empty()) continue;
    used.insert(info->variable);
    if (auto b = bench.find(col); b != bench.end())
      if (auto yb = b->second.find(r.year); yb != b->second.end()) {
        r.stateMedian = yb->second.first;
        r.nationalMedian = yb->second.second;
      }
    // Gaps in the latest year: race and ethnicity from White, non-Hispanic (when present), others from All.
    const auto& groups = rows.at(r.year);
    std::string whiteGroup;
    for (const auto& [g, row] : groups)
      if ((g == "White, Non-Hispanic" || g == "White") && numberOf((*row)[c])) whiteGroup = g;
    bool anyRace = false;
    for (const auto& [g, row] : groups) {
      if (g == "All" || g == whiteGroup) continue;
      auto v = numberOf((*row)[c]);
      if (!v) continue;
      const bool race = isRaceType(typeOf[g]);
      anyRace = anyRace || race;
      const std::string refName = race && !whiteGroup.empty() ? whiteGroup : "All";
      const std::vector<std::string>& ref = *groups.at(refName);
      auto rv = numberOf(ref[c]);
      if (!rv) continue;
      render::ProfileGap gap{g, *v, *v - *rv, false, false};
      auto lb = numberOf(cellOf(*row, cLb)), ub = numberOf(cellOf(*row, cUb));
      auto rlb = numberOf(cellOf(ref, cLb)), rub = numberOf(cellOf(ref, cUb));
      if (lb && ub && rlb && rub) {
        auto z = analysis::differenceZ(*v, analysis::standardErrorFromBounds(*lb, *ub), *rv, analysis::standardErrorFromBounds(*rlb, *rub));
        if (z) {
          gap.tested = true;
          gap.significant = std::abs(*z) > analysis::criticalZ(0.95);
        }
      }
      r.gaps.push_back(gap);
    }
    r.gapReference = anyRace && !whiteGroup.empty() ? (whiteGroup == "White" ? "White" : "White, non-Hispanic") : "All";
    const auto pillarIt = pillarOrder.find(r.pillar);
    ordered.push_back({{pillarIt == pillarOrder.end() ? 99 : pillarIt->second, r.predictor, ordered.size()}, std::move(r)});
  }
  if (ordered.empty()) throw Error(mmTable->source.string() + ": " + profile.place + " has no value of any metric the catalog knows");
  // Pillar order, then predictors in the order their first metric appears.
  std::map<std::pair<int, std::string>, std::size_t> predictorFirst;
  for (const auto& [key, row] : ordered) predictorFirst.emplace(std::pair{std::get<0>(key), std::get<1>(key)}, std::get<2>(key));
  std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) {
    const auto pa = std::pair{std::get<0>(a.first), std::get<1>(a.first)}, pb = std::pair{std::get<0>(b.first), std::get<1>(b.first)};
    if (pa.first != pb.first) return pa.first < pb.first;
    return predictorFirst[pa] < predictorFirst[pb];
  });
  for (auto& [key, row] : ordered) profile.rows.push_back(std::move(row));
  profile.source = mmTable->vintage.empty() ? "Urban Institute Mobility Metrics" : mmTable->vintage;
  if (!weights.empty()) profile.source += ". Medians weighted by " + weights.substr(weights.find("weights: ") == std::string::npos ? 0 : weights.find("weights: ") + 9);
  return profile;
}

render::Figure writeMetricProfile(const render::MetricProfile& profile, const std::string& out, double widthIn, double dpi) {
  if (widthIn < 8.3 || widthIn > 40) throw Error("a profile page must be between 8.3 and 40 inches wide");
  render::CairoTextMetrics metrics;
  render::Figure fig = render::composeMetricProfile(profile, {widthIn * 72, ""}, metrics);
  render::writeFigure(fig, out, dpi);
  return fig;
}

}  // namespace mobmap::session
