// Aggregation of source areas onto target areas on hand-made squares. Every expected number below is worked
// by hand from the coordinates in the comments (shares of unit squares cut by vertical lines), not read back
// from the code.
#include <catch2/catch.hpp>

#include <cmath>
#include <initializer_list>
#include <string>
#include <vector>

#include "analysis/aggregated_layer.h"
#include "analysis/aggregation.h"
#include "analysis/area_overlay.h"
#include "analysis/dissolve.h"
#include "analysis/moe.h"
#include "core/error.h"

using namespace mobmap;
using namespace mobmap::analysis;
using Catch::Matchers::Contains;

namespace {

void addRect(GeometryStore& g, double x0, double y0, double x1, double y1) {
  g.beginFeature();
  g.beginPart(PartKind::Polygon);
  g.beginRing();
  for (auto [x, y] : {std::pair{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}) g.addPoint(x, y);
}

void addNumbers(AttributeTable& t, const std::string& name, std::initializer_list<double> values) {
  Column c(name, FieldType::Real);
  for (double v : values) {
    if (std::isnan(v)) c.appendMissing();
    else c.appendNumber(v);
  }
  t.addColumn(std::move(c));
}

// Sources: four unit squares of a 2×2 grid, s1 [0,1]×[0,1], s2 [1,2]×[0,1], s3 [0,1]×[1,2], s4 [1,2]×[1,2],
// and s5 [5,6]×[5,6] far away. Targets: A [0,1.5]×[0,2] and B [1.5,3]×[0,2].
// So s1, s3 lie wholly in A; s2, s4 half in A and half in B; s5 in neither. B's area is 3, of which 1 is covered.
Layer gridSources() {
  Layer l;
  l.name = "grid";
  addRect(l.geometry, 0, 0, 1, 1);
  addRect(l.geometry, 1, 0, 2, 1);
  addRect(l.geometry, 0, 1, 1, 2);
  addRect(l.geometry, 1, 1, 2, 2);
  addRect(l.geometry, 5, 5, 6, 6);
  addNumbers(l.attributes, "pop", {100, 200, 300, 400, 50});
  addNumbers(l.attributes, "pop_moe", {30, 40, 0, 0, 10});
  addNumbers(l.attributes, "poor", {10, 20, 30, 40, 5});
  addNumbers(l.attributes, "poor_moe", {6, 8, 0, 0, 1});
  addNumbers(l.attributes, "rate", {0.1, 0.2, 0.3, 0.4, 0.5});
  Column key("area", FieldType::String);
  for (const char* k : {"A", "B", "A", "B", "Z"}) key.appendText(k);
  l.attributes.addColumn(std::move(key));
  return l;
}

Layer twoTargets() {
  Layer l;
  l.name = "targets";
  addRect(l.geometry, 0, 0, 1.5, 2);
  addRect(l.geometry, 1.5, 0, 3, 2);
  Column id("id", FieldType::String);
  id.appendText("A");
  id.appendText("B");
  l.attributes.addColumn(std::move(id));
  addNumbers(l.attributes, "pop", {1, 2});  // collides with the aggregated field's name
  return l;
}

const AggregatedField& field(const AggregationResult& r, const std::string& name) {
  for (const AggregatedField& f : r.fields)
    if (f.name == name) return f;
  FAIL("no field " << name);
  throw;
}

}  // namespace

TEST_CASE("area overlay: shares of unit squares cut by a vertical line", "[aggregation]") {
  Layer s = gridSources(), t = twoTargets();
  AreaOverlay ov = overlayAreas(s.geometry, t.geometry);
  // s1→A 1, s2→A 0.5, s2→B 0.5, s3→A 1, s4→A 0.5, s4→B 0.5; s5 touches nothing.
  REQUIRE(ov.pieces.size() == 6);
  CHECK(ov.pieces[0].source == 0);
  CHECK(ov.pieces[0].area == Approx(1.0));
  CHECK(ov.pieces[1].source == 1);
  CHECK(ov.pieces[1].target == 0);
  CHECK(ov.pieces[1].area == Approx(0.5));
  CHECK(ov.targetArea[0] == Approx(3.0));
  CHECK(ov.targetArea[1] == Approx(3.0));
  CHECK(ov.sourcesRepaired == 0);
  CHECK(ov.sliversDropped == 0);
}

TEST_CASE("area-weighted sums, coverage, uncovered part and MOE", "[aggregation]") {
  Layer s = gridSources(), t = twoTargets();
  AggregationRequest req;
  req.sumFields = {"pop"};
  req.moeFields = {{"pop", "pop_moe"}};
  AggregationResult r = aggregate(s, t, req);
  CHECK(r.method == AggregationMethod::AreaWeighted);
  const AggregatedField& pop = field(r, "pop");
  // A = 100 + 0.5·200 + 300 + 0.5·400 = 700; B = 0.5·200 + 0.5·400 = 300; s5 (50) is outside.
  CHECK(pop.value[0] == Approx(700));
  CHECK(pop.value[1] == Approx(300));
  CHECK(pop.sourceTotal == Approx(1050));
  CHECK(pop.targetTotal == Approx(1000));
  CHECK(pop.uncoveredTotal == Approx(50));
  // MOE A = sqrt(30² + (0.5·40)²) = sqrt(1300); B = sqrt((0.5·40)²) = 20.
  CHECK(pop.moe[0] == Approx(std::sqrt(1300.0)));
  CHECK(pop.moe[1] == Approx(20.0));
  CHECK(r.sourcesPerTarget == std::vector<std::size_t>{4, 2});
  CHECK(r.coverage[0] == Approx(1.0));
  CHECK(r.coverage[1] == Approx(1.0 / 3.0));
  CHECK(r.sourcesOutside == 1);
  CHECK(r.outsideExamples == std::vector<std::size_t>{4});
}

TEST_CASE("means weighted by intersection population or intersection area", "[aggregation]") {
  Layer s = gridSources(), t = twoTargets();
  AggregationRequest req;
  req.meanFields = {"rate"};
  SECTION("population weights") {
    req.weightField = "pop";
    AggregationResult r = aggregate(s, t, req);
    // A: weights 100, 100, 300, 200 → (10 + 20 + 90 + 80) / 700; B: weights 100, 200 → (20 + 80) / 300.
    CHECK(field(r, "rate").value[0] == Approx(200.0 / 700.0));
    CHECK(field(r, "rate").value[1] == Approx(1.0 / 3.0));
  }
  SECTION("area weights") {
    AggregationResult r = aggregate(s, t, req);
    // A: areas 1, 0.5, 1, 0.5 → (0.1 + 0.1 + 0.3 + 0.2) / 3; B: 0.5, 0.5 → (0.1 + 0.2) / 1.
    CHECK(field(r, "rate").value[0] == Approx(0.7 / 3.0));
    CHECK(field(r, "rate").value[1] == Approx(0.3));
  }
}

TEST_CASE("rates from aggregated counts with the ACS proportion MOE", "[aggregation]") {
  Layer s = gridSources(), t = twoTargets();
  AggregationRequest req;
  req.rates = {RateSpec::parse("pov_rate=poor/pop")};
  req.moeFields = {{"pop", "pop_moe"}, {"poor", "poor_moe"}};
  AggregationResult r = aggregate(s, t, req);
  const AggregatedField& rate = field(r, "pov_rate");
  // A: poor = 10 + 10 + 30 + 20 = 70, pop = 700, p = 0.1. MOE_poor = sqrt(6² + 4²) = sqrt(52),
  // MOE_pop = sqrt(1300): sqrt(52 − 0.01·1300) / 700 = sqrt(39) / 700.
  CHECK(rate.value[0] == Approx(0.1));
  CHECK(rate.moe[0] == Approx(std::sqrt(39.0) / 700.0));
  // B: poor = 10 + 20 = 30, pop = 300, p = 0.1; MOE_poor = 4, MOE_pop = 20: 16 − 0.01·400 = 12 → sqrt(12) / 300.
  CHECK(rate.value[1] == Approx(0.1));
  CHECK(rate.moe[1] == Approx(std::sqrt(12.0) / 300.0));
  CHECK(rate.ratioFormulaFallbacks == 0);
}

TEST_CASE("MOE formulas of the ACS handbook", "[aggregation][moe]") {
  const double moes[] = {3.0, 4.0};
  CHECK(sumMoe(moes) == Approx(5.0));
  bool fallback = false;
  // P = 20/100: sqrt(10² − 0.04·20²) / 100 = sqrt(84) / 100.
  CHECK(proportionMoe(20, 10, 100, 20, &fallback) == Approx(std::sqrt(84.0) / 100.0));
  CHECK_FALSE(fallback);
  // P = 50/100 with MOEs 10 and 40: 100 − 0.25·1600 < 0 → ratio formula sqrt(100 + 400) / 100.
  CHECK(proportionMoe(50, 10, 100, 40, &fallback) == Approx(std::sqrt(500.0) / 100.0));
  CHECK(fallback);
  CHECK(ratioMoe(50, 10, 100, 40) == Approx(std::sqrt(500.0) / 100.0));
  // CV = (MOE / 1.645) / estimate: 65.8 / 1.645 = 40 → exactly 40% is not flagged; 70 is.
  CHECK(coefficientOfVariation(100, 65.8) == Approx(0.40));
  CHECK_FALSE(isLowReliability(100, 65.8 - 1e-9));
  CHECK(isLowReliability(100, 70));
  CHECK(isLowReliability(0, 5));
  CHECK_FALSE(isLowReliability(0, 0));
}

TEST_CASE("key-based sums: canonical keys, unmatched sources, area coverage", "[aggregation]") {
  Layer s = gridSources(), t = twoTargets();
  AggregationRequest req;
  req.sumFields = {"pop"};
  req.moeFields = {{"pop", "pop_moe"}};
  req.sourceKey = "area";
  req.targetKey = "id";
  AggregationResult r = aggregate(s, t, req);
  CHECK(r.method == AggregationMethod::Key);
  // A = s1 + s3 = 400, B = s2 + s4 = 600; s5 has key Z, which no target has.
  CHECK(field(r, "pop").value[0] == 400);
  CHECK(field(r, "pop").value[1] == 600);
  CHECK(field(r, "pop").moe[0] == Approx(30.0));
  CHECK(field(r, "pop").uncoveredTotal == 50);
  CHECK(r.sourcesOutside == 1);
  // Coverage = area of the key's sources / target area: A 2/3, B 2/3.
  CHECK(r.coverage[0] == Approx(2.0 / 3.0));

  SECTION("a real key matches a text key and a lost leading zero is restored") {
    Layer s2 = gridSources(), t2 = twoTargets();
    addNumbers(s2.attributes, "num_key", {1.0, 2.0, 1.0, 2.0, 9.0});
    Column code("code", FieldType::String);
    code.appendText("01");
    code.appendText("02.0");
    t2.attributes.addColumn(std::move(code));
    req.sourceKey = "num_key";
    req.targetKey = "code";
    AggregationResult k = aggregate(s2, t2, req);
    CHECK(field(k, "pop").value[0] == 400);
    CHECK(field(k, "pop").value[1] == 600);
  }
}

// The Census Bureau's zero-estimate rule ("Understanding and Using ACS Data", 2020, ch. 8): of the zero
// estimates in a sum only the largest MOE enters (weighted MOEs of the parts, as the formula is applied to the
// apportioned estimates).
TEST_CASE("area sums follow the zero-estimate rule and medians are not summed silently", "[aggregation][moe]") {
  Layer s = gridSources(), t = twoTargets();
  addNumbers(s.attributes, "kids", {5, 0, 0, 12, 3});
  addNumbers(s.attributes, "kids_moe", {8, 50, 20, 9, 4});
  addNumbers(s.attributes, "median_income", {40000, 52000, 61000, 38000, 70000});
  AggregationRequest req;
  req.sumFields = {"kids"};
  req.meanFields = {"median_income"};
  req.moeFields = {{"kids", "kids_moe"}};
  AggregationResult r = aggregate(s, t, req);
  // A: s1 (5 ± 8), half of s2 (0 ± 25), s3 (0 ± 20), half of s4 (6 ± 4.5): zeros contribute only 25.
  CHECK(field(r, "kids").moe[0] == Approx(std::sqrt(8.0 * 8 + 25.0 * 25 + 4.5 * 4.5)).epsilon(1e-12));
  // B: half of s2 (0 ± 25) and half of s4 (6 ± 4.5).
  CHECK(field(r, "kids").moe[1] == Approx(std::sqrt(25.0 * 25 + 4.5 * 4.5)).epsilon(1e-12));
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("'median_income' looks like a median") != std::string::npos);
  CHECK(r.warnings[0].find("not the median") != std::string::npos);
}

