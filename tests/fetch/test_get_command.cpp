// Integration tests of `mobmap get`: the real binary against a local HTTP server laid out like the public
// sites (Census cartographic boundary files, the Census API, Urban's Mobility Metrics files). Fixtures come
// from ../shared/data when present (Illinois 2018 tracts, the county income and poverty-exposure metrics)
// and are generated otherwise. No test reaches the internet.
#include <catch2/catch.hpp>

#include <cpl_conv.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "fetch/download_cache.h"
#include "core/sha256.h"
#include "io/joined_source.h"
#include "io/project_file.h"
#include "io/source_reader.h"
#include "run_mobmap.h"
#include "test_http_server.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

constexpr const char* kSecret = "k3y-NEVER-STORED-7c1d";

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeAll(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A small generated tract layer (lon/lat squares) for when ../shared/data is absent: 6 tracts in 17031 and
// 3 in 17043, with the cartographic boundary file's fields.
std::string syntheticTractsGeoJson() {
  nlohmann::json fc = {{"type", "FeatureCollection"}, {"features", nlohmann::json::array()}};
  for (int i = 0; i < 9; ++i) {
    std::string county = i < 6 ? "031" : "043";
    char tract[8];
    std::snprintf(tract, sizeof tract, "%06d", 100 + i * 100);
    double x = -87.9 + 0.05 * i, y = 41.8;
    fc["features"].push_back(
        {{"type", "Feature"},
         {"properties", {{"STATEFP", "17"}, {"COUNTYFP", county}, {"TRACTCE", tract}, {"GEOID", "17" + county + tract},
                         {"NAME", std::to_string(1 + i)}, {"ALAND", 1000000}, {"AWATER", 0}}},
         {"geometry", {{"type", "Polygon"}, {"coordinates", {{{x, y}, {x + 0.05, y}, {x + 0.05, y + 0.05}, {x, y + 0.05}, {x, y}}}}}}});
  }
  return fc.dump();
}

struct Fixture {
  fs::path root;                  // what the server serves
  std::set<std::string> cookTracts;  // GEOIDs of 17031 in the served tract file
  std::string povertyTract;       // a tract and its expected pov_rate from the generated ACS values
  double povertyRate = 0;
  std::string missingIncomeTract; // a tract whose median income the API marks as not available
  fs::path neighborhoods;
  bool realData = false;
};

// Zips the files of `dir` into `zip` (flat).
void zipFolder(const fs::path& dir, const fs::path& zip) {
  void* h = CPLCreateZip(zip.c_str(), nullptr);
  REQUIRE(h != nullptr);
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string bytes = readAll(e.path());
    REQUIRE(CPLCreateFileInZip(h, e.path().filename().c_str(), nullptr) == CE_None);
    REQUIRE(CPLWriteFileInZip(h, bytes.data(), int(bytes.size())) == CE_None);
    CPLCloseFileInZip(h);
  }
  CPLCloseZip(h);
}

