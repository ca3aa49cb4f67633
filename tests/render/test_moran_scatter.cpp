// The Moran scatter plot composed from the fixture grid (tests/render/fixture_map.h: 4 x 3 squares, value
// 1..12, feature 5 missing). Expected values: global and local Moran's I from the analysis functions called
// directly on the same weights (those are checked against R spdep in tests/analysis), the standardisation
// (value − mean) / sd and the quadrant rule written out here; the figure is checked by reading the drawn items
// back through the plot's scale.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/lisa.h"
#include "analysis/moran.h"
#include "analysis/spatial_weights.h"
#include "fixture_map.h"
#include "render/moran_scatter.h"
#include "render/vector/cairo_renderer.h"
#include "style/view_palettes.h"
#include "test_support.h"

using namespace mobmap;

namespace {

// The fixture's values without feature 5, and the queen weights among those areas.
struct Expected {
  std::vector<double> values;
  analysis::SpatialWeights weights;
};

Expected expectedInput(const Layer& l) {
  Expected e;
  std::vector<bool> keep(l.featureCount(), true);
  keep[5] = false;
  for (std::size_t i = 0; i < l.featureCount(); ++i)
    if (keep[i]) e.values.push_back(l.attributes.find("value")->number(i));
  e.weights = analysis::contiguityWeights(l.geometry, analysis::Contiguity::Queen, analysis::kPoly2nbSnap).subset(keep);
  return e;
}

render::LisaMapRequest request(int permutations) {
  render::LisaMapRequest r;
  r.field = "value";
  r.permutations = permutations;
  r.seed = 3;
  r.alpha = 0.2;
  return r;
}

}  // namespace

TEST_CASE("Moran scatter: standardised values, their lag, quadrants and significance") {
  const Layer l = test::fixtureGrid();
  const Expected e = expectedInput(l);
  const render::MoranScatter s = render::buildMoranScatter(l, request(99), "fixture");
  const analysis::GlobalMoran g = analysis::globalMoran(e.values, e.weights, 99, 3);
  const analysis::LocalMoran lm = analysis::localMoran(e.values, e.weights, 99, 3, 0.2);
  CHECK(s.global.I == Approx(g.I).epsilon(1e-12));
  REQUIRE(s.global.pseudoP);
  CHECK(*s.global.pseudoP == Approx(*g.pseudoP));
  REQUIRE(s.points.size() == 11);
  CHECK(s.missing == 1);
  double mean = 0, m2 = 0;
  for (double v : e.values) mean += v;
  mean /= 11;
  for (double v : e.values) m2 += (v - mean) * (v - mean);
  const double sd = std::sqrt(m2 / 11);
  double sxy = 0, sxx = 0;
  for (std::size_t k = 0; k < 11; ++k) {
    const render::MoranScatterPoint& p = s.points[k];
    CHECK(p.row == (k < 5 ? k : k + 1));
    CHECK(p.x == Approx((e.values[k] - mean) / sd));
    // The lag of the standardised values: the mean of the neighbours' standardised values.
    double lag = 0;
    for (std::size_t j : e.weights.neighbours(k)) lag += (e.values[j] - mean) / sd;
    lag /= static_cast<double>(e.weights.cardinality(k));
    CHECK(p.y == Approx(lag).margin(1e-12));
    const int quadrant = p.x > 0 ? (p.y > 0 ? render::kLisaHighHigh : render::kLisaHighLow)
                                 : (p.y > 0 ? render::kLisaLowHigh : render::kLisaLowLow);
    CHECK(p.quadrant == quadrant);
    CHECK(p.significant == (lm.areas[k].cluster != analysis::LisaCluster::NotSignificant));
    sxy += p.x * p.y;
    sxx += p.x * p.x;
  }
  // No islands: the least-squares slope through the origin of lag on value is Moran's I.
  CHECK(sxy / sxx == Approx(g.I).epsilon(1e-12));
  // The grid's values rise by row, so some area is significant at alpha 0.2 and some is not (both kinds drawn).
  const auto significant = std::count_if(s.points.begin(), s.points.end(), [](const auto& p) { return p.significant; });
  CHECK(significant > 0);
  CHECK(significant < 11);
}

TEST_CASE("Moran scatter figure: regression line of slope I, one circle per point, filled when significant") {
  const Layer l = test::fixtureGrid();
  const render::MoranScatter s = render::buildMoranScatter(l, request(99), "fixture");
  render::CairoTextMetrics metrics;
  render::MoranScatterFigureOptions o;
  const render::MoranScatterFigure f = render::composeMoranScatter(s, o, metrics);
  const auto& line = f.figure.lines.at(f.regressionLine).points;
  REQUIRE(line.size() == 2);
  CHECK(-(line[1].y - line[0].y) / (line[1].x - line[0].x) == Approx(s.global.I).epsilon(1e-12));
  // The line passes through the origin: the midpoint of its ends is where the axes cross.
  const render::CircleItem& first = f.figure.circles.at(f.firstPoint);
  const double originX = first.cx - s.points[0].x * f.unitPt, originY = first.cy + s.points[0].y * f.unitPt;
  CHECK((line[0].x + line[1].x) / 2 == Approx(originX));
  CHECK((line[0].y + line[1].y) / 2 == Approx(originY));
  const auto& lisa = style::ViewPalettes::builtin().lisa();
  for (std::size_t k = 0; k < s.points.size(); ++k) {
    const render::CircleItem& c = f.figure.circles.at(f.firstPoint + k);
    CHECK(c.cx == Approx(originX + s.points[k].x * f.unitPt));
    CHECK(c.cy == Approx(originY - s.points[k].y * f.unitPt));
    CHECK(c.fill.has_value() == s.points[k].significant);
    const style::Rgb expected = s.points[k].quadrant == render::kLisaHighHigh  ? lisa.highHigh
                         : s.points[k].quadrant == render::kLisaLowLow  ? lisa.lowLow
                         : s.points[k].quadrant == render::kLisaHighLow ? lisa.highLow
                                                                        : lisa.lowHigh;
    REQUIRE(c.stroke);
    CHECK(*c.stroke == expected);
  }
  // The subtitle states I and the pseudo p.
  bool stated = false;
  for (const render::TextItem& t : f.figure.texts) stated = stated || t.text.rfind("Moran's I ", 0) == 0;
  CHECK(stated);
  CHECK(f.figure.description.find("pseudo p") != std::string::npos);
  // Drawn by the Cairo back end without error, in every format.
  for (const char* ext : {".png", ".svg", ".pdf"}) {
    const auto path = test::scratchDir("render-moran-scatter") / (std::string("scatter") + ext);
    render::writeFigure(f.figure, path.string(), 72);
    CHECK(std::filesystem::file_size(path) > 500);
  }
}
