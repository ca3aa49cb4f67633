// The viewer's first map on a plain file, as a new user opens it: `mobmap FILE` with no --field, run in its
// scripted mode under Xvfb with --state-out. On GeoDa's Chicago files (../shared/data, skipped when absent) the
// first map is a value worth mapping, never an ID (TRACTCE10, geoid10, ComAreaID), an area code (commarea,
// area_num_1, districtno), a coordinate, a year or a 0/1 flag; the state names the field and the title that an
// export would carry (for a field the catalog does not know: the field's name).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "gui_support.h"
#include "test_support.h"

using namespace mobmap::test;

namespace {

nlohmann::json firstMapState(const std::filesystem::path& data, const std::string& name) {
  const auto dir = scratchDir("gui-first-map");
  const std::string png = (dir / (name + ".png")).string(), state = (dir / (name + ".json")).string();
  const auto [status, out] = runViewer(shellQuote(data.string()) + " --screenshot " + shellQuote(png) +
                                       " --frames 2 --size 1000x700 --state-out " + shellQuote(state));
  INFO(out);
  REQUIRE(status == 0);
  std::ifstream in(state);
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("the viewer's first map on a plain file is a value, not an ID, code or coordinate", "[gui]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  auto tracts = sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  auto areas = sharedData("chicago-tracts-community-areas/community_areas_cmap2020/Chicago_2020.shp");
  if (!tracts || !areas) return;
  // Chi-SDOH's columns: OBJECTID, Shape_Leng, Shape_Area, TRACTCE10, geoid10, commarea, ChldPvt14, ...
  nlohmann::json s = firstMapState(*tracts, "tracts");
  CHECK(s["field"] == "ChldPvt14");
  CHECK(s["title"] == "ChldPvt14");
  // Chicago_2020's: area_num_1, area_numbe, community, shape_area, shape_len, districtno, district, GEOID, GEOG,
  // 2000_POP, ...
  s = firstMapState(*areas, "areas");
  CHECK(s["field"] == "2000_POP");
}
