// Maps from data as published. Expected counts on Urban's combined file
// ../shared/data/mobility-metrics/v2025.01/data/64_mobility-metrics_place_income_longitudinal.csv (quality flags
// written as Strong / Marginal / Weak) were computed with Python's csv module:
//   r = list(csv.DictReader(open(f))); pres = lambda x, c: x[c] not in ('NA', '')
//   weak = lambda x, c: x[c + '_quality'].lower() == 'weak'
//   share_in_preschool present 6093, present and weak 1353; rate_learning present 6046, weak 448;
//   both present 1211, either weak 386.
// The Census-code cases use values written here, with expected values worked out by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "core/metric_columns.h"
#include "io/source_reader.h"
#include "render/bivariate_map.h"
#include "render/comparison_map.h"
#include "render/small_multiples.h"
#include "render/thematic_map.h"
#include "test_support.h"

using namespace mobmap;

namespace {

const char* kIncome = "mobility-metrics/v2025.01/data/64_mobility-metrics_place_income_longitudinal.csv";

}  // namespace

TEST_CASE("Urban's quality words hatch, suppress and count the same as 1/2/3 in every map kind") {
  auto path = test::sharedData(kIncome);
  if (!path) return;
  const AttributeTable t = io::readTable(path->string());

  render::ThematicRequest req;
  req.field = "share_in_preschool";
  render::ThematicMap m = render::buildThematicMap(t, req, "64");
  CHECK(m.lowQualityCount == 1353);
  CHECK(m.missing == 27188 - 6093);

  req.suppressLowQuality = true;
  render::ThematicMap s = render::buildThematicMap(t, req, "64");
  CHECK(s.suppressed == 1353);
  CHECK(s.lowQualityCount == 0);

  render::BivariateRequest b;
  b.fieldX = "rate_learning";
  b.fieldY = "share_in_preschool";
  render::BivariateMap bm = render::buildBivariateMap(t, b, "64");
  CHECK(bm.map.lowQualityCount == 386);

  render::ComparisonRequest c;
  c.fieldA = "rate_learning";
  c.fieldB = "share_in_preschool";
  c.kind = render::Comparison::Gap;
  render::ComparisonMap cm = render::buildComparisonMap(t, c, "64");
  CHECK(cm.weak == 386);
  // Hatched: weak on either side, or the gap's own CV over 40% (its MOE √(MOE_A² + MOE_B²) from both sides' 95%
  // bounds: SE = (ub − lb) / (2 · 1.96), ACS handbook ch. 8), counted here from the table's columns.
  {
    const Column& a = t.require("rate_learning", "64");
    const Column& bb = t.require("share_in_preschool", "64");
    const Column *qa = t.find("rate_learning_quality"), *qb = t.find("share_in_preschool_quality");
    auto se = [&t](const std::string& f, std::size_t i) {
      const Column& lb = t.require(f + "_lb", "64");
      const Column& ub = t.require(f + "_ub", "64");
      if (lb.isMissing(i) || ub.isMissing(i) || ub.number(i) < lb.number(i)) return std::nan("");
      return (ub.number(i) - lb.number(i)) / (2 * 1.96);
    };
    std::size_t hatched = 0;
    for (std::size_t i = 0; i < t.rowCount(); ++i) {
      if (a.isMissing(i) || bb.isMissing(i)) continue;
      const double sa = se("rate_learning", i), sb = se("share_in_preschool", i);
      const double cv = std::sqrt(sa * sa + sb * sb) / std::fabs(a.number(i) - bb.number(i));
      hatched += isWeakQuality(qa, i) || isWeakQuality(qb, i) || cv > 0.4;
    }
    CHECK(hatched > 386);
    CHECK(cm.map.lowQualityCount == hatched);
  }

  render::ThematicRequest sm;
  render::SharedClassMaps panels =
      render::buildSharedClassMaps({{&t, "share_in_preschool", "Preschool"}, {&t, "rate_learning", "Learning"}}, sm, "64");
  REQUIRE(panels.panels.size() == 2);
  CHECK(panels.panels[0].lowQualityCount == 1353);
  CHECK(panels.panels[1].lowQualityCount == 448);
}

TEST_CASE("a Census code never becomes a class limit, and the legend says why areas have no data") {
  // Before the missing-value rule, -666666666 was the lowest value: the lowest class started at -666666666.
  AttributeTable t;
  Column& v = t.addColumn("median_hh_income", FieldType::Real);
  for (double x : {41000.0, 52000.0, 38000.0, -666666666.0, 61000.0, 47000.0, -999999999.0, 55000.0})
    v.appendNumber(x);
  render::ThematicRequest req;
  req.field = "median_hh_income";
  req.overrides.method = "equal";
  req.overrides.classes = 3;
  render::ThematicMap m = render::buildThematicMap(t, req, "fixture");
  // Equal intervals over the six values 38000..61000.
  REQUIRE(m.classification.breaks.size() == 4);
  CHECK(m.classification.breaks.front() == 38000);
  CHECK(m.classification.breaks.back() == 61000);
  CHECK(m.missing == 2);
  CHECK(m.missingReasons[MissingReason::CensusNoEstimate] == 1);
  CHECK(m.missingReasons[MissingReason::CensusNotDisplayed] == 1);
  CHECK(m.legend.footnote.find("Census -666666666") != std::string::npos);
}

TEST_CASE("an MOE the Census could not compute marks the estimate unreliable") {
  Column v("poverty", FieldType::Real), moe("poverty_moe", FieldType::Real);
  for (double x : {10.0, 20.0, 30.0, 40.0}) v.appendNumber(x);
  for (double x : {1.0, -222222222.0, -555555555.0, 2.0}) moe.appendNumber(x);
  AttributeTable t;
  t.addColumn(std::move(v));
  t.addColumn(std::move(moe));
  render::ThematicRequest req;
  req.field = "poverty";
  req.overrides.method = "equal";
  req.overrides.classes = 3;
  render::ThematicMap m = render::buildThematicMap(t, req, "fixture");
  CHECK(m.lowQuality == std::vector<bool>{false, true, false, false});  // -555555555 on an MOE: 0, reliable
}

TEST_CASE("two-share text that is not read as a ratio is refused naming the column and the form") {
  AttributeTable t;
  Column& v = t.addColumn("house_value_shares", FieldType::String);
  v.appendText("0.119:0.246");
  v.appendText("0.384:0.643");
  render::ThematicRequest req;
  req.field = "house_value_shares";
  try {
    render::buildThematicMap(t, req, "shares.csv");
    FAIL("expected an error");
  } catch (const Error& e) {
    std::string m = e.what();
    CHECK(m.find("house_value_shares") != std::string::npos);
    CHECK(m.find("0.119:0.246") != std::string::npos);
    CHECK(m.find("holds text, not numbers") == std::string::npos);
  }
}
