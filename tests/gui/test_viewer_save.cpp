// Saving what the viewer shows, with real X input (xdotool) on a private Xvfb display: Ctrl+S writes the view into
// the project file, quitting with unsaved changes asks first (Escape goes back, Enter saves), a data file opened
// alone is saved as a new project (Save as, prefilled beside it) with the CRS given in the viewer, and each saved
// project reopens to the same view: `mobmap render PROJECT --view NAME --json` draws the legend that the same
// options given on the command line draw.
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

json renderJson(const std::vector<std::string>& args) {
  const RunResult r = runMobmap(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("Ctrl+S saves the view into the project, and quitting with unsaved changes asks first", "[gui][input][save]") {
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  const fs::path dir = scratchDir("gui-save");
  fs::copy(sourceDir() / "geodata/demo", dir / "demo", fs::copy_options::recursive);
  const fs::path project = dir / "demo/project.toml";
  const std::string original = slurp(project);
  // The poverty view shown with another field: an unsaved change from the start.
  LiveViewer v(dir, {project.string(), "--view", "poverty", "--field", "hispanic", "--size", "1280x800"});
  json s = v.waitFor("the view", [](const json& j) { return j["ready"] == true; }, 180);
  v.window();
  s = v.settle();
  CHECK(s["project"]["unsaved"] == true);

  // Ctrl+Q asks; Escape goes back to the map.
  v.key("ctrl+q");
  v.waitFor("the quit prompt", [](const json& j) { return j["project"]["quit_prompt"] == true; });
  v.key("Escape");
  v.waitFor("the prompt gone, still running", [](const json& j) { return j["project"]["quit_prompt"] == false; });
  CHECK_FALSE(v.exited());
  CHECK(slurp(project) == original);

  // Ctrl+S writes the view.
  v.key("ctrl+s");
  s = v.waitFor("saved", [](const json& j) { return j["project"]["unsaved"] == false; });
  CHECK(s["project"]["message"] == "Saved project.toml");
  const mobmap::Project p = mobmap::io::readProject(project);
  REQUIRE(p.findView("poverty"));
  CHECK(p.findView("poverty")->field == "hispanic");
  CHECK(p.views.size() == mobmap::io::readProject(sourceDir() / "geodata/demo/project.toml").views.size());
  CHECK(v.quit() == 0);  // nothing unsaved: no prompt

  // The saved view renders as the same options on the command line render the original project.
  const json saved = renderJson({"render", project.string(), "--view", "poverty", "--out", (dir / "saved.png").string(), "--json"});
  const json asked = renderJson({"render", (sourceDir() / "geodata/demo/project.toml").string(), "--view", "poverty", "--field",
                                 "hispanic", "--out", (dir / "asked.png").string(), "--json"});
  CHECK(saved["legend"] == asked["legend"]);
  CHECK(saved["title"] == asked["title"]);
}

TEST_CASE("a data file without a CRS is given one and saved as a new project that reopens the same", "[gui][input][save][crs]") {
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  auto shp = sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  const fs::path dir = scratchDir("gui-save-as");
  for (const char* ext : {".shp", ".shx", ".dbf"}) fs::copy_file(fs::path(*shp).replace_extension(ext), dir / (std::string("tracts") + ext));
  const fs::path tracts = dir / "tracts.shp";
  LiveViewer v(dir, {tracts.string(), "--field", "Pov14", "--size", "1280x800"});
  json s = v.waitFor("the tracts", [](const json& j) { return j["ready"] == true; }, 180);
  v.window();
  s = v.settle();
  CHECK(s["project"]["unsaved"] == false);
  CHECK(s["display_crs"] == "");

  // Set CRS from the banner: type the code, Enter.
  const json& b = s["crs"]["banner_button"];
  REQUIRE(b[2].get<double>() > 0);
  v.moveTo(b[0].get<double>() + b[2].get<double>() / 2, b[1].get<double>() + b[3].get<double>() / 2);
  v.xdo("click 1");
  v.waitFor("the CRS dialog, its search box taking keys", [](const json& j) {
    return j["crs"]["dialog_open"] == true && j["crs"]["search_focused"] == true;
  });
  v.xdo("type --delay 60 3435");
  v.waitFor("the search result", [](const json& j) { return !j["crs"]["results"].empty() && j["crs"]["results"][0] == "EPSG:3435"; });
  v.key("Return");
  s = v.waitFor("drawn in EPSG:3435", [](const json& j) { return j["ready"] == true && j["display_crs"] == "EPSG:3435"; }, 120);
  CHECK(s["project"]["unsaved"] == true);  // no project yet: the CRS waits to be saved
  CHECK(s["crs"]["message"] == "The CRS EPSG:3435 is used for this session");

  // Ctrl+S on a data file: Save as, proposed beside it; Enter saves.
  v.key("ctrl+s");
  s = v.waitFor("Save as, its path taking keys", [](const json& j) {
    return j["project"]["save_as_open"] == true && j["project"]["save_as_focused"] == true;
  });
  const fs::path saved = dir / "tracts-project.toml";
  CHECK(s["project"]["save_as_path"] == saved.string());
  v.key("Return");
  s = v.waitFor("saved as a project", [](const json& j) { return j["project"]["unsaved"] == false && j["project"]["file"] != ""; });
  CHECK(s["project"]["file"] == saved.string());
  CHECK(v.quit() == 0);

  const mobmap::Project p = mobmap::io::readProject(saved);
  REQUIRE(p.layers.size() == 1);
  CHECK(p.layers[0].crs == "EPSG:3435");
  CHECK(p.layers[0].source == tracts);
  REQUIRE(p.views.size() == 1);
  CHECK(p.views[0].name == "Pov14");
  CHECK(p.views[0].field == "Pov14");

  // Reopened, and rendered: the same map as the file with its CRS given on the command line.
  const json reopened = renderJson({"render", saved.string(), "--view", "Pov14", "--out", (dir / "saved.png").string(), "--json"});
  const json asked = renderJson({"render", tracts.string(), "--assign-crs", "EPSG:3435", "--field", "Pov14", "--out",
                                 (dir / "asked.png").string(), "--json"});
  CHECK(reopened["legend"] == asked["legend"]);
  CHECK(reopened["display_crs"] == "EPSG:3435");
}
