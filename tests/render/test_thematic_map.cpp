// Thematic-map logic on the fixture grid. Expected values are worked out by hand from the 11 present values
// 1,2,3,4,5,7,8,9,10,11,12 (6 missing) and ColorBrewer's published YlGnBu / RdBu colours.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "fixture_map.h"
#include "render/thematic_map.h"
#include "style/color_ramps.h"

using namespace mobmap;
using render::ThematicMap;
using render::ThematicRequest;

TEST_CASE("equal intervals: classes, counts, missing, hatched low quality, legend labels") {
  Layer grid = test::fixtureGrid();
  ThematicRequest req;
  req.field = "value";
  req.overrides.method = "equal";
  req.overrides.classes = 4;
  ThematicMap m = render::buildThematicMap(grid.attributes, req, "fixture");
  // Range 1..12, width 2.75: breaks 1, 3.75, 6.5, 9.25, 12 -> {1,2,3}, {4,5}, {7,8,9}, {10,11,12}.
  REQUIRE(m.classification.counts == std::vector<std::size_t>{3, 2, 3, 3});
  CHECK(m.missing == 1);
  CHECK(m.fillIndex[5] == 4);  // the "no data" fill follows the 4 classes
  CHECK(m.lowQualityCount == 1);
  CHECK(m.lowQuality[10]);
  REQUIRE(m.legend.classes.size() == 4);
  CHECK(m.legend.classes[0].label == "1.00 – 3.75");
  CHECK(m.legend.classes[1].label == "> 3.75 – 6.50");
  CHECK(m.legend.special[0].label == "No data");
  CHECK(m.legend.special[0].count == 1);
  CHECK(m.legend.special[1].label.find("weak data quality") != std::string::npos);
  // YlGnBu-4 from ColorBrewer: #ffffcc #a1dab4 #41b6c4 #225ea8; lightest for the lowest class (no direction).
  CHECK(style::toHex(m.fills[0].color) == "#ffffcc");
  CHECK(style::toHex(m.fills[3].color) == "#225ea8");
  CHECK(m.legend.rule == "Darker = higher value");
}

TEST_CASE("suppressing low quality takes those values out of the breaks into their own class") {
  Layer grid = test::fixtureGrid();
  ThematicRequest req;
  req.field = "value";
  req.overrides.method = "equal";
  req.overrides.classes = 4;
  req.suppressLowQuality = true;
  ThematicMap m = render::buildThematicMap(grid.attributes, req, "fixture");
  CHECK(m.suppressed == 1);
  CHECK(m.fillIndex[10] == 5);  // after 4 classes and "no data"
  CHECK(m.classification.breaks.back() == 12);
  CHECK(m.lowQualityCount == 0);
  CHECK(m.legend.special[1].label.starts_with("Suppressed"));
}

// A quality column with no weak value: the legend draws no hatch swatch that would mark nothing, and its
// footnote says that none was found (the fixture's one weak value, area 11, set to flag 1 here).
TEST_CASE("a hatch swatch only when something is hatched, otherwise the footnote says none is weak") {
  Layer grid = test::fixtureGrid();
  const Column* q = grid.attributes.find("value_quality");
  REQUIRE(q);
  Column good("value_quality", q->type());
  for (std::size_t r = 0; r < q->size(); ++r) good.appendNumber(1);
  grid.attributes.column(static_cast<std::size_t>(q - grid.attributes.columns().data())) = good;
  ThematicRequest req;
  req.field = "value";
  ThematicMap m = render::buildThematicMap(grid.attributes, req, "fixture");
  CHECK(m.lowQualityCount == 0);
  REQUIRE(m.legend.special.size() == 1);
  CHECK(m.legend.special[0].label == "No data");
  CHECK(m.legend.footnote.find("No value has weak data quality (flag 3).") != std::string::npos);
}

TEST_CASE("a reference makes the map diverge around it") {
  Layer grid = test::fixtureGrid();
  ThematicRequest req;
  req.field = "value";
  req.overrides.method = "equal";
  req.overrides.classes = 4;
  req.overrides.reference = "6";
  ThematicMap m = render::buildThematicMap(grid.attributes, req, "fixture");
  // Symmetric equal intervals around 6 reaching max(|12-6|, |6-1|) = 6: breaks 0, 3, 6, 9, 12.
  REQUIRE(m.classification.breaks == std::vector<double>{0, 3, 6, 9, 12});
  REQUIRE(m.legend.reference);
  CHECK(m.legend.reference->position == 2);
  // RdBu-4 (#ca0020 #f4a582 #92c5de #0571b0): two classes on each side of the reference; the field has no
  // direction, so red marks the higher side.
  CHECK(style::toHex(m.fills[1].color) == "#92c5de");
  CHECK(style::toHex(m.fills[2].color) == "#f4a582");
  CHECK(style::toHex(m.fills[3].color) == "#ca0020");
  CHECK(m.legend.rule == "Red = higher, blue = lower values");
  CHECK(m.referenceText == "Reference: 6.00");
}

TEST_CASE("bad requests name the field and the problem") {
  Layer grid = test::fixtureGrid();
  auto message = [&](ThematicRequest req) {
    try {
      render::buildThematicMap(grid.attributes, req, "fixture.gpkg");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  ThematicRequest unknown;
  unknown.field = "nope";
  CHECK(message(unknown).starts_with("fixture.gpkg: no field named 'nope'"));
  ThematicRequest text;
  text.field = "name";
  CHECK(message(text) == "fixture.gpkg: field 'name' holds text, not numbers; a choropleth needs a numeric field "
                         "(or --method unique, one colour per value)");
  ThematicRequest ramp;
  ramp.field = "value";
  ramp.overrides.ramp = "NotARamp";
  CHECK(message(ramp).find("NotARamp") != std::string::npos);

  AttributeTable oneValue;
  Column c("v", FieldType::Real);
  for (int i = 0; i < 4; ++i) c.appendNumber(7);
  oneValue.addColumn(std::move(c));
  ThematicRequest single;
  single.field = "v";
  // One value draws a one-class map and says so (it used to refuse; see test_figure_truth.cpp).
  const ThematicMap one = render::buildThematicMap(oneValue, single, "t.csv");
  CHECK(one.classification.counts == std::vector<std::size_t>{4});
  CHECK(one.warnings.size() == 1);
}
