// `mobmap render --small-multiples-by COLUMN` over a generated long table (Urban's layout: one row per area,
// year and subgroup) and `mobmap render --moran-scatter F`, run as a user runs them. Expected values are the
// fixture's own numbers as written here, and `mobmap moran --json` (checked against R spdep in
// test_stats_cli.cpp) for the scatter plot's slope and pseudo p.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int kCols = 5, kRows = 4, kAreas = kCols * kRows;

// A 5 x 4 grid of 0.01° squares with GEOIDs "A00".."A19" and, for the scatter plot, v = high in the left
// two columns, low elsewhere, with area 6 missing.
std::string writeGrid(const fs::path& dir) {
  const std::string path = (dir / "grid.geojson").string();
  std::ofstream f(path);
  f << R"({"type":"FeatureCollection","features":[)";
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) {
      const int i = r * kCols + c;
      const double x0 = -89.3 + c * 0.01, y0 = 40.3 + r * 0.01;
      const std::string v = i == 6 ? "null" : std::to_string((c < 2 ? 30 : 5) + (i % 4));
      f << (i ? "," : "") << R"({"type":"Feature","properties":{"GEOID":"A)" << (i < 10 ? "0" : "") << i << R"(","v":)" << v
        << R"(},"geometry":{"type":"Polygon","coordinates":[[[)" << x0 << "," << y0 << "],[" << x0 + 0.01 << "," << y0
        << "],[" << x0 + 0.01 << "," << y0 + 0.01 << "],[" << x0 << "," << y0 + 0.01 << "],[" << x0 << "," << y0 << "]]]}}";
    }
  f << "]}";
  return path;
}

// The long table. In 2023: "All" = 10 + i, "Black" = 20 + i with areas 3 and 4 missing ("NA"), "O'Brien, \"x\""
// (a quote and a comma, to exercise quoting) = 40 + i with quality 3 (weak) on area 5. 2022 rows hold 900 + i,
// so a filter that lost the year would raise the pooled maximum.
std::string writeLongTable(const fs::path& dir) {
  const std::string path = (dir / "metrics.csv").string();
  std::ofstream f(path);
  f << "GEOID,year,subgroup,share_poverty,share_poverty_quality\n";
  const std::vector<std::pair<std::string, int>> groups = {{"All", 10}, {"Black", 20}, {"\"O'Brien, \"\"x\"\"\"", 40}};
  for (int year : {2022, 2023})
    for (const auto& [name, base] : groups)
      for (int i = 0; i < kAreas; ++i) {
        f << "A" << (i < 10 ? "0" : "") << i << "," << year << "," << name << ",";
        if (year == 2022) f << 900 + i << ",1\n";
        else if (base == 20 && (i == 3 || i == 4)) f << "NA,\n";
        else f << base + i << "," << (base == 40 && i == 5 ? 3 : 1) << "\n";
      }
  return path;
}

}  // namespace

TEST_CASE("render --small-multiples-by subgroup: one map per subgroup of the year, shared classes, flags per map") {
  const fs::path dir = test::scratchDir("cli-small-multiples-by");
  const std::string grid = writeGrid(dir), table = writeLongTable(dir);
  const std::string png = (dir / "by_subgroup.png").string();
  auto r = test::runMobmap({"render", grid, "--join", table, "--on", "GEOID=GEOID", "--where", "year = 2023", "--field",
                            "share_poverty", "--small-multiples-by", "subgroup", "--method", "equal", "--classes", "4",
                            "--size", "1200x700", "--out", png, "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  REQUIRE(fs::file_size(png) > 1000);
  const json j = json::parse(r.out);
  // The subgroups in first-seen order, titles as written in the table.
  const std::vector<std::string> expected = {"All", "Black", "O'Brien, \"x\""};
  CHECK(j["values"].get<std::vector<std::string>>() == expected);
  REQUIRE(j["panels"].size() == 3);
  REQUIRE(j["map_frames_px"].size() == 3);
  for (std::size_t p = 0; p < 3; ++p) CHECK(j["panels"][p]["title"] == expected[p]);
  // Pooled 2023 values run from 10 (All, area 0) to 59 (the third group, area 19); 2022's 900s are out.
  const auto breaks = j["breaks"].get<std::vector<double>>();
  CHECK(breaks.front() == Approx(10));
  CHECK(breaks.back() == Approx(59));
  // Missing and weak values per map, as the fixture sets them.
  CHECK(j["panels"][0]["missing"] == 0);
  CHECK(j["panels"][1]["missing"] == 2);
  CHECK(j["panels"][2]["missing"] == 0);
  CHECK(j["panels"][0]["low_quality"] == 0);
  CHECK(j["panels"][1]["low_quality"] == 0);
  CHECK(j["panels"][2]["low_quality"] == 1);
  // Shared classes: the legend counts are the maps' counts summed, 20 + 18 + 20 values.
  std::size_t pooled = 0;
  for (std::size_t k = 0; k < j["counts"].size(); ++k) {
    std::size_t sum = 0;
    for (const json& p : j["panels"]) sum += p["counts"][k].get<std::size_t>();
    CHECK(sum == j["counts"][k].get<std::size_t>());
    pooled += sum;
  }
  CHECK(pooled == 58);
  // Equal intervals over 10..59: the "All" map (10..29) lies wholly in the two lowest classes, the third group's
  // map (40..59) in the two highest.
  CHECK(j["panels"][0]["counts"][2] == 0);
  CHECK(j["panels"][0]["counts"][3] == 0);
  CHECK(j["panels"][2]["counts"][0] == 0);
  CHECK(j["panels"][2]["counts"][1] == 0);
}

TEST_CASE("render --small-multiples-by: usage errors") {
  const fs::path dir = test::scratchDir("cli-small-multiples-by");
  const std::string grid = writeGrid(dir), table = writeLongTable(dir);
  const std::string png = (dir / "bad.png").string();
  // A where clause that already picks one subgroup leaves nothing to compare.
  auto r = test::runMobmap({"render", grid, "--join", table, "--on", "GEOID=GEOID", "--where",
                            "year = 2023 AND subgroup = 'All'", "--field", "share_poverty", "--small-multiples-by",
                            "subgroup", "--out", png});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("subgroup") != std::string::npos);
  // Without a join there is no long table.
  r = test::runMobmap({"render", grid, "--field", "v", "--small-multiples-by", "subgroup", "--out", png});
  CHECK(r.exitCode == 2);
  // An unknown column is named.
  r = test::runMobmap({"render", grid, "--join", table, "--on", "GEOID=GEOID", "--where", "year = 2023", "--field",
                       "share_poverty", "--small-multiples-by", "race", "--out", png});
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("race") != std::string::npos);
  CHECK_FALSE(fs::exists(png));
}

