// The change map (render/change_map.h) on small tables written here: difference, percentage points of a share
// and of a percentage, percent change with a zero base, weak flags in either year, and the refusals. Expected
// values are the arithmetic of the stated inputs (to − from, 100 × (to − from), 100 × (to − from) / from). The
// diverging classes are symmetric around no change (0), so the outer breaks are ± the largest absolute change.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/error.h"
#include "render/change_map.h"

using namespace mobmap;

namespace {

// The largest absolute outer break: the largest absolute change the classes cover.
double outerBreak(const render::ChangeMap& cm) {
  const auto& b = cm.map.classification.breaks;
  CHECK(b.front() == Approx(-b.back()));
  return std::max(std::fabs(b.front()), std::fabs(b.back()));
}

AttributeTable table(const std::string& field, const std::vector<std::optional<double>>& values,
                     const std::vector<int>& quality = {}) {
  AttributeTable t;
  Column c(field, FieldType::Real);
  for (const auto& v : values) v ? c.appendNumber(*v) : c.appendMissing();
  t.addColumn(std::move(c));
  if (!quality.empty()) {
    Column q(field + "_quality", FieldType::Integer);
    for (int v : quality) q.appendNumber(v);
    t.addColumn(std::move(q));
  }
  return t;
}

render::ChangeRequest request(const std::string& field, render::ChangeMeasure m) {
  render::ChangeRequest r;
  r.field = field;
  r.fromLabel = "2016";
  r.toLabel = "2021";
  r.measure = m;
  r.base.overrides.method = "equal";
  r.base.overrides.classes = 4;
  return r;
}

}  // namespace

TEST_CASE("change map: difference to - from, a year missing is no data, diverging around zero") {
  // from 10, 20, 30, missing, 50, 60; to 12, 15, 30, 40, missing, 90: differences 2, -5, 0, -, -, 30.
  const AttributeTable from = table("v", {10, 20, 30, std::nullopt, 50, 60});
  const AttributeTable to = table("v", {12, 15, 30, 40, std::nullopt, 90});
  const render::ChangeMap cm = render::buildChangeMap(from, to, request("v", render::ChangeMeasure::Difference), "t.csv");
  CHECK(cm.missingFrom == 1);
  CHECK(cm.missingTo == 1);
  CHECK(cm.map.missing == 2);
  const auto& b = cm.map.classification.breaks;
  CHECK(outerBreak(cm) == Approx(30));
  std::size_t counted = 0;
  for (std::size_t c : cm.map.classification.counts) counted += c;
  CHECK(counted == 4);
  // Zero (no change) is a class boundary and the legend says so.
  CHECK(std::find_if(b.begin(), b.end(), [](double x) { return std::fabs(x) < 1e-9; }) != b.end());
  CHECK(cm.map.referenceText.find("0") != std::string::npos);
  CHECK(cm.map.metricLabel == "Change in v, 2016 to 2021");
  // The areas with no data have the no-data fill; the others a class fill.
  const int classes = static_cast<int>(cm.map.classification.counts.size());
  CHECK(cm.map.fillIndex[3] >= classes);
  CHECK(cm.map.fillIndex[4] >= classes);
  CHECK(cm.map.fillIndex[0] < classes);
}

TEST_CASE("change map: percentage points of a 0-1 share are 100 x the difference, of a percentage the difference") {
  // Shares 0.10 -> 0.13 (+3 pp), 0.50 -> 0.40 (-10 pp), 0.20 -> 0.20 (0), 0.3 -> 0.35 (+5 pp).
  const render::ChangeMap shares = render::buildChangeMap(table("s", {0.10, 0.50, 0.20, 0.3}), table("s", {0.13, 0.40, 0.20, 0.35}),
                                                          request("s", render::ChangeMeasure::PercentagePoints), "t.csv");
  CHECK(shares.shares);
  CHECK(outerBreak(shares) == Approx(10));
  // Percentages 10 -> 13, 50 -> 40, 20 -> 20, 30 -> 35: the same points, not multiplied.
  const render::ChangeMap pct = render::buildChangeMap(table("p", {10, 50, 20, 30}), table("p", {13, 40, 20, 35}),
                                                       request("p", render::ChangeMeasure::PercentagePoints), "t.csv");
  CHECK_FALSE(pct.shares);
  CHECK(outerBreak(pct) == Approx(10));
  // Dollars (the catalog's unit of pctl_income_20) have no percentage points.
  CHECK_THROWS_AS(render::buildChangeMap(table("pctl_income_20", {20000, 30000}), table("pctl_income_20", {21000, 29000}),
                                         request("pctl_income_20", render::ChangeMeasure::PercentagePoints), "t.csv"),
                  Error);
  // Values outside 0-100 of a field the catalog does not know are not percentages either.
  CHECK_THROWS_AS(render::buildChangeMap(table("n", {150, 30, 20}), table("n", {160, 20, 10}),
                                         request("n", render::ChangeMeasure::PercentagePoints), "t.csv"),
                  Error);
}

TEST_CASE("change map: percent change is 100 x (to - from) / from, a zero base is no data") {
  // 50 -> 75 (+50%), 200 -> 100 (-50%), 0 -> 10 (no base), 80 -> 100 (+25%), 40 -> 40 (0%).
  const render::ChangeMap cm = render::buildChangeMap(table("v", {50, 200, 0, 80, 40}), table("v", {75, 100, 10, 100, 40}),
                                                      request("v", render::ChangeMeasure::Percent), "t.csv");
  CHECK(cm.zeroBase == 1);
  CHECK(cm.map.missing == 1);
  CHECK(outerBreak(cm) == Approx(50));
  bool zeroBaseNamed = false;
  for (const render::LegendEntry& e : cm.map.legend.special) zeroBaseNamed |= e.label == "No data (a year missing, or 0 in 2016)";
  CHECK(zeroBaseNamed);
}

TEST_CASE("change map: an area weak (quality 3) in either year is hatched, mismatched tables and empty maps are refused") {
  const render::ChangeMap cm = render::buildChangeMap(table("v", {1, 2, 3, 4, 5}, {1, 3, 1, 1, 1}), table("v", {2, 5, 1, 10, 3}, {1, 1, 1, 3, 1}),
                                                      request("v", render::ChangeMeasure::Difference), "t.csv");
  CHECK(cm.weak == 2);
  CHECK(cm.map.lowQuality == std::vector<bool>{false, true, false, true, false});
  CHECK_THROWS_AS(render::buildChangeMap(table("v", {1, 2, 3}), table("v", {1, 2}), request("v", render::ChangeMeasure::Difference), "t.csv"),
                  Error);
  CHECK_THROWS_AS(render::buildChangeMap(table("v", {1, std::nullopt}), table("v", {std::nullopt, 2}),
                                         request("v", render::ChangeMeasure::Difference), "t.csv"),
                  Error);
  CHECK(render::parseChangeMeasure("pp") == render::ChangeMeasure::PercentagePoints);
  CHECK_THROWS_AS(render::parseChangeMeasure("ratio"), UsageError);
}
