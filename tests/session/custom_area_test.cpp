// Custom areas (the viewer's dissolve) on the demo project's tracts joined to tract_acs.csv.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>
#include <thread>
#include <fstream>
#include <map>
#include <sstream>

#include "core/error.h"
#include "session/custom_area.h"
#include "session/place_fetch_job.h"
#include "session/view_data.h"
#include "session/view_spec.h"
#include "test_support.h"

namespace fs = std::filesystem;

using namespace mobmap;

namespace {

// A download request with the dialog's first fields; the others at their defaults.
session::PlaceFetchRequest placeRequest(const std::string& level, const std::string& geoid, const std::string& outDir,
                                        const std::string& neighborhoods = "") {
  session::PlaceFetchRequest r;
  r.level = level;
  r.geoid = geoid;
  r.year = 2022;
  r.outDir = outDir;
  r.neighborhoods = neighborhoods;
  return r;
}

// The demo "poverty" view's data: tracts joined to tract_acs.csv, every column, in the display CRS.
const Layer& demoTracts() {
  static const Layer layer = [] {
    session::ViewSpec spec;
    spec.data = (test::sourceDir() / "geodata/demo/project.toml").string();
    session::applyProjectView(spec, "poverty");
    return session::loadViewData(spec, session::FieldSelection::All).layer;
  }();
  return layer;
}

std::size_t rowOf(const Layer& layer, const std::string& geoid) {
  const Column& c = layer.attributes.require("GEOID", "tracts");
  for (std::size_t r = 0; r < layer.featureCount(); ++r)
    if (c.displayText(r) == geoid) return r;
  FAIL("no tract " << geoid);
  return 0;
}

// tract_acs.csv read as plain text (no GDAL): GEO_ID -> column -> value.
std::map<std::string, std::map<std::string, double>> readAcsCsv() {
  std::ifstream in(test::sourceDir() / "geodata/demo/tract_acs.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::stringstream ss(line); std::getline(ss, line, ',');) header.push_back(line);
  std::map<std::string, std::map<std::string, double>> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    for (std::stringstream ss(line); std::getline(ss, line, ',');) cells.push_back(line);
    for (std::size_t i = 2; i < cells.size() && i < header.size(); ++i)
      if (!cells[i].empty() && cells[i].find_first_not_of("0123456789.-\r") == std::string::npos)
        rows[cells[0]][header[i]] = std::stod(cells[i]);
  }
  return rows;
}

}  // namespace

TEST_CASE("countFields takes the ACS counts and leaves medians, MOEs and keys out") {
  // Expected from the header of geodata/demo/tract_acs.csv: the count columns, not median_hh_income (a median),
  // the _moe companions or GEOID / GEO_ID.
  const std::vector<std::string> fields = session::countFields(demoTracts());
  for (const char* f : {"total_pop", "white_nh", "black_nh", "hispanic", "asian_nh", "other_nh", "pov_universe", "pov_below"})
    CHECK(std::find(fields.begin(), fields.end(), f) != fields.end());
  for (const char* f : {"median_hh_income", "total_pop_moe", "GEOID", "GEO_ID"})
    CHECK(std::find(fields.begin(), fields.end(), f) == fields.end());
}

TEST_CASE("a custom area of picked tracts sums their counts, MOE is the root of the sum of squared MOEs") {
  // Expected values computed here from tract_acs.csv read as text (independent of GDAL and the join):
  // sum of the picked tracts' values, MOE = sqrt(Σ MOEᵢ²) (the ACS formula for a sum).
  const Layer& tracts = demoTracts();
  const std::vector<std::string> picked = {"99001000100", "99001000200", "99001000300"};
  session::CustomAreaRequest req{"Test area", {}, {}};
  for (const std::string& g : picked) req.members.push_back(rowOf(tracts, g));
  const session::CustomArea area = session::buildCustomArea(tracts, req);
  const auto acs = readAcsCsv();

  CHECK(area.name == "Test area");
  CHECK(area.members == 3);
  REQUIRE(area.layer.featureCount() == 1);
  CHECK(area.layer.attributes.require("name", "area").displayText(0) == "Test area");
  CHECK_FALSE(area.mesh.indices.empty());
  for (const char* field : {"total_pop", "pov_below", "hispanic"}) {
    double sum = 0, squares = 0;
    for (const std::string& g : picked) {
      sum += acs.at("1400000US" + g).at(field);
      squares += std::pow(acs.at("1400000US" + g).at(std::string(field) + "_moe"), 2);
    }
    auto it = std::find_if(area.values.begin(), area.values.end(), [&](const auto& v) { return v.field == field; });
    REQUIRE(it != area.values.end());
    CHECK(it->value == Approx(sum).epsilon(1e-12));
    CHECK(it->moe == Approx(std::sqrt(squares)).epsilon(1e-12));
    CHECK(it->cv == Approx(std::sqrt(squares) / 1.645 / sum).epsilon(1e-12));
    CHECK(it->lowReliability == (it->cv > 0.4));
    // The layer carries the same numbers for export.
    CHECK(area.layer.attributes.require(field, "area").optionalNumber(0).value() == Approx(sum).epsilon(1e-12));
    CHECK(area.layer.attributes.require(std::string(field) + "_moe", "area").optionalNumber(0).value() ==
          Approx(std::sqrt(squares)).epsilon(1e-12));
  }
}

