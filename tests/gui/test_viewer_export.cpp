// The Export dialog with real X input (xdotool) on a private Xvfb display: Ctrl+E opens it with the texts
// `mobmap render` puts on the view (the demo project's poverty view: its title, legend title and source), a new
// title typed over the old, and Enter writes the figure in the background at the report-column size
// (6.5 in at 200 dpi = 1300 px wide). The PNG is the one `mobmap render` writes for the same view, title and
// size (byte for byte).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "gui_support.h"
#include "io/project_file.h"
#include "live_viewer.h"
#include "test_support.h"

using namespace mobmap::test;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("the Export dialog writes the figure render makes, with the texts prefilled", "[gui][input][export]") {
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  const fs::path dir = scratchDir("gui-export");
  fs::copy(sourceDir() / "geodata/demo", dir / "demo", fs::copy_options::recursive);
  const fs::path project = dir / "demo/project.toml";
  {  // the view also names an internal note (geodata/demo/notes.geojson): the consent gate must leave it out
    std::string toml = slurp(project);
    const std::string names = "notes = [\"Bus cuts on the east side\", \"Flooding near the river path\"]";
    const std::size_t at = toml.find(names);
    REQUIRE(at != std::string::npos);
    toml.replace(at, names.size(), "notes = [\"Bus cuts on the east side\", \"Flooding near the river path\", \"Rent increases downtown\"]");
    std::ofstream(project) << toml;
  }
  const mobmap::Project p = mobmap::io::readProject(project);
  const mobmap::ProjectView* view = p.findView("poverty");
  REQUIRE(view);
  LiveViewer v(dir, {project.string(), "--view", "poverty", "--size", "1280x800"});
  v.waitFor("the view", [](const json& j) { return j["ready"] == true; }, 180);
  v.window();
  v.settle();

  v.key("ctrl+e");
  json s = v.waitFor("the Export dialog, its title taking keys", [](const json& j) {
    return j["export_dialog"]["open"] == true && j["export_dialog"]["focused"] == true;
  });
  CHECK(s["export_dialog"]["title"] == view->title);
  CHECK(s["export_dialog"]["legend_title"] == view->legendTitle);
  CHECK(s["export_dialog"]["source"] == view->source);
  CHECK(s["export_dialog"]["preset"] == 0);  // report column
  const fs::path png = dir / "demo/poverty.png";
  CHECK(s["export_dialog"]["path"] == png.string());

  v.key("ctrl+a");
  v.xdo("type --delay 40 'Poverty in Riverbend'");
  v.waitFor("the new title", [](const json& j) { return j["export_dialog"]["title"] == "Poverty in Riverbend"; });
  v.key("Return");
  s = v.waitFor("the figure written", [](const json& j) {
    return j["export_dialog"]["busy"] == false && j["export_dialog"]["message"] != "";
  }, 120);
  CHECK(s["export_dialog"]["message"] == "wrote " + png.string());
  CHECK(v.quit() == 0);

  Png written(png.string());
  REQUIRE(written.ok());
  CHECK(written.width() == 1300);
  CHECK(std::abs(written.height() - 812.5) < 1);  // 6.5 × 0.625 in = 4.0625 in at 200 dpi
  const fs::path cli = dir / "cli.png";
  const RunResult r = runMobmap({"render", project.string(), "--view", "poverty", "--title", "Poverty in Riverbend",
                                 "--width-in", "6.5", "--height-in", "4.0625", "--out", cli.string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(slurp(cli) == slurp(png));  // the viewer's figure is render's, through the same consent gate
  const json callouts = json::parse(r.out)["callouts"];
  CHECK(callouts["public"] == 2);
  CHECK(callouts["internal_left_out"] == 2);  // the store's two internal notes, the named one among them
  for (const json& item : callouts["items"]) CHECK(item["title"] != "Rent increases downtown");
}