const Fixture& fixture() {
  static Fixture fx = [] {
    Fixture f;
    GDALAllRegister();
    f.root = test::scratchDir("fetch-get-site");
    fs::path work = test::scratchDir("fetch-get-work");

    // Census cartographic boundary layout: /geo/GENZ2022/shp/cb_2022_17_tract_500k.zip (Cook + DuPage only).
    fs::path source;
    if (auto il = test::sharedData("us-tracts-cb2018-500k-partial/cb_2018_17_tract_500k.json")) {
      source = *il;
      f.realData = true;
    } else {
      source = work / "tracts.geojson";
      writeAll(source, syntheticTractsGeoJson());
    }
    fs::path shpDir = work / "shp";
    fs::create_directories(shpDir);
    {
      GDALDatasetH in = GDALOpenEx(source.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
      REQUIRE(in != nullptr);
      const char* argv[] = {"-f", "ESRI Shapefile", "-where", "COUNTYFP IN ('031','043')", "-nln", "cb_2022_17_tract_500k", nullptr};
      GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
      int usageError = 0;
      GDALDatasetH out = GDALVectorTranslate(shpDir.c_str(), nullptr, 1, &in, opts, &usageError);
      REQUIRE(out != nullptr);
      GDALClose(out);
      GDALVectorTranslateOptionsFree(opts);
      GDALClose(in);
    }
    fs::create_directories(f.root / "geo/GENZ2022/shp");
    zipFolder(shpDir, f.root / "geo/GENZ2022/shp/cb_2022_17_tract_500k.zip");

    // Census API layout: /api/2022/acs/acs5 answers every table's variables (the query is not looked at).
    Layer tracts = io::readLayer(source.string());
    const Column& geoid = tracts.attributes.require("GEOID", "tracts");
    nlohmann::json table = nlohmann::json::array();
    std::vector<std::string> codes = {"B03002_001", "B03002_003", "B03002_004", "B03002_005", "B03002_006", "B03002_007",
                                      "B03002_008", "B03002_009", "B03002_012", "B17001_001", "B17001_002", "B19013_001"};
    nlohmann::json head = {"NAME"};
    for (const std::string& c : codes) head.push_back(c + "E"), head.push_back(c + "M");
    head.push_back("state"), head.push_back("county"), head.push_back("tract");
    table.push_back(head);
    int i = 0;
    for (std::size_t r = 0; r < tracts.featureCount(); ++r) {
      std::string id = geoid.displayText(r);
      if (!id.starts_with("17031")) continue;
      f.cookTracts.insert(id);
      ++i;
      long total = 1500 + (i * 37) % 4000;
      long black = total * ((i * 13) % 90) / 100, hisp = total * ((i * 7) % 40) / 100, asian = total * (i % 9) / 100;
      long white = total - black - hisp - asian;
      long povUniverse = total - (i % 50), povBelow = povUniverse * ((i * 11) % 45) / 100;
      long income = 25000 + (i * 997) % 120000;
      std::vector<long> est = {total, white, black, 0, asian, 0, 0, 0, hisp, povUniverse, povBelow, income};
      nlohmann::json row = {"Census Tract " + id.substr(5) + "; Cook County; Illinois"};
      for (std::size_t k = 0; k < est.size(); ++k) {
        bool noIncome = i == 1 && k == 11;
        row.push_back(noIncome ? "-666666666" : std::to_string(est[k]));
        row.push_back(noIncome ? "-222222222" : std::to_string(long(10 + 4 * std::sqrt(double(est[k])))));
      }
      row.push_back("17"), row.push_back("031"), row.push_back(id.substr(5));
      table.push_back(row);
      if (i == 1) f.missingIncomeTract = id;
      if (i == 2) {
        f.povertyTract = id;
        f.povertyRate = 100.0 * double(povBelow) / double(povUniverse);
      }
    }
    writeAll(f.root / "api/2022/acs/acs5", table.dump());

    // Urban's GitHub layout: /urban/11_..._county_longitudinal.csv and /urban/12_..._race-ethnicity_... .
    auto keepStates = [](const fs::path& file) {  // header + rows of Illinois and Indiana, to keep the fixture small
      std::istringstream in(readAll(file));
      std::string line, out;
      std::getline(in, line);
      out = line + "\n";
      while (std::getline(in, line))
        if (line.find(",17,") != std::string::npos || line.find(",18,") != std::string::npos) out += line + "\n";
      return out;
    };
    auto income = test::sharedData("mobility-metrics/v2025.01/01_financial-well-being/final/metrics_income_county_all_longitudinal.csv");
    auto exposure = test::sharedData("mobility-metrics/v2025.01/06_neighborhoods/poverty-exposure/final/poverty-exposure_race-ethnicity_county.csv");
    writeAll(f.root / "urban/11_mobility-metrics_county_longitudinal.csv",
             income ? keepStates(*income)
                    : "year,state,county,pctl_income_20,pctl_income_20_quality\n2021,17,031,25000.5,1\n2023,17,031,27000.25,1\n2023,17,043,31000,1\n");
    writeAll(f.root / "urban/12_mobility-metrics_county_race-ethnicity_longitudinal.csv",
             exposure ? keepStates(*exposure)
                      : "year,state,county,subgroup_type,subgroup,share_poverty_exposure,share_poverty_exposure_quality\n"
                        "2023,17,031,all,All,0.2,1\n2023,17,031,race-ethnicity,Black,0.4,1\n2023,17,031,race-ethnicity,Hispanic,NA,NA\n");

    // A neighborhood layer the user points at: two rectangles over the county.
    f.neighborhoods = work / "neighborhoods.geojson";
    writeAll(f.neighborhoods,
             R"({"type":"FeatureCollection","features":[)"
             R"({"type":"Feature","properties":{"name":"North"},"geometry":{"type":"Polygon","coordinates":[[[-88,41.9],[-87.5,41.9],[-87.5,42.1],[-88,42.1],[-88,41.9]]]}},)"
             R"({"type":"Feature","properties":{"name":"South"},"geometry":{"type":"Polygon","coordinates":[[[-88,41.6],[-87.5,41.6],[-87.5,41.9],[-88,41.9],[-88,41.6]]]}}]})");
    return f;
  }();
  return fx;
}

std::vector<std::string> getArgs(const std::string& base, const fs::path& out, const fs::path& cache, const std::string& year = "2022") {
  return {"get", "--county", "17031", "--year", year, "--out", out.string(), "--cache", cache.string(),
          "--source-url", "census_geo=" + base + "/geo", "--source-url", "census_api=" + base + "/api",
          "--source-url", "urban_mobility=" + base + "/urban", "--retries", "1", "--timeout", "10"};
}

// Every file under `dir` that contains `needle`.
std::vector<std::string> filesContaining(const fs::path& dir, const std::string& needle) {
  std::vector<std::string> hits;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && readAll(e.path()).find(needle) != std::string::npos) hits.push_back(e.path().string());
  return hits;
}