TEST_CASE("a custom area needs a name and members inside the layer") {
  const Layer& tracts = demoTracts();
  CHECK_THROWS_AS(session::buildCustomArea(tracts, {"", {0}, {}}), Error);
  CHECK_THROWS_AS(session::buildCustomArea(tracts, {"A", {}, {}}), Error);
  CHECK_THROWS_AS(session::buildCustomArea(tracts, {"A", {tracts.featureCount()}, {}}), Error);
}

TEST_CASE("the custom area job builds in the background and reports errors as messages") {
  session::CustomAreaJob job;
  job.start(demoTracts(), {"Bad", {}, {}});
  std::optional<session::CustomAreaJob::Result> r;
  while (!(r = job.takeResult())) {}
  CHECK_FALSE(r->area);
  CHECK(r->error.find("no areas picked") != std::string::npos);
  CHECK_FALSE(job.busy());
}

TEST_CASE("writeCustomArea writes one feature with the aggregated columns") {
  // Round trip through the writer: the file exists and is not empty (its contents are io::writeLayer's,
  // tested in the io suite).
  const Layer& tracts = demoTracts();
  const session::CustomArea area = session::buildCustomArea(tracts, {"East", {0, 1}, {}});
  const auto dir = test::scratchDir("custom-area");
  session::writeCustomArea(area, (dir / "east.geojson").string());
  std::ifstream in(dir / "east.geojson");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("\"East\"") != std::string::npos);
  CHECK(text.find("total_pop_moe") != std::string::npos);
  CHECK_THROWS_AS(session::writeCustomArea(area, ""), Error);
}

TEST_CASE("the place download job refuses malformed requests before starting") {
  // Messages from fetch::checkPlaceGeoid and the job's own checks; nothing is downloaded.
  session::PlaceFetchJob job;
  CHECK_FALSE(job.start(placeRequest("county", "170", "out")).empty());
  CHECK_FALSE(job.start(placeRequest("borough", "17031", "out")).empty());
  CHECK_FALSE(job.start(placeRequest("county", "17031", "")).empty());
  CHECK_FALSE(job.start(placeRequest("county", "17031", "out", "/no/such/neighborhoods.gpkg")).empty());
  CHECK_FALSE(job.busy());
}

