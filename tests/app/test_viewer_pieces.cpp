// Pieces of the viewer that need no window: its command-line options, the linked comparison's two halves and
// the order of a timed run (app/frame_timings.h).
#include <catch2/catch.hpp>

#include "app/frame_timings.h"
#include "app/linked_comparison.h"
#include "app/viewer.h"
#include "session/map_probe.h"

#include <cmath>

using namespace mobmap;

TEST_CASE("viewer options: values are read and bad ones named as the usage error") {
  std::string error;
  auto o = app::parseViewerOptions({"project.toml", "--view", "poverty", "--size", "1300x800", "--pick", "17113000100,17113000200"}, error);
  REQUIRE(o);
  CHECK(o->paths == std::vector<std::string>{"project.toml"});
  CHECK(o->view == "poverty");
  CHECK(o->width == 1300);
  CHECK(o->height == 800);
  CHECK(o->pick == std::vector<std::string>{"17113000100", "17113000200"});

  CHECK_FALSE(app::parseViewerOptions({"p.toml", "--size", "12x12"}, error));
  CHECK_THAT(error, Catch::Contains("--size must read WIDTHxHEIGHT"));
  CHECK_FALSE(app::parseViewerOptions({"p.toml", "--panel", "legend"}, error));
  CHECK_THAT(error, Catch::Contains("--panel must be"));
  CHECK(app::parseViewerOptions({"p.toml", "--panel", "profile"}, error));
  CHECK_FALSE(app::parseViewerOptions({"p.toml", "--view"}, error));
  CHECK(error == "--view needs a value");
  CHECK_FALSE(app::parseViewerOptions({"p.toml", "--dissolve-name", "North side"}, error));
  CHECK_THAT(error, Catch::Contains("--dissolve-name needs --pick"));
  o = app::parseViewerOptions({"p.toml", "--compare", "a,b"}, error);  // the file does not exist
  REQUIRE(o);
  CHECK_FALSE(app::checkViewerOptions(*o, error));
  CHECK_FALSE(error.empty());
  CHECK(app::hasViewerOption({"data.gpkg", "--state-out", "s.json"}));
  CHECK_FALSE(app::hasViewerOption({"data.gpkg", "--json"}));
}

TEST_CASE("linked comparison: two halves of the same size with a divider, filling the map area") {
  const auto [left, right] = app::LinkedComparison::halves({100, 40, 901, 600});
  CHECK(left.width == right.width);
  CHECK(left.height == 600);
  CHECK(left.x == 100);
  CHECK(right.x + right.width == 1001);
  CHECK(right.x - (left.x + left.width) >= 4);  // the divider
}

TEST_CASE("frame timings: nothing is timed until the view is ready, then pans, then one recolour") {
  app::FrameTimings t(3);
  CHECK(t.beginFrame(false) == app::FrameTimings::Action::None);
  CHECK_FALSE(t.endFrame(false));
  CHECK(t.beginFrame(true) == app::FrameTimings::Action::None);  // the first complete frame is only recorded
  CHECK_FALSE(t.endFrame(true));
  CHECK(t.beginFrame(true, false) == app::FrameTimings::Action::None);  // full detail not in yet: no pan
  CHECK_FALSE(t.endFrame(true, false));
  for (int i = 0; i < 3; ++i) {
    CHECK(t.beginFrame(true) == app::FrameTimings::Action::Pan);
    CHECK_FALSE(t.endFrame(true));
  }
  CHECK(t.beginFrame(true) == app::FrameTimings::Action::Recolour);
  CHECK(t.endFrame(true));
}

TEST_CASE("linked comparison across display CRSs: the same place at the same ground scale", "[app]") {
  // Left: Web Mercator (EPSG:3857) centred on 40.38°N 89.18°W; right: CONUS Albers (EPSG:5070). Expected: the
  // right centre is that lon/lat (spherical Mercator's x = R·λ, y = R·ln tan(π/4 + φ/2), R = 6378137, inverted
  // through the right probe), and since a Mercator unit is cos φ ground metres there while an Albers unit is
  // about one (its scale error is under 1% in the contiguous US), a left pixel's 100 units are 100·cos φ metres:
  // the right camera's pixels per unit are the left's divided by cos φ.
  const double lon = -89.18, lat = 40.38, r = 6378137, rad = 3.14159265358979323846 / 180;
  const mobmap::Point mercator{r * lon * rad, r * std::log(std::tan(3.14159265358979323846 / 4 + lat * rad / 2))};
  mobmap::render::Camera left;
  left.setViewport(800, 600);
  left.setCenter(mercator);
  left.setPixelsPerUnit(0.01);
  const mobmap::session::MapProbe from("EPSG:3857"), to("EPSG:5070");
  const auto right = app::cameraAcrossCrs(left, from, to);
  REQUIRE(right);
  const auto ll = to.lonLat(right->center());
  REQUIRE(ll);
  CHECK(ll->x == Approx(lon).margin(1e-7));
  CHECK(ll->y == Approx(lat).margin(1e-7));
  CHECK(right->pixelsPerUnit() == Approx(0.01 / std::cos(lat * rad)).epsilon(0.01));
  CHECK(right->viewportWidth() == 800);
}