// Opens the project and checks what every test run must produce: the joins match.
void checkProject(const fs::path& projectFile, const Fixture& fx) {
  Project p = io::readProject(projectFile);
  REQUIRE(p.findLayer("tracts"));
  REQUIRE(p.findLayer("county"));
  REQUIRE(p.findView("poverty_rate"));
  REQUIRE(p.joins.size() == 2);
  for (const ProjectJoin& j : p.joins) {
    io::JoinRequest jr{p.findLayer(j.layer)->source.string(), "", p.findTable(j.table)->source.string(), "", j.on, j.where, true, {}};
    io::JoinedLayer joined = io::loadJoined(jr);
    INFO("join " << j.layer << " <- " << j.table << " on " << j.on << " where " << j.where);
    if (j.layer == "tracts") {
      // Expected: every Cook County tract of the served state file, each with one ACS row.
      CHECK(joined.report.matched == fx.cookTracts.size());
      CHECK(joined.report.unmatchedLeft == 0);
      const Column& id = joined.layer.attributes.require("GEOID", "tracts");
      const Column& rate = joined.layer.attributes.require("pov_rate", "tracts");
      const Column& income = joined.layer.attributes.require("median_hh_income", "tracts");
      for (std::size_t r = 0; r < joined.layer.featureCount(); ++r) {
        // Expected: 100 * pov_below / pov_universe from the values the fixture generated for this tract.
        if (id.displayText(r) == fx.povertyTract) CHECK(rate.number(r) == Approx(fx.povertyRate).epsilon(1e-4));
        // Expected: the API's -666666666 "not available" becomes a missing value, not a number.
        if (id.displayText(r) == fx.missingIncomeTract) CHECK(income.isMissing(r));
      }
    } else {
      // Expected: the one county outline finds its Mobility Metrics row for the latest year, subgroup All.
      CHECK(joined.report.matched == 1);
      CHECK(joined.report.duplicateRight == 0);
    }
  }
}

}  // namespace

TEST_CASE("mobmap get builds a project that opens and joins, a re-run with the server stopped uses the cache") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-get-out");
  fs::path out2 = test::scratchDir("fetch-get-out2");
  fs::path cache = test::scratchDir("fetch-get-cache");
  ::setenv("CENSUS_API_KEY", kSecret, 1);
  test::TestHttpServer server(fx.root);
  std::vector<std::string> args = getArgs(server.baseUrl(), out, cache);
  args.push_back("--neighborhoods");
  args.push_back(fx.neighborhoods.string());
  args.push_back("--json");
  test::RunResult r = test::runMobmap(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["tracts"] == fx.cookTracts.size());
  CHECK(j["acs_rows"] == fx.cookTracts.size());
  CHECK(j["mobility_rows"].get<int>() > 0);
  checkProject(out / "project.toml", fx);
  CHECK(io::readProject(out / "project.toml").findLayer("neighborhoods"));
  // GEOIDs are declared strings for GDAL (the .csvt beside the CSV), so leading zeros survive.
  CHECK(readAll(out / "tract_acs.csvt").starts_with("\"String\",\"String\""));

  // The key went to the API (the server saw it) but into no file of the project or the cache.
  bool sent = false;
  for (const std::string& req : server.requests()) sent = sent || req.find(std::string("key=") + kSecret) != std::string::npos;
  CHECK(sent);
  CHECK(filesContaining(out, kSecret).empty());
  CHECK(filesContaining(cache, kSecret).empty());
  CHECK(r.err.find(kSecret) == std::string::npos);

  // Offline: the same request with the server gone is served from the cache.
  server.stop();
  test::RunResult again = test::runMobmap(getArgs(server.baseUrl(), out2, cache));
  INFO(again.err);
  REQUIRE(again.exitCode == 0);
  CHECK(again.err.find("using cached") != std::string::npos);
  checkProject(out2 / "project.toml", fx);
  ::unsetenv("CENSUS_API_KEY");
}

