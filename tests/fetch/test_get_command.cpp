// Integration tests of `mobmap get`: the real binary against a local HTTP server laid out like the public
// sites (Census cartographic boundary files, the Census API, Urban's Mobility Metrics files). Fixtures come
// from ../shared/data when present (Illinois 2018 tracts, the county income and poverty-exposure metrics)
// and are generated otherwise. No test reaches the internet.
#include <catch2/catch.hpp>

#include <cpl_conv.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "fetch/csv_text.h"
#include "fetch/download_cache.h"
#include "core/sha256.h"
#include "io/joined_source.h"
#include "io/project_file.h"
#include "io/source_reader.h"
#include "../gui/live_viewer.h"
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
// 3 in 17043 (side by side, so the two counties touch), with the cartographic boundary file's fields.
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

// The Census API's variables of the catalog's tables (geodata/sources.toml), in its order.
const std::vector<std::string> kAcsCodes = {"B03002_001", "B03002_003", "B03002_004", "B03002_005", "B03002_006", "B03002_007",
                                            "B03002_008", "B03002_009", "B03002_012", "B17001_001", "B17001_002", "B19013_001"};

// The Census API's "Invalid Key" page, as api.census.gov serves it (HTTP 200, text/html, after a redirect to
// /data/invalid_key.html): its text as quoted in censusdis issue 319 and getcensus issue 56.
const char* kInvalidKeyPage =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Invalid Key</title>\n</head>\n<body>\n"
    "<div class=\"flex-container content\">\n    <div class=\"content-wrap center\">\n        <h1>Invalid Key</h1>\n"
    "        <p>\n            A valid <em>key</em> must be included with each data API request.\n"
    "            You included a key with this request, however, it is not valid.\n            Please check your key and try again.\n"
    "        </p>\n        <p>\n            If you do not have a key you may sign up for one <a href=\"key_signup.html\">here</a>.\n"
    "        </p>\n    </div>\n</div>\n</body>\n</html>\n";

// A network's sign-in page, served with 200 in place of every file (hotel and office Wi-Fi do this).
const char* kLoginPage =
    "<!DOCTYPE html><html><head><title>Guest Wi-Fi sign in</title></head><body><form action=\"/login\">"
    "<input name=\"room\"><button>Connect</button></form></body></html>";

constexpr const char* kRejectedKey = "rejected-key-0000000000000000000000000000";

struct Fixture {
  fs::path root;                  // what the server serves
  std::set<std::string> cookTracts;  // GEOIDs of 17031 in the served tract file
  std::set<std::string> counties; // 5-digit counties in the served tract file
  std::string povertyTract;       // a tract and its expected pov_rate from the generated ACS values
  double povertyRate = 0;
  std::string missingIncomeTract; // a tract whose median income the API marks as not available (-666666666)
  std::string topCodedTract;      // a tract whose median income is top-coded (250001, MOE -333333333)
  std::string controlledTract;    // a tract whose total population MOE is -555555555 (controlled)
  std::string noMoeTract;         // a tract whose people-in-poverty MOE is -222222222 (not computed)
  std::map<std::string, std::map<std::string, std::string>> acs;  // GEOID -> API variable -> value (strings)
  std::map<std::string, std::string> tractName;                   // GEOID -> "Census Tract 8391.01"
  std::set<std::string> mmCounties;  // every county of the served Mobility Metrics files
  std::set<std::string> mmPlaces;    // every city of the served place files
  // The mirror's total populations (made up, different each year) for the ACS periods ending 2015-2022; the
  // period ending 2014 is not served.
  static constexpr int kFirstPopulationYear = 2015;
  static long countyPopulation(const std::string& id, int periodEnd) { return 10000 + 1000 * ((std::stol(id) + 13 * (periodEnd - 2000)) % 97); }
  static long placePopulation(const std::string& id, int periodEnd) { return 50000 + 1000 * ((std::stol(id) + 7 * (periodEnd - 2000)) % 89); }
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

// Urban's quality flag as the release's combined files spell it (Strong/Marginal/Weak; see SOURCE.md).
std::string qualityWord(const std::string& v) {
  if (v == "1") return "Strong";
  if (v == "2") return "Marginal";
  if (v == "3") return "Weak";
  return v;
}

// Urban's per-metric county files (../shared/data, quality 1/2/3) for Illinois and Indiana, combined by
// year x county x subgroup the way the release's combined files are (data/11_..., data/12_...): keys, then
// state_name and county_name, then the metrics with their quality flags as words, NA for missing.
std::string combinedCountyFile(const std::vector<fs::path>& files, bool subgroups, const fs::path& names) {
  std::map<std::string, std::pair<std::string, std::string>> countyName;  // 5 digits -> (state name, county name)
  {
    std::istringstream in(readAll(names));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      // 01001,"Autauga County, Alabama","Autauga County, Alabama"
      std::string fips = line.substr(0, 5);
      std::size_t q1 = line.find('"'), comma = line.find(", ", q1), q2 = line.find('"', q1 + 1);
      if (q1 == std::string::npos || comma == std::string::npos || q2 == std::string::npos) continue;
      countyName[fips] = {line.substr(comma + 2, q2 - comma - 2), line.substr(q1 + 1, comma - q1 - 1)};
    }
  }
  std::vector<std::string> header = {"year", "state", "county", "state_name", "county_name"};
  if (subgroups) header.insert(header.end(), {"subgroup_type", "subgroup"});
  std::map<std::string, std::size_t> index;
  std::map<std::vector<std::string>, std::map<std::string, std::string>> rows;
  for (const fs::path& f : files) {
    std::istringstream in(readAll(f));
    std::string line;
    std::getline(in, line);
    std::vector<std::string> cols;
    {
      std::stringstream hs(line);
      std::string c;
      while (std::getline(hs, c, ',')) cols.push_back(c);
    }
    for (const std::string& c : cols)
      if (std::find(header.begin(), header.end(), c) == header.end()) header.push_back(c);
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::vector<std::string> v;
      std::stringstream ls(line);
      std::string c;
      while (std::getline(ls, c, ',')) v.push_back(c);
      if (v.size() < 3 || (v[1] != "17" && v[1] != "18")) continue;
      std::map<std::string, std::string> cell;
      for (std::size_t i = 0; i < cols.size() && i < v.size(); ++i) cell[cols[i]] = cols[i].ends_with("_quality") ? qualityWord(v[i]) : v[i];
      std::vector<std::string> key = {v[0], v[1], v[2]};
      if (subgroups) key.insert(key.end(), {cell["subgroup_type"], cell["subgroup"]});
      auto& row = rows[key];
      for (auto& [k, val] : cell) row[k] = val;
      auto nm = countyName.find(v[1] + v[2]);
      row["state_name"] = nm == countyName.end() ? "NA" : nm->second.first;
      row["county_name"] = nm == countyName.end() ? "NA" : nm->second.second;
    }
  }
  auto field = [](const std::string& v) { return v.find(',') != std::string::npos ? "\"" + v + "\"" : v; };
  std::string out;
  for (std::size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + header[i];
  out += "\n";
  for (auto& [key, row] : rows) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      auto it = row.find(header[i]);
      out += (i ? "," : "") + field(it == row.end() || it->second.empty() ? "NA" : it->second);
    }
    out += "\n";
  }
  return out;
}

