// The change map and the map dispatcher seen from the command line: `render --change F --years A,B` on the real
// Mobility Metrics county file over us-atlas counties (../shared/data, skipped when absent), the tract-vintage
// refusal and the overlapping-ACS warning on a generated tract grid, and a project view with `map = "..."`
// drawn by `render --view` and by `export` exactly as the command-line options draw it. Expected values are
// computed here from the published CSV (read as text: year,state,county,... as Urban publishes it) and the
// county ids GDAL reads from the TopoJSON.
#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string readBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A 4 x 3 grid of 0.01° squares with 11-digit tract GEOIDs, and a long table (one row per tract and year) of
// `pov` with an ACS-style `pov_moe`, for the years given.
std::pair<std::string, std::string> writeTractGrid(const fs::path& dir, const std::vector<int>& years) {
  const std::string geo = (dir / "tracts.geojson").string(), csv = (dir / "tract_years.csv").string();
  std::ofstream g(geo), c(csv);
  g << R"({"type":"FeatureCollection","features":[)";
  c << "year,GEOID,pov,pov_moe\n";
  for (int i = 0; i < 12; ++i) {
    const double x0 = -87.7 + (i % 4) * 0.01, y0 = 41.8 + (i / 4) * 0.01;
    char id[24];
    std::snprintf(id, sizeof id, "170310%05d", 100 + i);
    g << (i ? "," : "") << R"({"type":"Feature","properties":{"GEOID":")" << id << R"("},"geometry":{"type":"Polygon","coordinates":[[[)"
      << x0 << "," << y0 << "],[" << x0 + 0.01 << "," << y0 << "],[" << x0 + 0.01 << "," << y0 + 0.01 << "],[" << x0 << ","
      << y0 + 0.01 << "],[" << x0 << "," << y0 << "]]]}}";
    for (int y : years) c << y << "," << id << "," << (10 + i + (y - 2018) * (i % 4)) << "," << 3 << "\n";
  }
  g << "]}";
  return {geo, csv};
}

}  // namespace

