// Golden images of every map kind on one small real dataset: the 100 North Carolina counties of R's sf package
// (../shared/data/nc-counties-sids, births and SIDS deaths 1974-78 and 1979-84; skipped when absent), each drawn
// by `mobmap render` at a 6.5 in report column (6.5 x 4 in, 100 dpi) and compared with tests/golden/nc_<kind>.png
// within a tolerance, so that a change of layout shows in review as a changed image. Every golden image was
// looked at when it was made. After an intended change re-create them with MOBMAP_UPDATE_GOLDEN=1 and look at
// each before committing.
#include <cairo.h>
#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

struct Pixels {
  int width = 0, height = 0;
  std::vector<std::uint32_t> argb;
};

Pixels loadPng(const fs::path& p) {
  cairo_surface_t* s = cairo_image_surface_create_from_png(p.c_str());
  Pixels px;
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    return px;
  }
  px.width = cairo_image_surface_get_width(s);
  px.height = cairo_image_surface_get_height(s);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  for (int y = 0; y < px.height; ++y)
    for (int x = 0; x < px.width; ++x) px.argb.push_back(reinterpret_cast<const std::uint32_t*>(data + y * stride)[x]);
  cairo_surface_destroy(s);
  return px;
}

// The share of pixels that differ by more than 48 in any channel (font hinting and anti-aliasing may differ a
// little between machines); 1 when the sizes differ.
double differingShare(const Pixels& a, const Pixels& b) {
  if (a.width != b.width || a.height != b.height || a.argb.empty()) return 1;
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.argb.size(); ++i)
    for (int shift : {0, 8, 16})
      if (std::abs(int((a.argb[i] >> shift) & 0xff) - int((b.argb[i] >> shift) & 0xff)) > 48) {
        ++differing;
        break;
      }
  return double(differing) / double(a.argb.size());
}

// The counties' births as a long table (one row per county and period), for the change map: FIPS,year,births.
void writeBirthsByYear(const fs::path& gpkg, const fs::path& csv) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  REQUIRE(ds);
  std::ofstream out(csv);
  out << "FIPS,year,births,nonwhite_births\n";
  for (auto& f : *ds->GetLayer(0)) {
    out << f->GetFieldAsString("FIPS") << ",1974," << f->GetFieldAsDouble("BIR74") << "," << f->GetFieldAsDouble("NWBIR74") << "\n";
    out << f->GetFieldAsString("FIPS") << ",1979," << f->GetFieldAsDouble("BIR79") << "," << f->GetFieldAsDouble("NWBIR79") << "\n";
  }
}

}  // namespace

TEST_CASE("golden figures: every map kind on the North Carolina counties at a 6.5 in report column") {
  auto nc = test::sharedData("nc-counties-sids/nc.gpkg");
  if (!nc) return;
  const fs::path dir = test::scratchDir("golden-figures");
  const fs::path births = dir / "nc_births_by_year.csv";
  writeBirthsByYear(*nc, births);
  const std::string source = "North Carolina SIDS data (R sf package)";
  struct Kind {
    std::string name;
    std::vector<std::string> args;
  };
  const std::vector<Kind> kinds = {
      {"choropleth", {"--field", "SID74", "--method", "jenks", "--title", "SIDS deaths, 1974-78"}},
      {"reference", {"--field", "BIR74", "--reference", "median", "--title", "Births 1974-78 against the median county"}},
      {"lisa", {"--lisa", "NWBIR74", "--title", "Clusters of non-white births, 1974-78"}},
      {"gap", {"--gap", "SID79,SID74", "--title", "SIDS deaths, 1979-84 minus 1974-78"}},
      {"ratio", {"--ratio", "NWBIR79,NWBIR74", "--title", "Non-white births, 1979-84 over 1974-78"}},
      {"change", {"--join", births.string(), "--on", "FIPS=FIPS", "--change", "births", "--years", "1974,1979", "--change-as", "percent"}},
      {"small_multiples", {"--small-multiples", "BIR74,BIR79", "--panel-titles", "1974-78,1979-84", "--title", "Births"}},
      {"bivariate", {"--bivariate", "BIR74,SID74", "--title", "Births and SIDS deaths, 1974-78"}},
      {"dot_density", {"--dot-density", "NWBIR74,NWBIR79", "--group-labels", "1974-78,1979-84", "--per", "500", "--title", "Non-white births"}},
      {"plurality", {"--plurality", "SID74,SID79", "--group-labels", "1974-78,1979-84", "--title", "Period with more SIDS deaths"}},
      {"moran_scatter", {"--moran-scatter", "BIR74", "--title", "Moran scatter plot of births, 1974-78"}},
      {"hotspots", {"--hotspots", "BIR74", "--title", "Hot spots of births, 1974-78"}},
  };
  const bool update = std::getenv("MOBMAP_UPDATE_GOLDEN") != nullptr;
  for (const Kind& k : kinds) {
    INFO(k.name);
    const fs::path png = dir / ("nc_" + k.name + ".png");
    std::vector<std::string> args = {"render", nc->string()};
    args.insert(args.end(), k.args.begin(), k.args.end());
    args.insert(args.end(), {"--source", source, "--width-in", "6.5", "--height-in", "4", "--dpi", "100", "--out", png.string()});
    auto r = test::runMobmap(args);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const fs::path golden = fs::path(MOBMAP_GOLDEN_DIR) / ("nc_" + k.name + ".png");
    if (update) fs::copy_file(png, golden, fs::copy_options::overwrite_existing);
    REQUIRE(fs::exists(golden));
    const Pixels got = loadPng(png), want = loadPng(golden);
    CHECK(got.width == 650);
    CHECK(got.height == 400);
    CHECK(differingShare(got, want) < 0.005);
  }
}

// Orientation labels from a neighbourhood layer: Chicago's 77 community areas named over the tract map. Every
// name is either placed or counted as left out, the SVG keeps each placed name as a <text> element with a white
// halo, and a field the layer lacks is an error naming the file and its fields.
TEST_CASE("render --labels names the community areas over the tract map without collisions") {
  auto tracts = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  auto areas = test::sharedData("chicago-tracts-community-areas/community_areas_acs2014/ComArea_ACS14_f.shp");
  if (!tracts || !areas) return;
  const fs::path dir = test::scratchDir("labels");
  auto r = test::runMobmap({"render", tracts->string(), "--field", "Pov14", "--labels", areas->string(), "--label-field", "community",
                            "--width-in", "6.5", "--height-in", "5", "--out", (dir / "labels.svg").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const auto j = nlohmann::json::parse(r.out);
  const std::size_t placed = j["labels"]["placed"], dropped = j["labels"]["dropped"];
  CHECK(placed + dropped == 77);
  CHECK(placed >= 25);
  std::ifstream in(dir / "labels.svg");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string svg = ss.str();
  std::size_t halos = 0;
  for (std::size_t at = svg.find("stroke=\"#ffffff\""); at != std::string::npos; at = svg.find("stroke=\"#ffffff\"", at + 1)) ++halos;
  CHECK(halos == placed);
  CHECK(svg.find(">HYDE PARK</text>") != std::string::npos);
  auto bad = test::runMobmap({"render", tracts->string(), "--field", "Pov14", "--labels", areas->string(), "--label-field", "name",
                              "--out", (dir / "bad.png").string()});
  CHECK(bad.exitCode == 1);
  CHECK(bad.err.find("no field 'name' to label the map with") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "bad.png"));
}