// The Census API's answer to `query` (get=NAME,B17001_001E,...&for=tract:*&in=state:17&in=county:031&key=...)
// from the fixture's values: a JSON array of rows of strings, header first, the geography columns last; HTTP 400
// "error: unknown variable" for a variable it does not know, as api.census.gov answers. `dropped` variables are
// left out of a 200 answer (a mirror with a stale table).
mobmap::test::TestResponse censusApiAnswer(const Fixture& fx, int year, const std::string& query, const std::set<std::string>& dropped,
                                           bool requireKey = false) {
  std::map<std::string, std::vector<std::string>> params;
  std::stringstream qs(query);
  std::string part;
  while (std::getline(qs, part, '&')) {
    std::size_t eq = part.find('=');
    if (eq != std::string::npos) params[part.substr(0, eq)].push_back(part.substr(eq + 1));
  }
  if (params.count("key") && params["key"][0] == kRejectedKey)
    return {302, "Found", {{"Location", "/api/data/invalid_key.html"}}, ""};
  // Since May 2026 the API redirects a request without a key to its missing-key page (npr99/intersect-community-data
  // pull request 135 describes the 302 and the HTML page served with 200).
  if (requireKey && !params.count("key")) return {302, "Found", {{"Location", "/api/data/missing_key.html"}}, ""};
  if (params["for"] == std::vector<std::string>{"place:*"} && !params.count("in")) {
    nlohmann::json table = nlohmann::json::array({nlohmann::json::array({"NAME", "B01003_001E", "state", "place"})});
    for (const std::string& id : fx.mmPlaces)
      table.push_back({"Place " + id, std::to_string(Fixture::placePopulation(id, year)), id.substr(0, 2), id.substr(2)});
    return {200, "OK", {{"Content-Type", "application/json;charset=utf-8"}}, table.dump()};
  }
  if (params["for"] == std::vector<std::string>{"county:*"} && !params.count("in")) {
    // Every county's total population (B01003_001E), for the benchmarks' weights.
    if (params["get"] != std::vector<std::string>{"NAME,B01003_001E"})
      return {400, "Bad Request", {{"Content-Type", "text/plain"}}, "error: unknown variable in '" + params["get"][0] + "'"};
    nlohmann::json table = nlohmann::json::array({nlohmann::json::array({"NAME", "B01003_001E", "state", "county"})});
    for (const std::string& id : fx.mmCounties)
      table.push_back({"County " + id + ", State " + id.substr(0, 2), std::to_string(Fixture::countyPopulation(id, year)), id.substr(0, 2),
                       id.substr(2)});
    return {200, "OK", {{"Content-Type", "application/json;charset=utf-8"}}, table.dump()};
  }
  if (year != 2022)  // the fixture's tract tables are the 2018-2022 period's
    return {404, "Not Found", {{"Content-Type", "text/plain"}}, "error: unknown/unsupported geography hierarchy"};
  std::vector<std::string> get;
  {
    std::stringstream gs(params["get"].empty() ? "" : params["get"][0]);
    while (std::getline(gs, part, ',')) get.push_back(part);
  }
  std::string county;
  for (const std::string& in : params["in"])
    if (in.rfind("county:", 0) == 0) county = in.substr(7);
  for (const std::string& g : get) {
    if (g == "NAME") continue;
    bool known = false;
    for (const std::string& c : kAcsCodes) known = known || g == c + "E" || g == c + "M";
    if (!known) return {400, "Bad Request", {{"Content-Type", "text/plain"}}, "error: unknown variable '" + g + "'"};
  }
  nlohmann::json table = nlohmann::json::array();
  nlohmann::json head = nlohmann::json::array();
  for (const std::string& g : get)
    if (!dropped.count(g)) head.push_back(g);
  head.push_back("state"), head.push_back("county"), head.push_back("tract");
  table.push_back(head);
  for (const auto& [id, values] : fx.acs) {
    if (county != "*" && id.substr(2, 3) != county) continue;
    nlohmann::json row = nlohmann::json::array();
    for (const std::string& g : get) {
      if (dropped.count(g)) continue;
      row.push_back(g == "NAME" ? fx.tractName.at(id) + "; " + (id.substr(2, 3) == "031" ? "Cook" : "Other") + " County; Illinois" : values.at(g));
    }
    row.push_back(id.substr(0, 2)), row.push_back(id.substr(2, 3)), row.push_back(id.substr(5));
    table.push_back(row);
  }
  return {200, "OK", {{"Content-Type", "application/json;charset=utf-8"}}, table.dump()};
}

