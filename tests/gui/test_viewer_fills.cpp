// The viewer's fills under Xvfb (Mesa llvmpipe): the canvas draws with a plain fill program unless some feature
// is hatched, and with the hatching program when one is. Compared against the demo project's legends: the
// poverty view's legend counts 30 tracts hatched as unreliable (CV above 40%), the median income view's 0.
// The hatch colour is the map style's default low-quality hatch, #8c8c8c (style/map_style.h); the legend's own
// hatched swatch is left out of the count.
#include <catch2/catch.hpp>
#include <cairo.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <regex>
#include <string>

#include "gui_support.h"
#include "test_support.h"

using namespace mobmap::test;

namespace {

// Pixels of `color` in the map area outside the legend, in a screenshot of the demo project's `view`.
int mapPixelsOf(const std::string& view, std::uint32_t color) {
  const auto dir = mobmap::test::scratchDir("gui-fills");
  const std::string png = (dir / (view + ".png")).string();
  const std::string project = (mobmap::test::sourceDir() / "geodata/demo/project.toml").string();
  const auto [status, out] = runViewer(mobmap::test::shellQuote(project) + " --view " + view + " --screenshot " +
                                       mobmap::test::shellQuote(png) + " --frames 5 --size 1280x800");
  INFO(out);
  REQUIRE(status == 0);
  Png img(png);
  REQUIRE(img.ok());
  const Rect map = rectIn(out, "map"), legend = rectIn(out, "legend");
  auto inMap = img.histogram(map), inLegend = img.histogram(legend);
  return inMap[color] - inLegend[color];
}

}  // namespace

TEST_CASE("the viewer hatches low-quality areas and only those", "[gui]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  constexpr std::uint32_t kHatch = 0x8c8c8c;
  // 30 hatched tracts of roughly 30 x 30 pixels, one pixel in five on a hatch line: thousands of pixels.
  CHECK(mapPixelsOf("poverty", kHatch) > 1000);
  // No hatched tract: at most a few pixels of that grey where note markers are smoothed.
  CHECK(mapPixelsOf("median_income", kHatch) < 50);
}
