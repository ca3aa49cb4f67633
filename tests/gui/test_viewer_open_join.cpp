// Opening a table from inside the viewer and joining it, with real X input (xdotool) on a private Xvfb display:
// the real us-atlas counties (TopoJSON, `id` = 5-digit county FIPS) are shown; Ctrl+O, the path of Urban's county
// homelessness file (year, state, county columns, as published) and Enter bring up the join with the key
// `id=state+county` proposed and its latest year picked; Enter joins, and the report is the one `mobmap join`
// prints for the same key and rows. Saved (Ctrl+S, Save as), the project keeps the table and the join.
#include <catch2/catch.hpp>

#include <filesystem>

#include "gui_support.h"
#include "io/project_file.h"
#include "live_viewer.h"
#include "test_support.h"

using namespace mobmap::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The report's lines after the first, and the first line from "matched" on: the file names differ (the
// viewer names files, the command line echoes the paths given).
std::string withoutNames(const std::string& report) {
  const std::size_t matched = report.find("matched");
  return matched == std::string::npos ? report : report.substr(matched);
}

}  // namespace

TEST_CASE("a table opened over boundaries is joined with the proposed key and the join report", "[gui][input][join]") {
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  auto counties = sharedData("us-atlas/us-atlas-3.0.1/counties-10m.json");
  auto table = sharedData("mobility-metrics/v2025.01/02_housing/data/final/homelessness_2019-2022_county.csv");
  if (!counties || !table) return;
  const fs::path dir = scratchDir("gui-open-join");
  LiveViewer v(dir, {counties->string(), "--size", "1280x800"});
  json s = v.waitFor("the counties", [](const json& j) { return j["ready"] == true; }, 240);
  v.window();
  v.settle();

  v.key("ctrl+o");
  v.waitFor("the Open dialog, its path taking keys", [](const json& j) {
    return j["open_dialog"]["open"] == true && j["open_dialog"]["focused"] == true;
  });
  v.xdo("type --delay 20 " + shellQuote(table->string()));
  v.key("Return");
  s = v.waitFor("the join offered, its key taking keys", [](const json& j) {
    return j["join"]["open"] == true && !j["join"]["keys"].empty() && j["join"]["key_focused"] == true;
  }, 120);
  CHECK(s["join"]["keys"][0] == "id=state+county");
  CHECK(s["join"]["on"] == "id=state+county");
  CHECK(s["join"]["where"] == "year = 2022");  // the file's latest year (2019-2022)
  CHECK(s["open_dialog"]["open"] == false);

  v.key("Return");
  s = v.waitFor("the join report", [](const json& j) { return j["ready"] == true && j["join"]["report"] != ""; }, 240);
  CHECK(fs::path(s["join"]["joined"].get<std::string>()) == fs::absolute(*table).lexically_normal());
  const RunResult cli = runMobmap({"join", counties->string(), table->string(), "--on", "id=state+county", "--where", "year = 2022"});
  INFO(cli.err);
  REQUIRE(cli.exitCode == 0);
  CHECK(withoutNames(s["join"]["report"].get<std::string>()) == withoutNames(cli.out));

  // Kept in the project.
  v.key("ctrl+s");
  v.waitFor("Save as, its path taking keys", [](const json& j) {
    return j["project"]["save_as_open"] == true && j["project"]["save_as_focused"] == true;
  });
  v.key("ctrl+a");
  v.xdo("type --delay 20 " + shellQuote((dir / "homeless.toml").string()));
  v.key("Return");
  v.waitFor("saved", [](const json& j) { return j["project"]["file"] != ""; });
  CHECK(v.quit() == 0);
  const mobmap::Project p = mobmap::io::readProject(dir / "homeless.toml");
  REQUIRE(p.tables.size() == 1);
  CHECK(p.tables[0].source == fs::absolute(*table).lexically_normal());
  REQUIRE(p.joins.size() == 1);
  CHECK(p.joins[0].on == "id=state+county");
  REQUIRE(p.views.size() == 1);
  CHECK(p.views[0].year == 2022);
}
