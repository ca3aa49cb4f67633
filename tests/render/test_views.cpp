// The disparity and cluster views composed from the fixture grid (tests/render/fixture_map.h: a 4 x 3 grid of
// squares, value 1..12 with feature 5 missing and feature 10 flagged weak): LISA cluster map, gap and ratio
// maps, small multiples on shared classes and the bivariate map. Expected values are derived here by hand
// from the fixture's values (stated per case) or from the analysis functions called directly; PNGs are
// checked for the view's colours inside the map frames.
#include <cairo.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "analysis/classification.h"
#include "analysis/lisa.h"
#include "core/error.h"
#include "fixture_map.h"
#include "render/bivariate_map.h"
#include "render/comparison_map.h"
#include "render/figure_layout.h"
#include "render/lisa_map.h"
#include "render/small_multiples.h"
#include "render/vector/cairo_renderer.h"
#include "style/view_palettes.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

// Colours (0xRRGGBB) found inside the map frames of a figure written as PNG at 72 dpi (1 px = 1 pt).
std::set<std::uint32_t> mapColours(const render::Figure& fig, const std::string& name) {
  fs::path png = test::scratchDir("render-views") / (name + ".png");
  render::writeFigure(fig, png.string(), 72);
  cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
  REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  std::set<std::uint32_t> seen;
  for (const render::MapPanel& p : fig.panels) {
    const auto& v = p.viewport;
    for (int y = static_cast<int>(v.y) + 1; y < static_cast<int>(v.y + v.height) - 1; ++y)
      for (int x = static_cast<int>(v.x) + 1; x < static_cast<int>(v.x + v.width) - 1; ++x)
        seen.insert(reinterpret_cast<const std::uint32_t*>(data + y * stride)[x] & 0xffffff);
  }
  cairo_surface_destroy(s);
  return seen;
}

std::uint32_t rgb(style::Rgb c) { return (std::uint32_t(c.r) << 16) | (std::uint32_t(c.g) << 8) | c.b; }

render::FigureOptions fixtureOptions() {
  render::FigureOptions fo;
  fo.widthPt = 600;
  fo.heightPt = 375;
  fo.displayCrs = "EPSG:26916";
  return fo;
}

// Queen neighbours of the 4 x 3 grid (features numbered row by row), built by hand: cells whose row and
// column differ by at most 1.
analysis::SpatialWeights gridQueen(const std::vector<bool>& keep) {
  std::vector<std::vector<std::size_t>> nb(12);
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 12; ++j)
      if (i != j && std::abs(i / 4 - j / 4) <= 1 && std::abs(i % 4 - j % 4) <= 1) nb[i].push_back(static_cast<std::size_t>(j));
  return analysis::SpatialWeights(nb).subset(keep);
}

}  // namespace

