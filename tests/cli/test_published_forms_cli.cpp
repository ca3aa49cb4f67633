// Commands on data as published: Census annotation values, spreadsheet-mangled IDs, Urban's combined files.
// Expected values: Census codes must behave exactly as a missing value (each case compares with the same
// data holding null / NA there, whose results agree with R elsewhere in this suite); counts on the real
// combined file come from Python's csv module (commands quoted); other values are worked out by hand.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The 3×3 grid of tests/cli/test_stats_cli.cpp (0.01° squares near Chicago), x = 3 1 4 1 X 9 2 6 5 with the
// centre's value written as `centre` (a number or null).
std::string writeGrid(const fs::path& dir, const std::string& name, const std::string& centre, bool constant = false) {
  const double x[] = {3, 1, 4, 1, 5, 9, 2, 6, 5};
  std::string path = (dir / name).string();
  std::ofstream f(path);
  f << R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 9; ++i) {
    const double x0 = -88 + (i % 3) * 0.01, y0 = 41 + (i / 3) * 0.01;
    std::string value = constant ? "7" : i == 4 ? centre : std::to_string(x[i]);
    f << (i ? "," : "") << R"({"type":"Feature","properties":{"id":"a)" << i << R"(","x":)" << value
      << R"(},"geometry":{"type":"Polygon","coordinates":[[[)" << x0 << "," << y0 << "],[" << x0 + 0.01 << "," << y0
      << "],[" << x0 + 0.01 << "," << y0 + 0.01 << "],[" << x0 << "," << y0 + 0.01 << "],[" << x0 << "," << y0 << "]]]}}";
  }
  f << "]}";
  return path;
}

}  // namespace

TEST_CASE("classify: Census codes are missing with their reason, never a class limit") {
  fs::path dir = test::scratchDir("cli-classify-codes");
  std::string csv = (dir / "income.csv").string();
  // Census API values as a CSV: estimates with the API's -666666666 (no estimate) and -999999999.
  std::ofstream(csv) << "GEOID,B19013_001E\n35013000101,41000\n35013000102,-666666666\n35013000103,52000\n"
                        "35013000104,-999999999.0\n35013000105,38000\n35013000106,61000\n";
  auto r = test::runMobmap({"classify", csv, "--field", "B19013_001E", "--method", "equal", "--classes", "2", "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  // Equal intervals over 38000, 41000, 52000, 61000: 38000, 49500, 61000.
  CHECK(j["breaks"] == json::array({38000.0, 49500.0, 61000.0}));
  CHECK(j["missing"] == 2);
  CHECK(j["missing_reasons"]["census_no_estimate"]["count"] == 1);
  CHECK(j["missing_reasons"]["census_not_displayed"]["count"] == 1);
}

TEST_CASE("classify: stddev on extreme and denormal values does not crash") {
  fs::path dir = test::scratchDir("cli-stddev-extreme");
  std::string denormal = (dir / "denormal.csv").string();
  std::ofstream(denormal) << "id,v\n1,0\n2,5e-324\n3,1e-323\n4,0\n";
  auto d = test::runMobmap({"classify", denormal, "--field", "v", "--method", "stddev", "--json"});
  REQUIRE(d.exitCode == 0);
  json dj = json::parse(d.out);
  // The spread is below the smallest normal double: no cut lies inside, one class holds every value.
  CHECK(dj["counts"] == json::array({4}));
  CHECK(d.out.find("nan") == std::string::npos);
  std::string huge = (dir / "huge.csv").string();
  std::ofstream(huge) << "id,v\n1,1e299\n2,-1e299\n3,9e298\n4,1e308\n5,inf\n";
  auto h = test::runMobmap({"classify", huge, "--field", "v", "--method", "stddev", "--json"});
  CHECK((h.exitCode == 0 || h.exitCode == 1));
  if (h.exitCode == 0) {
    json j = json::parse(h.out);
    CHECK(j["missing_reasons"]["extreme_value"]["count"] == 1);  // 1e308
    CHECK(j["missing_reasons"]["not_finite"]["count"] == 1);     // inf
    CHECK(j["labels"].dump().find("inf") == std::string::npos);
    CHECK(j["note"].dump().find("inf") == std::string::npos);
    CHECK(j["breaks"].dump().find("null") == std::string::npos);
  }
}

TEST_CASE("moran and lisa: a Census code is exactly a missing value (no neighbourhood mean of minus millions)") {
  fs::path dir = test::scratchDir("cli-moran-codes");
  std::string coded = writeGrid(dir, "coded.geojson", "-666666666");
  std::string nulled = writeGrid(dir, "null.geojson", "null");
  auto a = test::runMobmap({"moran", coded, "--field", "x", "--permutations", "0", "--json"});
  auto b = test::runMobmap({"moran", nulled, "--field", "x", "--permutations", "0", "--json"});
  REQUIRE(a.exitCode == 0);
  REQUIRE(b.exitCode == 0);
  json ja = json::parse(a.out), jb = json::parse(b.out);
  CHECK(ja["areas_missing"] == 1);
  CHECK(ja["n"] == 8);
  CHECK(ja["I"].get<double>() == jb["I"].get<double>());
  auto la = test::runMobmap({"lisa", coded, "--field", "x", "--permutations", "0", "--json"});
  auto lb = test::runMobmap({"lisa", nulled, "--field", "x", "--permutations", "0", "--json"});
  REQUIRE(la.exitCode == 0);
  json a2 = json::parse(la.out), b2 = json::parse(lb.out);
  REQUIRE(a2["areas"].size() == 8);
  for (std::size_t i = 0; i < 8; ++i) CHECK(a2["areas"][i]["Ii"].get<double>() == b2["areas"][i]["Ii"].get<double>());
}

TEST_CASE("moran and lisa on a constant field or fewer than 3 areas exit 1 with a message") {
  fs::path dir = test::scratchDir("cli-moran-degenerate");
  std::string constant = writeGrid(dir, "constant.geojson", "7", true);
  for (const char* cmd : {"moran", "lisa"}) {
    auto r = test::runMobmap({cmd, constant, "--field", "x", "--permutations", "0"});
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("same") != std::string::npos);
  }
  std::string two = (dir / "two.geojson").string();
  std::ofstream(two) << R"({"type":"FeatureCollection","features":[)"
                     << R"({"type":"Feature","properties":{"x":1},"geometry":{"type":"Polygon","coordinates":[[[-88,41],[-87.99,41],[-87.99,41.01],[-88,41.01],[-88,41]]]}},)"
                     << R"({"type":"Feature","properties":{"x":2},"geometry":{"type":"Polygon","coordinates":[[[-87.99,41],[-87.98,41],[-87.98,41.01],[-87.99,41.01],[-87.99,41]]]}}]})";
  for (const char* cmd : {"moran", "lisa"}) {
    auto r = test::runMobmap({cmd, two, "--field", "x", "--permutations", "0"});
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("areas") != std::string::npos);
  }
}

