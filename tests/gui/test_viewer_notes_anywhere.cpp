// Notes without a project, with real X input (xdotool) on a private Xvfb display: the real Chicago tract
// Shapefile opened on its own with the community areas as an overlay. `N`, `Enter` over a tract asks where notes
// live (a GeoPackage beside the data proposed), Enter accepts, the note editor opens; the saved note (read back
// with `mobmap notes list --json`) carries the IDs of every area layer it falls in: the tract's GEOID (the one the
// viewer's hover reported) and the community area's ComAreaID (found by OGR's Contains on the file itself).
#include <catch2/catch.hpp>

#include <filesystem>

#include "gui_support.h"
#include "live_viewer.h"
#include "ogr_reference.h"
#include "test_support.h"

using namespace mobmap::test;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("the first note made without a project asks where notes live and is tagged with every area layer", "[gui][input][notes]") {
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  auto shp = sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  auto areas = sharedData("chicago-tracts-community-areas/community_areas_acs2014/ComArea_ACS14_f.shp");
  if (!shp || !areas) return;
  const fs::path dir = scratchDir("gui-notes-anywhere");
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj"}) fs::copy_file(fs::path(*shp).replace_extension(ext), dir / (std::string("tracts") + ext));
  const fs::path tracts = dir / "tracts.shp";
  LiveViewer v(dir, {tracts.string(), areas->string(), "--field", "Pov14", "--size", "1280x800"});
  json s = v.waitFor("the tracts", [](const json& j) { return j["ready"] == true; }, 180);
  v.window();
  s = v.settle();
  CHECK(s["notes"]["store"] == "");

  // The pointer in the middle of the map, over a tract.
  const double x = s["map"][0].get<double>() + s["map"][2].get<double>() * 0.45;
  const double y = s["map"][1].get<double>() + s["map"][3].get<double>() * 0.5;
  v.moveTo(x, y);
  s = v.waitFor("a tract under the pointer", [&](const json& j) { return pointerAt(j, x, y) && !j["hovered"].is_null(); });
  const std::string tract = s["hovered"]["geoid"];
  REQUIRE_FALSE(tract.empty());
  const LonLatTransform t(s["display_crs"].get<std::string>());
  const Pt ll = t.toLonLat(screenToWorld(s, x, y));
  double edge = 0;
  const std::string area = areaContaining(areas->string(), ll, "ComAreaID", edge);
  REQUIRE_FALSE(area.empty());

  v.key("n");
  v.key("Return");
  s = v.waitFor("where notes live, the path taking keys", [](const json& j) {
    return j["notes"]["chooser"]["open"] == true && j["notes"]["chooser"]["focused"] == true;
  });
  CHECK(s["notes"]["chooser"]["path"] == (dir / "tracts-notes.gpkg").string());
  CHECK(s["notes"]["editor"].is_null());  // the note waits for its store
  v.key("Return");
  s = v.waitFor("the note editor, with the store chosen", [](const json& j) {
    return j["notes"]["chooser"]["open"] == false && !j["notes"]["editor"].is_null() && j["notes"]["store"] != "";
  });
  CHECK(s["notes"]["store"] == (dir / "tracts-notes.gpkg").string());
  const json ids = s["notes"]["editor"]["area_ids"];
  CHECK(ids == json::array({tract, area}));
  v.settle();  // the editor takes the keyboard for its title a frame after it appears

  v.xdo("type --delay 60 'Corner store closed'");
  s = v.waitFor("the title typed", [](const json& j) { return j["notes"]["editor"]["title"] == "Corner store closed"; });
  const json& b = s["notes"]["editor"]["save_button"];
  v.moveTo(b[0].get<double>() + b[2].get<double>() / 2, b[1].get<double>() + b[3].get<double>() / 2);
  v.xdo("click 1");
  v.waitFor("the note saved", [](const json& j) { return j["notes"]["editor"].is_null() && j["notes"]["count"] == 1; }, 60);
  CHECK(v.quit() == 0);

  const RunResult r = runMobmap({"notes", "list", "--json", "--store", (dir / "tracts-notes.gpkg").string()});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const json list = json::parse(r.out);
  REQUIRE(list["notes"].size() == 1);
  CHECK(list["notes"][0]["title"] == "Corner store closed");
  CHECK(list["notes"][0]["area_ids"] == json::array({tract, area}));
}