TEST_CASE("invalid rings are made valid and counted", "[aggregation]") {
  // A bow-tie (0,0)-(2,2)-(2,0)-(0,2): made valid it is two triangles of area 1 each. The target [0,1]×[0,2]
  // holds the left triangle, so half of the source's count goes there.
  Layer s;
  s.geometry.beginFeature();
  s.geometry.beginPart(PartKind::Polygon);
  s.geometry.beginRing();
  for (auto [x, y] : {std::pair{0.0, 0.0}, {2.0, 2.0}, {2.0, 0.0}, {0.0, 2.0}, {0.0, 0.0}}) s.geometry.addPoint(x, y);
  addNumbers(s.attributes, "pop", {80});
  Layer t;
  addRect(t.geometry, 0, 0, 1, 2);
  t.attributes.setRowCountWithoutColumns(1);
  AggregationRequest req;
  req.sumFields = {"pop"};
  AggregationResult r = aggregate(s, t, req);
  CHECK(r.sourcesRepaired == 1);
  CHECK(field(r, "pop").value[0] == Approx(40.0));
  CHECK(field(r, "pop").uncoveredTotal == Approx(40.0));
}

TEST_CASE("slivers below the tolerance are dropped and counted as uncovered", "[aggregation]") {
  // Source [0,1]×[0,1]; target A ends at x = 1 − 1e-8, target B starts there: B's piece is 1e-8 of the source,
  // under the 1e-6 tolerance.
  Layer s;
  addRect(s.geometry, 0, 0, 1, 1);
  addNumbers(s.attributes, "pop", {1000});
  Layer t;
  addRect(t.geometry, 0, 0, 1 - 1e-8, 1);
  addRect(t.geometry, 1 - 1e-8, 0, 2, 1);
  t.attributes.setRowCountWithoutColumns(2);
  AggregationRequest req;
  req.sumFields = {"pop"};
  AggregationResult r = aggregate(s, t, req);
  CHECK(r.sliversDropped == 1);
  CHECK(r.sliverShare == 1e-6);
  CHECK(std::isnan(field(r, "pop").value[1]));
  CHECK(field(r, "pop").value[0] == Approx(1000 * (1 - 1e-8)).epsilon(1e-12));
  CHECK(r.sourcesPartlyOutside == 1);
}

