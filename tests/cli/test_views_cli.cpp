// `mobmap render` with the disparity and cluster views (--lisa, --gap, --ratio, --small-multiples,
// --bivariate), run as a user runs them, on Chicago tracts (../shared/data, skipped when absent) and on a
// generated grid. Expected numbers come from `mobmap lisa --json` (itself checked against R spdep in
// test_stats_cli.cpp), from `mobmap classify --json`, or from the fixture's values as written here; the PNG is
// read back with GDAL and the view's colours are looked for inside the map frames the command reports.
#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A 6 x 5 grid of 0.01° squares near Chicago. v: high in the left half, low in the right (two clusters);
// a = v, b = 5 with feature 7 missing; a_quality 3 (weak) on feature 12; x = column, y = row; na all
// missing; t text.
std::string writeGrid(const fs::path& dir) {
  const std::string path = (dir / "grid.geojson").string();
  std::ofstream f(path);
  f << R"({"type":"FeatureCollection","features":[)";
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 6; ++c) {
      const int i = r * 6 + c;
      const double x0 = -87.7 + c * 0.01, y0 = 41.8 + r * 0.01;
      const double v = (c < 3 ? 20 : 2) + (i % 5) * 0.5;
      f << (i ? "," : "") << R"({"type":"Feature","properties":{"v":)" << v << R"(,"a":)" << v << R"(,"b":)"
        << (i == 7 ? "null" : "5") << R"(,"a_quality":)" << (i == 12 ? 3 : 1) << R"(,"x":)" << c << R"(,"y":)" << r
        << R"(,"na":null,"t":"t)" << i << R"("},"geometry":{"type":"Polygon","coordinates":[[[)" << x0 << "," << y0
        << "],[" << x0 + 0.01 << "," << y0 << "],[" << x0 + 0.01 << "," << y0 + 0.01 << "],[" << x0 << "," << y0 + 0.01
        << "],[" << x0 << "," << y0 << "]]]}}";
    }
  f << "]}";
  return path;
}

// The RGB colours (0xRRGGBB) of the PNG's pixels inside the reported map frames.
std::set<std::uint32_t> frameColours(const std::string& png, const json& frames) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpen(png.c_str(), GA_ReadOnly)));
  REQUIRE(ds);
  const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();
  std::vector<unsigned char> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  int bands[3] = {1, 2, 3};
  REQUIRE(ds->RasterIO(GF_Read, 0, 0, w, h, px.data(), w, h, GDT_Byte, 3, bands, 3, 3 * w, 1) == CE_None);
  std::set<std::uint32_t> seen;
  for (const json& fr : frames) {
    const int x0 = fr[0], y0 = fr[1], fw = fr[2], fh = fr[3];
    for (int y = std::max(0, y0 + 1); y < std::min(h, y0 + fh - 1); ++y)
      for (int x = std::max(0, x0 + 1); x < std::min(w, x0 + fw - 1); ++x) {
        const unsigned char* p = &px[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 3];
        seen.insert((std::uint32_t(p[0]) << 16) | (std::uint32_t(p[1]) << 8) | p[2]);
      }
  }
  return seen;
}

std::size_t legendCount(const json& legend, const std::string& prefix) {
  for (const json& e : legend)
    if (e["label"].get<std::string>().rfind(prefix, 0) == 0) return e["count"].get<std::size_t>();
  FAIL("no legend entry starting with " << prefix);
  return 0;
}

}  // namespace

