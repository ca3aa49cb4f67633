// What the legend model says, on the fixture grid (tests/render/fixture_map.h: values 1..12, feature 5
// missing, feature 10 weak): special swatches never close to a class colour for any ramp and class count in
// styles/ramps.toml, the CIEDE2000 distance checked against Sharma, Wu & Dalal's published test pairs,
// boundaries printed so that every value lies in its labelled class, a one-value field, the true minus sign.
#include <catch2/catch.hpp>

#include <cmath>

#include "fixture_map.h"
#include "render/comparison_map.h"
#include "render/number_format.h"
#include "render/thematic_map.h"
#include "style/color.h"
#include "style/color_ramps.h"

using namespace mobmap;

TEST_CASE("CIEDE2000 agrees with Sharma, Wu & Dalal (2005), Table 1") {
  // Pairs 1, 7, 17 and 25 of the paper's test data (L*, a*, b*), with their published ΔE00.
  CHECK(style::deltaE2000(style::Lab{50, 2.6772, -79.7751}, style::Lab{50, 0, -82.7485}) == Approx(2.0425).margin(1e-4));
  CHECK(style::deltaE2000(style::Lab{50, 0, 0}, style::Lab{50, -1, 2}) == Approx(2.3669).margin(1e-4));
  CHECK(style::deltaE2000(style::Lab{50, 2.5, 0}, style::Lab{73, 25, -18}) == Approx(27.1492).margin(1e-4));
  CHECK(style::deltaE2000(style::Lab{60.2574, -34.0099, 36.2677}, style::Lab{60.4626, -34.1751, 39.4387}) ==
        Approx(1.2644).margin(1e-4));
  CHECK(style::deltaE2000(style::Rgb{217, 217, 217}, style::Rgb{217, 217, 217}) == 0);
}

TEST_CASE("no-data and suppressed swatches keep ΔE00 >= 10 from every class colour, every ramp and class count") {
  Layer grid = test::fixtureGrid();
  const auto& ramps = style::RampCatalog::builtin();
  std::size_t maps = 0;
  for (style::RampKind kind : {style::RampKind::Sequential, style::RampKind::Diverging})
    for (const std::string& name : ramps.names(kind))
      for (int n = std::max(2, ramps.minClasses(name)); n <= std::min(9, ramps.maxClasses(name)); ++n) {
        render::ThematicRequest req;
        req.field = "value";
        req.overrides.method = "equal";
        req.overrides.classes = n;
        req.overrides.ramp = name;
        req.suppressLowQuality = true;  // feature 10 (weak) is suppressed: its swatch is drawn
        const render::ThematicMap m = render::buildThematicMap(grid.attributes, req, "fixture");
        const auto k = m.classification.counts.size();
        INFO(name << " " << n);
        REQUIRE(m.fills.size() == k + 2);
        for (std::size_t c = 0; c < k; ++c) {
          CHECK(style::deltaE2000(m.fills[k].color, m.fills[c].color) >= style::kMinSwatchDeltaE);      // no data
          CHECK(style::deltaE2000(m.fills[k + 1].color, m.fills[c].color) >= style::kMinSwatchDeltaE);  // suppressed
          CHECK(style::deltaE2000(m.absentFill.color, m.fills[c].color) >= style::kMinSwatchDeltaE);    // absent
        }
        CHECK(style::deltaE2000(m.absentFill.color, m.fills[k].color) >= style::kMinSwatchDeltaE);
        ++maps;
      }
  CHECK(maps > 100);
}

TEST_CASE("legend boundaries: every value lies in the class its label says") {
  // 1.04 and 1.06 in different classes with a break at 1.05: one decimal would print 1.1 or 1.0, both wrong.
  const render::NumberFormat one{"", 1};
  CHECK(render::boundaryText(one, 1.05, 1.04, 1.06) == "1.05");
  // Enough room: the break is printed at the format's decimals.
  CHECK(render::boundaryText(one, 3.75, 3, 4) == "3.8");
  // Whole dollars (catalog format dollars0): a break between $23,776.40 and $23,777.10 prints as $23,777.
  CHECK(render::boundaryText(render::NumberFormat{"dollars", 0}, 23776.9, 23776.4, 23777.1) == "$23,777");
  CHECK(render::formatDecimals("dollars0") == 0);
  CHECK(render::formatDecimals("percent1") == 1);
  CHECK(render::NumberFormat{"", 1}.format(-4.3) == "\u22124.3");  // U+2212 MINUS SIGN, not a hyphen-minus
  CHECK(render::NumberFormat{"dollars", 0}.format(-1200) == "\u2212$1,200");
}

TEST_CASE("a field with one value draws a one-class map, ties leave fewer classes, and the legend says so") {
  Layer grid = test::fixtureGrid();
  Column same("same", FieldType::Real), two("two", FieldType::Real);
  for (int i = 0; i < 12; ++i) {
    i == 5 ? same.appendMissing() : same.appendNumber(7);
    two.appendNumber(i < 6 ? 0 : 1);
  }
  grid.attributes.addColumn(std::move(same));
  grid.attributes.addColumn(std::move(two));
  render::ThematicRequest req;
  req.field = "same";
  const render::ThematicMap m = render::buildThematicMap(grid.attributes, req, "fixture");
  REQUIRE(m.classification.counts == std::vector<std::size_t>{11});
  CHECK(m.legend.classes.at(0).label == "7.0");
  CHECK(m.missing == 1);
  REQUIRE(m.warnings.size() == 1);

  req.field = "two";
  req.overrides.classes = 5;
  const render::ThematicMap t = render::buildThematicMap(grid.attributes, req, "fixture");
  CHECK(t.classification.counts.size() == 2);
  CHECK(t.legend.footnote.find("5 classes asked, 2 possible") != std::string::npos);
  REQUIRE(t.warnings.size() == 1);
}

TEST_CASE("ratio map: classes on log2 around parity, zero divisor is 'comparison group absent'") {
  Layer grid = test::fixtureGrid();
  // B = 6 except feature 0 (missing) and feature 3 (0): ratios value / 6 from 1/6 to 2.
  Column b("b", FieldType::Real);
  for (int i = 0; i < 12; ++i) i == 0 ? b.appendMissing() : b.appendNumber(i == 3 ? 0 : 6);
  grid.attributes.addColumn(std::move(b));
  render::ComparisonRequest ratio{"value", "b", render::Comparison::Ratio, {}};
  const render::ComparisonMap r = render::buildComparisonMap(grid.attributes, ratio, "fixture");
  CHECK(r.zeroDenominator == 1);
  CHECK(r.map.missing == 2);  // feature 0 (B missing) and feature 5 (A missing)
  const auto& br = r.map.classification.breaks;
  for (std::size_t i = 0; i < br.size(); ++i) CHECK(br[i] * br[br.size() - 1 - i] == Approx(1.0));
  bool absent = false;
  for (const render::LegendEntry& e : r.map.legend.special)
    if (e.kind == render::SwatchKind::Absent) {
      absent = true;
      CHECK(e.count == 1);
      CHECK(e.fill.color != r.map.fills[r.map.classification.counts.size()].color);
    }
  CHECK(absent);
  CHECK(r.map.fillIndex[3] == static_cast<int>(r.map.fills.size()) - 1);
}