TEST_CASE("render --json reports why areas have no data") {
  fs::path dir = test::scratchDir("cli-render-reasons");
  std::string coded = writeGrid(dir, "coded.geojson", "-666666666");
  std::string out = (dir / "map.svg").string();
  auto r = test::runMobmap({"render", coded, "--field", "x", "--out", out, "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["missing"] == 1);
  CHECK(j["missing_reasons"]["census_no_estimate"]["count"] == 1);
  CHECK(j["breaks"][0].get<double>() == 1);  // the lowest real value, not -666666666
}

TEST_CASE("join reports spreadsheet-mangled IDs with the column and an example, and matches none of them") {
  fs::path dir = test::scratchDir("cli-join-excel");
  std::string boundaries = writeGrid(dir, "tracts.geojson", "5");
  // The grid's ids are a0..a8; give the table a GEOID form and the boundaries the same.
  std::string table = (dir / "acs.csv").string();
  // As Excel saves an 11-digit tract GEOID column left in the General format.
  std::ofstream(table) << "GEOID,poverty\n1.7031E+10,12.5\n1.7031E+10,8.1\n17031010300,9.9\n";
  std::string left = (dir / "left.csv").string();
  std::ofstream(left) << "GEOID,name\n17031010100,a\n17031010200,b\n17031010300,c\n17031000000,d\n";
  auto r = test::runMobmap({"join", left, table, "--on", "GEOID=GEOID", "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["matched"] == 1);  // only 17031010300; never 17031000000 from '1.7031E+10'
  std::string notes = j["notes"].dump();
  CHECK(notes.find("1.7031E+10") != std::string::npos);
  CHECK(notes.find("'GEOID'") != std::string::npos);
  CHECK(notes.find("scientific notation") != std::string::npos);
}

TEST_CASE("info on Urban's combined file: quality words and subgroups as written") {
  auto path = test::sharedData("mobility-metrics/v2025.01/data/63_mobility-metrics_place_race-share_longitudinal.csv");
  if (!path) return;
  auto r = test::runMobmap({"info", path->string(), "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  const json& layer = j["layers"][0];
  bool quality = false;
  for (const json& f : layer["fields"])
    if (f["name"] == "share_debt_coll_quality") quality = f.value("quality_flags", "") == "words";
  CHECK(quality);
  // python3: Counter((r['subgroup_type'], r['subgroup']) ...) -> all/All, race-ethnicity/{Neighborhoods of color,
  // White neighborhoods, Mixed neighborhoods}, 2914 rows each (11656 / 4).
  REQUIRE(layer["subgroups"].size() == 4);
  CHECK(layer["subgroups"][1]["subgroup_type"] == "race-ethnicity");
  CHECK(layer["subgroups"][1]["rows"] == 11656 / 4);
}

TEST_CASE("aggregate: a Census code never enters a neighbourhood mean") {
  // Before the missing-value rule the centre's -666666666 made the mean of nine squares about -74 million.
  fs::path dir = test::scratchDir("cli-aggregate-codes");
  std::string coded = writeGrid(dir, "coded.geojson", "-666666666");
  std::string nulled = writeGrid(dir, "null.geojson", "null");
  std::string target = (dir / "hood.geojson").string();
  std::ofstream(target) << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"hood"},)"
                        << R"("geometry":{"type":"Polygon","coordinates":[[[-88.001,40.999],[-87.969,40.999],[-87.969,41.031],[-88.001,41.031],[-88.001,40.999]]]}}]})";
  auto a = test::runMobmap({"aggregate", coded, target, "--mean", "x", "--json"});
  auto b = test::runMobmap({"aggregate", nulled, target, "--mean", "x", "--json"});
  REQUIRE(a.exitCode == 0);
  REQUIRE(b.exitCode == 0);
  json ja = json::parse(a.out), jb = json::parse(b.out);
  const double mean = ja["areas"][0]["values"]["x"].get<double>();
  // The eight other squares, 3 1 4 1 9 2 6 5, weighted by their (nearly equal) areas: about 31 / 8.
  CHECK(mean == Approx(31.0 / 8).epsilon(1e-3));
  CHECK(mean == jb["areas"][0]["values"]["x"].get<double>());
  CHECK(ja["missing_reasons"]["x"]["census_no_estimate"]["count"] == 1);
}
