// The composition views on hand-made fixtures: dot allocation by largest remainder (expected dots worked out
// by hand in each case), dot placement (inside the polygon, never in its hole, same seed -> same dots and
// the same PNG bytes) and the plurality map (majority, plurality, tie and no-data areas chosen by hand).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>
#include <tuple>

#include "core/error.h"
#include "render/dot_density.h"
#include "render/plurality_map.h"
#include "render/vector/cairo_renderer.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

void addSquare(GeometryStore& g, double x0, double y0, double size) {
  g.beginRing();
  for (auto [dx, dy] : {std::pair{0.0, 0.0}, {size, 0.0}, {size, size}, {0.0, size}, {0.0, 0.0}}) g.addPoint(x0 + dx, y0 + dy);
}

// Two areas in UTM 16N: area 0 a 1000 m square with a 500 m square hole in its middle (250..750 on both
// axes, relative to its corner), area 1 a plain 1000 m square to its right. Groups a, b, c as counts.
Layer holeFixture(double a0, double b0, double c0, double a1, double b1, double c1) {
  Layer l;
  l.name = "holes";
  l.crs = l.crsDefinition = "EPSG:26916";
  l.geometry.beginFeature();
  l.geometry.beginPart(PartKind::Polygon);
  addSquare(l.geometry, 440000, 4640000, 1000);
  addSquare(l.geometry, 440250, 4640250, 500);
  l.geometry.beginFeature();
  l.geometry.beginPart(PartKind::Polygon);
  addSquare(l.geometry, 441000, 4640000, 1000);
  Column a("a", FieldType::Real), b("b", FieldType::Real), c("c", FieldType::Real);
  a.appendNumber(a0), b.appendNumber(b0), c.appendNumber(c0);
  a.appendNumber(a1), b.appendNumber(b1), c.appendNumber(c1);
  l.attributes.addColumn(std::move(a));
  l.attributes.addColumn(std::move(b));
  l.attributes.addColumn(std::move(c));
  return l;
}

render::DotDensityRequest request(double perDot, std::uint64_t seed) {
  render::DotDensityRequest r;
  r.groups.fields = {"a", "b", "c"};
  r.perDot = perDot;
  r.seed = seed;
  return r;
}

std::string readBytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("dots are split by largest remainder, so thinly spread groups keep their dots", "[render][dots]") {
  // 40, 40, 40, 250 people at 100 per dot: 0.4, 0.4, 0.4, 2.5 dots; total 3.7 -> 4 dots. Whole parts give
  // 0, 0, 0, 2; the two left go to the largest remainders, 0.5 (area 3) then the first 0.4 (area 0).
  CHECK(render::allocateDots({40, 40, 40, 250}, 100) == std::vector<std::size_t>{1, 0, 0, 3});
  // Ten areas of 40 at 100 per dot: truncating each would draw none; the group's 400 people keep 4 dots.
  auto ten = render::allocateDots(std::vector<double>(10, 40), 100);
  CHECK(std::accumulate(ten.begin(), ten.end(), std::size_t{0}) == 4);
  CHECK(ten == std::vector<std::size_t>{1, 1, 1, 1, 0, 0, 0, 0, 0, 0});
  // 149 people -> round(1.49) = 1 dot; 150 -> round(1.5) = 2.
  CHECK(render::allocateDots({149}, 100) == std::vector<std::size_t>{1});
  CHECK(render::allocateDots({75, 75}, 100) == std::vector<std::size_t>{1, 1});
  CHECK_THROWS_AS(render::allocateDots({1}, 0), UsageError);
}

TEST_CASE("dots lie inside their polygon, never in a hole, one per N people", "[render][dots]") {
  // Area 0: a 5000, b 1000, c 40; area 1: a 0, b 3000, c 40; 10 people per dot.
  // Expected dots: a 500 + 0, b 100 + 300, c: 4 + 4 = 8 (no remainders).
  Layer l = holeFixture(5000, 1000, 40, 0, 3000, 40);
  render::DotDensityMap m = render::buildDotDensityMap(l, request(10, 7), "fixture");
  CHECK(m.groupDots == std::vector<std::size_t>{500, 400, 8});
  CHECK(m.areaDots[0] == std::vector<std::size_t>{500, 0});
  CHECK(m.areaDots[1] == std::vector<std::size_t>{100, 300});
  REQUIRE(m.dots.points.size() == 908);
  std::size_t inArea0 = 0;
  for (std::size_t k = 0; k < m.dots.points.size(); ++k) {
    const Point p = m.dots.points[k];
    const double x = p.x - 440000, y = p.y - 4640000;
    if (m.dotArea[k] == 0) {
      ++inArea0;
      CHECK((x >= 0 && x <= 1000 && y >= 0 && y <= 1000));
      CHECK_FALSE((x > 250 && x < 750 && y > 250 && y < 750));  // the hole
    } else {
      CHECK((x >= 1000 && x <= 2000 && y >= 0 && y <= 1000));
    }
  }
  CHECK(inArea0 == 604);
  // Shuffled: the first 100 dots drawn are not all one group (in placement order they would all be a).
  std::set<int> early(m.dots.colorIndex.begin(), m.dots.colorIndex.begin() + 100);
  CHECK(early.size() >= 2);
  CHECK(m.map.legend.unitLine == "1 dot = 10 people");
}

