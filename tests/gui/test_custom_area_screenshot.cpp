// The viewer's custom area (dissolve) in its scripted mode: `--pick` picks tracts of the demo poverty view and
// `--dissolve-name` merges them; the run prints the area's sums and draws the picks' orange outline.
#include <catch2/catch.hpp>
#include <cairo.h>

#include <cstdint>
#include <cstdio>
#include <regex>
#include <string>

#include "../cli/run_mobmap.h"
#include "test_support.h"

TEST_CASE("the viewer merges picked tracts into a custom area with --pick and --dissolve-name", "[gui]") {
  // Compared against: geodata/demo/tract_acs.csv, where tract 99001000100 has total_pop 2905 and
  // 99001000200 has 2964 (sum 5869); the pick outline colour is the one map_canvas.cpp draws (#e67800).
  if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  const auto dir = mobmap::test::scratchDir("gui-custom-area");
  const std::string png = (dir / "area.png").string();
  const std::string project = (mobmap::test::sourceDir() / "geodata/demo/project.toml").string();
  const std::string cmd = "xvfb-run -a -s '-screen 0 1600x1000x24' " + mobmap::test::shellQuote(MOBMAP_BINARY) +
                          " " + mobmap::test::shellQuote(project) +
                          " --view poverty --pick 99001000100,99001000200 --dissolve-name 'Test area' --screenshot " +
                          mobmap::test::shellQuote(png) + " --frames 5 --size 1280x800 2>&1";
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  REQUIRE(pipe);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  INFO(out);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  CHECK(out.find("picked 2 custom-area \"Test area\" members 2") != std::string::npos);
  CHECK(out.find(" total_pop=5869") != std::string::npos);

  cairo_surface_t* img = cairo_image_surface_create_from_png(png.c_str());
  REQUIRE(cairo_surface_status(img) == CAIRO_STATUS_SUCCESS);
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex("map=(\\d+),(\\d+),(\\d+),(\\d+)")));
  const int mx = std::stoi(m[1]), my = std::stoi(m[2]), mw = std::stoi(m[3]), mh = std::stoi(m[4]);
  const unsigned char* d = cairo_image_surface_get_data(img);
  const int stride = cairo_image_surface_get_stride(img);
  int orange = 0;
  for (int y = my; y < my + mh && y < cairo_image_surface_get_height(img); ++y)
    for (int x = mx; x < mx + mw && x < cairo_image_surface_get_width(img); ++x)
      if ((*reinterpret_cast<const std::uint32_t*>(d + static_cast<std::ptrdiff_t>(y) * stride + x * 4) & 0xffffffu) ==
          0xe67800u)
        ++orange;
  cairo_surface_destroy(img);
  CHECK(orange > 20);  // the two picked tracts' outlines
}