TEST_CASE("mobmap get names the missing file of a 404 and exits 1") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-404-out");
  fs::path cache = test::scratchDir("fetch-404-cache-cli");
  test::TestHttpServer server(fx.root);
  // The fixture has only 2022 files: year 2021's tract file is not on the server.
  test::RunResult r = test::runMobmap(getArgs(server.baseUrl(), out, cache, "2021"));
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("cb_2021_17_tract_500k.zip") != std::string::npos);
  CHECK(r.err.find("404") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "project.toml"));
}

TEST_CASE("mobmap get: a connection dropped mid-file leaves no corrupt cache entry and a retry completes") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-drop-out");
  fs::path cache = test::scratchDir("fetch-drop-cache-cli");
  test::TestHttpServer server(fx.root);
  const std::string path = "/urban/11_mobility-metrics_county_longitudinal.csv";
  server.dropMidFile(path, 1);
  std::vector<std::string> args = getArgs(server.baseUrl(), out, cache);
  args[args.size() - 3] = "0";  // --retries 0
  test::RunResult r = test::runMobmap(args);
  INFO("first run: " << r.err);
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("11_mobility-metrics_county_longitudinal.csv") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "project.toml"));
  const std::string url = server.baseUrl() + path;
  CHECK_FALSE(fetch::DownloadCache(cache).lookup(url).has_value());

  test::RunResult retry = test::runMobmap(getArgs(server.baseUrl(), out, cache));
  INFO(retry.err);
  REQUIRE(retry.exitCode == 0);
  auto entry = fetch::DownloadCache(cache).lookup(url);
  REQUIRE(entry.has_value());
  // Expected: byte-for-byte the file the server holds.
  CHECK(entry->sha256 == mobmap::sha256OfFile(fx.root / path.substr(1)));
  checkProject(out / "project.toml", fx);
}

TEST_CASE("a re-run of mobmap get never overwrites a project.toml the user edited") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-get-edited");
  fs::path cache = test::scratchDir("fetch-get-edited-cache");
  test::TestHttpServer server(fx.root);
  REQUIRE(test::runMobmap(getArgs(server.baseUrl(), out, cache)).exitCode == 0);
  // An unedited project is simply written again.
  test::RunResult same = test::runMobmap(getArgs(server.baseUrl(), out, cache));
  REQUIRE(same.exitCode == 0);
  CHECK_FALSE(fs::exists(out / "project.new.toml"));

  // The user adds a view of their own.
  const std::string edited = readAll(out / "project.toml") +
                             "\n[[view]]\nname = \"my_view\"\nlayer = \"tracts\"\nfield = \"pov_rate\"\ntitle = \"Mine\"\n";
  writeAll(out / "project.toml", edited);
  test::RunResult r = test::runMobmap(getArgs(server.baseUrl(), out, cache, "2022"));
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(readAll(out / "project.toml") == edited);
  CHECK(r.err.find("project.toml was edited") != std::string::npos);
  CHECK(r.err.find("project.new.toml") != std::string::npos);
  checkProject(out / "project.new.toml", fx);
  CHECK(io::readProject(out / "project.toml").findView("my_view"));

  // A hand-made project.toml (no checksum line at all) is kept the same way.
  fs::path handMade = test::scratchDir("fetch-get-handmade");
  writeAll(handMade / "project.toml", "title = \"mine\"\n");
  REQUIRE(test::runMobmap(getArgs(server.baseUrl(), handMade, cache)).exitCode == 0);
  CHECK(readAll(handMade / "project.toml") == "title = \"mine\"\n");
  CHECK(fs::exists(handMade / "project.new.toml"));
}