TEST_CASE("the same seed gives the same dots and the same PNG bytes", "[render][dots]") {
  Layer l = holeFixture(5000, 1000, 40, 0, 3000, 40);
  render::DotDensityMap m1 = render::buildDotDensityMap(l, request(10, 3), "fixture");
  render::DotDensityMap m2 = render::buildDotDensityMap(l, request(10, 3), "fixture");
  render::DotDensityMap m3 = render::buildDotDensityMap(l, request(10, 4), "fixture");
  REQUIRE(m1.dots.points.size() == m2.dots.points.size());
  bool same = true, differs = false;
  for (std::size_t k = 0; k < m1.dots.points.size(); ++k) {
    same = same && m1.dots.points[k].x == m2.dots.points[k].x && m1.dots.points[k].y == m2.dots.points[k].y;
    differs = differs || m1.dots.points[k].x != m3.dots.points[k].x;
  }
  CHECK(same);
  CHECK(differs);
  render::FigureOptions fo;
  fo.widthPt = 600;
  fo.heightPt = 375;
  fo.displayCrs = "EPSG:26916";
  render::CairoTextMetrics metrics;
  const fs::path dir = test::scratchDir("render-composition");
  render::writeFigure(render::composeDotDensity(l, m1, {}, fo, metrics), (dir / "one.png").string(), 144);
  render::writeFigure(render::composeDotDensity(l, m2, {}, fo, metrics), (dir / "two.png").string(), 144);
  render::writeFigure(render::composeDotDensity(l, m3, {}, fo, metrics), (dir / "three.png").string(), 144);
  CHECK(readBytes(dir / "one.png") == readBytes(dir / "two.png"));
  CHECK(readBytes(dir / "one.png") != readBytes(dir / "three.png"));
}

TEST_CASE("percentages of a total become people", "[render][dots]") {
  // Shares 50% / 25% of totals 2000 and 400: a = 1000 and 200 people, b = 500 and 100.
  Layer l = holeFixture(50, 25, 0, 50, 25, 0);
  Column t("pop", FieldType::Real);
  t.appendNumber(2000);
  t.appendNumber(400);
  l.attributes.addColumn(std::move(t));
  render::DotDensityRequest r = request(100, 1);
  r.groups.total = "pop";
  r.groups.units = render::GroupUnits::Percent;
  render::DotDensityMap m = render::buildDotDensityMap(l, r, "fixture");
  CHECK(m.groupPeople == std::vector<double>{1200, 600, 0});
  CHECK(m.groupDots == std::vector<std::size_t>{12, 6, 0});
  r.groups.total.clear();
  CHECK_THROWS_AS(render::buildDotDensityMap(l, r, "fixture"), UsageError);
}

TEST_CASE("plurality map: majority, largest only, ties and no data", "[render][plurality]") {
  // Rows chosen by hand: 0 a majority (60 of 100); 1 a largest only (40 of 100); 2 tie a = b; 3 nobody;
  // 4 c missing; 5 c majority (7 of 10).
  AttributeTable t;
  Column a("a", FieldType::Real), b("b", FieldType::Real), c("c", FieldType::Real);
  for (auto [va, vb, vc] : {std::tuple{60.0, 30.0, 10.0}, {40.0, 35.0, 25.0}, {30.0, 30.0, 10.0}, {0.0, 0.0, 0.0},
                            {5.0, 1.0, -1.0}, {2.0, 1.0, 7.0}}) {
    a.appendNumber(va);
    b.appendNumber(vb);
    vc < 0 ? c.appendMissing() : c.appendNumber(vc);
  }
  t.addColumn(std::move(a));
  t.addColumn(std::move(b));
  t.addColumn(std::move(c));
  render::PluralityRequest r;
  r.groups.fields = {"a", "b", "c"};
  r.groups.labels = {"A", "B", "C"};
  render::PluralityMap m = render::buildPluralityMap(t, r, "fixture");
  CHECK(m.winner == std::vector<int>{0, 0, -1, -1, -1, 2});
  CHECK(m.majority == std::vector<std::size_t>{1, 0, 1});
  CHECK(m.plurality == std::vector<std::size_t>{1, 0, 0});
  CHECK(m.ties == 1);
  CHECK(m.noPeople == 1);
  CHECK(m.map.missing == 2);
  CHECK(m.map.fillIndex == std::vector<int>{0, 1, render::pluralityTieFill(3), render::pluralityNoDataFill(3),
                                            render::pluralityNoDataFill(3), 4});
  // The majority colour is the ramp's, the plurality one a lighter tint of it.
  CHECK(m.map.fills[0].color.r <= m.map.fills[1].color.r);
  CHECK(m.map.legend.classes.back().label == "A, majority");
  // With a total field, a majority is over half of it: a = 60 of 200 is only the largest.
  Column pop("pop", FieldType::Real);
  for (double v : {200.0, 100.0, 100.0, 100.0, 100.0, 10.0}) pop.appendNumber(v);
  t.addColumn(std::move(pop));
  r.groups.total = "pop";
  render::PluralityMap withTotal = render::buildPluralityMap(t, r, "fixture");
  CHECK(withTotal.majority == std::vector<std::size_t>{0, 0, 1});
  CHECK(withTotal.plurality == std::vector<std::size_t>{2, 0, 0});
}