const Fixture& fixture() {
  static Fixture fx = [] {
    Fixture f;
    GDALAllRegister();
    f.root = test::scratchDir("fetch-get-site");
    fs::path work = test::scratchDir("fetch-get-work");

    // Census cartographic boundary layout: /geo/GENZ2022/shp/cb_2022_17_tract_500k.zip, a zipped shapefile with
    // its .cpg and the two ISO metadata files the Bureau ships beside it. Real data: Cook and the five counties
    // around it in Illinois (Lake, McHenry, Kane, DuPage, Will).
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
      const char* argv[] = {"-f", "ESRI Shapefile", "-where", "COUNTYFP IN ('031','043','089','097','111','197')",
                            "-nln", "cb_2022_17_tract_500k", "-lco", "ENCODING=UTF-8", nullptr};
      GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
      int usageError = 0;
      GDALDatasetH out = GDALVectorTranslate(shpDir.c_str(), nullptr, 1, &in, opts, &usageError);
      REQUIRE(out != nullptr);
      GDALClose(out);
      GDALVectorTranslateOptionsFree(opts);
      GDALClose(in);
    }
    for (const char* meta : {"cb_2022_17_tract_500k.shp.ea.iso.xml", "cb_2022_17_tract_500k.shp.iso.xml"})
      writeAll(shpDir / meta, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gmi:MI_Metadata xmlns:gmi=\"http://www.isotc211.org/2005/gmi\">"
                              "<!-- 2022 Cartographic Boundary File, Current Census Tract for Illinois, 1:500,000 --></gmi:MI_Metadata>\n");
    fs::create_directories(f.root / "geo/GENZ2022/shp");
    zipFolder(shpDir, f.root / "geo/GENZ2022/shp/cb_2022_17_tract_500k.zip");

    // The nation's county file as the Bureau publishes it (/geo/GENZ2022/shp/cb_2022_us_county_500k.zip, NAD83,
    // with the 2022 file's fields). Geometry: us-atlas's counties of Illinois and the states around it (real
    // outlines, a coarser generalisation than the Bureau's 1:500,000), where Lake County, Indiana (18089) touches
    // Cook County across the state line; without ../shared/data, boxes in the same relation.
    {
      fs::path countyDir = work / "county-shp";
      fs::create_directories(countyDir);
      const char* states = "CASE substr(id,1,2) WHEN '17' THEN '%s' WHEN '18' THEN '%s' WHEN '19' THEN '%s' WHEN '21' THEN '%s' "
                           "WHEN '29' THEN '%s' ELSE '%s' END";
      auto stateCase = [&](const char* il, const char* in, const char* ia, const char* ky, const char* mo, const char* wi) {
        char buf[512];
        std::snprintf(buf, sizeof buf, states, il, in, ia, ky, mo, wi);
        return std::string(buf);
      };
      std::string sql = "SELECT substr(id,1,2) AS STATEFP, substr(id,3,3) AS COUNTYFP, '00000000' AS COUNTYNS, "
                        "'0500000US' || id AS AFFGEOID, id AS GEOID, name AS NAME, name || ' County' AS NAMELSAD, " +
                        stateCase("IL", "IN", "IA", "KY", "MO", "WI") + " AS STUSPS, " +
                        stateCase("Illinois", "Indiana", "Iowa", "Kentucky", "Missouri", "Wisconsin") +
                        " AS STATE_NAME, '06' AS LSAD, 0 AS ALAND, 0 AS AWATER, geometry FROM counties "
                        "WHERE substr(id,1,2) IN ('17','18','19','21','29','55')";
      fs::path countySource;
      if (auto atlas = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json")) {
        countySource = *atlas;
      } else {
        nlohmann::json fc = {{"type", "FeatureCollection"}, {"features", nlohmann::json::array()}};
        struct C { const char* id; const char* name; double x0, y0, x1, y1; };
        for (const C& c : {C{"17031", "Cook", -87.9, 41.8, -87.6, 41.85}, C{"17043", "DuPage", -87.6, 41.8, -87.45, 41.85},
                           C{"18089", "Lake", -87.9, 41.75, -87.6, 41.8}, C{"18127", "Porter", -87.6, 41.6, -87.45, 41.7}})
          fc["features"].push_back({{"type", "Feature"},
                                    {"properties", {{"id", c.id}, {"name", c.name}}},
                                    {"geometry", {{"type", "Polygon"}, {"coordinates", {{{c.x0, c.y0}, {c.x1, c.y0}, {c.x1, c.y1}, {c.x0, c.y1}, {c.x0, c.y0}}}}}}});
        countySource = work / "counties.geojson";  // GDAL names its layer "counties" after the file
        writeAll(countySource, fc.dump());
      }
      GDALDatasetH in = GDALOpenEx(countySource.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
      REQUIRE(in != nullptr);
      const char* argv[] = {"-f", "ESRI Shapefile", "-dialect", "SQLite", "-sql", sql.c_str(), "-a_srs", "EPSG:4269",
                            "-nln", "cb_2022_us_county_500k", "-lco", "ENCODING=UTF-8", nullptr};
      GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
      int usageError = 0;
      GDALDatasetH outDs = GDALVectorTranslate(countyDir.c_str(), nullptr, 1, &in, opts, &usageError);
      REQUIRE(outDs != nullptr);
      GDALClose(outDs);
      GDALVectorTranslateOptionsFree(opts);
      GDALClose(in);
      zipFolder(countyDir, f.root / "geo/GENZ2022/shp/cb_2022_us_county_500k.zip");
    }

    // The values the Census API mirror answers with (strings, annotation values as the API writes them).
    Layer tracts = io::readLayer(source.string());
    const Column& geoid = tracts.attributes.require("GEOID", "tracts");
    const Column& countyFp = tracts.attributes.require("COUNTYFP", "tracts");
    const Column& name = tracts.attributes.require("NAME", "tracts");
    int i = 0;
    for (std::size_t r = 0; r < tracts.featureCount(); ++r) {
      std::string c = countyFp.displayText(r);
      if (c != "031" && c != "043" && c != "089" && c != "097" && c != "111" && c != "197") continue;
      std::string id = geoid.displayText(r);
      f.counties.insert(id.substr(0, 5));
      f.tractName[id] = "Census Tract " + name.displayText(r);
      ++i;
      long total = 1500 + (i * 37) % 4000;
      long black = total * ((i * 13) % 90) / 100, hisp = total * ((i * 7) % 40) / 100, asian = total * (i % 9) / 100;
      long white = total - black - hisp - asian;
      long povUniverse = total - (i % 50), povBelow = povUniverse * ((i * 11) % 45) / 100;
      long income = 25000 + (i * 997) % 120000;
      std::vector<long> est = {total, white, black, 0, asian, 0, 0, 0, hisp, povUniverse, povBelow, income};
      const bool cook = id.starts_with("17031");
      if (cook) f.cookTracts.insert(id);
      const std::size_t nCook = f.cookTracts.size();
      for (std::size_t k = 0; k < est.size(); ++k) {
        std::string e = std::to_string(est[k]), m = std::to_string(long(10 + 4 * std::sqrt(double(est[k]))));
        if (cook && nCook == 1 && k == 11) e = "-666666666", m = "-222222222";  // no estimate, MOE not computed
        if (cook && nCook == 3 && k == 11) e = "250001", m = "-333333333";      // top-coded median, open-ended MOE
        if (cook && nCook == 4 && k == 0) m = "-555555555";                     // controlled: no sampling error
        if (cook && nCook == 5 && k == 10) m = "-222222222";                    // people in poverty: MOE not computed
        f.acs[id][kAcsCodes[k] + "E"] = e;
        f.acs[id][kAcsCodes[k] + "M"] = m;
      }
      if (cook && nCook == 1) f.missingIncomeTract = id;
      if (cook && nCook == 2) {
        f.povertyTract = id;
        f.povertyRate = 100.0 * double(povBelow) / double(povUniverse);
      }
      if (cook && nCook == 3) f.topCodedTract = id;
      if (cook && nCook == 4) f.controlledTract = id;
      if (cook && nCook == 5) f.noMoeTract = id;
    }
    fs::create_directories(f.root / "api/data");
    writeAll(f.root / "api/data/invalid_key.html", kInvalidKeyPage);
    writeAll(f.root / "api/data/missing_key.html",
             "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>Missing Key</title>\n</head>\n<body>\n<h1>Missing Key</h1>\n"
             "<p>A valid <em>key</em> must be included with each data API request. You did not include a key with this request.</p>\n"
             "</body>\n</html>\n");

    // Urban's GitHub layout: /urban/11_..._county_longitudinal.csv and /urban/12_..._race-ethnicity_..., in the
    // combined files' form, made from the per-metric files of ../shared/data.
    const std::string mm = "mobility-metrics/v2025.01/";
    auto income = test::sharedData(mm + "01_financial-well-being/final/metrics_income_county_all_longitudinal.csv");
    auto employment = test::sharedData(mm + "09_employment/data/final/metrics_employment_county_all_longitudinal.csv");
    auto exposure = test::sharedData(mm + "06_neighborhoods/poverty-exposure/final/poverty-exposure_county.csv");
    auto exposureRace = test::sharedData(mm + "06_neighborhoods/poverty-exposure/final/poverty-exposure_race-ethnicity_county.csv");
    auto names = test::sharedData(mm + "geographic-crosswalks/data/names-to-fips_county.csv");
    writeAll(f.root / "urban/11_mobility-metrics_county_longitudinal.csv",
             income && employment && exposure && names
                 ? combinedCountyFile({*income, *employment, *exposure}, false, *names)
                 : "year,state,county,state_name,county_name,pctl_income_20,pctl_income_20_lb,pctl_income_20_ub,pctl_income_20_quality\n"
                   "2021,17,031,Illinois,Cook County,25000.5,24000,26000,Strong\n2023,17,031,Illinois,Cook County,27000.25,26000,28000,Strong\n"
                   "2023,17,043,Illinois,DuPage County,31000,30000,32000,Marginal\n");
    writeAll(f.root / "urban/12_mobility-metrics_county_race-ethnicity_longitudinal.csv",
             exposureRace && names
                 ? combinedCountyFile({*exposureRace}, true, *names)
                 : "year,state,county,state_name,county_name,subgroup_type,subgroup,share_poverty_exposure,share_poverty_exposure_quality\n"
                   "2023,17,031,Illinois,Cook County,all,All,0.2,Strong\n2023,17,031,Illinois,Cook County,race-ethnicity,Black,0.4,Strong\n"
                   "2023,17,031,Illinois,Cook County,race-ethnicity,Hispanic,NA,NA\n");

    // The counties the API's total populations cover: those of the served Mobility Metrics files.
    for (const char* file : {"urban/11_mobility-metrics_county_longitudinal.csv", "urban/12_mobility-metrics_county_race-ethnicity_longitudinal.csv"}) {
      fetch::CsvText csv = fetch::readCsvFile(f.root / file);
      for (const auto& row : csv.rows) f.mmCounties.insert(row[1] + row[2]);
    }

    // The city layout: /geo/GENZ2022/shp/cb_2022_17_place_500k.zip with the place file's fields (boxes standing in
    // for the outlines: part of Chicago, Evanston and Cicero, which are in the Mobility Metrics release, and
    // Oak Park, which is not), and Urban's combined place files 63_ and 64_ (real, from ../shared/data).
    {
      nlohmann::json fc = {{"type", "FeatureCollection"}, {"features", nlohmann::json::array()}};
      struct P { const char* fp; const char* name; double x0, y0, x1, y1; };
      for (const P& pl : {P{"14000", "Chicago", -87.71, 41.70, -87.50, 42.00}, P{"24582", "Evanston", -87.73, 42.02, -87.66, 42.07},
                          P{"14351", "Cicero", -87.78, 41.83, -87.74, 41.86}, P{"54885", "Oak Park", -87.81, 41.87, -87.77, 41.90}})
        fc["features"].push_back(
            {{"type", "Feature"},
             {"properties", {{"STATEFP", "17"}, {"PLACEFP", pl.fp}, {"PLACENS", "00000000"}, {"AFFGEOID", std::string("1600000US17") + pl.fp},
                             {"GEOID", std::string("17") + pl.fp}, {"NAME", pl.name}, {"NAMELSAD", std::string(pl.name) + " city"},
                             {"LSAD", "25"}, {"ALAND", 1000000}, {"AWATER", 0}}},
             {"geometry", {{"type", "Polygon"}, {"coordinates", {{{pl.x0, pl.y0}, {pl.x1, pl.y0}, {pl.x1, pl.y1}, {pl.x0, pl.y1}, {pl.x0, pl.y0}}}}}}});
      writeAll(work / "places.geojson", fc.dump());
      fs::path placeDir = work / "place-shp";
      fs::create_directories(placeDir);
      GDALDatasetH in = GDALOpenEx((work / "places.geojson").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
      REQUIRE(in != nullptr);
      const char* argv[] = {"-f", "ESRI Shapefile", "-nln", "cb_2022_17_place_500k", "-lco", "ENCODING=UTF-8", nullptr};
      GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
      int usageError = 0;
      GDALDatasetH outDs = GDALVectorTranslate(placeDir.c_str(), nullptr, 1, &in, opts, &usageError);
      REQUIRE(outDs != nullptr);
      GDALClose(outDs);
      GDALVectorTranslateOptionsFree(opts);
      GDALClose(in);
      zipFolder(placeDir, f.root / "geo/GENZ2022/shp/cb_2022_17_place_500k.zip");
    }
    auto raceShare = test::sharedData(mm + "data/63_mobility-metrics_place_race-share_longitudinal.csv");
    auto incomeGroups = test::sharedData(mm + "data/64_mobility-metrics_place_income_longitudinal.csv");
    writeAll(f.root / "urban/64_mobility-metrics_place_income_longitudinal.csv",
             incomeGroups ? readAll(*incomeGroups)
                          : "year,state,place,state_name,place_name,subgroup,subgroup_type,share_in_preschool,share_in_preschool_lb,"
                            "share_in_preschool_ub,share_in_preschool_quality\n"
                            "2021,17,14000,Illinois,Chicago city,All,all,0.45,0.42,0.48,Strong\n"
                            "2021,17,24582,Illinois,Evanston city,All,all,0.61,0.52,0.70,Marginal\n"
                            "2021,17,14351,Illinois,Cicero town,All,all,0.38,0.30,0.46,Weak\n");
    writeAll(f.root / "urban/63_mobility-metrics_place_race-share_longitudinal.csv",
             raceShare ? readAll(*raceShare)
                       : "year,state,place,state_name,place_name,subgroup,subgroup_type,index_air_hazard,index_air_hazard_quality\n"
                         "2019,17,14000,Illinois,Chicago city,All,all,90,Strong\n");
    for (const char* file : {"urban/63_mobility-metrics_place_race-share_longitudinal.csv", "urban/64_mobility-metrics_place_income_longitudinal.csv"}) {
      fetch::CsvText csv = fetch::readCsvFile(f.root / file);
      for (const auto& row : csv.rows) f.mmPlaces.insert(row[1] + row[2]);
    }

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

// The mirror: files under the fixture's root, the Census API answered from the fixture's values.
struct Mirror {
  explicit Mirror(const Fixture& fx, std::set<std::string> dropped = {}, bool requireKey = false)
      : server(fx.root), m_dropped(std::move(dropped)), m_requireKey(requireKey) {
    // The 2022 tables; the total populations of the earlier periods too, from 2015 on.
    for (int year = Fixture::kFirstPopulationYear; year <= 2022; ++year)
      server.handle("/api/" + std::to_string(year) + "/acs/acs5", [&fx, year, this](const std::string&, const std::string& query) {
        return std::optional<mobmap::test::TestResponse>(censusApiAnswer(fx, year, query, m_dropped, m_requireKey));
      });
  }
  mobmap::test::TestHttpServer server;

 private:
  std::set<std::string> m_dropped;
  bool m_requireKey = false;
};

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
  REQUIRE(p.joins.size() == 3);
  for (const ProjectJoin& j : p.joins) {
    io::JoinRequest jr{p.findLayer(j.layer)->source.string(), "", p.findTable(j.table)->source.string(), "", j.on, j.where, true, {}, {}};
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
    } else if (j.layer == "county") {
      // Expected: the one county outline finds its Mobility Metrics row for the latest year, subgroup All.
      CHECK(joined.report.matched == 1);
      CHECK(joined.report.duplicateRight == 0);
    } else {
      // Expected: every county of the served state file (the comparison places) and Lake County, Indiana (Cook's
      // neighbour across the state line) finds Mobility Metrics rows where the served files have them.
      CHECK(j.layer == "state_counties");
      std::set<std::string> drawn = fx.counties;
      drawn.insert("18089");
      std::size_t withRows = 0;
      for (const std::string& id : drawn) withRows += fx.mmCounties.count(id);
      CHECK(joined.report.matched == withRows);
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
  Mirror mirror(fx);
  test::TestHttpServer& server = mirror.server;
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

  // The project knows itself: the current format, the vintage of every layer and table, legend titles from the
  // sources file, and a count (people below the poverty line) drawn as dots, not as a choropleth.
  Project p = io::readProject(out / "project.toml");
  CHECK(p.formatVersion == Project::kFormatVersion);
  CHECK(p.dataVintage.find("ACS 2018-2022 5-year estimates") != std::string::npos);
  CHECK(p.dataVintage.find("release v2025.01") != std::string::npos);
  for (const ProjectLayer& l : p.layers)
    if (l.name != "neighborhoods") CHECK_FALSE(l.vintage.empty());
  for (const ProjectTable& t : p.tables) CHECK_FALSE(t.vintage.empty());
  CHECK(p.findTable("tract_acs")->vintage == "ACS 2018-2022 5-year estimates");
  CHECK(p.findView("poverty_rate")->legendTitle == "People below the poverty line (% of those whose poverty status is known)");
  CHECK(p.findView("people_in_poverty")->map == "dot_density");
  // The tract poverty rate against the county's own: expected, the sum of the served Cook tracts' B17001_002E
  // over the sum of their B17001_001E.
  {
    double below = 0, universe = 0;
    for (const std::string& id : fx.cookTracts) {
      below += std::stod(fx.acs.at(id).at("B17001_002E"));
      universe += std::stod(fx.acs.at(id).at("B17001_001E"));
    }
    const ProjectView* vs = p.findView("poverty_rate_vs_county");
    REQUIRE(vs);
    CHECK(vs->style == "diverging");
    CHECK(std::stod(vs->reference) == Approx(100 * below / universe).epsilon(1e-4));
  }
  for (const ProjectView& v : p.views)
    if (v.map.empty() && v.per.empty()) CHECK((v.field.find("pov_below") == std::string::npos && v.field != "total_pop"));

  // The Mobility Metrics in context: the state's counties with the neighbours marked, and a view of each metric
  // the county has a value for, over all of them, the county outlined.
  Layer counties = io::readLayer((out / "state_counties.gpkg").string());
  CHECK(counties.featureCount() == fx.counties.size() + 1);
  std::map<std::string, std::string> role;
  for (std::size_t r = 0; r < counties.featureCount(); ++r)
    role[counties.attributes.require("GEOID", "c").displayText(r)] = counties.attributes.require("role", "c").displayText(r);
  CHECK(role["17031"] == "home");
  // Expected: the Census Bureau's county adjacency file lists DuPage, Kane, Lake, McHenry and Will (17043, 17089,
  // 17097, 17111, 17197) beside Cook (17031) in Illinois; the synthetic fixture has DuPage beside it.
  for (const std::string& c : fx.counties)
    if (c != "17031") CHECK(role[c] == "neighbour");
  // Across the state line: the adjacency file lists Lake County, Indiana (18089) beside Cook, and no other
  // county of another state; it is drawn with Illinois's counties, from the nation's county file.
  CHECK(role["18089"] == "neighbour");
  for (const auto& [id, r] : role) CHECK((id.starts_with("17") || id == "18089"));
  CHECK(p.findLayer("state_counties")->description.find("and the neighbouring county in Indiana") != std::string::npos);
  REQUIRE(j["metric_views"].size() >= 1);
  for (const auto& name : j["metric_views"]) {
    const ProjectView* v = p.findView(name.get<std::string>());
    REQUIRE(v);
    CHECK(v->layer == "state_counties");
    CHECK(v->subgroup == "All");
    CHECK(v->year.has_value());
    CHECK(v->overlays == std::vector<std::string>{"county"});
  }
  CHECK(p.findLayer("county")->lineWidthPt.has_value());
  if (fx.realData) {
    // Expected: the five metrics of the three per-metric files served (income 20/50/80th percentiles,
    // employment, poverty exposure), each with Cook County values in 2023.
    CHECK(j["metric_views"] == nlohmann::json({"mm_pctl_income_20", "mm_pctl_income_50", "mm_pctl_income_80", "mm_share_employed",
                                               "mm_share_poverty_exposure"}));
    CHECK(p.findView("mm_share_employed")->year == 2023);
    // A metric view drawn: every county of the state file with a value, several distinct ones.
    test::RunResult render = test::runMobmap({"render", (out / "project.toml").string(), "--view", "mm_share_employed", "--out",
                                              (out / "mm.png").string(), "--json"});
    INFO(render.err);
    REQUIRE(render.exitCode == 0);
    nlohmann::json rj = nlohmann::json::parse(render.out);
    CHECK(rj["areas_drawn"] == fx.counties.size() + 1);
    CHECK(rj["missing"] == 0);
    CHECK(rj["counts"].size() >= 3);
  }
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
  Mirror mirror(fx);
  test::TestHttpServer& server = mirror.server;
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
  Mirror mirror(fx);
  test::TestHttpServer& server = mirror.server;
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
  Mirror mirror(fx);
  test::TestHttpServer& server = mirror.server;
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

namespace {

// Every regular file under `dir` with its bytes, by path relative to `dir`.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = readAll(e.path());
  return files;
}

// Names beside `dir` that a run left behind (its staging folders: ".<name>.get-...").
std::vector<std::string> leftoversBeside(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir.parent_path()))
    if (e.path().filename().string().starts_with("." + dir.filename().string() + ".get-")) out.push_back(e.path().string());
  return out;
}

// Complete cache entries (sidecars) whose URL contains `needle`.
int cachedEntries(const fs::path& cache, const std::string& needle) {
  int n = 0;
  if (!fs::exists(cache)) return 0;
  for (const auto& e : fs::directory_iterator(cache))
    if (e.path().string().ends_with(".sidecar.json") && readAll(e.path()).find(needle) != std::string::npos) ++n;
  return n;
}

}  // namespace

TEST_CASE("mobmap get: an HTML sign-in page served with 200 is named with its URL and not cached") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-login-out");
  fs::path cache = test::scratchDir("fetch-login-cache");
  Mirror mirror(fx);
  // A network that answers every address with its sign-in page, status 200.
  mirror.server.handle("/geo/", [](const std::string&, const std::string&) {
    return std::optional<test::TestResponse>(test::TestResponse{200, "OK", {{"Content-Type", "text/html"}}, kLoginPage});
  });
  test::RunResult r = test::runMobmap(getArgs(mirror.server.baseUrl(), out, cache));
  INFO(r.err);
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("an HTML page (\"Guest Wi-Fi sign in\")") != std::string::npos);
  CHECK(r.err.find(mirror.server.baseUrl() + "/geo/GENZ2022/shp/cb_2022_17_tract_500k.zip") != std::string::npos);
  CHECK(r.err.find("not cached") != std::string::npos);
  CHECK(r.err.find("sign-in page") != std::string::npos);
  CHECK(cachedEntries(cache, "tract_500k") == 0);
  CHECK_FALSE(fs::exists(out / "project.toml"));
}