TEST_CASE("bad input gives errors that name the problem", "[aggregation]") {
  Layer s = gridSources(), t = twoTargets();
  AggregationRequest req;
  req.sumFields = {"nope"};
  CHECK_THROWS_WITH(aggregate(s, t, req), Contains("no field named 'nope'"));
  req.sumFields = {"area"};
  CHECK_THROWS_WITH(aggregate(s, t, req), Contains("'area' is not numeric"));
  req.sumFields = {"pop"};
  Layer empty;
  CHECK_THROWS_WITH(aggregate(s, empty, req), Contains("no features"));
  Layer far;
  addRect(far.geometry, 100, 100, 101, 101);
  far.attributes.setRowCountWithoutColumns(1);
  CHECK_THROWS_WITH(aggregate(s, far, req), Contains("overlaps"));
  req.sourceKey = "area";
  req.targetKey = "pop";
  CHECK_THROWS_WITH(aggregate(s, t, req), Contains("matches"));
  CHECK_THROWS_AS(RateSpec::parse("a=b"), UsageError);
}

TEST_CASE("dissolve merges selected squares into one custom area", "[aggregation][dissolve]") {
  Layer s = gridSources();
  std::vector<DissolveArea> areas = {{"bottom row", {0, 1}}, {"one", {3}}};
  Layer d = dissolveAreas(s, areas);
  REQUIRE(d.featureCount() == 2);
  // s1 ∪ s2 = [0,2]×[0,1]: one polygon of area 2 (the shared edge is gone).
  CHECK(d.geometry.partsOf(0).size() == 1);
  CHECK(featureAreas(d.geometry)[0] == Approx(2.0));
  CHECK(d.attributes.find("name")->text(0) == "bottom row");
  AggregationRequest req;
  req.sumFields = {"pop"};
  req.moeFields = {{"pop", "pop_moe"}};
  AggregationResult r = aggregateDissolved(s, areas, req);
  CHECK(field(r, "pop").value[0] == 300);
  CHECK(field(r, "pop").value[1] == 400);
  CHECK(field(r, "pop").moe[0] == Approx(50.0));  // sqrt(30² + 40²)
  CHECK(field(r, "pop").uncoveredTotal == 350);   // s3 + s5
  CHECK_THROWS_AS(dissolveAreas(s, {{"bad", {17}}}), Error);
}

