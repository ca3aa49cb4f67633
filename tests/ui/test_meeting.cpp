// Coalition-meeting logic without a window: stepping through saved views in presentation mode, and the
// classes of a linked comparison. Expected values are worked out by hand from the small tables built here:
// with pooled quantile classes the right view's values (101-120, all above the left view's 1-10) cannot fall
// in the lowest class, which holds a fifth of the 30 pooled values; classified on its own, the right view's
// smallest value is in its lowest class.
#include <catch2/catch.hpp>

#include <numeric>

#include "ui/linked_maps.h"
#include "ui/meeting_state.h"
#include "ui/notes_state.h"

using namespace mobmap;

TEST_CASE("presentation steps through the saved views in order and stops at the ends", "[ui][meeting]") {
  const std::vector<std::string> views{"poverty", "share_black", "median_income", "neighborhood_context"};
  CHECK(ui::adjacentView(views, "poverty", 1) == "share_black");
  CHECK(ui::adjacentView(views, "median_income", -1) == "share_black");
  CHECK(ui::adjacentView(views, "poverty", -1) == "poverty");                            // no wrap at the start
  CHECK(ui::adjacentView(views, "neighborhood_context", 1) == "neighborhood_context");  // nor at the end
  CHECK(ui::adjacentView(views, "unknown", 1) == "poverty");
  CHECK(ui::adjacentView({}, "x", 1) == "x");
  CHECK(ui::viewPosition(views, "median_income") == 3);
  CHECK(ui::viewPosition(views, "unknown") == 0);
}

namespace {

// A loaded view whose layer has `count` features with values first, first + 1, ... in field `field`.
std::unique_ptr<session::LoadedView> viewWith(const std::string& field, double first, std::size_t count,
                                              const std::string& title) {
  auto v = std::make_unique<session::LoadedView>();
  v->spec.data = title + ".geojson";
  v->spec.field = field;
  v->spec.title = title;
  v->spec.method = "quantile";
  v->spec.classes = 5;
  Column c(field, FieldType::Real);
  for (std::size_t i = 0; i < count; ++i) c.appendNumber(first + static_cast<double>(i));
  v->data.layer.attributes.addColumn(std::move(c));
  return v;
}

std::size_t classCountSum(const render::ThematicMap& m) {
  std::size_t n = 0;
  for (const render::LegendEntry& e : m.legend.classes) n += e.count;
  return n;
}

}  // namespace

TEST_CASE("a linked comparison classifies the pooled values of both views by default", "[ui][meeting]") {
  // Different layers: 10 areas on the left, 20 on the right (tracts beside neighborhoods, say).
  auto left = viewWith("rate", 1, 10, "Left");
  auto right = viewWith("rate", 101, 20, "Right");
  ui::LinkedMaps shared = ui::buildLinkedMaps(*left, *right, true);
  CHECK(shared.sharedBreaks);
  CHECK(shared.left.classification.breaks == shared.right.classification.breaks);
  REQUIRE(shared.left.fills.size() == shared.right.fills.size());
  for (std::size_t i = 0; i < shared.left.fills.size(); ++i) CHECK(shared.left.fills[i].color == shared.right.fills[i].color);
  REQUIRE(shared.left.fillIndex.size() == 10);
  REQUIRE(shared.right.fillIndex.size() == 20);
  CHECK(classCountSum(shared.left) == 30);  // one legend: counts over both sides
  CHECK(shared.left.fillIndex.front() == 0);
  for (int f : shared.right.fillIndex) CHECK(f > 0);
  CHECK(shared.label.find("Same classes") != std::string::npos);
  CHECK(shared.left.legend.heading == "rate");  // both map the same field: its label

  ui::LinkedMaps independent = ui::buildLinkedMaps(*left, *right, false);
  CHECK_FALSE(independent.sharedBreaks);
  CHECK(independent.left.classification.breaks != independent.right.classification.breaks);
  CHECK(independent.right.fillIndex.front() == 0);
  CHECK(classCountSum(independent.right) == 20);
  CHECK(independent.label.find("Independent") != std::string::npos);
}

TEST_CASE("a linked comparison of two different fields names both views in the legend", "[ui][meeting]") {
  auto left = viewWith("poverty_rate", 1, 10, "Poverty rate");
  auto right = viewWith("share_black", 5, 10, "Black residents");
  ui::LinkedMaps maps = ui::buildLinkedMaps(*left, *right, true);
  CHECK(maps.left.legend.heading == "Poverty rate and Black residents");
  CHECK(maps.right.legend.heading == maps.left.legend.heading);
}

TEST_CASE("a linked comparison names the field a view lacks", "[ui][meeting]") {
  auto left = viewWith("rate", 1, 10, "Left");
  auto right = viewWith("rate", 1, 10, "Right");
  right->spec.field = "missing_field";
  CHECK_THROWS_WITH(ui::buildLinkedMaps(*left, *right, true), Catch::Contains("missing_field"));
}

TEST_CASE("while presenting, only notes the consent gate lets out are shown on the map", "[ui][meeting][notes]") {
  mobmap::ui::NotesState s;
  mobmap::notes::Note open, closed;
  open.title = "public";
  open.consent = mobmap::notes::Consent::Public;
  closed.title = "internal";
  closed.consent = mobmap::notes::Consent::Internal;
  s.all = {open, closed};
  s.places = {mobmap::Point{0, 0}, mobmap::Point{100, 100}};
  auto toScreen = [](mobmap::Point p) { return std::optional<mobmap::Point>(p); };
  CHECK(mobmap::ui::clusterNoteMarkers(s, 10, toScreen).size() == 2);  // the coalition's own view: both
  s.publishedOnly = true;                                               // set by the app while presenting
  auto markers = mobmap::ui::clusterNoteMarkers(s, 10, toScreen);
  REQUIRE(markers.size() == 1);
  CHECK(s.all[markers[0].notes[0]].title == "public");
  CHECK(mobmap::notes::mayPublish(open));
  CHECK_FALSE(mobmap::notes::mayPublish(closed));
}

TEST_CASE("a comparison pools classes only where a colour can mean the same value on both sides", "[ui][meeting]") {
  // Overlapping ranges of one unit: 1-10 and 5-14 overlap over 5 of the narrower range's 9 (more than half).
  auto a = viewWith("rate", 1, 10, "A");
  auto b = viewWith("rate", 5, 10, "B");
  CHECK(ui::poolingProblem(ui::buildLinkedMaps(*a, *b, false)).empty());
  // Ranges apart: 1-10 and 101-120 do not overlap (printed at the decimals their legends use).
  auto far = viewWith("rate", 101, 20, "Far");
  CHECK_THAT(ui::poolingProblem(ui::buildLinkedMaps(*a, *far, false)), Catch::Contains("different ranges (1.0–10.0, 101.0–120.0)"));
  // One range more than 4 times as wide as the other, though it holds it: 1-10 against 1-50.
  auto wide = viewWith("rate", 1, 50, "Wide");
  CHECK_THAT(ui::poolingProblem(ui::buildLinkedMaps(*a, *wide, false)), Catch::Contains("different ranges"));
  // Different units by the metric catalog (styles/metric_catalog.toml): share_debt_coll is a share (legend
  // "Percent"), pctl_income_20 is in dollars ("US dollars"); the values themselves overlap here on purpose.
  auto share = viewWith("share_debt_coll", 1, 10, "Debt in collections");
  auto dollars = viewWith("pctl_income_20", 1, 10, "Income at the 20th percentile");
  CHECK(ui::poolingProblem(ui::buildLinkedMaps(*share, *dollars, false)) ==
        "the two fields have different units (Percent, US dollars)");
}