TEST_CASE("render --change: pctl_income_20 from 2016 to 2019 over us-atlas counties equals the CSV's differences") {
  auto topo = test::sharedData("us-atlas/us-atlas-3.0.1/counties-10m.json");
  auto csv = test::sharedData("mobility-metrics/v2025.01/01_financial-well-being/final/metrics_income_county_all_longitudinal.csv");
  if (!topo || !csv) return;
  // The county ids of the boundaries, as GDAL reads them.
  GDALAllRegister();
  std::set<std::string> ids;
  {
    std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(topo->c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayerByName("counties");
    REQUIRE(layer);
    for (auto& f : *layer) ids.insert(f->GetFieldAsString("id"));
  }
  // year,state,county,pctl_income_20,...: the value per county and year ("NA" = missing).
  std::map<std::string, std::map<int, double>> values;
  {
    std::ifstream in(*csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
      if (f.size() < 4 || f[3] == "NA" || f[3].empty()) continue;
      values[f[1] + f[2]][std::stoi(f[0])] = std::stod(f[3]);
    }
  }
  double lo = 1e300, hi = -1e300, pctLo = 1e300, pctHi = -1e300;
  std::size_t both = 0;
  for (const std::string& id : ids) {
    auto it = values.find(id);
    if (it == values.end() || !it->second.count(2016) || !it->second.count(2019)) continue;
    const double a = it->second.at(2016), b = it->second.at(2019);
    ++both;
    lo = std::min(lo, b - a);
    hi = std::max(hi, b - a);
    if (a != 0) {
      pctLo = std::min(pctLo, 100 * (b - a) / a);
      pctHi = std::max(pctHi, 100 * (b - a) / a);
    }
  }
  REQUIRE(both > 2500);

  const fs::path dir = test::scratchDir("cli-change");
  auto r = test::runMobmap({"render", topo->string(), "--layer", "counties", "--join", csv->string(), "--on", "id=state+county",
                            "--change", "pctl_income_20", "--years", "2016,2019", "--out", (dir / "change.png").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const json j = json::parse(r.out);
  CHECK(j["view"] == "change");
  CHECK(j["from"] == "2016");
  CHECK(j["to"] == "2019");
  CHECK(j["measure"] == "difference");
  // Diverging classes are symmetric around no change: the outer breaks are ± the largest absolute change.
  CHECK(j["breaks"].front().get<double>() == Approx(-std::max(-lo, hi)).epsilon(1e-9));
  CHECK(j["breaks"].back().get<double>() == Approx(std::max(-lo, hi)).epsilon(1e-9));
  CHECK(j["missing"].get<std::size_t>() == ids.size() - both);
  for (const json& w : j["warnings"])  // three years apart, but nothing says these are ACS 5-year estimates
    CHECK(w.get<std::string>().find("overlap") == std::string::npos);
  std::size_t counted = 0;
  for (const json& n : j["counts"]) counted += n.get<std::size_t>();
  CHECK(counted + j["missing"].get<std::size_t>() == ids.size());
  CHECK(fs::file_size(dir / "change.png") > 10000);
  // The join report of each year is printed.
  CHECK(r.err.find("2016: join: matched") != std::string::npos);
  CHECK(r.err.find("2019: join: matched") != std::string::npos);

  auto pct = test::runMobmap({"render", topo->string(), "--layer", "counties", "--join", csv->string(), "--on", "id=state+county",
                              "--change", "pctl_income_20", "--years", "2016,2019", "--change-as", "percent", "--out",
                              (dir / "change_pct.png").string(), "--json"});
  INFO(pct.err);
  REQUIRE(pct.exitCode == 0);
  const json jp = json::parse(pct.out);
  CHECK(jp["breaks"].back().get<double>() == Approx(std::max(-pctLo, pctHi)).epsilon(1e-9));
  // Household income is in dollars: no percentage points.
  auto pp = test::runMobmap({"render", topo->string(), "--layer", "counties", "--join", csv->string(), "--on", "id=state+county",
                             "--change", "pctl_income_20", "--years", "2016,2019", "--change-as", "points", "--out",
                             (dir / "change_pp.png").string()});
  CHECK(pp.exitCode == 1);
  CHECK(pp.err.find("not a share or percentage") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "change_pp.png"));
}

TEST_CASE("render --change on tracts: refuses 2010 vs 2020 tract vintages, warns that overlapping ACS periods are not independent") {
  const fs::path dir = test::scratchDir("cli-change-tracts");
  auto [geo, csv] = writeTractGrid(dir, {2018, 2021, 2023});
  auto run = [&](const std::string& years, const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"render", geo, "--join", csv, "--on", "GEOID=GEOID", "--change", "pov", "--years", years,
                                     "--out", (dir / out).string(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::runMobmap(args);
  };
  auto mixed = run("2018,2021", "mixed.png");
  CHECK(mixed.exitCode == 1);
  CHECK(mixed.err.find("2010 census tracts") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "mixed.png"));

  auto overlap = run("2021,2023", "overlap.png", {"--method", "equal", "--classes", "4"});
  INFO(overlap.err);
  REQUIRE(overlap.exitCode == 0);
  CHECK(overlap.err.find("warning: 2021 and 2023 are 5-year ACS periods that overlap (2019-2021 is in both)") != std::string::npos);
  const json j = json::parse(overlap.out);
  REQUIRE_FALSE(j["warnings"].empty());
  CHECK(j["warnings"][0].get<std::string>().find("overlap") != std::string::npos);
  // Tract i moved by 2 x (i mod 4): 0 to 6, none missing.
  CHECK(j["missing"] == 0);
  CHECK(j["breaks"].back().get<double>() == Approx(6));

  auto same = run("2021,2021", "same.png");
  CHECK(same.exitCode == 2);
  auto absent = run("2021,2020", "absent.png");
  CHECK(absent.exitCode == 1);
  CHECK(absent.err.find("tract_years.csv") != std::string::npos);
  CHECK(absent.err.find("2018,2021,2023") != std::string::npos);
  auto noJoin = test::runMobmap({"render", geo, "--change", "pov", "--years", "2021,2023", "--out", (dir / "x.png").string()});
  CHECK(noJoin.exitCode == 2);
}

TEST_CASE("a project view with map = \"lisa\" or \"change\" renders and exports the figure the options render") {
  const fs::path dir = test::scratchDir("cli-view-kinds");
  auto [geo, csv] = writeTractGrid(dir, {2012, 2017, 2023});
  // Vary the values so the classes and clusters are not trivial: rewrite pov as a function of the tract.
  {
    std::ofstream c(csv);
    c << "year,GEOID,pov,pov_moe\n";
    for (int y : {2012, 2017, 2023})
      for (int i = 0; i < 12; ++i) {
        char id[24];
        std::snprintf(id, sizeof id, "170310%05d", 100 + i);
        c << y << "," << id << "," << ((i % 4) < 2 ? 30 : 5) + (i * y) % 7 << ",2\n";
      }
  }
  const fs::path project = dir / "project.toml";
  {
    std::ofstream p(project);
    p << "format_version = 2\ntitle = \"Kinds\"\n\n[[layer]]\nname = \"tracts\"\nsource = \"tracts.geojson\"\n\n"
         "[[table]]\nname = \"years\"\nsource = \"tract_years.csv\"\n\n[[join]]\nlayer = \"tracts\"\ntable = \"years\"\non = \"GEOID=GEOID\"\n\n"
         "[[view]]\nname = \"change\"\nlayer = \"tracts\"\nfield = \"pov\"\nyear = 2023\nmap = \"change\"\nchange_years = [2012, 2017]\n\n"
         "[[view]]\nname = \"clusters\"\nlayer = \"tracts\"\nfield = \"pov\"\nyear = 2023\nmap = \"lisa\"\n";
  }
  auto viewChange = test::runMobmap({"render", project.string(), "--view", "change", "--out", (dir / "view_change.png").string(), "--json"});
  INFO(viewChange.err);
  REQUIRE(viewChange.exitCode == 0);
  CHECK(json::parse(viewChange.out)["view"] == "change");
  auto flagsChange = test::runMobmap({"render", geo, "--join", csv, "--on", "GEOID=GEOID", "--change", "pov", "--years", "2012,2017",
                                      "--out", (dir / "flags_change.png").string()});
  INFO(flagsChange.err);
  REQUIRE(flagsChange.exitCode == 0);
  CHECK(readBytes(dir / "view_change.png") == readBytes(dir / "flags_change.png"));

  auto viewLisa = test::runMobmap({"render", project.string(), "--view", "clusters", "--out", (dir / "view_lisa.png").string(), "--json"});
  INFO(viewLisa.err);
  REQUIRE(viewLisa.exitCode == 0);
  CHECK(json::parse(viewLisa.out)["view"] == "lisa");
  auto flagsLisa = test::runMobmap({"render", geo, "--join", csv, "--on", "GEOID=GEOID", "--where", "year = 2023", "--lisa", "pov",
                                    "--out", (dir / "flags_lisa.png").string()});
  REQUIRE(flagsLisa.exitCode == 0);
  CHECK(readBytes(dir / "view_lisa.png") == readBytes(dir / "flags_lisa.png"));

  // The atlas export draws both kinds (before, it drew every view as a choropleth of its field).
  const fs::path out = dir / "out";
  auto ex = test::runMobmap({"export", project.string(), "--out-dir", out.string(), "--json"});
  INFO(ex.err);
  REQUIRE(ex.exitCode == 0);
  CHECK(readBytes(out / "change.png") == readBytes(dir / "view_change.png"));
  CHECK(readBytes(out / "clusters.png") == readBytes(dir / "view_lisa.png"));
}