TEST_CASE("mobmap get: a rejected CENSUS_API_KEY is said plainly, its Invalid Key page is not cached, the key is not shown") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-badkey-out");
  fs::path cache = test::scratchDir("fetch-badkey-cache");
  Mirror mirror(fx);
  ::setenv("CENSUS_API_KEY", kRejectedKey, 1);
  test::RunResult r = test::runMobmap(getArgs(mirror.server.baseUrl(), out, cache));
  ::unsetenv("CENSUS_API_KEY");
  INFO(r.err);
  CHECK(r.exitCode == 1);
  // Expected: the API redirected to its Invalid Key page (as api.census.gov does) and the message says the key
  // in CENSUS_API_KEY was rejected, naming the request without the key.
  CHECK(r.err.find("the Census API rejected the key in CENSUS_API_KEY") != std::string::npos);
  CHECK(r.err.find("invalid_key.html") != std::string::npos);
  CHECK(r.err.find("key_signup") != std::string::npos);
  CHECK(r.err.find(kRejectedKey) == std::string::npos);
  CHECK(cachedEntries(cache, "acs5") == 0);
  CHECK(filesContaining(cache, kRejectedKey).empty());
  CHECK_FALSE(fs::exists(out / "project.toml"));
}

TEST_CASE("mobmap get: a Census table without requested variables is an error naming them") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-novars-out");
  fs::path cache = test::scratchDir("fetch-novars-cache");
  // A mirror whose copy of the API answers without the median income variables (a stale table).
  Mirror mirror(fx, {"B19013_001E", "B19013_001M"});
  test::RunResult r = test::runMobmap(getArgs(mirror.server.baseUrl(), out, cache));
  INFO(r.err);
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("without the requested variables B19013_001E, B19013_001M") != std::string::npos);
  CHECK(r.err.find("ACS table B19013") != std::string::npos);
  CHECK(cachedEntries(cache, "B19013_001E") == 0);
  CHECK_FALSE(fs::exists(out / "project.toml"));

  // A variable the API does not know: its HTTP 400 "error: unknown variable" is passed on.
  fs::path sources = test::scratchDir("fetch-novars-sources") / "sources.toml";
  std::string catalog = readAll(test::sourceDir() / "geodata/sources.toml");
  std::size_t at = catalog.find("B19013_001\"");
  REQUIRE(at != std::string::npos);
  catalog.replace(at, 10, "B99999_001");
  writeAll(sources, catalog);
  Mirror plain(fx);
  std::vector<std::string> args = getArgs(plain.server.baseUrl(), out, cache);
  args.push_back("--sources");
  args.push_back(sources.string());
  test::RunResult u = test::runMobmap(args);
  INFO(u.err);
  CHECK(u.exitCode == 1);
  CHECK(u.err.find("HTTP 400") != std::string::npos);
  CHECK(u.err.find("unknown variable 'B99999_001E'") != std::string::npos);
}

