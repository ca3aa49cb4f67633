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

TEST_CASE("render --change on tracts: refuses renumbered tracts, warns that overlapping ACS periods are not independent") {
  const fs::path dir = test::scratchDir("cli-change-tracts");
  auto [geo, csv] = writeTractGrid(dir, {2018, 2021, 2023});
  auto run = [&](const std::string& years, const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"render", geo, "--join", csv, "--on", "GEOID=GEOID", "--change", "pov", "--years", years,
                                     "--out", (dir / out).string(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::runMobmap(args);
  };
  // Both sides of 2020, but every year names the same 12 tracts: taken to be on one vintage, and said so.
  auto same2020 = run("2018,2021", "mixed.png");
  INFO(same2020.err);
  REQUIRE(same2020.exitCode == 0);
  CHECK(same2020.err.find("both sides of the 2020 census, but both years name the same 12 tract GEOIDs") != std::string::npos);
  CHECK(json::parse(same2020.out)["geoids"]["both"] == 12);
  // The 2021 rows renumber three tracts (as the 2020 census did): refused before anything is computed, with the
  // counts and the GEOIDs of both sides; the same on the same side of 2020.
  {
    std::ifstream in(csv);
    std::stringstream renumbered;
    std::string line;
    while (std::getline(in, line)) {
      for (int i = 0; i < 3; ++i) {
        char from[24], to[24];
        std::snprintf(from, sizeof from, "2021,170310%05d", 100 + i);
        std::snprintf(to, sizeof to, "2021,170310%05d", 900 + i);
        if (line.rfind(from, 0) == 0) line = to + line.substr(std::string(from).size());
      }
      renumbered << line << "\n";
    }
    in.close();
    std::ofstream(dir / "renumbered.csv") << renumbered.str();
  }
  auto renumbered = test::runMobmap({"render", geo, "--join", (dir / "renumbered.csv").string(), "--on", "GEOID=GEOID", "--change", "pov",
                                     "--years", "2018,2021", "--out", (dir / "renumbered.png").string()});
  CHECK(renumbered.exitCode == 1);
  CHECK(renumbered.err.find("the 2018 and 2021 rows name different census tracts: 3 GEOIDs only in 2018 (e.g. 17031000100, "
                            "17031000101, 17031000102), 3 only in 2021 (e.g. 17031000900, 17031000901, 17031000902), 9 in both") !=
        std::string::npos);
  CHECK(renumbered.err.find("2010 and 2020 censuses") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "renumbered.png"));
  auto later = test::runMobmap({"render", geo, "--join", (dir / "renumbered.csv").string(), "--on", "GEOID=GEOID", "--change", "pov",
                                "--years", "2021,2023", "--out", (dir / "renumbered.png").string()});
  CHECK(later.exitCode == 1);
  CHECK(later.err.find("3 GEOIDs only in 2021") != std::string::npos);

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

  // Tested, the overlap is taken into account: SE of the change x sqrt(1 - C), C = 3/5 (2019-2021 of 2021 and 2023).
  // R: d <- rep(c(0, 2, 4, 6), 3); se <- 3/1.645
  //    z <- d/(sqrt(1 - 3/5) * sqrt(2 * se^2)); sum(abs(z) > 1.645) -> 6;  without the factor: sum(abs(d/sqrt(2*se^2)) > 1.645) -> 3
  auto tested = run("2021,2023", "overlap_tested.png", {"--significance", "0.90"});
  INFO(tested.err);
  REQUIRE(tested.exitCode == 0);
  const json t = json::parse(tested.out);
  CHECK(t["significant"] == 6);
  CHECK(t["not_significant"] == 6);
  CHECK(t["se_factor"].get<double>() == Approx(std::sqrt(0.4)).epsilon(1e-12));
  CHECK(tested.err.find("scales the standard error of the change by √(1 − C), C = 3/5") != std::string::npos);
  CHECK(t["method_text"].get<std::string>().find("√(1 − 3/5)") != std::string::npos);

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

// Significance of a change on Urban's county file, with its 95% bounds found by name (pctl_income_20_lb/_ub):
// R: library(sf)
//    d <- read.csv(".../metrics_income_county_all_longitudinal.csv", colClasses = c(state = "character", county = "character"),
//                  na.strings = c("NA", "")); d$id <- paste0(d$state, d$county)
//    co <- st_read("us-atlas/us-atlas-3.0.1/counties-10m.json", layer = "counties")
//    a <- d[d$year == 2016, ]; b <- d[d$year == 2021, ]
//    m <- merge(data.frame(id = co$id), merge(a, b, by = "id", suffixes = c(".a", ".b")), by = "id")
//    m <- m[!is.na(m$pctl_income_20.a) & !is.na(m$pctl_income_20.b), ]                          # 2767 counties
//    se <- function(lb, ub) (ub - lb)/(2*1.96); sa <- se(m$pctl_income_20_lb.a, m$pctl_income_20_ub.a)
//    sb <- se(m$pctl_income_20_lb.b, m$pctl_income_20_ub.b); z <- (m$pctl_income_20.b - m$pctl_income_20.a)/sqrt(sa^2 + sb^2)
//    sum(abs(z) > 1.645) -> 1270; sum(abs(z) <= 1.645) -> 1497; sum(p.adjust(2*pnorm(-abs(z)), "BH") <= 0.10) -> 864
//    cv <- sqrt(sa^2 + sb^2)/abs(m$pctl_income_20.b - m$pctl_income_20.a)
//    w <- (m$pctl_income_20_quality.a %in% 3) | (m$pctl_income_20_quality.b %in% 3); sum(w | cv > 0.4) -> 2482
//    hatched (weak or CV > 40%, among the significant: the neutral class is not hatched):
//    sum((w | cv > 0.4) & abs(z) > 1.645) -> 985
//    2018 -> 2021 as overlapping ACS 5-year periods (C = 2/5): a <- d[d$year == 2018, ] ... (2773 counties)
//    z2 <- (b - a)/(sqrt(1 - 2/5) * sqrt(sa^2 + sb^2)); sum(abs(z2) > 1.645) -> 1106
TEST_CASE("render --change --significance on Urban's county incomes matches R, and overlapping ACS periods scale the SE") {
  auto topo = test::sharedData("us-atlas/us-atlas-3.0.1/counties-10m.json");
  auto csv = test::sharedData("mobility-metrics/v2025.01/01_financial-well-being/final/metrics_income_county_all_longitudinal.csv");
  if (!topo || !csv) return;
  const fs::path dir = test::scratchDir("cli-change-significance");
  std::vector<std::string> args = {"render", topo->string(), "--layer", "counties", "--join", csv->string(), "--on", "id=state+county",
                                   "--change", "pctl_income_20", "--years", "2016,2021", "--significance", "0.90",
                                   "--out", (dir / "change.png").string(), "--json"};
  auto r = test::runMobmap(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const json j = json::parse(r.out);
  CHECK(j["significant"] == 1270);
  CHECK(j["not_significant"] == 1497);
  CHECK(j["not_tested"] == 0);
  CHECK(j["se_factor"] == 1.0);
  CHECK(j["uncertainty"] == "pctl_income_20_lb:pctl_income_20_ub");
  CHECK(j["low_quality"] == 985);
  std::size_t inClasses = 0;
  for (const json& c : j["counts"]) inClasses += c.get<std::size_t>();
  CHECK(inClasses == 1270);
  bool neutral = false;
  for (const json& e : j["legend"])
    if (e["kind"] == "not_significant") neutral = e["count"] == 1497 && e["label"] == "Change not significant (90%)";
  CHECK(neutral);
  CHECK(j["method_text"].get<std::string>().find("z = (2021 − 2016) / √(SE_2016² + SE_2021²)") != std::string::npos);
  CHECK(j["class_limits"]["share_crossing"].size() == j["breaks"].size() - 2);
  CHECK(j["geoids"]["only_from"] == 0);
  CHECK(j["geoids"]["only_to"] == 0);

  args.insert(args.end() - 3, "--fdr");
  auto f = test::runMobmap(args);
  REQUIRE(f.exitCode == 0);
  CHECK(json::parse(f.out)["significant"] == 864);

  auto o = test::runMobmap({"render", topo->string(), "--layer", "counties", "--join", csv->string(), "--on", "id=state+county",
                            "--change", "pctl_income_20", "--years", "2018,2021", "--significance", "0.90", "--source",
                            "Urban Institute from ACS 5-year estimates", "--out", (dir / "overlap.png").string(), "--json"});
  INFO(o.err);
  REQUIRE(o.exitCode == 0);
  const json oj = json::parse(o.out);
  CHECK(oj["significant"] == 1106);
  CHECK(oj["se_factor"].get<double>() == Approx(std::sqrt(0.6)).epsilon(1e-12));
  CHECK(o.err.find("C = 2/5, as the Census Bureau's ACS Compass handbook (2008) approximates it") != std::string::npos);

  // No uncertainty for a test: a usage error naming what is missing.
  auto bad = test::runMobmap({"render", topo->string(), "--layer", "counties", "--join", csv->string(), "--on", "id=state+county",
                              "--change", "pctl_income_20", "--years", "2016,2021", "--significance", "0.90", "--moe",
                              "pctl_income_20=no_such_moe", "--out", (dir / "bad.png").string()});
  CHECK(bad.exitCode == 1);
  CHECK(bad.err.find("no_such_moe") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "bad.png"));
}

// Connecticut's 8 counties became 9 planning regions in 2022: a change from 2021 to 2022 names both, warned with
// the counts and GEOIDs (county data is not refused; those areas have no change).
TEST_CASE("render --change names the GEOIDs only one year has: Connecticut 2021 to 2022") {
  auto topo = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  auto csv = test::sharedData("mobility-metrics/v2025.01/01_financial-well-being/final/metrics_income_county_all_longitudinal.csv");
  if (!topo || !csv) return;
  const fs::path dir = test::scratchDir("cli-change-ct");
  auto r = test::runMobmap({"render", topo->string(), "--layer", "counties", "--join", csv->string(), "--on", "id=state+county",
                            "--change", "pctl_income_20", "--years", "2021,2022", "--out", (dir / "ct.png").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const json j = json::parse(r.out);
  CHECK(j["geoids"]["only_from"] == 8);
  CHECK(j["geoids"]["only_to"] == 9);
  CHECK(j["geoids"]["only_from_examples"][0] == "09001");
  CHECK(j["geoids"]["only_to_examples"][0] == "09110");
  CHECK(r.err.find("8 GEOIDs only in 2021 (e.g. 09001, 09003, 09005, 09007, 09009), 9 only in 2022 (e.g. 09110, 09120, 09130, "
                   "09140, 09150)") != std::string::npos);
}

// 2010 tracts (the Census Bureau's 2018 cartographic boundaries of the District of Columbia) against the 2020 tract
// list: a long table whose 2018 rows name the 2010 tracts and whose 2021 rows name the 2020 tracts is refused before
// a change is computed.
// R: t10 <- st_read("us-tracts-cb2018-500k-partial/cb_2018_11_tract_500k.json")$GEOID                  # 179
//    x <- read.csv("us-tract-list-2020/tract-county-crosswalk_2020.csv", colClasses = "character")
//    t20 <- with(x[x$state == "11", ], paste0(state, county, tract))                                   # 206
//    length(setdiff(t10, t20)) -> 25; head(sort(setdiff(t10, t20)), 5) -> 11001000100 11001000701 11001000801 11001000901 11001001001
//    length(setdiff(t20, t10)) -> 52; head(sort(setdiff(t20, t10)), 5) -> 11001000101 11001000102 11001000703 11001000704 11001000803
//    length(intersect(t10, t20)) -> 154
TEST_CASE("render --change detects 2010 vs 2020 tract vintages from the GEOIDs: District of Columbia") {
  auto tracts = test::sharedData("us-tracts-cb2018-500k-partial/cb_2018_11_tract_500k.json");
  auto list = test::sharedData("us-tract-list-2020/tract-county-crosswalk_2020.csv");
  if (!tracts || !list) return;
  const fs::path dir = test::scratchDir("cli-change-vintage");
  GDALAllRegister();
  std::vector<std::string> ids2010, ids2020;
  {
    std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(tracts->c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    for (auto& f : *ds->GetLayer(0)) ids2010.push_back(f->GetFieldAsString("GEOID"));
    std::ifstream in(*list);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line))  // year,state,county,tract
      if (line.rfind("2020,11,", 0) == 0) ids2020.push_back(line.substr(5, 2) + line.substr(8, 3) + line.substr(12, 6));
  }
  REQUIRE(ids2010.size() == 179);
  REQUIRE(ids2020.size() == 206);
  const fs::path csv = dir / "dc_tracts_by_year.csv";
  {
    std::ofstream c(csv);
    c << "year,GEOID,pov,pov_moe\n";
    for (const std::string& id : ids2010) c << "2018," << id << ",20,4\n";
    for (const std::string& id : ids2020) c << "2021," << id << ",18,4\n";
  }
  auto r = test::runMobmap({"render", tracts->string(), "--join", csv.string(), "--on", "GEOID=GEOID", "--change", "pov", "--years",
                            "2018,2021", "--out", (dir / "dc.png").string()});
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("the 2018 and 2021 rows name different census tracts: 25 GEOIDs only in 2018 (e.g. 11001000100, 11001000701, "
                   "11001000801, 11001000901, 11001001001), 52 only in 2021 (e.g. 11001000101, 11001000102, 11001000703, "
                   "11001000704, 11001000803), 154 in both") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "dc.png"));
}