TEST_CASE("aggregated layer keeps target fields and adds value, MOE, CV and flag columns", "[aggregation]") {
  Layer s = gridSources(), t = twoTargets();
  AggregationRequest req;
  req.sumFields = {"pop"};
  req.moeFields = {{"pop", "pop_moe"}};
  Layer out = aggregatedLayer(t, aggregate(s, t, req));
  CHECK(out.attributes.names() == std::vector<std::string>{"id", "pop", "pop_agg", "pop_agg_moe", "pop_agg_cv",
                                                            "pop_agg_low_cv", "n_sources", "coverage"});
  CHECK(out.attributes.find("pop")->number(0) == 1);  // the target's own field is untouched
  CHECK(out.attributes.find("pop_agg")->number(1) == Approx(300));
  // B: CV = (20 / 1.645) / 300 = 0.0405 → not flagged.
  CHECK(out.attributes.find("pop_agg_cv")->number(1) == Approx(20.0 / 1.645 / 300.0));
  CHECK(out.attributes.find("pop_agg_low_cv")->number(1) == 0);
}

TEST_CASE("a Census top-coded median stays out of a mean, and the result says so", "[aggregation][dissolve]") {
  // B19013 median household income as the ACS publishes it: 250001 means "250,000 or more" (Census Bureau,
  // ACS table B19013 notes: the open-ended top interval's median is shown as 250,000+).
  Layer s = gridSources();
  addNumbers(s.attributes, "median_hh_income", {50000, 250001, 70000, 2499, 90000});
  addNumbers(s.attributes, "households", {1, 1, 1, 1, 1});
  AggregationRequest req;
  req.meanFields = {"median_hh_income"};
  req.weightField = "households";
  AggregationResult r = aggregateDissolved(s, {{"west", {0, 1, 2}}, {"east", {3, 4}}}, req);
  // Expected: west = mean(50000, 70000) = 60000 (250001 left out), east = 90000 (2499, "2,499 or less", left out).
  CHECK(field(r, "median_hh_income").value[0] == Approx(60000));
  CHECK(field(r, "median_hh_income").value[1] == Approx(90000));
  CHECK(field(r, "median_hh_income").codedLeftOut == 2);
  bool warned = false;
  for (const std::string& w : r.warnings) warned = warned || w.find("left out of the means") != std::string::npos;
  CHECK(warned);
}
