// `mobmap info` / `mobmap join` / opening the demo, run as a user would. Expected numbers come from
// ../shared/data/*/SOURCE.md (791 Chicago tracts in EPSG:3435; us-atlas 2023 matches all 3,144 counties of the
// 2023 metrics rows; us-atlas 2017 misses the 9 Connecticut planning regions) and from the demo's README.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;

TEST_CASE("info on Chicago tracts") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  auto r = test::runMobmap({"info", shp->string(), "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  REQUIRE(j["layers"].size() == 1);
  const json& l = j["layers"][0];
  CHECK(l["name"] == "Chi-SDOH");
  CHECK(l["feature_count"] == 791);
  CHECK(l["crs"] == "EPSG:3435");
  CHECK(l["geometry_type"] == "Polygon");
  CHECK(l["extent"][0].get<double>() == Approx(1112411.4));
  bool pov = false;
  for (const json& f : l["fields"]) pov |= f["name"] == "Pov14" && f["type"] == "Real";
  CHECK(pov);
}

TEST_CASE("info on a TopoJSON layer reports a null CRS and the lon/lat assumption") {
  auto topo = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  if (!topo) return;
  auto r = test::runMobmap({"info", topo->string(), "--layer", "counties", "--json"});
  REQUIRE(r.exitCode == 0);
  json l = json::parse(r.out)["layers"][0];
  CHECK(l["feature_count"] == 3233);
  CHECK(l["crs"].is_null());
  CHECK(l["assumed_crs"] == "EPSG:4326");
  CHECK(r.err.find("EPSG:4326 is assumed") != std::string::npos);
}

TEST_CASE("join 2023 counties to the 2023 county metrics: all 3,144 match") {
  auto topo = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  auto csv = test::sharedData("mobility-metrics/v2025.01/01_financial-well-being/final/metrics_income_county_all_longitudinal.csv");
  if (!topo || !csv) return;
  auto r = test::runMobmap({"join", topo->string(), csv->string(), "--layer", "counties", "--on", "id=state+county",
                            "--where", "year = 2023", "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["matched"] == 3144);
  CHECK(j["unmatched_right"] == 0);
  CHECK(j["duplicate_right"] == 0);
  CHECK(j["unmatched_left"] == 3233 - 3144);  // Puerto Rico and island areas have no metrics
}

TEST_CASE("join with 2017 boundaries names the Connecticut planning regions") {
  auto topo = test::sharedData("us-atlas/us-atlas-3.0.1/counties-10m.json");
  auto csv = test::sharedData("mobility-metrics/v2025.01/01_financial-well-being/final/metrics_income_county_all_longitudinal.csv");
  if (!topo || !csv) return;
  auto r = test::runMobmap({"join", topo->string(), csv->string(), "--layer", "counties", "--on", "id=state+county",
                            "--where", "year = 2023", "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["unmatched_right"] == 11);  // 9 CT planning regions + Alaska 02063, 02066
  std::string notes = j["notes"].dump();
  CHECK(notes.find("Connecticut planning regions (09110, 09120, 09130, 09140, 09150, 09160, 09170, 09180, 09190)") !=
        std::string::npos);
}

TEST_CASE("join Chicago tracts (geoid10 stored as reals) to a CSV keyed by GEO_ID, writing a GeoPackage") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  auto dir = test::scratchDir("cli-join-chicago");
  std::string csv = (dir / "acs.csv").string();
  {
    std::ofstream f(csv);
    f << "GEO_ID,poverty_count\n1400000US17031010100,812\n1400000US17031010201,NA\n1400000US17031999999,5\n";
  }
  std::string out = (dir / "joined.gpkg").string();
  auto r = test::runMobmap({"join", shp->string(), csv, "--on", "geoid10=GEO_ID", "--out", out, "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["matched"] == 2);
  CHECK(j["unmatched_right"] == 1);
  CHECK(j["examples"]["unmatched_right"][0] == "17031999999");
  auto info = test::runMobmap({"info", out, "--json"});
  REQUIRE(info.exitCode == 0);
  json l = json::parse(info.out)["layers"][0];
  CHECK(l["feature_count"] == 791);
  CHECK(l["crs"] == "EPSG:3435");
}

TEST_CASE("the demo project opens headless and says it is synthetic") {
  auto r = test::runMobmap({(test::sourceDir() / "geodata/demo/project.toml").string()});
  REQUIRE(r.exitCode == 0);
  CHECK(r.err.find("no display available") != std::string::npos);
  CHECK(r.out.find("synthetic demo data") != std::string::npos);
  CHECK(r.out.find("join tracts <- tract_acs: matched 306 of 306 features") != std::string::npos);
  CHECK(r.out.find("unmatched table keys: 1 (e.g. 99001031601)") != std::string::npos);
}
