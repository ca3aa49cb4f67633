// The viewer's custom area (dissolve) in its scripted mode: `--pick` picks tracts of the demo poverty view and
// `--dissolve-name` merges them; the run prints the area's sums and draws the picks' orange outline.
#include <catch2/catch.hpp>

#include <string>

#include "gui_support.h"
#include "test_support.h"

using namespace mobmap::test;

TEST_CASE("the viewer merges picked tracts into a custom area with --pick and --dissolve-name", "[gui]") {
  // Compared against: geodata/demo/tract_acs.csv, where tract 99001000100 has total_pop 2905 and
  // 99001000200 has 2964 (sum 5869); the pick outline colour is the one map_canvas.cpp draws (#e67800).
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  const auto dir = scratchDir("gui-custom-area");
  const std::string png = (dir / "area.png").string();
  const std::string project = (sourceDir() / "geodata/demo/project.toml").string();
  const auto [status, out] = runViewer(shellQuote(project) +
                                       " --view poverty --pick 99001000100,99001000200 --dissolve-name 'Test area' "
                                       "--screenshot " + shellQuote(png) + " --frames 5 --size 1280x800");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("picked 2 custom-area \"Test area\" members 2") != std::string::npos);
  CHECK(out.find(" total_pop=5869") != std::string::npos);

  const Png img(png);
  REQUIRE(img.ok());
  const auto hist = img.histogram(rectIn(out, "map"));
  const auto orange = hist.find(0xe67800u);
  CHECK((orange == hist.end() ? 0 : orange->second) > 20);  // the two picked tracts' outlines
}
