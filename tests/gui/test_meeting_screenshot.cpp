// Coalition-meeting modes of the real viewer under Xvfb (Mesa llvmpipe), checked on the window image and the
// rectangles the scripted screenshot prints:
// - `--present`: the window fills the Xvfb screen (1600x1000, the size given to xvfb-run), the left 300 px are
//   map, not the sidebar's panel colour (#f7f7f5, ui/theme.cpp's WindowBg) as they are in the normal layout,
//   and the title and legend are drawn larger than in the normal layout (type × 1.75).
// - `--compare poverty,share_black`: two equal maps side by side, one legend, the poverty view's YlGnBu 5-class
//   colours (ColorBrewer's published scheme, the demo style's ramp) on both halves, and the same class breaks
//   on both sides as printed by the viewer; with --independent-breaks the printed breaks differ (the two
//   fields' distributions differ: poverty's Jenks breaks vs share_black's quantiles), which shows the check
//   can fail.
#include <catch2/catch.hpp>
#include <cairo.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <regex>
#include <string>

#include "gui_support.h"
#include "test_support.h"

using namespace mobmap::test;

namespace {

// The class breaks the viewer printed for one side of a comparison ("1.13;6.32;...").
std::string breaksIn(const std::string& out, const std::string& side) {
  std::smatch m;
  std::regex re(" breaks-" + side + "=([0-9.;e+-]*)");
  REQUIRE(std::regex_search(out, m, re));
  return m[1];
}

// Runs the viewer on the demo project under a 1600x1000 Xvfb screen; returns the exit status and output.
std::pair<int, std::string> screenshot(const std::string& png, const std::string& options) {
  const std::string project = (mobmap::test::sourceDir() / "geodata/demo/project.toml").string();
  return runViewer(shellQuote(project) + " " + options + " --screenshot " + shellQuote(png) + " --frames 8 --size 1280x800");
}

constexpr std::uint32_t kPanel = 0xf7f7f5;  // the panels' background (ui/theme.cpp)
const std::uint32_t kYlGnBu5[] = {0xffffcc, 0xa1dab4, 0x41b6c4, 0x2c7fb8, 0x253494};

int count(const std::map<std::uint32_t, int>& h, std::uint32_t c) {
  auto it = h.find(c);
  return it == h.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("presentation mode fills the screen with the map, its title and legend, without panels", "[gui][meeting]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  const auto dir = mobmap::test::scratchDir("gui_meeting_present");
  const std::string normalPng = (dir / "normal.png").string(), presentPng = (dir / "present.png").string();
  auto [normalStatus, normalOut] = screenshot(normalPng, "--view poverty");
  INFO(normalOut);
  REQUIRE(normalStatus == 0);
  auto [status, out] = screenshot(presentPng, "--view poverty --present");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("Assertion") == std::string::npos);
  CHECK(out.find("presenting 1 of 4") != std::string::npos);

  Png normal(normalPng), present(presentPng);
  REQUIRE(normal.ok());
  REQUIRE(present.ok());
  CHECK(normal.width() == 1280);
  CHECK(present.width() == 1600);  // full screen: the Xvfb screen, not the --size window
  CHECK(present.height() == 1000);
  const Rect map = rectIn(out, "map");
  CHECK(map.x == 0);
  CHECK(map.y == 0);
  CHECK(map.w == 1600);
  CHECK(map.h == 1000);

  // The left 300 px below the title (whose box has the panels' colour too): mostly panel colour in the normal
  // layout (the sidebar), almost none when presenting.
  const Rect title = rectIn(out, "title"), legend = rectIn(out, "legend");
  const Rect strip{0, title.y + title.h + 2, 300, 800 - (title.y + title.h + 2)};
  const int stripPixels = strip.w * strip.h;
  CHECK(count(normal.histogram(strip), kPanel) > stripPixels / 2);
  auto presentStrip = present.histogram(strip);
  CHECK(count(presentStrip, kPanel) < stripPixels / 20);
  int rampPixels = 0;
  for (std::uint32_t c : kYlGnBu5) rampPixels += count(presentStrip, c);
  CHECK(rampPixels > stripPixels / 10);  // tracts drawn there

  // Title and legend are there and larger than in the normal layout.
  const Rect normalTitle = rectIn(normalOut, "title"), normalLegend = rectIn(normalOut, "legend");
  CHECK(title.h > normalTitle.h * 3 / 2);
  CHECK(legend.h > normalLegend.h * 3 / 2);
  CHECK(legend.x + legend.w <= 1600);
  CHECK(legend.y + legend.h <= 1000);
  auto legendHist = present.histogram(legend);
  for (std::uint32_t c : kYlGnBu5) {
    INFO("colour " << std::hex << c);
    CHECK(count(legendHist, c) > 150);  // a swatch per class, larger than the normal layout's (> 50)
  }
}

TEST_CASE("a linked comparison shows two maps with one legend and the same classes on both", "[gui][meeting]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  const auto dir = mobmap::test::scratchDir("gui_meeting_compare");
  const std::string png = (dir / "compare.png").string();
  auto [status, out] = screenshot(png, "--compare poverty,share_black");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("Assertion") == std::string::npos);
  CHECK(out.find("compare poverty share_black classes shared camera linked") != std::string::npos);
  const std::string breaksLeft = breaksIn(out, "left"), breaksRight = breaksIn(out, "right");
  CHECK(breaksLeft.size() > 10);  // six numbers
  CHECK(breaksLeft == breaksRight);