// The dialog's download settings reach the job: a sources file that is not there is named before anything
// starts, and offline with an empty cache folder fails at the first file with download_cache's "not cached" words
// (no network is touched; the project folder is not written).
TEST_CASE("the place download job takes the dialog's cache, sources and offline settings") {
  session::PlaceFetchJob job;
  const fs::path dir = test::scratchDir("place-job-offline");
  session::PlaceFetchRequest bad = placeRequest("county", "17031", (dir / "out").string());
  bad.sourcesFile = (dir / "no-such-sources.toml").string();
  const std::string refused = job.start(bad);
  CHECK(refused.find("no-such-sources.toml") != std::string::npos);
  CHECK_FALSE(job.busy());

  session::PlaceFetchRequest offline = placeRequest("county", "17031", (dir / "out").string());
  offline.cacheDir = (dir / "empty-cache").string();
  offline.offline = true;
  REQUIRE(job.start(offline).empty());
  std::optional<session::PlaceFetchResult> r;
  for (int i = 0; i < 600 && !r; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    r = job.takeResult();
  }
  REQUIRE(r);
  CHECK(r->projectFile.empty());
  CHECK(r->error.find("--offline forbids downloading it") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out" / "project.toml"));
}

// Four real Chicago tracts (Chi-SDOH, the GeoDa Chicago SDOH data) merged: the values below were read with
// ogrinfo from the file (geoid10 17031010100, 17031010201, 17031010202, 17031010300):
//   Pop2014 4189, 7083, 2502, 6213; Pov14 30.6, 29.2, 35.1, 23.5 (percent); TRACTCE10 10100..10300; commarea 1;
//   EP_PCI (per capita income) 23701, 22845, 20062, 29009; WHT50PCT (a 0/1 flag); PDENS14 (people per area).
// Before, their TRACTCE10 codes and per-capita incomes were summed like counts.
TEST_CASE("a custom area of Chicago tracts totals only what adds up") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  session::ViewSpec spec;
  spec.data = shp->string();
  const Layer tracts = session::loadViewData(spec, session::FieldSelection::All).layer;
  const Column& geoid = tracts.attributes.require("geoid10", "tracts");
  session::CustomAreaRequest req = session::customAreaRequest(spec, "Rogers Park south", {});
  for (const char* g : {"17031010100", "17031010201", "17031010202", "17031010300"})
    for (std::size_t r = 0; r < tracts.featureCount(); ++r)
      if (geoid.displayText(r) == g) req.members.push_back(r);
  REQUIRE(req.members.size() == 4);
  const session::CustomArea area = session::buildCustomArea(tracts, req);
  auto value = [&](const std::string& field) -> const session::CustomAreaValue& {
    auto it = std::find_if(area.values.begin(), area.values.end(), [&](const auto& v) { return v.field == field; });
    REQUIRE(it != area.values.end());
    return *it;
  };
  CHECK(value("Pop2014").rule == session::CombineRule::Sum);
  CHECK(value("Pop2014").value == 4189 + 7083 + 2502 + 6213);
  // A percentage is weighted by population: Σ Pov14ᵢ·Pop2014ᵢ / Σ Pop2014ᵢ.
  const double weighted = (30.6 * 4189 + 29.2 * 7083 + 35.1 * 2502 + 23.5 * 6213) / (4189 + 7083 + 2502 + 6213);
  CHECK(value("Pov14").rule == session::CombineRule::Weighted);
  CHECK(value("Pov14").how == "weighted by Pop2014");
  CHECK(value("Pov14").value == Approx(weighted).epsilon(1e-9));
  CHECK(value("EP_LIMENG").rule == session::CombineRule::Weighted);  // an SVI "EP_" estimated percentage
  for (const char* field : {"TRACTCE10", "geoid10", "commarea", "OBJECTID", "Shape_Area"}) {
    INFO(field);
    CHECK(value(field).rule == session::CombineRule::NotAdditive);
    CHECK(value(field).how == "not additive: an identifier or code");
    CHECK(std::isnan(value(field).value));
  }
  CHECK(value("EP_PCI").how == "not additive: a per-capita value");
  CHECK(value("WHT50PCT").how == "not additive: a 0/1 flag");
  CHECK(value("PDENS14").rule == session::CombineRule::NotAdditive);
  // The exported layer carries the additive columns only: no summed tract code.
  CHECK(area.layer.attributes.find("TRACTCE10") == nullptr);
  CHECK(area.layer.attributes.require("Pop2014", "area").optionalNumber(0).value() == 19987);
}

TEST_CASE("a custom area recomputes the view's percentage from its counts, with the ACS proportion MOE") {
  // The demo "poverty" view maps 100 × pov_below / pov_universe. Expected from tract_acs.csv read as text:
  // p = Σ pov_below / Σ pov_universe, MOE by the ACS formula for a proportion (ACS General Handbook ch. 8):
  // sqrt(MOE_x² − p²·MOE_y²) / y with MOE_x, MOE_y the sums' MOEs (root of the sum of squares).
  session::ViewSpec spec;
  spec.data = (test::sourceDir() / "geodata/demo/project.toml").string();
  session::applyProjectView(spec, "poverty");
  REQUIRE_FALSE(spec.per.empty());
  const Layer& tracts = demoTracts();
  const std::vector<std::string> picked = {"99001000100", "99001000200", "99001000300"};
  std::vector<std::size_t> rows;
  for (const std::string& g : picked) rows.push_back(rowOf(tracts, g));
  const session::CustomArea area = session::buildCustomArea(tracts, session::customAreaRequest(spec, "Three", rows));
  const auto acs = readAcsCsv();
  double x = 0, y = 0, mx = 0, my = 0;
  for (const std::string& g : picked) {
    const auto& row = acs.at("1400000US" + g);
    x += row.at(spec.field);
    y += row.at(spec.per);
    mx += std::pow(row.at(spec.field + "_moe"), 2);
    my += std::pow(row.at(spec.per + "_moe"), 2);
  }
  mx = std::sqrt(mx);
  my = std::sqrt(my);
  const double p = x / y;
  const double under = mx * mx - p * p * my * my;
  const double moe = std::sqrt(under >= 0 ? under : mx * mx + p * p * my * my) / y;
  auto it = std::find_if(area.values.begin(), area.values.end(), [&](const auto& v) { return v.field == session::mappedField(spec); });
  REQUIRE(it != area.values.end());
  CHECK(it->rule == session::CombineRule::Rate);
  CHECK(it->how == "100 × " + spec.field + " / " + spec.per);
  CHECK(it->value == Approx(100 * p).epsilon(1e-12));
  CHECK(it->moe == Approx(100 * moe).epsilon(1e-9));
  // The median household income is listed, never summed.
  auto median = std::find_if(area.values.begin(), area.values.end(), [](const auto& v) { return v.field == "median_hh_income"; });
  REQUIRE(median != area.values.end());
  CHECK(median->how == "not additive: a median");
}
