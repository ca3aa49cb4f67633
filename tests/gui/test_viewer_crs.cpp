// A layer without a usable CRS in the viewer, driven with real X input (xdotool) on a private Xvfb display: the
// real Chicago tract Shapefile (EPSG:3435 per its .prj) copied without the .prj is drawn in its own coordinates
// under a banner naming the file and the evidence; "Set CRS..." opens the dialog with the keyboard in its search
// box; typing 3435 and Enter gives the layer EPSG:3435, which the project file then keeps as `crs = "EPSG:3435"`
// on the layer (read back with io::readProject) and the view is drawn in it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "gui_support.h"
#include "io/project_file.h"
#include "live_viewer.h"
#include "test_support.h"

using namespace mobmap::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The tract Shapefile without its .prj, and a project with one view of it, in `dir`.
fs::path projectWithoutCrs(const fs::path& shp, const fs::path& dir) {
  for (const char* ext : {".shp", ".shx", ".dbf"}) fs::copy_file(fs::path(shp).replace_extension(ext), dir / (std::string("tracts") + ext));
  const fs::path toml = dir / "project.toml";
  std::ofstream(toml) << "format_version = 2\n\n[[layer]]\nname = \"tracts\"\nsource = \"tracts.shp\"\n\n"
                         "[[view]]\nname = \"poverty\"\nlayer = \"tracts\"\nfield = \"Pov14\"\n";
  return toml;
}

void clickAt(LiveViewer& v, double x, double y) {
  v.moveTo(x, y);
  v.waitFor("the pointer there", [&](const json& s) { return pointerAt(s, x, y); });
  v.xdo("click 1");
}

}  // namespace

TEST_CASE("a layer without a CRS is drawn in its own coordinates under a banner", "[gui][crs]") {
  auto shp = sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed");
    return;
  }
  const fs::path dir = scratchDir("gui-crs-banner");
  const fs::path project = projectWithoutCrs(*shp, dir);
  const fs::path png = dir / "banner.png";
  auto [status, out] = runViewer(shellQuote(project.string()) + " --size 1280x800 --screenshot " + shellQuote(png.string()));
  INFO(out);
  REQUIRE(status == 0);
  Png image(png.string());
  REQUIRE(image.ok());
  // The map is drawn: the tracts' class colours fill much of the map area (not a load error on a blank map).
  const Rect map = rectIn(out, "map");
  int banner = 0, filled = 0;
  for (const auto& [rgb, n] : image.histogram(map)) {
    const unsigned r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
    if (r >= 0xf8 && g >= 0xe8 && g <= 0xf6 && b >= 0xc0 && b <= 0xd0) banner += n;  // the banner's pale yellow
    if (rgb != 0xf2f2f0 && rgb != 0xf3f3f0) filled += n;
  }
  CHECK(banner > 20000);
  CHECK(filled > map.w * map.h / 5);
}

TEST_CASE("a layer without a CRS is drawn with a banner, and Set CRS keeps the choice in the project", "[gui][input][crs]") {
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  auto shp = sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  const fs::path dir = scratchDir("gui-set-crs");
  const fs::path project = projectWithoutCrs(*shp, dir);
  LiveViewer v(dir, {project.string(), "--size", "1280x800", "--screenshot", (dir / "after.png").string()});
  json s = v.waitFor("the view drawn in its own coordinates", [](const json& j) { return j["ready"] == true; }, 180);
  v.window();
  s = v.settle();
  // Drawn, without a CRS: the display CRS is empty and the camera is in the file's feet (ogrinfo: x 1,112,411 to
  // 1,205,199, y 1,813,892 to 1,951,668).
  CHECK(s["display_crs"] == "");
  CHECK(s["crs"]["layer"] == "");
  const std::string problem = s["crs"]["problem"];
  CHECK(problem.find((dir / "tracts.shp").string() + ": it declares no CRS and its coordinates (x 1,112,411 to 1,205,199") != std::string::npos);
  CHECK(s["camera"]["center"][0].get<double>() > 1112411);
  CHECK(s["camera"]["center"][0].get<double>() < 1205199);
  CHECK(s["camera"]["center"][1].get<double>() > 1813892);
  CHECK(s["camera"]["center"][1].get<double>() < 1951668);

  // The banner's button opens the dialog; suggestions from the coordinates arrive in the background.
  const json& b = s["crs"]["banner_button"];
  REQUIRE(b[2].get<double>() > 0);
  clickAt(v, b[0].get<double>() + b[2].get<double>() / 2, b[1].get<double>() + b[3].get<double>() / 2);
  s = v.waitFor("the suggestions", [](const json& j) {
    return j["crs"]["dialog_open"] == true && j["crs"]["search_focused"] == true && !j["crs"]["suggestions"].empty();
  }, 120);
  CHECK(s["crs"]["suggestions"][0] == "EPSG:3435");  // the zone the coordinates fit (crs::suggestCrs)

  // Type the code into the focused search box and press Enter.
  v.xdo("type --delay 60 3435");
  s = v.waitFor("the search result", [](const json& j) { return j["crs"]["query"] == "3435" && !j["crs"]["results"].empty(); });
  CHECK(s["crs"]["results"][0] == "EPSG:3435");
  v.key("Return");
  s = v.waitFor("the view reloaded in EPSG:3435", [](const json& j) {
    return j["ready"] == true && j["display_crs"] == "EPSG:3435" && j["crs"]["dialog_open"] == false;
  }, 120);
  CHECK(s["crs"]["assigned"] == "EPSG:3435");
  CHECK(s["crs"]["problem"] == "");
  CHECK(s["crs"]["message"].get<std::string>().find("Saved crs = \"EPSG:3435\" on layer 'tracts' in project.toml") != std::string::npos);

  // The project keeps it on the layer.
  const mobmap::Project p = mobmap::io::readProject(project);
  REQUIRE(p.layers.size() == 1);
  CHECK(p.layers[0].crs == "EPSG:3435");
  CHECK(slurp(project).find("crs = \"EPSG:3435\"") != std::string::npos);
  v.settle();
  CHECK(v.quit() == 0);
  CHECK(fs::exists(dir / "after.png"));
}