TEST_CASE("LISA map: clusters per feature equal localMoran on hand-built queen weights") {
  Layer grid = test::fixtureGrid();
  render::LisaMapRequest req;
  req.field = "value";
  req.permutations = 99;
  req.seed = 7;
  req.alpha = 0.2;  // a 12-cell grid has few significant areas at 0.05
  render::LisaMap lm = render::buildLisaMap(grid, req, "fixture");

  // Expected: the 11 present values (feature 5 missing) over the grid's queen neighbours without feature 5.
  std::vector<bool> keep(12, true);
  keep[5] = false;
  std::vector<double> x;
  for (int i = 0; i < 12; ++i)
    if (keep[i]) x.push_back(i + 1);
  analysis::LocalMoran expected = analysis::localMoran(x, gridQueen(keep), 99, 7, 0.2);
  REQUIRE(lm.rows.size() == 11);
  CHECK(lm.map.fillIndex[5] == render::kLisaNoData);
  CHECK(lm.map.missing == 1);
  std::size_t k = 0;
  for (int i = 0; i < 12; ++i) {
    if (!keep[i]) continue;
    INFO("feature " << i);
    CHECK(lm.result.areas[k].Ii == Approx(expected.areas[k].Ii));
    CHECK(lm.result.areas[k].cluster == expected.areas[k].cluster);
    ++k;
  }
  // Legend counts are the analysis counts; entries read top to bottom HH, LL, HL, LH, n.s., then no data.
  const auto& lg = lm.map.legend;
  REQUIRE(lg.classes.size() == 5);
  CHECK(lg.classes[4].label.starts_with("High-High"));
  CHECK(lg.classes[4].count == expected.counts[static_cast<int>(analysis::LisaCluster::HighHigh)]);
  CHECK(lg.classes[3].count == expected.counts[static_cast<int>(analysis::LisaCluster::LowLow)]);
  CHECK(lg.classes[0].count == expected.counts[static_cast<int>(analysis::LisaCluster::NotSignificant)]);
  CHECK(lg.special.front().label == "No data");
  CHECK(lg.special.front().count == 1);
  // A gradient 1..12 on a grid clusters: low values at the bottom rows, high at the top.
  CHECK(expected.counts[static_cast<int>(analysis::LisaCluster::HighHigh)] + expected.counts[static_cast<int>(analysis::LisaCluster::LowLow)] > 0);
  CHECK(lm.map.methodText.find("99 permutations (seed 7)") != std::string::npos);

  render::CairoTextMetrics metrics;
  render::Figure fig = render::composeFigure(grid, lm.map, {}, fixtureOptions(), metrics);
  auto seen = mapColours(fig, "lisa");
  const auto& colours = style::ViewPalettes::builtin().lisa();
  for (int f = 0; f < 5; ++f)
    if (lm.map.legend.classes[static_cast<std::size_t>(4 - f)].count > 0) CHECK(seen.count(rgb(lm.map.fills[static_cast<std::size_t>(f)].color)) == 1);
  CHECK(seen.count(rgb(lm.map.style.missingFill)) == 1);
  CHECK(rgb(colours.highHigh) == 0xe31a1c);
}

TEST_CASE("LISA map: bad inputs") {
  Layer grid = test::fixtureGrid();
  render::LisaMapRequest req;
  req.field = "nope";
  CHECK_THROWS_WITH(render::buildLisaMap(grid, req, "fixture"), Catch::Contains("nope"));
  req.field = "name";
  CHECK_THROWS_WITH(render::buildLisaMap(grid, req, "fixture"), Catch::Contains("text"));
  Column empty("empty", FieldType::Real);
  for (int i = 0; i < 12; ++i) empty.appendMissing();
  grid.attributes.addColumn(std::move(empty));
  req.field = "empty";
  CHECK_THROWS_WITH(render::buildLisaMap(grid, req, "fixture"), Catch::Contains("no values"));
}