TEST_CASE("render --moran-scatter: the drawn line's slope is mobmap moran's I, one point per area with a value") {
  const fs::path dir = test::scratchDir("cli-moran-scatter");
  const std::string grid = writeGrid(dir);
  auto m = test::runMobmap({"moran", grid, "--field", "v", "--permutations", "199", "--seed", "7", "--json"});
  INFO(m.err);
  REQUIRE(m.exitCode == 0);
  const json mj = json::parse(m.out);
  for (const char* kind : {"queen", "rook"}) {
    const std::string png = (dir / (std::string("scatter_") + kind + ".png")).string();
    auto mk = test::runMobmap({"moran", grid, "--field", "v", "--weights", kind, "--permutations", "199", "--seed", "7", "--json"});
    REQUIRE(mk.exitCode == 0);
    const json expected = json::parse(mk.out);
    auto r = test::runMobmap({"render", grid, "--moran-scatter", "v", "--weights", kind, "--permutations", "199", "--seed",
                              "7", "--out", png, "--json"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    REQUIRE(fs::file_size(png) > 1000);
    const json j = json::parse(r.out);
    CHECK(j["I"].get<double>() == Approx(expected["I"].get<double>()).epsilon(1e-12));
    CHECK(j["line_slope"].get<double>() == Approx(expected["I"].get<double>()).epsilon(1e-9));
    CHECK(j["pseudo_p"].get<double>() == Approx(expected["pseudo_p"].get<double>()));
    CHECK(j["points"] == kAreas - 1);  // area 6 has no value
    CHECK(j["missing"] == 1);
  }
  // Queen and rook differ on a grid (diagonal neighbours), so the comparison above can tell them apart.
  CHECK(mj["I"].get<double>() != Approx(json::parse(test::runMobmap({"moran", grid, "--field", "v", "--weights", "rook",
                                                                      "--json"}).out)["I"].get<double>()));
}

TEST_CASE("render --small-multiples-by subgroup on Urban's county poverty-exposure file: each map equals its own join") {
  // Compared against: the same figure made for one subgroup with the existing single-filter path
  // (--where "year = 2023 AND subgroup = '...'" --small-multiples F): its no-data and weak counts must equal
  // that subgroup's panel here.
  auto counties = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  auto table = test::sharedData("mobility-metrics/v2025.01/06_neighborhoods/poverty-exposure/final/poverty-exposure_race-ethnicity_county.csv");
  if (!counties || !table) return;
  const fs::path dir = test::scratchDir("cli-small-multiples-by");
  auto r = test::runMobmap({"render", counties->string(), "--layer", "counties", "--join", table->string(), "--on",
                            "id=state+county", "--where", "year = 2023", "--field", "share_poverty_exposure",
                            "--small-multiples-by", "subgroup", "--out", (dir / "urban.png").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const json j = json::parse(r.out);
  const auto values = j["values"].get<std::vector<std::string>>();
  REQUIRE(values.size() >= 4);
  CHECK(values.front() == "All");
  CHECK(std::find(values.begin(), values.end(), "Black") != values.end());
  for (const std::string& group : {std::string("Black"), std::string("White, Non-Hispanic")}) {
    const auto it = std::find(values.begin(), values.end(), group);
    REQUIRE(it != values.end());
    const json& panel = j["panels"][static_cast<std::size_t>(it - values.begin())];
    auto one = test::runMobmap({"render", counties->string(), "--layer", "counties", "--join", table->string(), "--on",
                                "id=state+county", "--where", "year = 2023 AND subgroup = '" + group + "'",
                                "--small-multiples", "share_poverty_exposure", "--out", (dir / "one.png").string(), "--json"});
    REQUIRE(one.exitCode == 0);
    const json oj = json::parse(one.out);
    INFO(group);
    CHECK(panel["missing"] == oj["panels"][0]["missing"]);
    CHECK(panel["low_quality"] == oj["panels"][0]["low_quality"]);
  }
}
