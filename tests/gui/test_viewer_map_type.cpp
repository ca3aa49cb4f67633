// The viewer's map types under Xvfb: `--map-type lisa` recolours a demo view (median_income, mapping other_nh:
// the demo field whose LISA map has areas in all five categories) as a LISA cluster map
// and `--panel moran` opens the Moran scatter plot beside it. Compared against: the cluster colours of
// styles/views.toml (GeoDa's roles, README) and the cluster counts `mobmap render --lisa --json` reports for the
// same view (it builds the same cluster map; its counts are checked against `mobmap lisa` in
// tests/cli/test_views_cli.cpp): every cluster with areas must show its colour on the map and in the legend.
#include <catch2/catch.hpp>
#include <cairo.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>

#include "gui_support.h"
#include "test_support.h"

using namespace mobmap::test;

namespace {

std::pair<int, std::string> screenshot(const std::string& png, const std::string& extra) {
  const std::string project = (mobmap::test::sourceDir() / "geodata/demo/project.toml").string();
  return runViewer(shellQuote(project) + " --view median_income --field other_nh " + extra + " --screenshot " +
                   shellQuote(png) + " --frames 5 --size 1280x800");
}

// High-high, low-low, high-low, low-high, not significant (styles/views.toml).
const std::pair<const char*, std::uint32_t> kClusters[] = {
    {"high-high", 0xe31a1c}, {"low-low", 0x1f78b4}, {"high-low", 0xfb9a99}, {"low-high", 0xa6cee3}, {"not significant", 0xf0f0f0}};

}  // namespace

TEST_CASE("the viewer draws the LISA map type with the five cluster colours", "[gui]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  const auto dir = mobmap::test::scratchDir("gui-map-type");
  const std::string project = (mobmap::test::sourceDir() / "geodata/demo/project.toml").string();
  auto r = mobmap::test::runMobmap({"render", project, "--view", "median_income", "--lisa", "other_nh", "--out",
                                    (dir / "lisa.png").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const nlohmann::json counts = nlohmann::json::parse(r.out)["cluster_counts"];

  const std::string png = (dir / "viewer_lisa.png").string();
  auto [status, out] = screenshot(png, "--map-type lisa");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("Assertion") == std::string::npos);
  CHECK(out.find("fills #e31a1c #1f78b4 #fb9a99 #a6cee3 #f0f0f0") != std::string::npos);
  CHECK(out.find("moran=") == std::string::npos);  // the scatter panel stays closed unless asked for
  const Png img(png);
  const auto map = img.histogram(rectIn(out, "map")), legend = img.histogram(rectIn(out, "legend"));
  // All five categories have areas (the fixture choice above), and each shows its colour on the map, over at
  // least 20 pixels per area (a demo tract covers far more at this size), and as a legend swatch.
  for (const auto& [name, colour] : kClusters) {
    INFO(name << " " << std::hex << colour);
    const int areas = counts[name].get<int>();
    REQUIRE(areas > 0);
    REQUIRE(map.count(colour) == 1);
    CHECK(map.at(colour) > 20 * areas);
    CHECK(legend.count(colour) == 1);
  }
  // No colour of the view's choropleth ramp (YlGnBu's darkest class) is left on the map.
  CHECK(map.count(0x253494) == 0);
}

TEST_CASE("the viewer opens the Moran scatter plot panel with --panel moran", "[gui]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  const auto dir = mobmap::test::scratchDir("gui-map-type");
  const std::string png = (dir / "viewer_moran.png").string();
  auto [status, out] = screenshot(png, "--map-type lisa --panel moran");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("Assertion") == std::string::npos);
  const Rect panel = rectIn(out, "moran"), map = rectIn(out, "map");
  CHECK(panel.w > 200);
  CHECK(panel.h > 200);
  CHECK(panel.x >= map.x);
  CHECK(panel.x + panel.w <= map.x + map.w);
  // Points in the quadrant colours: filled hot spots and cold spots draw solid pixels of those colours; the
  // regression line and axes draw dark pixels.
  const auto hist = Png(png).histogram(panel);
  CHECK(hist.count(0xe31a1c) == 1);
  CHECK(hist.count(0x1f78b4) == 1);
  int dark = 0;
  for (const auto& [c, n] : hist)
    if (((c >> 16) & 0xff) < 60 && ((c >> 8) & 0xff) < 60 && (c & 0xff) < 60) dark += n;
  CHECK(dark > 200);
}

TEST_CASE("the viewer rejects an unknown --map-type", "[gui]") {
  auto r = mobmap::test::runMobmap({(mobmap::test::sourceDir() / "geodata/demo/project.toml").string(), "--map-type",
                                    "hexbin", "--screenshot", "/nonexistent/x.png"});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("--map-type") != std::string::npos);
}

TEST_CASE("a saved gap view with its significance test opens as that map, with the counts `render` gives", "[gui]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  // The view as the viewer's Save writes it (map, fields, significance: docs/project-format.md); the expected
  // counts are the R reference of tests/cli/test_uncertainty_cli.cpp (186 significant, 120 not, at 90%).
  const auto dir = mobmap::test::scratchDir("gui_gap_significance");
  for (const char* f : {"tracts.geojson", "tract_acs.csv"})
    std::filesystem::copy_file(sourceDir() / "geodata/demo" / f, dir / f);
  std::ofstream(dir / "project.toml") << "format_version = 2\ntitle = \"Gap\"\n\n[[layer]]\nname = \"tracts\"\nsource = \"tracts.geojson\"\n\n"
                                         "[[table]]\nname = \"acs\"\nsource = \"tract_acs.csv\"\n\n"
                                         "[[join]]\nlayer = \"tracts\"\ntable = \"acs\"\non = \"GEOID=GEO_ID\"\n\n"
                                         "[[view]]\nname = \"gap\"\nlayer = \"tracts\"\nfield = \"black_nh\"\nmap = \"gap\"\n"
                                         "fields = [\"black_nh\", \"hispanic\"]\nsignificance = 0.90\n";
  const std::string state = (dir / "state.json").string();
  auto [status, out] = runViewer(shellQuote((dir / "project.toml").string()) + " --screenshot " + shellQuote((dir / "gap.png").string()) +
                                 " --frames 3 --size 1280x800 --state-out " + shellQuote(state));
  INFO(out);
  REQUIRE(status == 0);
  std::ifstream in(state);
  const nlohmann::json s = nlohmann::json::parse(in);
  CHECK(s["map_type"] == "gap");
  CHECK(s["field"] == "black_nh");
  CHECK(s["second_field"] == "hispanic");
  CHECK(s["swatches"]["not_significant"] == 120);
  CHECK(s["swatches"]["class"] == 186);
}

TEST_CASE("boundaries with nothing numeric say to join a table instead of naming a text field", "[gui]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  // geodata/demo/county.geojson holds one county outline with a GEOID only.
  const auto dir = mobmap::test::scratchDir("gui_no_numbers");
  auto [status, out] = runViewer(shellQuote((sourceDir() / "geodata/demo/county.geojson").string()) + " --screenshot " +
                                 shellQuote((dir / "county.png").string()) + " --frames 2 --size 1100x700");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("has no numbers to map, only IDs and names: open a table to join to it (Ctrl+O)") != std::string::npos);
}
