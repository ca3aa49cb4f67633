// The real viewer under Xvfb (Mesa llvmpipe): `mobmap PROJECT --view poverty --screenshot` must exit 0 and
// write a window image whose map area is drawn, whose five class colours are the YlGnBu 5-class ramp the
// view's style names (colours from ColorBrewer's published YlGnBu scheme), and which has a legend with those
// swatches and text. Without --screenshot's display it must fail with a clear message.
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

TEST_CASE("the viewer draws the demo poverty view with its ramp and legend under Xvfb", "[gui]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  const auto dir = mobmap::test::scratchDir("gui");
  const std::string png = (dir / "viewer.png").string();
  const std::string project = (mobmap::test::sourceDir() / "geodata/demo/project.toml").string();
  const auto [status, out] = runViewer(mobmap::test::shellQuote(project) + " --view poverty --screenshot " + mobmap::test::shellQuote(png) + " --frames 5 --size 1280x800");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("Assertion") == std::string::npos);  // no ImGui (or other) assertion message

  Png img(png);
  REQUIRE(img.ok());
  CHECK(img.width() == 1280);  // Xvfb has no HiDPI scale: framebuffer = window
  CHECK(img.height() == 800);
  const Rect map = rectIn(out, "map"), legend = rectIn(out, "legend");
  CHECK(map.w > 600);
  CHECK(map.h > 600);

  // The map area is not blank: most pixels differ from the canvas background.
  auto mapHist = img.histogram(map);
  const int mapPixels = map.w * map.h;
  const int background = mapHist[0xfafaf8];
  CHECK(background < mapPixels * 0.8);
  CHECK(mapPixels - background > mapPixels / 5);

  // ColorBrewer YlGnBu, 5 classes (the choropleth style's ramp for pov_below, darker = higher value).
  const std::uint32_t ramp[] = {0xffffcc, 0xa1dab4, 0x41b6c4, 0x2c7fb8, 0x253494};
  auto legendHist = img.histogram(legend);
  for (std::uint32_t c : ramp) {
    INFO("colour " << std::hex << c);
    CHECK(mapHist[c] > 500);     // tracts of each class are drawn
    CHECK(legendHist[c] > 50);   // and each class has a legend swatch
  }
  // The legend carries text (dark pixels: heading, class labels, counts).
  int dark = 0;
  for (const auto& [c, count] : legendHist) {
    int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
    if (r < 90 && g < 90 && b < 90) dark += count;
  }
  CHECK(dark > 300);
  CHECK(legend.w > 100);
  CHECK(legend.h > 100);
  CHECK(legend.x >= map.x);
  CHECK(legend.x + legend.w <= map.x + map.w);
}

TEST_CASE("the viewer opens the data table below the map with --panel table", "[gui]") {
  // Compared against: the layout the viewer prints (the table takes the bottom of the map area) and the
  // demo's 306 tracts, whose rows fill the table with text; the map above keeps its YlGnBu classes.
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  const auto dir = mobmap::test::scratchDir("gui-table");
  const std::string png = (dir / "table.png").string();
  const std::string project = (mobmap::test::sourceDir() / "geodata/demo/project.toml").string();
  const auto [status, out] = runViewer(mobmap::test::shellQuote(project) + " --view poverty --panel table --screenshot " + mobmap::test::shellQuote(png) + " --frames 5 --size 1280x800");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("Assertion") == std::string::npos);

  Png img(png);
  REQUIRE(img.ok());
  const Rect map = rectIn(out, "map"), table = rectIn(out, "table");
  // The table sits right below the map, as wide as it, and takes a good part of the height.
  CHECK(table.x == map.x);
  CHECK(table.w == map.w);
  CHECK(table.y == map.y + map.h);
  CHECK(table.h > 200);
  CHECK(map.h > 300);

  // Rows of text: many dark pixels, spread over many pixel rows of the table (not one line of header).
  auto tableHist = img.histogram(table);
  int dark = 0;
  for (const auto& [c, count] : tableHist) {
    int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
    if (r < 90 && g < 90 && b < 90) dark += count;
  }
  CHECK(dark > 3000);
  int rowsWithText = 0;
  for (int y = table.y; y < table.y + table.h; ++y) {
    int darkInRow = 0;
    for (int x = table.x; x < table.x + table.w; ++x) {
      std::uint32_t c = img.rgb(x, y);
      if (((c >> 16) & 0xff) < 90 && ((c >> 8) & 0xff) < 90 && (c & 0xff) < 90) ++darkInRow;
    }
    if (darkInRow > 20) ++rowsWithText;
  }
  CHECK(rowsWithText > table.h / 4);

  // The map above still shows the classes.
  auto mapHist = img.histogram(map);
  const std::uint32_t ramp[] = {0xffffcc, 0xa1dab4, 0x41b6c4, 0x2c7fb8, 0x253494};
  for (std::uint32_t c : ramp) {
    INFO("colour " << std::hex << c);
    CHECK(mapHist[c] > 100);
  }
}