TEST_CASE("mobmap get: a truncated ZIP or CSV served whole is refused and not cached") {
  const Fixture& fx = fixture();
  fs::path site = test::scratchDir("fetch-trunc-site");
  fs::copy(fx.root, site, fs::copy_options::recursive);
  // The files cut at two thirds, served with that length: the transfer completes, the file does not.
  for (const char* rel : {"geo/GENZ2022/shp/cb_2022_17_tract_500k.zip", "urban/11_mobility-metrics_county_longitudinal.csv"}) {
    std::string bytes = readAll(fx.root / rel);
    writeAll(site / rel, bytes.substr(0, bytes.size() * 2 / 3));
  }
  fs::path out = test::scratchDir("fetch-trunc-out");
  fs::path cache = test::scratchDir("fetch-trunc-cache");
  Fixture cut = fx;
  cut.root = site;
  Mirror mirror(cut);
  test::RunResult r = test::runMobmap(getArgs(mirror.server.baseUrl(), out, cache));
  INFO(r.err);
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("a ZIP archive that is cut off or damaged") != std::string::npos);
  CHECK(cachedEntries(cache, "tract_500k") == 0);

  // With the whole ZIP, the cut CSV is the next to be refused.
  fs::copy_file(fx.root / "geo/GENZ2022/shp/cb_2022_17_tract_500k.zip", site / "geo/GENZ2022/shp/cb_2022_17_tract_500k.zip",
                fs::copy_options::overwrite_existing);
  test::RunResult c = test::runMobmap(getArgs(mirror.server.baseUrl(), out, cache));
  INFO(c.err);
  CHECK(c.exitCode == 1);
  CHECK(c.err.find("11_mobility-metrics_county_longitudinal.csv") != std::string::npos);
  CHECK(c.err.find("cut off in its last row") != std::string::npos);
  CHECK(cachedEntries(cache, "11_mobility-metrics") == 0);
  CHECK_FALSE(fs::exists(out / "project.toml"));
}

TEST_CASE("mobmap get: a failed re-run for another county leaves the previous project byte for byte") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-keep-out");
  fs::path cache = test::scratchDir("fetch-keep-cache");
  Mirror mirror(fx);
  REQUIRE(test::runMobmap(getArgs(mirror.server.baseUrl(), out, cache)).exitCode == 0);
  const auto before = snapshot(out);
  REQUIRE(before.count("project.toml"));
  REQUIRE(before.count("tracts.gpkg"));

  // Another county, whose ACS download fails (a sign-in page) after its tracts have been cut from the state file.
  mirror.server.handle("/api/", [](const std::string&, const std::string&) {
    return std::optional<test::TestResponse>(test::TestResponse{200, "OK", {{"Content-Type", "text/html"}}, kLoginPage});
  });
  std::vector<std::string> args = getArgs(mirror.server.baseUrl(), out, cache);
  args[2] = "17043";
  test::RunResult r = test::runMobmap(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 1);
  CHECK(r.err.find("Guest Wi-Fi sign in") != std::string::npos);
  // Expected: every file of the first run, with the same bytes, and nothing else; no staging folder beside it.
  CHECK(snapshot(out) == before);
  CHECK(leftoversBeside(out).empty());
}

