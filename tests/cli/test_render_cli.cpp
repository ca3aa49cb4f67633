// `mobmap classify` and `mobmap render` as a user runs them. Expected classification values for Chicago Pov14
// come from R's classInt (see the comments in the case); the rest from the fixture files written here.
#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
fs::path demo(const char* file) { return test::sourceDir() / "geodata/demo" / file; }

// A GeoJSON of three squares with a numeric field v, a text field t, an all-missing field na, a constant c.
std::string writeFixture(const fs::path& dir) {
  std::string path = (dir / "squares.geojson").string();
  std::ofstream f(path);
  f << R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 3; ++i) {
    double x = -88 + i * 0.1;
    f << (i ? "," : "") << R"({"type":"Feature","properties":{"v":)" << i + 1 << R"(,"t":"a)" << i
      << R"(","na":null,"c":5},"geometry":{"type":"Polygon","coordinates":[[[)" << x << ",41],[" << x + 0.1 << ",41],["
      << x + 0.1 << ",41.1],[" << x << ",41.1],[" << x << ",41]]]}}";
  }
  f << "]}";
  return path;
}
}  // namespace

TEST_CASE("classify Chicago Pov14: quantile and natural breaks") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  auto r = test::runMobmap({"classify", shp->string(), "--field", "Pov14", "--method", "jenks", "--classes", "5", "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  // R 4.2 with classInt 0.4 (Debian r-cran-classint), on the same 791 values read with sf:
  //   ci <- classIntervals(Pov14, 5, style = "fisher"); ci$brks -> 0.00 9.55 20.25 31.80 45.00 73.10
  //   table(findCols(ci))           -> 236 205 174 124 52
  // classInt reports midpoints between classes; mobmap reports each class's largest value, so the same
  // partition shows as the same counts with every mobmap break just below R's.
  CHECK(j["counts"] == json::array({236, 205, 174, 124, 52}));
  std::vector<double> rBreaks = {0.00, 9.55, 20.25, 31.80, 45.00, 73.10};
  REQUIRE(j["breaks"].size() == rBreaks.size());
  for (std::size_t i = 1; i + 1 < rBreaks.size(); ++i) {
    CHECK(j["breaks"][i].get<double>() < rBreaks[i]);
    CHECK(j["breaks"][i].get<double>() > rBreaks[i] - 0.5);
  }
  CHECK(j["missing"] == 0);
  CHECK(j["gvf"].get<double>() > 0.94);
  auto q = test::runMobmap({"classify", shp->string(), "--field", "Pov14", "--method", "quantile", "--json"});
  REQUIRE(q.exitCode == 0);
  json qj = json::parse(q.out);
  // R: classIntervals(Pov14, 5, style = "quantile")$brks -> 0.0 5.9 13.7 22.6 33.7 73.1 (type 7).
  std::vector<double> rQuantile = {0.0, 5.9, 13.7, 22.6, 33.7, 73.1};
  for (std::size_t i = 0; i < rQuantile.size(); ++i) CHECK(qj["breaks"][i].get<double>() == Approx(rQuantile[i]));
}

TEST_CASE("render the demo and Chicago to PNG, SVG and PDF") {
  auto dir = test::scratchDir("cli-render");
  for (const char* ext : {"png", "svg", "pdf"}) {
    std::string out = (dir / (std::string("demo.") + ext)).string();
    auto r = test::runMobmap({"render", demo("tracts.geojson").string(), "--join", demo("tract_acs.csv").string(), "--on",
                              "GEOID=GEO_ID", "--field", "pov_below", "--context", demo("neighborhoods.geojson").string(),
                              "--title", "People below the poverty line", "--out", out, "--json"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    json j = json::parse(r.out);
    CHECK(j["low_quality"].get<int>() > 0);  // the demo has tracts with CV > 40% (its README)
    CHECK(fs::file_size(out) > 1000);
  }
  auto project = test::runMobmap({"render", demo("project.toml").string(), "--view", "poverty", "--out",
                                  (dir / "view.png").string(), "--size", "800x500", "--json"});
  REQUIRE(project.exitCode == 0);
  CHECK(json::parse(project.out)["width_px"] == 800);
}

// Pixels of exactly `rgb` in a PNG, read by GDAL's PNG driver (bands 1-3).
int countColour(const std::string& png, std::array<int, 3> rgb) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(png.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();
  std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 3);
  int bands[3] = {1, 2, 3};
  REQUIRE(ds->RasterIO(GF_Read, 0, 0, w, h, px.data(), w, h, GDT_Byte, 3, bands, 3, 3 * w, 1, nullptr) == CE_None);
  int n = 0;
  for (std::size_t i = 0; i < px.size(); i += 3) n += px[i] == rgb[0] && px[i + 1] == rgb[1] && px[i + 2] == rgb[2];
  return n;
}

TEST_CASE("a project layer's colour draws its overlay lines in figures") {
  // The demo project gives the river layer color = "#3a7dbf" (58, 125, 191) and line_width_pt = 1.6: the
  // poverty view, which overlays it, must show that colour (the interior of a 2-pixel line is the exact
  // colour); the same river given on the command line (no project style) draws in the style's dark grey.
  auto dir = test::scratchDir("cli-render-overlay");
  const std::string viewPng = (dir / "view.png").string(), plainPng = (dir / "plain.png").string();
  REQUIRE(test::runMobmap({"render", demo("project.toml").string(), "--view", "poverty", "--out", viewPng}).exitCode == 0);
  REQUIRE(test::runMobmap({"render", demo("tracts.geojson").string(), "--join", demo("tract_acs.csv").string(), "--on",
                           "GEOID=GEO_ID", "--field", "pov_below", "--context", demo("river.geojson").string(), "--out",
                           plainPng}).exitCode == 0);
  CHECK(countColour(viewPng, {58, 125, 191}) > 100);
  CHECK(countColour(plainPng, {58, 125, 191}) == 0);
}

TEST_CASE("render bad input: a clear message, exit 1, no file") {
  auto dir = test::scratchDir("cli-render-bad");
  std::string data = writeFixture(dir);
  std::string out = (dir / "out.png").string();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--field", "nope"}, "no field named 'nope'"},
      {{"--field", "t"}, "field 't' holds text, not numbers"},
      {{"--field", "na"}, "field 'na'"},
      // (A field with one value is not bad input: it draws a one-class map, tested in test_figure_truth_cli.cpp.)
      {{"--field", "v", "--ramp", "NoSuchRamp"}, "NoSuchRamp"},
      // 100 in at 1200 dpi is 120000 px wide: refused before memory is taken (Cairo's limit is 32767 a side).
      {{"--field", "v", "--classes", "3", "--width-in", "100", "--dpi", "1200"}, "pixels cannot be made"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"render", data, "--out", out};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = test::runMobmap(args);
    INFO(c.message << " / got: " << r.err);
    CHECK(r.exitCode == 1);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(out));
  }
  auto unwritable = test::runMobmap({"render", data, "--field", "v", "--out", (dir / "no-such-dir" / "x.png").string()});
  CHECK(unwritable.exitCode == 1);
  CHECK(unwritable.err.find("does not exist") != std::string::npos);
  auto format = test::runMobmap({"render", data, "--field", "v", "--out", (dir / "x.gif").string()});
  CHECK(format.exitCode == 2);
  std::size_t files = 0;
  for (auto& e : fs::directory_iterator(dir)) files += e.path().filename() != "squares.geojson";
  CHECK(files == 0);
}