TEST_CASE("a screenshot without a display fails with a clear message", "[gui]") {
  const auto dir = mobmap::test::scratchDir("gui-nodisplay");
  const std::string png = (dir / "none.png").string();
  auto r = mobmap::test::runMobmap({(mobmap::test::sourceDir() / "geodata/demo/project.toml").string(), "--screenshot", png});
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("no display") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(png));
}

namespace {

// Runs a shell command, returning its exit status and output.
std::pair<int, std::string> shell(const std::string& cmd) {
  std::string out;
  FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, ""};
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// How many pixels of the map area have the note marker's fill (#212529, ui/notes_panel.cpp), a colour that is
// in no ColorBrewer ramp nor the viewer's background.
int markerPixels(const std::string& png, const std::string& out) {
  Png img(png);
  REQUIRE(img.ok());
  int count = 0;
  for (const auto& [colour, n] : img.histogram(rectIn(out, "map")))
    if (colour == 0x212529u) count += n;
  return count;
}

}  // namespace

TEST_CASE("the viewer shows the demo notes as markers once they are imported into a GeoPackage store", "[gui][notes]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  // A copy of the demo project whose [notes] store is a GeoPackage holding the demo notes.
  const auto dir = mobmap::test::scratchDir("gui_notes");
  std::filesystem::remove_all(dir / "demo");
  std::filesystem::copy(mobmap::test::sourceDir() / "geodata/demo", dir / "demo", std::filesystem::copy_options::recursive);
  const auto demo = dir / "demo";
  const std::string bin = mobmap::test::shellQuote(MOBMAP_BINARY);
  auto [importStatus, importOut] = shell("env -u DISPLAY " + bin + " notes import --store " +
                                         mobmap::test::shellQuote((demo / "notes.gpkg").string()) + " " +
                                         mobmap::test::shellQuote((demo / "notes.geojson").string()));
  INFO(importOut);
  REQUIRE(importStatus == 0);
  REQUIRE(shell("sed -i 's/^store = \"notes.geojson\"/store = \"notes.gpkg\"/' " + mobmap::test::shellQuote((demo / "project.toml").string())).first == 0);

  auto screenshot = [&](const std::string& project, const std::string& png) {
    return shell("xvfb-run -a -s '-screen 0 1600x1000x24' " + bin + " " + mobmap::test::shellQuote(project) +
                 " --view poverty --screenshot " + mobmap::test::shellQuote(png) + " --frames 5 --size 1280x800");
  };
  const std::string png = (dir / "notes.png").string();
  auto [status, out] = screenshot((demo / "project.toml").string(), png);
  INFO(out);
  REQUIRE(status == 0);
  // All 8 demo notes (public and internal: the viewer is the coalition's own tool) are loaded from the store.
  CHECK(out.find("notes 8 markers ") != std::string::npos);
  CHECK(out.find(" error ") == std::string::npos);
  const int withNotes = markerPixels(png, out);
  CHECK(withNotes > 50);  // at least a few marker discs (a disc is ~90 pixels)

  // Without a notes store the same view has no marker pixels: the colour above comes from the markers.
  REQUIRE(shell("sed -i -e 's/^store = \"notes.gpkg\"/#/' -e 's/^\\[notes\\]$/#/' " + mobmap::test::shellQuote((demo / "project.toml").string())).first == 0);
  const std::string plain = (dir / "plain.png").string();
  auto [status2, out2] = screenshot((demo / "project.toml").string(), plain);
  INFO(out2);
  REQUIRE(status2 == 0);
  CHECK(markerPixels(plain, out2) == 0);
}