TEST_CASE("mobmap get: two runs sharing a cache download each file once and both finish") {
  const Fixture& fx = fixture();
  fs::path cache = test::scratchDir("fetch-two-cache");
  fs::path outA = test::scratchDir("fetch-two-a"), outB = test::scratchDir("fetch-two-b");
  Mirror mirror(fx);
  // The tract file comes slowly, so the second run asks for it while the first is still downloading it.
  const std::string zipPath = "/geo/GENZ2022/shp/cb_2022_17_tract_500k.zip";
  const std::size_t zipSize = fs::file_size(fx.root / zipPath.substr(1));
  mirror.server.throttle(zipPath, std::max<std::size_t>(zipSize / 20, 1), 100);
  auto command = [&](const fs::path& out, const std::string& errFile) {
    std::string cmd = "env -u DISPLAY " + test::shellQuote(MOBMAP_BINARY);
    for (const std::string& a : getArgs(mirror.server.baseUrl(), out, cache)) cmd += " " + test::shellQuote(a);
    return cmd + " </dev/null >/dev/null 2>" + test::shellQuote(errFile);
  };
  const fs::path errA = outA.string() + ".err", errB = outB.string() + ".err";
  const fs::path rcA = outA.string() + ".rc", rcB = outB.string() + ".rc";
  // Both processes at once, from one shell.
  int status = std::system(("( " + command(outA, errA.string()) + "; echo $? > " + test::shellQuote(rcA.string()) + " ) & " +
                            "( sleep 0.3; " + command(outB, errB.string()) + "; echo $? > " + test::shellQuote(rcB.string()) +
                            " ) & wait")
                               .c_str());
  REQUIRE(status == 0);
  INFO("first: " << readAll(errA) << "\nsecond: " << readAll(errB));
  CHECK(readAll(rcA) == "0\n");
  CHECK(readAll(rcB) == "0\n");
  checkProject(outA / "project.toml", fx);
  checkProject(outB / "project.toml", fx);
  // Expected: the server sent the tract file once; the run that waited used the entry the other completed.
  int zipGets = 0;
  for (const std::string& req : mirror.server.requests()) zipGets += req.find(zipPath) != std::string::npos;
  CHECK(zipGets == 1);
  CHECK((readAll(errA) + readAll(errB)).find("waiting for another mobmap") != std::string::npos);
  auto entry = fetch::DownloadCache(cache).lookup(mirror.server.baseUrl() + zipPath, ".zip");
  REQUIRE(entry.has_value());
  CHECK(entry->sha256 == mobmap::sha256OfFile(fx.root / zipPath.substr(1)));
}

TEST_CASE("mobmap get: --refresh NAME downloads one source again, and offline names a copy cached from another address") {
  const Fixture& fx = fixture();
  fs::path cache = test::scratchDir("fetch-refresh-cache");
  fs::path out = test::scratchDir("fetch-refresh-out");
  Mirror mirror(fx);
  REQUIRE(test::runMobmap(getArgs(mirror.server.baseUrl(), out, cache)).exitCode == 0);
  const std::size_t firstRun = mirror.server.requests().size();
  std::vector<std::string> args = getArgs(mirror.server.baseUrl(), out, cache);
  args.push_back("--refresh");
  args.push_back("census_api");
  test::RunResult r = test::runMobmap(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  // Expected: the second run asked the server only for the three ACS tables of the sources file and the
  // counties' populations (the benchmarks' weights, one request per ACS period).
  const std::vector<std::string> all = mirror.server.requests();
  std::vector<std::string> again(all.begin() + long(firstRun), all.end());
  std::size_t tables = 0, populations = 0;
  for (const std::string& req : again) {
    CHECK(req.find("/api/") != std::string::npos);
    tables += req.find("for=tract") != std::string::npos && req.find("/api/2022/acs/acs5") != std::string::npos;
    populations += req.find("for=county") != std::string::npos;
  }
  CHECK(tables == 3);
  CHECK(populations >= 1);
  CHECK(tables + populations == again.size());

  // Offline, with the Census boundary files named under another address than the one they were cached from.
  mirror.server.stop();
  std::vector<std::string> moved = getArgs(mirror.server.baseUrl(), out, cache);
  REQUIRE(moved[10].starts_with("census_geo="));
  moved[10] = "census_geo=http://mirror.example.org/tiger";
  moved.push_back("--offline");
  test::RunResult o = test::runMobmap(moved);
  INFO(o.err);
  CHECK(o.exitCode == 1);
  CHECK(o.err.find("http://mirror.example.org/tiger/GENZ2022/shp/cb_2022_17_tract_500k.zip is not in the download cache") != std::string::npos);
  CHECK(o.err.find("the same file is cached from another address, " + mirror.server.baseUrl() + "/geo/GENZ2022") != std::string::npos);
  CHECK(o.err.find("--source-url census_geo=" + mirror.server.baseUrl() + "/geo") != std::string::npos);
}

TEST_CASE("mobmap get: a server that stalls, sending a byte now and then, is bounded by --deadline") {
  const Fixture& fx = fixture();
  fs::path cache = test::scratchDir("fetch-stall-cache");
  fs::path out = test::scratchDir("fetch-stall-out");
  Mirror mirror(fx);
  // One byte every 200 ms: never "no data for --timeout seconds", so only an overall limit ends it.
  mirror.server.stall("/geo/GENZ2022/shp/cb_2022_17_tract_500k.zip", 200);
  std::vector<std::string> args = getArgs(mirror.server.baseUrl(), out, cache);
  args.push_back("--deadline");
  args.push_back("3");
  auto t0 = std::chrono::steady_clock::now();
  test::RunResult r = test::runMobmap(args);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO(r.err);
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("overall time limit of 3 seconds (--deadline)") != std::string::npos);
  CHECK(r.err.find("cb_2022_17_tract_500k.zip") != std::string::npos);
  // Expected: about the 3 s limit (plus start-up), far below the 10 s per-try stall timeout the run was given.
  CHECK(seconds < 8);
  CHECK_FALSE(fs::exists(out / "project.toml"));
  mirror.server.stall("/geo/GENZ2022/shp/cb_2022_17_tract_500k.zip", 0);
}