TEST_CASE("render --lisa on Chicago Pov14: legend counts equal mobmap lisa, cluster colours in the map") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  const std::string png = (test::scratchDir("cli-views") / "chicago_lisa.png").string();
  auto r = test::runMobmap({"render", shp->string(), "--lisa", "Pov14", "--out", png, "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  auto l = test::runMobmap({"lisa", shp->string(), "--field", "Pov14", "--json"});
  REQUIRE(l.exitCode == 0);
  json lj = json::parse(l.out);
  // Same weights, permutations (999) and seed (1) as `mobmap lisa`: the same clusters.
  CHECK(j["cluster_counts"] == lj["cluster_counts"]);
  // The README's example run gives 157 / 192 / 8 / 13 / 421 on these data (seed 1). Before the permutations
  // were drawn from one shared table (GeoDa's and PySAL's scheme), one random stream ran over the areas in order
  // and gave 155 / 193 / 9 / 13 / 421: three of the 791 tracts have a pseudo p near 0.05 and change sides.
  CHECK(j["cluster_counts"]["high-high"] == 157);
  CHECK(j["cluster_counts"]["low-low"] == 192);
  CHECK(j["cluster_counts"]["not significant"] == 421);
  CHECK(legendCount(j["legend"], "High-High") == lj["cluster_counts"]["high-high"].get<std::size_t>());
  CHECK(legendCount(j["legend"], "Low-Low") == lj["cluster_counts"]["low-low"].get<std::size_t>());
  CHECK(legendCount(j["legend"], "High-Low") == lj["cluster_counts"]["high-low"].get<std::size_t>());
  CHECK(legendCount(j["legend"], "Low-High") == lj["cluster_counts"]["low-high"].get<std::size_t>());
  CHECK(legendCount(j["legend"], "Not significant") == lj["cluster_counts"]["not significant"].get<std::size_t>());
  CHECK(legendCount(j["legend"], "No data") == 0);
  auto seen = frameColours(png, j["map_frames_px"]);
  for (std::uint32_t c : {0xe31a1cu, 0x1f78b4u, 0xfb9a99u, 0xa6cee3u, 0xf0f0f0u}) {
    INFO(std::hex << c);
    CHECK(seen.count(c) == 1);
  }
}

TEST_CASE("render --gap, --small-multiples and --bivariate on Chicago race shares") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  const fs::path dir = test::scratchDir("cli-views");
  const std::string gapPng = (dir / "chicago_gap.png").string();
  auto g = test::runMobmap({"render", shp->string(), "--gap", "Blk14P,Wht14P", "--out", gapPng, "--json"});
  INFO(g.err);
  REQUIRE(g.exitCode == 0);
  json gj = json::parse(g.out);
  CHECK(gj["reference"] == "Reference: zero gap (0)");
  std::size_t total = gj["missing"].get<std::size_t>();
  for (const json& c : gj["counts"]) total += c.get<std::size_t>();
  CHECK(total == 791);  // every tract is either in a class or no data
  auto breaks = gj["breaks"].get<std::vector<double>>();
  CHECK(std::find(breaks.begin(), breaks.end(), 0.0) != breaks.end());

  const std::string smPng = (dir / "chicago_small_multiples.png").string();
  auto s = test::runMobmap({"render", shp->string(), "--small-multiples", "Blk14P,Wht14P,Hisp14P", "--panel-titles",
                            "Black,White,Hispanic", "--title", "Share of residents by group, 2014", "--out", smPng, "--json"});
  INFO(s.err);
  REQUIRE(s.exitCode == 0);
  json sj = json::parse(s.out);
  REQUIRE(sj["panels"].size() == 3);
  REQUIRE(sj["map_frames_px"].size() == 3);
  // Pooled counts are the sum of the panels' counts, and each panel accounts for all 791 tracts.
  for (std::size_t c = 0; c < sj["counts"].size(); ++c) {
    std::size_t sum = 0;
    for (const json& p : sj["panels"]) sum += p["counts"][c].get<std::size_t>();
    CHECK(sum == sj["counts"][c].get<std::size_t>());
  }
  for (const json& p : sj["panels"]) {
    std::size_t n = p["missing"].get<std::size_t>();
    for (const json& c : p["counts"]) n += c.get<std::size_t>();
    CHECK(n == 791);
  }

  const std::string bvPng = (dir / "chicago_bivariate.png").string();
  auto b = test::runMobmap({"render", shp->string(), "--bivariate", "Blk14P,Pov14", "--out", bvPng, "--json"});
  INFO(b.err);
  REQUIRE(b.exitCode == 0);
  json bj = json::parse(b.out);
  std::size_t cells = 0;
  for (const json& c : bj["cells"]) cells += c.get<std::size_t>();
  CHECK(cells + bj["missing"].get<std::size_t>() == 791);
  // Tertile limits equal `mobmap classify --method quantile --classes 3` on each field.
  auto q = test::runMobmap({"classify", shp->string(), "--field", "Pov14", "--method", "quantile", "--classes", "3", "--json"});
  REQUIRE(q.exitCode == 0);
  CHECK(bj["y_breaks"] == json::parse(q.out)["breaks"]);
  auto seen = frameColours(bvPng, bj["map_frames_px"]);
  CHECK(seen.count(0x3b4994u) == 1);  // both high (Stevens' darkest cell)
  CHECK(seen.count(0xe8e8e8u) == 1);  // both low
}

