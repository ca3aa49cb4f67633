// Orientation labels (render/map_labels.h): the label point lies inside its polygon even where the centroid does
// not, and placed labels never overlap each other, the boxes to avoid or the frame's edge.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "fixture_map.h"
#include "render/map_labels.h"

using namespace mobmap;
using namespace mobmap::render;

namespace {

// Every character 0.6 em wide: widths the test can recompute.
struct FixedMetrics : TextMetrics {
  double width(const std::string& text, const TextStyle& style) const override { return 0.6 * style.sizePt * static_cast<double>(text.size()); }
};

}  // namespace

TEST_CASE("the label point of a U-shaped polygon lies inside it, not at its centroid") {
  GeometryStore g;
  g.beginFeature();
  g.beginPart(PartKind::Polygon);
  g.beginRing();
  // A U: 0..30 wide, 0..30 high, with 10..20 x 10..30 cut out (the centroid, x = 15, lies in the cut-out).
  for (auto [x, y] : {std::pair{0, 0}, {30, 0}, {30, 30}, {20, 30}, {20, 10}, {10, 10}, {10, 30}, {0, 30}, {0, 0}}) g.addPoint(x, y);
  Point p;
  REQUIRE(labelPoint(g, 0, p));
  const bool inLeftArm = p.x > 0 && p.x < 10 && p.y > 10 && p.y < 30;
  const bool inRightArm = p.x > 20 && p.x < 30 && p.y > 10 && p.y < 30;
  const bool inBase = p.x > 0 && p.x < 30 && p.y > 0 && p.y < 10;
  CHECK((inLeftArm || inRightArm || inBase));
}

TEST_CASE("labels never overlap each other, the boxes to avoid or the frame's edge") {
  Layer grid = test::fixtureGrid();
  Figure fig;
  Viewport v;
  v.x = 10;
  v.y = 20;
  v.width = 200;
  v.height = 150;
  v.extent = grid.geometry.extent();
  v.scale = 50.0 / 1000;  // a 1 km square is 50 pt: the 16-character names (about 77 pt at 8 pt) collide
  TextStyle style;
  style.sizePt = 8;
  const std::vector<PageBox> avoid = {{v.x, v.y, 60, 40}};
  FixedMetrics metrics;
  const LabelPlacement lp = addMapLabels(fig, v, {&grid, "name"}, style, metrics, avoid);
  CHECK(lp.placed + lp.dropped == 12);
  CHECK(lp.placed >= 3);
  CHECK(lp.dropped >= 1);
  REQUIRE(fig.texts.size() == lp.placed);
  std::vector<PageBox> boxes;
  for (const TextItem& t : fig.texts) {
    CHECK(t.halo.has_value());
    const double w = metrics.width(t.text, t.style), pad = style.sizePt * 0.25;
    boxes.push_back({t.x - w / 2 - pad, t.y - style.sizePt * 0.95 - pad, w + 2 * pad, style.sizePt * 1.2 + 2 * pad});
  }
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const PageBox& a = boxes[i];
    CHECK(a.x >= v.x);
    CHECK(a.y >= v.y);
    CHECK(a.x + a.width <= v.x + v.width + 1e-9);
    CHECK(a.y + a.height <= v.y + v.height + 1e-9);
    for (const PageBox& b : avoid) CHECK_FALSE((a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height));
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      const PageBox& b = boxes[j];
      CHECK_FALSE((a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height));
    }
  }
  CHECK_THROWS_AS(addMapLabels(fig, v, {&grid, "no_such_field"}, style, metrics), Error);
}