TEST_CASE("mobmap get keeps the Census conventions: controlled MOE 0, uncomputed MOEs flag the value, top-coded medians labelled") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-census-out");
  fs::path cache = test::scratchDir("fetch-census-cache");
  Mirror mirror(fx);
  REQUIRE(test::runMobmap(getArgs(mirror.server.baseUrl(), out, cache)).exitCode == 0);
  // tract_acs.csv as written: the API's strings, with the conventions applied.
  fetch::CsvText acs = fetch::readCsvFile(out / "tract_acs.csv");
  auto cell = [&](const std::string& id, const std::string& column) {
    for (const auto& row : acs.rows)
      if (row[0] == id) return row[std::size_t(acs.column(column))];
    return std::string("(no row)");
  };
  CHECK(cell(fx.controlledTract, "total_pop_moe") == "0");                 // -555555555: controlled, MOE 0
  CHECK(cell(fx.missingIncomeTract, "median_hh_income") == "-666666666");  // kept: read back as missing with its reason
  CHECK(cell(fx.missingIncomeTract, "median_hh_income_moe") == "-222222222");
  CHECK(cell(fx.topCodedTract, "median_hh_income") == "250001");
  CHECK(cell(fx.noMoeTract, "pov_below_moe") == "-222222222");
  // The percentage computed from an estimate whose MOE could not be computed carries that code as its MOE.
  CHECK(cell(fx.noMoeTract, "pov_rate_moe") == "-222222222");
  CHECK_FALSE(cell(fx.noMoeTract, "pov_rate").empty());

  auto render = [&](const std::string& view) {
    test::RunResult r = test::runMobmap({"render", (out / "project.toml").string(), "--view", view, "--out",
                                         (out / (view + ".png")).string(), "--json"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return nlohmann::json::parse(r.out);
  };
  // The poverty rate of the tract without a computed MOE is hatched as unreliable, not shown as reliable.
  nlohmann::json pov = render("poverty_rate");
  CHECK(pov["low_quality"].get<int>() >= 1);
  // Median income: the -666666666 tract is no data; the top-coded tract (MOE -333333333) is hatched, and the
  // top class reads "250,000 or more", not 250,001.
  nlohmann::json income = render("median_income");
  CHECK(income["missing"] == 1);
  CHECK(income["low_quality"].get<int>() >= 1);
  const std::string topLabel = income["legend"][0]["label"];
  CHECK(topLabel.ends_with("250,000 or more"));
  for (const auto& l : income["legend"]) CHECK(l["label"].get<std::string>().find("250,001") == std::string::npos);
}

TEST_CASE("mobmap profile draws the place's metrics with their intervals, quality, population-weighted medians, trend and gaps") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-profile-out");
  fs::path cache = test::scratchDir("fetch-profile-cache");
  Mirror mirror(fx);
  test::RunResult got = test::runMobmap(getArgs(mirror.server.baseUrl(), out, cache));
  INFO(got.err);
  REQUIRE(got.exitCode == 0);
  REQUIRE(fs::exists(out / "mobility_benchmarks.csv"));
  // The release's 2014 values: the mirror has no 2010-2014 populations, so the run says what weighs them instead.
  if (fx.realData) CHECK(got.err.find("the medians of 2014 are weighted by the 2018-2022 population instead") != std::string::npos);
  test::RunResult r = test::runMobmap({"profile", (out / "project.toml").string(), "--out", (out / "profile.svg").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["place"] == "Cook County, Illinois");
  const std::string svg = readAll(out / "profile.svg");
  CHECK(svg.find("Mobility Metrics profile") != std::string::npos);

  // Expected values, from the served combined file and the served populations: Cook's 2023 row, and the
  // population-weighted median by its definition (the smallest value at which the weights of the values at or
  // below it reach half of all weight) over Illinois's counties and over all counties served (IL and IN), each
  // year weighted by the population of the ACS period ending that year (2023: the project's, 2018-2022).
  fetch::CsvText served = fetch::readCsvFile(fx.root / "urban/11_mobility-metrics_county_longitudinal.csv");
  const int cYear = served.column("year"), cMetric = served.column("pctl_income_20"), cQ = served.column("pctl_income_20_quality");
  std::string cookValue, cookQuality;
  auto weightedMedian = [](std::vector<std::pair<double, double>> p) {
    std::sort(p.begin(), p.end());
    double total = 0, run = 0;
    for (const auto& x : p) total += x.second;
    for (const auto& x : p)
      if ((run += x.second) >= total / 2) return x.first;
    return p.back().first;
  };
  // (Illinois, nation) medians of pctl_income_20 in `year`, weighted by the period ending `periodEnd`.
  auto medians = [&](const std::string& year, int periodEnd) {
    std::vector<std::pair<double, double>> il, all;
    for (const auto& row : served.rows) {
      if (row[std::size_t(cYear)] != year || row[std::size_t(cMetric)] == "NA") continue;
      const std::string id = row[1] + row[2];
      const double v = std::stod(row[std::size_t(cMetric)]), w = double(Fixture::countyPopulation(id, periodEnd));
      all.emplace_back(v, w);
      if (id.starts_with("17")) il.emplace_back(v, w);
      if (id == "17031" && year == "2023") cookValue = row[std::size_t(cMetric)], cookQuality = row[std::size_t(cQ)];
    }
    return std::make_pair(weightedMedian(il), weightedMedian(all));
  };
  const auto [il2023, all2023] = medians("2023", 2022);
  // mobility_benchmarks.csv: every year of the metric, with the period that weighs it.
  fetch::CsvText bench = fetch::readCsvFile(out / "mobility_benchmarks.csv");
  std::map<std::string, std::vector<std::string>> incomeBench;  // year -> row
  for (const auto& row : bench.rows)
    if (row[std::size_t(bench.column("metric"))] == "pctl_income_20") incomeBench[row[std::size_t(bench.column("year"))]] = row;
  for (const auto& [year, row] : incomeBench) {
    INFO("benchmark year " << year);
    const int y = std::stoi(year);
    // Expected: the period ending that year; 2023 (after the project's period) and 2014 (not served) by 2022's.
    const int period = y > 2022 || y < Fixture::kFirstPopulationYear ? 2022 : y;
    CHECK(row[std::size_t(bench.column("weights_year"))] == std::to_string(period));
    const auto [il, all] = medians(year, period);
    CHECK(std::stod(row[std::size_t(bench.column("state_median"))]) == Approx(il));
    CHECK(std::stod(row[std::size_t(bench.column("national_median"))]) == Approx(all));
  }
  if (fx.realData) CHECK(incomeBench.count("2016"));
  const nlohmann::json* income = nullptr;
  for (const auto& m : j["metrics"])
    if (m["metric"] == "pctl_income_20") income = &m;
  REQUIRE(income);
  CHECK((*income)["pillar"] == "Rewarding Work");
  CHECK((*income)["year"] == 2023);
  CHECK((*income)["value"].get<double>() == Approx(std::stod(cookValue)));
  CHECK((*income)["quality"] == cookQuality);
  CHECK((*income)["state_median"].get<double>() == Approx(il2023));
  CHECK((*income)["national_median"].get<double>() == Approx(all2023));
  if (fx.realData) {
    // Expected: one value a year in the per-metric income file, 2014-2019 and 2021-2023 (no 2020 release).
    CHECK((*income)["trend"].size() == 9);
    CHECK((*income)["lower"].is_number());
    // Poverty exposure has race-ethnicity rows: gaps from White, non-Hispanic, untested without bounds.
    for (const auto& m : j["metrics"])
      if (m["metric"] == "share_poverty_exposure") {
        CHECK(m["gap_reference"] == "White, non-Hispanic");
        CHECK(m["gaps"].size() >= 2);
        for (const auto& g : m["gaps"]) CHECK_FALSE(g["tested"].get<bool>());
      }
  }
  // The atlas of the project carries the profile after its title page.
  test::RunResult ex = test::runMobmap({"export", (out / "project.toml").string(), "--out-dir", (out / "atlas").string(),
                                        "--views", "poverty_rate"});
  INFO(ex.err);
  REQUIRE(ex.exitCode == 0);
  CHECK(ex.err.find("atlas: Mobility Metrics profile of Cook County, Illinois") != std::string::npos);
  CHECK(fs::exists(out / "atlas/atlas.pdf"));

  // A project without Mobility Metrics rows for one place (made by hand) is refused with the file named.
  fs::path bare = test::scratchDir("fetch-profile-bare");
  writeAll(bare / "project.toml", "format_version = 2\ntitle = \"x\"\n");
  test::RunResult b = test::runMobmap({"profile", (bare / "project.toml").string(), "--out", (bare / "p.png").string()});
  CHECK(b.exitCode == 1);
  CHECK(b.err.find("no mobility_metrics table") != std::string::npos);
  CHECK_FALSE(fs::exists(bare / "p.png"));
}

TEST_CASE("mobmap get --place: the city, the state's other cities in the release as comparison places, and its profile") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-place-out");
  fs::path cache = test::scratchDir("fetch-place-cache");
  // The sources file pointing the city files at Urban's combined place files 64_ and 63_.
  fs::path sources = test::scratchDir("fetch-place-sources") / "sources.toml";
  std::string catalog = readAll(test::sourceDir() / "geodata/sources.toml");
  for (auto [from, to] : {std::pair<std::string, std::string>{"61_mobility-metrics_place_longitudinal.csv", "64_mobility-metrics_place_income_longitudinal.csv"},
                          {"62_mobility-metrics_place_race-ethnicity_longitudinal.csv", "63_mobility-metrics_place_race-share_longitudinal.csv"}}) {
    std::size_t at = catalog.find(from);
    REQUIRE(at != std::string::npos);
    catalog.replace(at, from.size(), to);
  }
  writeAll(sources, catalog);
  Mirror mirror(fx);
  std::vector<std::string> args = getArgs(mirror.server.baseUrl(), out, cache);
  args[1] = "--place";
  args[2] = "1714000";
  args.push_back("--sources");
  args.push_back(sources.string());
  args.push_back("--json");
  test::RunResult r = test::runMobmap(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  Project p = io::readProject(out / "project.toml");
  REQUIRE(p.findLayer("state_cities"));
  // Expected: Chicago (home), Evanston and Cicero, the cities of the served place file that are in the release
  // files; Oak Park is not in the release and is left out.
  Layer cities = io::readLayer((out / "state_cities.gpkg").string());
  std::map<std::string, std::string> role;
  for (std::size_t i = 0; i < cities.featureCount(); ++i)
    role[cities.attributes.require("GEOID", "c").displayText(i)] = cities.attributes.require("role", "c").displayText(i);
  CHECK(role == std::map<std::string, std::string>{{"1714000", "home"}, {"1714351", "other"}, {"1724582", "other"}});
  REQUIRE(j["metric_views"].size() >= 1);
  for (const auto& name : j["metric_views"]) CHECK(p.findView(name.get<std::string>())->layer == "state_cities");
  // A city view draws every city with a value, Chicago outlined.
  const std::string first = j["metric_views"][0];
  test::RunResult render = test::runMobmap({"render", (out / "project.toml").string(), "--view", first, "--out", (out / "v.png").string(), "--json"});
  INFO(render.err);
  REQUIRE(render.exitCode == 0);
  CHECK(nlohmann::json::parse(render.out)["areas_drawn"].get<int>() >= 2);
  // The profile of the city.
  test::RunResult prof = test::runMobmap({"profile", (out / "project.toml").string(), "--out", (out / "profile.png").string(), "--json"});
  INFO(prof.err);
  REQUIRE(prof.exitCode == 0);
  nlohmann::json pj = nlohmann::json::parse(prof.out);
  CHECK(pj["place"] == "Chicago city, Illinois");
  CHECK(pj["metrics"].size() >= 1);
  for (const auto& m : pj["metrics"]) CHECK(m["national_median"].is_number());
}

TEST_CASE("mobmap get: --refresh with an unknown source and a bad --deadline are usage errors") {
  fs::path out = test::scratchDir("fetch-usage-out");
  test::RunResult r = test::runMobmap({"get", "--county", "17031", "--out", out.string(), "--refresh", "census_tiger", "--offline"});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("--refresh census_tiger: not a source of the sources file (known: census_api, census_geo, urban_mobility)") !=
        std::string::npos);
  test::RunResult d = test::runMobmap({"get", "--county", "17031", "--out", out.string(), "--deadline", "0", "--offline"});
  CHECK(d.exitCode == 2);
  CHECK(d.err.find("--deadline") != std::string::npos);
  CHECK(fs::is_empty(out));
}