TEST_CASE("gap and ratio maps: derived values, reference, missing and weak sides") {
  Layer grid = test::fixtureGrid();
  // B = 6 everywhere except feature 0 (missing) and feature 3 (0): gap = value - 6, ratio = value / 6.
  Column b("b", FieldType::Real);
  for (int i = 0; i < 12; ++i) i == 0 ? b.appendMissing() : b.appendNumber(i == 3 ? 0 : 6);
  grid.attributes.addColumn(std::move(b));

  render::ComparisonRequest gap{"value", "b", render::Comparison::Gap, {}};
  render::ComparisonMap g = render::buildComparisonMap(grid.attributes, gap, "fixture");
  // Missing: feature 5 (A) and feature 0 (B).
  CHECK(g.map.missing == 2);
  CHECK(g.missingA == 1);
  CHECK(g.missingB == 1);
  // Weak: feature 10 (value_quality 3), hatched, not a colour of its own.
  CHECK(g.map.lowQualityCount == 1);
  CHECK(g.map.lowQuality[10]);
  REQUIRE(g.map.legend.reference);
  CHECK(g.map.referenceText == "Reference: zero gap (0)");
  // Zero is a class boundary; gaps range from 2-6 = -4 (feature 1) to 12-6 = 6 (feature 11), and feature 3
  // has 4 - 0 = 4.
  const auto& br = g.map.classification.breaks;
  CHECK(std::find(br.begin(), br.end(), 0.0) != br.end());
  CHECK(br.front() <= -4);
  CHECK(br.back() >= 6);
  CHECK(g.map.legend.heading == "Gap: value − b");

  render::ComparisonRequest ratio{"value", "b", render::Comparison::Ratio, {}};
  render::ComparisonMap r = render::buildComparisonMap(grid.attributes, ratio, "fixture");
  CHECK(r.zeroDenominator == 1);  // feature 3
  CHECK(r.map.missing == 2);  // feature 3 (B = 0) is "comparison group absent", not no data
  CHECK(r.map.referenceText == "Reference: parity (1.0)");

  render::CairoTextMetrics metrics;
  auto seen = mapColours(render::composeFigure(grid, g.map, {}, fixtureOptions(), metrics), "gap");
  for (std::size_t c = 0; c < g.map.classification.counts.size(); ++c)
    if (g.map.classification.counts[c] > 0) CHECK(seen.count(rgb(g.map.fills[c].color)) == 1);

  render::ComparisonRequest unknown{"value", "zzz", render::Comparison::Gap, {}};
  CHECK_THROWS_WITH(render::buildComparisonMap(grid.attributes, unknown, "fixture"), Catch::Contains("zzz"));
  Column none("none", FieldType::Real);
  for (int i = 0; i < 12; ++i) none.appendMissing();
  grid.attributes.addColumn(std::move(none));
  render::ComparisonRequest allMissing{"value", "none", render::Comparison::Gap, {}};
  CHECK_THROWS_WITH(render::buildComparisonMap(grid.attributes, allMissing, "fixture"), Catch::Contains("no area has both"));
}

TEST_CASE("small multiples: classes from the pooled values, one panel per field, per-panel flags") {
  Layer grid = test::fixtureGrid();
  // second = 13 - value (12..1), with its own missing feature 2.
  Column second("second", FieldType::Real);
  for (int i = 0; i < 12; ++i) i == 2 ? second.appendMissing() : second.appendNumber(13 - (i + 1));
  grid.attributes.addColumn(std::move(second));
  render::ThematicRequest req;
  req.overrides.method = "quantile";
  req.overrides.classes = 4;
  render::SharedClassMaps sm = render::buildSharedClassMaps(
      {{&grid.attributes, "value", "First"}, {&grid.attributes, "second", ""}}, req, "fixture");

  // Expected breaks: R type-7 quartiles of the 22 pooled values, computed with the classifier directly.
  std::vector<std::optional<double>> pooled;
  for (int i = 0; i < 12; ++i) pooled.push_back(i == 5 ? std::nullopt : std::optional<double>(i + 1));
  for (int i = 0; i < 12; ++i) pooled.push_back(i == 2 ? std::nullopt : std::optional<double>(13 - (i + 1)));
  auto expected = analysis::classify(pooled, analysis::ClassMethod::Quantile, 4);
  CHECK(sm.shared.classification.breaks == expected.breaks);
  CHECK(sm.shared.classification.counts == expected.counts);
  REQUIRE(sm.panels.size() == 2);
  CHECK(sm.panels[0].title == "First");
  CHECK(sm.panels[1].title == "second");
  CHECK(sm.panels[0].missing == 1);
  CHECK(sm.panels[1].missing == 1);
  CHECK(sm.panels[0].lowQualityCount == 1);  // value_quality flags feature 10
  CHECK(sm.panels[1].lowQualityCount == 0);  // second has no quality column
  // The same value gets the same colour in both panels: feature 0 has value 1, feature 11 has second 1.
  CHECK(sm.panels[0].fillIndex[0] == sm.panels[1].fillIndex[11]);

  render::CairoTextMetrics metrics;
  render::Figure fig = render::composeSmallMultiples(grid, sm.shared, sm.panels, {}, fixtureOptions(), metrics);
  REQUIRE(fig.panels.size() == 2);
  CHECK(fig.panels[0].viewport.scale == Approx(fig.panels[1].viewport.scale));
  for (const auto& p : fig.panels) {
    CHECK(p.viewport.x >= 0);
    CHECK(p.viewport.x + p.viewport.width <= fig.widthPt);
    CHECK(p.viewport.y + p.viewport.height <= fig.heightPt);
  }
  CHECK(fig.panels[0].viewport.x + fig.panels[0].viewport.width <= fig.panels[1].viewport.x + 1e-9);
  auto seen = mapColours(fig, "small-multiples");
  for (std::size_t c = 0; c < 4; ++c) CHECK(seen.count(rgb(sm.shared.fills[c].color)) == 1);
  CHECK_THROWS_AS(render::buildSharedClassMaps({}, req, "fixture"), UsageError);
}