TEST_CASE("render views on a generated grid: counts from the fixture's values, colours in the map") {
  const fs::path dir = test::scratchDir("cli-views-grid");
  const std::string grid = writeGrid(dir);
  const std::string png = (dir / "lisa.png").string();
  auto r = test::runMobmap({"render", grid, "--lisa", "v", "--permutations", "199", "--out", png, "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  auto l = test::runMobmap({"lisa", grid, "--field", "v", "--permutations", "199", "--json"});
  REQUIRE(l.exitCode == 0);
  CHECK(j["cluster_counts"] == json::parse(l.out)["cluster_counts"]);
  // Two halves of 15 cells, high on the left and low on the right: both cluster kinds appear.
  CHECK(j["cluster_counts"]["high-high"].get<int>() > 0);
  CHECK(j["cluster_counts"]["low-low"].get<int>() > 0);
  auto seen = frameColours(png, j["map_frames_px"]);
  CHECK(seen.count(0xe31a1cu) == 1);
  CHECK(seen.count(0x1f78b4u) == 1);

  // Gap a - b: b is 5 except feature 7 (missing); a_quality flags feature 12 as weak.
  auto g = test::runMobmap({"render", grid, "--gap", "a,b", "--out", (dir / "gap.png").string(), "--json"});
  INFO(g.err);
  REQUIRE(g.exitCode == 0);
  json gj = json::parse(g.out);
  CHECK(gj["missing"] == 1);
  CHECK(gj["missing_b"] == 1);
  CHECK(gj["low_quality"] == 1);
  CHECK(legendCount(gj["legend"], "Hatched") == 1);
  auto ratio = test::runMobmap({"render", grid, "--ratio", "a,b", "--out", (dir / "ratio.png").string(), "--json"});
  REQUIRE(ratio.exitCode == 0);
  CHECK(json::parse(ratio.out)["reference"] == "Reference: parity (1.0)");

  // Small multiples of x and y (column and row numbers): pooled values 0..5 and 0..4.
  auto s = test::runMobmap({"render", grid, "--small-multiples", "x,y", "--method", "equal", "--classes", "5", "--out",
                            (dir / "sm.png").string(), "--json"});
  INFO(s.err);
  REQUIRE(s.exitCode == 0);
  json sj = json::parse(s.out);
  CHECK(sj["breaks"].front() == 0.0);
  CHECK(sj["breaks"].back() == 5.0);
  CHECK(sj["panels"][0]["missing"] == 0);

  // Bivariate x (column) and y (row): 30 cells, none missing.
  auto b = test::runMobmap({"render", grid, "--bivariate", "x,y", "--out", (dir / "bv.png").string(), "--json"});
  INFO(b.err);
  REQUIRE(b.exitCode == 0);
  json bj = json::parse(b.out);
  std::size_t cells = 0;
  for (const json& c : bj["cells"]) cells += c.get<std::size_t>();
  CHECK(cells == 30);
  CHECK(bj["missing"] == 0);
}

TEST_CASE("render views: bad inputs exit 1 or 2 with a message") {
  const fs::path dir = test::scratchDir("cli-views-bad");
  const std::string grid = writeGrid(dir);
  const std::string out = (dir / "bad.png").string();
  struct Case {
    std::vector<std::string> args;
    int exit;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--lisa", "nope"}, 1, "nope"},
      {{"--lisa", "na"}, 1, "no values"},
      {{"--lisa", "t"}, 1, "text"},
      {{"--gap", "a,nope"}, 1, "nope"},
      {{"--gap", "a,na"}, 1, "no values"},
      {{"--ratio", "a"}, 2, "two fields"},
      {{"--small-multiples", "x,nope"}, 1, "nope"},
      {{"--small-multiples", "na"}, 1, "na"},
      {{"--bivariate", "x,na"}, 1, "na"},
      {{"--bivariate", "x,y", "--palette", "rainbow"}, 2, "rainbow"},
      {{"--lisa", "v", "--gap", "a,b"}, 2, "give one"},
      {{"--lisa", "v", "--field", "v"}, 2, "--field"},
      {{"--lisa", "v", "--weights", "bishop"}, 2, "bishop"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"render", grid, "--out", out};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = test::runMobmap(args);
    INFO(c.args.front() << " " << c.args.back() << ": " << r.err);
    CHECK(r.exitCode == c.exit);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK_FALSE(fs::exists(out));
  }
}