TEST_CASE("mobmap get: without CENSUS_API_KEY the API's missing-key page says to set one and is not cached") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-nokey-out");
  fs::path cache = test::scratchDir("fetch-nokey-cache");
  Mirror mirror(fx, {}, true);
  ::unsetenv("CENSUS_API_KEY");
  test::RunResult r = test::runMobmap(getArgs(mirror.server.baseUrl(), out, cache));
  INFO(r.err);
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("the Census API asks for a key") != std::string::npos);
  CHECK(r.err.find("set CENSUS_API_KEY") != std::string::npos);
  CHECK(r.err.find("missing_key.html") != std::string::npos);
  CHECK(cachedEntries(cache, "acs5") == 0);
  CHECK_FALSE(fs::exists(out / "project.toml"));
}

TEST_CASE("mobmap get --state: the state's counties with a view of each Mobility Metric") {
  const Fixture& fx = fixture();
  fs::path out = test::scratchDir("fetch-state-out");
  fs::path cache = test::scratchDir("fetch-state-cache");
  Mirror mirror(fx);
  std::vector<std::string> args = getArgs(mirror.server.baseUrl(), out, cache);
  args[1] = "--state";
  args[2] = "17";
  args.push_back("--json");
  test::RunResult r = test::runMobmap(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  Project p = io::readProject(out / "project.toml");
  // Expected: every county of the served state file, each a comparison place (no home among them).
  Layer counties = io::readLayer((out / "state_counties.gpkg").string());
  CHECK(counties.featureCount() == fx.counties.size());
  REQUIRE(j["metric_views"].size() >= 1);
  for (const auto& name : j["metric_views"]) {
    const ProjectView* v = p.findView(name.get<std::string>());
    REQUIRE(v);
    CHECK(v->layer == "state_counties");
    CHECK(v->overlays.empty());
  }
  test::RunResult render = test::runMobmap({"render", (out / "project.toml").string(), "--view", j["metric_views"][0].get<std::string>(),
                                            "--out", (out / "v.png").string(), "--json"});
  INFO(render.err);
  REQUIRE(render.exitCode == 0);
  CHECK(nlohmann::json::parse(render.out)["areas_drawn"] == fx.counties.size());
  CHECK_FALSE(p.findView("poverty_rate_vs_county"));
}

// The viewer's "Get data for a place" dialog driven with real X input (xdotool under Xvfb) against the same mirror:
// the GEOID, output folder, cache and the mirrors typed into its fields, Get data clicked; the project it writes
// is the one `mobmap get` writes (checkProject: the joins match the served files), and the viewer opens it.
TEST_CASE("the Get data dialog builds a place project from a mirror and opens it, with its Mobility Metrics profile", "[gui]") {
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  const Fixture& fx = fixture();
  const fs::path dir = test::scratchDir("fetch-get-dialog");
  const fs::path out = dir / "cook", cache = dir / "cache";
  ::setenv("CENSUS_API_KEY", kSecret, 1);
  Mirror mirror(fx);
  const std::string base = mirror.server.baseUrl();
  test::LiveViewer v(dir, {(test::sourceDir() / "geodata/demo/project.toml").string(), "--panel", "get", "--size", "1280x800"});
  nlohmann::json s = v.waitFor("the dialog", [](const nlohmann::json& j) {
    return j["ready"] == true && j["get_data"]["open"] == true && j["get_data"]["rects"].contains("geoid");
  }, 180);
  v.window();
  auto clickOn = [&](const std::string& name) {  // where the field is once the dialog has settled in place
    v.waitFor("the dialog's " + name, [&](const nlohmann::json& j) { return j["get_data"]["rects"].contains(name); });
    const nlohmann::json st = v.settle(300);
    const nlohmann::json& r = st["get_data"]["rects"][name];
    v.moveTo(r[0].get<double>() + r[2].get<double>() / 2, r[1].get<double>() + r[3].get<double>() / 2);
    v.xdo("click 1");
  };
  auto typeInto = [&](const std::string& name, const std::string& key, const std::string& text) {
    clickOn(name);
    v.key("ctrl+a");
    v.xdo("type --delay 15 " + test::shellQuote(text));
    v.waitFor(name + " typed", [&](const nlohmann::json& j) { return j["get_data"][key] == text; });
  };
  typeInto("geoid", "geoid", "17031");
  typeInto("out_dir", "out_dir", out.string());
  clickOn("downloads");
  typeInto("cache", "cache", cache.string());
  const std::string mirrors = "census_geo=" + base + "/geo, census_api=" + base + "/api, urban_mobility=" + base + "/urban";
  typeInto("mirrors", "mirrors", mirrors);
  clickOn("get");
  s = v.waitFor("the new project opened", [&](const nlohmann::json& j) {
    return j["project"]["file"] == (out / "project.toml").string() && j["ready"] == true;
  }, 180);
  CHECK(s["get_data"]["failed"] == false);
  CHECK(s["get_data"]["message"].get<std::string>().find("Wrote " + (out / "project.toml").string()) == 0);

  // The Mobility Metrics profile of the new project (Ctrl+M): the metrics the county has values for, as
  // `mobmap profile` lists them; a click on one shows its map among the comparison places; Export writes it.
  v.key("ctrl+m");
  s = v.waitFor("the profile", [](const nlohmann::json& j) { return j["profile"]["open"] == true && !j["profile"]["metrics"].empty(); });
  test::RunResult listed = test::runMobmap({"profile", (out / "project.toml").string(), "--out", (dir / "p.svg").string(), "--json"});
  REQUIRE(listed.exitCode == 0);
  nlohmann::json expectedMetrics = nlohmann::json::array();
  const nlohmann::json listedJson = nlohmann::json::parse(listed.out);
  for (const auto& m : listedJson["metrics"]) expectedMetrics.push_back(m["metric"]);
  REQUIRE_FALSE(expectedMetrics.empty());
  CHECK(s["profile"]["metrics"] == expectedMetrics);
  CHECK(s["profile"]["place"] == "Cook County, Illinois");
  const std::string metric = expectedMetrics.front().get<std::string>();
  auto clickProfile = [&](const std::string& name) {
    v.waitFor("the profile's " + name, [&](const nlohmann::json& j) { return j["profile"]["rects"].contains(name); });
    const nlohmann::json st = v.settle(300);
    const nlohmann::json& r = st["profile"]["rects"][name];
    v.moveTo(r[0].get<double>() + std::min(40.0, r[2].get<double>() / 2), r[1].get<double>() + r[3].get<double>() / 2);
    v.xdo("click 1");
  };
  clickProfile("row:" + metric);
  s = v.waitFor("the metric's map", [&](const nlohmann::json& j) { return j["view"] == "mm_" + metric && j["ready"] == true; }, 120);
  CHECK(s["profile"]["clicked"] == metric);
  clickProfile("export");
  s = v.waitFor("the profile exported", [](const nlohmann::json& j) { return !j["profile"]["export_message"].get<std::string>().empty(); });
  CHECK(s["profile"]["export_message"] == "Wrote " + (out / "profile.pdf").string());
  CHECK(readAll(out / "profile.pdf").starts_with("%PDF"));
  CHECK(v.quit() == 0);
  checkProject(out / "project.toml", fx);
  CHECK(filesContaining(out, kSecret).empty());  // the key is never written into the project
}