TEST_CASE("bivariate map: tertiles per field, 3 x 3 cells, 2-D legend counts") {
  Layer grid = test::fixtureGrid();
  // y = the grid row (0, 1, 2) of each feature: its tertiles are the rows.
  Column row("row", FieldType::Real);
  for (int i = 0; i < 12; ++i) row.appendNumber(i / 4);
  grid.attributes.addColumn(std::move(row));
  render::BivariateMap bm = render::buildBivariateMap(grid.attributes, {"value", "row", "", "choropleth", ""}, "fixture");
  const auto& cells = bm.map.legend.grid->counts;
  std::size_t total = 0;
  for (std::size_t c : cells) total += c;
  CHECK(total == 11);
  CHECK(bm.map.missing == 1);
  // Expected with the classifier: every feature's cell is 3 * (row tertile) + (value tertile).
  for (int i = 0; i < 12; ++i) {
    if (i == 5) continue;
    CHECK(bm.map.fillIndex[static_cast<std::size_t>(i)] == 3 * bm.y.classOf[static_cast<std::size_t>(i)] + bm.x.classOf[static_cast<std::size_t>(i)]);
  }
  // Rows 0..2 are the y tertiles (type-7 quantiles of 0,0,0,0,1,1,1,1,2,2,2,2 are 2/3 and 4/3... counts 4 each).
  CHECK(bm.y.counts == std::vector<std::size_t>{4, 4, 4});
  CHECK(bm.map.lowQualityCount == 1);
  CHECK(bm.map.legend.grid->xTicks.size() == 4);

  render::CairoTextMetrics metrics;
  auto seen = mapColours(render::composeFigure(grid, bm.map, {}, fixtureOptions(), metrics), "bivariate");
  for (std::size_t c = 0; c < 9; ++c)
    if (cells[c] > 0) CHECK(seen.count(rgb(bm.map.fills[c].color)) == 1);
  CHECK_THROWS_AS(render::buildBivariateMap(grid.attributes, {"value", "row", "nope", "choropleth", ""}, "fixture"), UsageError);
  CHECK_THROWS_WITH(render::buildBivariateMap(grid.attributes, {"value", "zzz", "", "choropleth", ""}, "fixture"), Catch::Contains("zzz"));
}

TEST_CASE("view palettes: Stevens' default palette and malformed files") {
  const auto& b = style::ViewPalettes::builtin().bivariate("");
  REQUIRE(b.cells.size() == 9);
  CHECK(style::toHex(b.cells[0]) == "#e8e8e8");  // both low: light grey
  CHECK(style::toHex(b.cells[8]) == "#3b4994");  // both high: dark blue-purple
  CHECK_THROWS_WITH(style::ViewPalettes::parse("[lisa]\nhigh_high = 3\n", "v.toml"), Catch::Contains("v.toml"));
  CHECK_THROWS_WITH(style::ViewPalettes::parse(
                        "[lisa]\nhigh_high=\"#000000\"\nlow_low=\"#000000\"\nhigh_low=\"#000000\"\nlow_high=\"#000000\"\n"
                        "not_significant=\"#000000\"\nisland=\"#000000\"\n[bivariate.x]\ncells=[\"#000000\"]\n",
                        "v.toml"),
                    Catch::Contains("9 colours"));
}
