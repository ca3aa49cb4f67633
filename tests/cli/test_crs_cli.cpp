// Layers whose CRS is missing or contradicted by their coordinates, as a user meets them: the real Chicago tract
// Shapefile (EPSG:3435, US survey feet) copied without its .prj, and with the .prj of WGS 84 lon/lat that ArcGIS
// writes (GCS_WGS_1984) over the same State Plane coordinates. `--assign-crs` fixes either, and the analyses
// that need no CRS run without it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* kTracts = "chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp";

// The real tract Shapefile's .shp/.shx/.dbf in `dir` as tracts.shp, with `prj` as its .prj (none when empty).
fs::path copyTracts(const fs::path& shp, const fs::path& dir, const std::string& prj) {
  for (const char* ext : {".shp", ".shx", ".dbf"}) fs::copy_file(fs::path(shp).replace_extension(ext), dir / (std::string("tracts") + ext));
  if (!prj.empty()) std::ofstream(dir / "tracts.prj") << prj;
  return dir / "tracts.shp";
}

// ArcGIS's .prj text for WGS 84 lon/lat (ESRI WKT1, as ArcMap writes GCS_WGS_1984).
const char* kEsriWgs84 =
    R"(GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]])";

std::size_t lineCount(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("a tract file without a .prj: the analyses that need no CRS run, a figure explains what is missing") {
  auto shp = test::sharedData(kTracts);
  if (!shp) return;
  const fs::path dir = test::scratchDir("cli-no-crs");
  const std::string tracts = copyTracts(*shp, dir, "").string();

  // info names the evidence: no CRS declared, coordinates (from ogrinfo: 1112411..1205199, 1813892..1951668) not lon/lat.
  auto info = test::runMobmap({"info", tracts, "--json"});
  REQUIRE(info.exitCode == 0);
  CHECK(json::parse(info.out)["layers"][0]["crs"].is_null());
  CHECK(info.err.find("declares no usable CRS and its coordinates (x 1,112,411 to 1,205,199, y 1,813,892 to 1,951,668) "
                      "are not longitude/latitude") != std::string::npos);

  // moran with queen contiguity: the links and I that R spdep gives on the file with its .prj (test_stats_cli:
  // poly2nb(tr, queen=TRUE) -> 5186 links; moran.test(tr$Pov14, ...) I = 0.600111813731454); contiguity does
  // not depend on the CRS.
  auto moran = test::runMobmap({"moran", tracts, "--field", "Pov14", "--permutations", "0", "--json"});
  INFO(moran.err);
  REQUIRE(moran.exitCode == 0);
  json mj = json::parse(moran.out);
  CHECK(mj["weights"]["links"] == 5186);
  CHECK(mj["weights"]["crs"] == "none");
  CHECK(mj["I"].get<double>() == Approx(0.600111813731454).epsilon(1e-9));
  auto lisa = test::runMobmap({"lisa", tracts, "--field", "Pov14", "--permutations", "0", "--json"});
  REQUIRE(lisa.exitCode == 0);
  // spdep localmoran row 100 (1-based), as in test_stats_cli.
  CHECK(json::parse(lisa.out)["areas"][99]["Ii"].get<double>() == Approx(1.32599307662381).epsilon(1e-9));
  // Distance-based weights need the CRS: one line naming the file and why.
  auto knn = test::runMobmap({"moran", tracts, "--field", "Pov14", "--weights", "knn:6", "--permutations", "0"});
  CHECK(knn.exitCode == 1);
  CHECK(knn.err.find(tracts + ": it declares no CRS") != std::string::npos);
  CHECK(knn.err.find("--weights knn:6 measures distances") != std::string::npos);
  CHECK(lineCount(knn.err) == 1);

  // classify, segregation and disparity read attributes only (values as in test_stats_cli, from R).
  auto cls = test::runMobmap({"classify", tracts, "--field", "Pov14", "--method", "quantile", "--json"});
  CHECK(cls.exitCode == 0);
  auto seg = test::runMobmap({"segregation", tracts, "--groups", "Wht14P,Blk14P,Hisp14P", "--total", "Pop2014", "--percent", "--json"});
  REQUIRE(seg.exitCode == 0);
  CHECK(json::parse(seg.out)["dissimilarity"]["Blk14P"].get<double>() == Approx(0.795653661002527).epsilon(1e-9));
  auto disp = test::runMobmap({"disparity", tracts, "--field", "Pov14", "--groups", "Wht14P,Blk14P,Hisp14P", "--total",
                               "Pop2014", "--percent", "--json"});
  REQUIRE(disp.exitCode == 0);
  CHECK(json::parse(disp.out)["groups"][1]["mean"].get<double>() == Approx(27.778924524623).epsilon(1e-9));

  // Aggregation by key: two tracts (Pop2014 4189 and 7083, read with ogrinfo) dissolved into one custom area.
  const std::string custom = (dir / "custom.gpkg").string();
  auto dis = test::runMobmap({"dissolve", tracts, "--key", "geoid10", "--area", "North=17031010100,17031010201", "--sum",
                              "Pop2014", "--out", custom, "--json"});
  INFO(dis.err);
  REQUIRE(dis.exitCode == 0);
  CHECK(json::parse(dis.out)["areas"][0]["values"]["Pop2014"] == 4189.0 + 7083.0);
  CHECK(fs::exists(custom));

  // A figure needs the CRS (a scale bar, a north arrow): one line naming the file and the evidence, no PROJ text.
  const fs::path png = dir / "pov.png";
  auto render = test::runMobmap({"render", tracts, "--field", "Pov14", "--out", png.string()});
  CHECK(render.exitCode == 1);
  CHECK(render.err.find(tracts + ": it declares no CRS and its coordinates (x 1,112,411") != std::string::npos);
  CHECK(render.err.find("--assign-crs") != std::string::npos);
  CHECK(render.err.find("proj_") == std::string::npos);
  CHECK(lineCount(render.err) == 1);
  CHECK_FALSE(fs::exists(png));

  // --assign-crs gives it: info reports it, render draws it.
  auto assigned = test::runMobmap({"info", tracts, "--assign-crs", "EPSG:3435", "--json"});
  REQUIRE(assigned.exitCode == 0);
  CHECK(json::parse(assigned.out)["layers"][0]["crs"] == "EPSG:3435");
  CHECK(assigned.err.find("no usable CRS") == std::string::npos);
  auto drawn = test::runMobmap({"render", tracts, "--field", "Pov14", "--assign-crs", "EPSG:3435", "--out", png.string(), "--json"});
  INFO(drawn.err);
  CHECK(drawn.exitCode == 0);
  CHECK(fs::exists(png));
  CHECK(drawn.err.find("declares no CRS") == std::string::npos);

  // A CRS nobody can read is a usage error naming it.
  auto bad = test::runMobmap({"render", tracts, "--field", "Pov14", "--assign-crs", "EPSG:99999999", "--out", png.string()});
  CHECK(bad.exitCode == 2);
  CHECK(bad.err.find("--assign-crs 'EPSG:99999999'") != std::string::npos);
}

TEST_CASE("a lon/lat .prj over State Plane feet is caught and overridden by --assign-crs") {
  auto shp = test::sharedData(kTracts);
  if (!shp) return;
  const fs::path dir = test::scratchDir("cli-wrong-crs");
  const std::string tracts = copyTracts(*shp, dir, kEsriWgs84).string();

  auto info = test::runMobmap({"info", tracts, "--json"});
  REQUIRE(info.exitCode == 0);
  CHECK(info.err.find("declares EPSG:4326, a longitude/latitude CRS, but its coordinates (x 1,112,411 to 1,205,199, "
                      "y 1,813,892 to 1,951,668) lie far outside -180..180 and -90..90") != std::string::npos);

  const fs::path png = dir / "pov.png";
  auto render = test::runMobmap({"render", tracts, "--field", "Pov14", "--out", png.string()});
  CHECK(render.exitCode == 1);
  CHECK(render.err.find(tracts + ": declares EPSG:4326, a longitude/latitude CRS") != std::string::npos);
  CHECK(lineCount(render.err) == 1);
  CHECK_FALSE(fs::exists(png));

  // With the right CRS the map is the one of the original file: the same display CRS (its own, EPSG:3435).
  auto fixed = test::runMobmap({"render", tracts, "--field", "Pov14", "--assign-crs", "EPSG:3435", "--out", png.string(), "--json"});
  INFO(fixed.err);
  REQUIRE(fixed.exitCode == 0);
  auto original = test::runMobmap({"render", shp->string(), "--field", "Pov14", "--out", (dir / "orig.png").string(), "--json"});
  REQUIRE(original.exitCode == 0);
  json fj = json::parse(fixed.out), oj = json::parse(original.out);
  CHECK(fj["display_crs"] == "EPSG:3435");
  CHECK(fj["display_crs"] == oj["display_crs"]);
  CHECK(fj["legend"] == oj["legend"]);

  // moran with contiguity runs on the contradicted file too (the same spdep I as above).
  auto moran = test::runMobmap({"moran", tracts, "--field", "Pov14", "--permutations", "0", "--json"});
  REQUIRE(moran.exitCode == 0);
  CHECK(json::parse(moran.out)["I"].get<double>() == Approx(0.600111813731454).epsilon(1e-9));
}

TEST_CASE("a project layer's crs key is applied to its views") {
  auto shp = test::sharedData(kTracts);
  if (!shp) return;
  const fs::path dir = test::scratchDir("cli-project-crs");
  copyTracts(*shp, dir, "");
  const fs::path project = dir / "project.toml";
  std::ofstream(project) << "format_version = 2\n\n[[layer]]\nname = \"tracts\"\nsource = \"tracts.shp\"\ncrs = \"EPSG:3435\"\n\n"
                            "[[view]]\nname = \"poverty\"\nlayer = \"tracts\"\nfield = \"Pov14\"\n";
  const fs::path png = dir / "poverty.png";
  auto r = test::runMobmap({"render", project.string(), "--view", "poverty", "--out", png.string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(json::parse(r.out)["display_crs"] == "EPSG:3435");
  CHECK(fs::exists(png));
}