  Png img(png);
  REQUIRE(img.ok());
  const Rect map = rectIn(out, "map"), left = rectIn(out, "left"), right = rectIn(out, "right");
  const Rect legend = rectIn(out, "legend");
  // Two maps of the same size side by side, filling the map area.
  CHECK(left.w == right.w);
  CHECK(left.h == right.h);
  CHECK(left.x == map.x);
  CHECK(left.x + left.w <= right.x);
  CHECK(right.x + right.w == map.x + map.w);
  CHECK(left.w > 400);
  // One legend: a single legend rectangle, in the right half's corner.
  std::size_t legends = 0;
  for (std::size_t at = out.find(" legend="); at != std::string::npos; at = out.find(" legend=", at + 1)) ++legends;
  CHECK(legends == 1);
  CHECK(legend.x >= right.x);

  // The shared YlGnBu classes on both halves (the right half without the legend's swatches).
  auto leftHist = img.histogram(left);
  auto rightHist = img.histogram(right);
  for (const auto& [c, n] : img.histogram(legend)) rightHist[c] -= n;
  int leftClasses = 0, rightClasses = 0;
  for (std::uint32_t c : kYlGnBu5) {
    INFO("colour " << std::hex << c);
    leftClasses += count(leftHist, c) > 300;
    rightClasses += count(rightHist, c) > 300;
  }
  CHECK(leftClasses >= 4);
  CHECK(rightClasses >= 3);
}

TEST_CASE("a linked comparison with --independent-breaks classifies each side on its own", "[gui][meeting]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  const auto dir = mobmap::test::scratchDir("gui_meeting_independent");
  auto [status, out] = screenshot((dir / "independent.png").string(), "--compare poverty,share_black --independent-breaks");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("compare poverty share_black classes independent camera linked") != std::string::npos);
  CHECK(breaksIn(out, "left") != breaksIn(out, "right"));
}

TEST_CASE("a comparison of a percent beside dollars classifies each side on its own by default", "[gui][meeting]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  // The demo's poverty view maps a percent, median_income US dollars (styles/metric_catalog.toml units through
  // the legends' unit lines): pooled classes would put every poverty rate in the lowest income class.
  const auto dir = mobmap::test::scratchDir("gui_meeting_units");
  auto [status, out] = screenshot((dir / "units.png").string(), "--compare poverty,median_income");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("compare poverty median_income classes independent camera linked") != std::string::npos);
  CHECK(breaksIn(out, "left") != breaksIn(out, "right"));
}

TEST_CASE("a comparison with an unknown view is a usage error naming it", "[gui][meeting]") {
  // Checked before any window opens, so no display is needed (the run has none).
  auto r = mobmap::test::runMobmap({(mobmap::test::sourceDir() / "geodata/demo/project.toml").string(), "--compare",
                                    "poverty,no_such_view", "--screenshot", "x.png"});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("no view named 'no_such_view'") != std::string::npos);
  auto data = mobmap::test::runMobmap({(mobmap::test::sourceDir() / "geodata/demo/tracts.geojson").string(), "--compare",
                                       "a,b", "--screenshot", "x.png"});
  CHECK(data.exitCode == 2);
  CHECK(data.err.find("needs a project file") != std::string::npos);
}
