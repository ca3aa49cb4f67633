// `mobmap notes count`: how often a theme was raised per area, for an audience. Notes are placed here at points
// OGR's PointOnSurface gives inside two of the demo's neighbourhoods (geodata/demo/neighborhoods.geojson,
// nbhd_id 1 "Northgate" and nbhd_id 2), so the expected counts are the notes placed in each: for the public
// only public notes are counted, for staff every one; a note of another theme is never counted.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <memory>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using mobmap::test::runMobmap;
namespace fs = std::filesystem;

namespace {

// nbhd_id -> notes, from the GeoJSON `notes count` wrote.
std::map<int, int> countsIn(const fs::path& file) {
  std::map<int, int> out;
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
  REQUIRE(ds);
  for (auto& f : *ds->GetLayer(0)) out[f->GetFieldAsInteger("nbhd_id")] = f->GetFieldAsInteger("notes");
  return out;
}

}  // namespace

TEST_CASE("notes count maps how often a theme was raised per area, for the audience asked", "[notes][cli]") {
  GDALAllRegister();
  const fs::path hoods = test::sourceDir() / "geodata/demo/neighborhoods.geojson";
  std::map<int, OGRPoint> inside;
  {
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(hoods.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    for (auto& f : *ds->GetLayer(0)) {
      const int id = f->GetFieldAsInteger("nbhd_id");
      if (id != 1 && id != 2) continue;
      std::unique_ptr<OGRGeometry> p(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(f->GetGeometryRef()))));
      REQUIRE(p);
      inside[id] = *p->toPoint();
    }
  }
  REQUIRE(inside.size() == 2);
  const fs::path dir = test::scratchDir("notes-count");
  const std::string store = (dir / "notes.gpkg").string();
  auto add = [&](int hood, const std::string& title, const std::string& tags, const std::string& consent) {
    const test::RunResult r = runMobmap({"notes", "add", "--store", store, "--title", title, "--text", "said at a meeting",
                                         "--lon", std::to_string(inside[hood].getX()), "--lat", std::to_string(inside[hood].getY()),
                                         "--tags", tags, "--consent", consent});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
  };
  add(1, "Bus every 40 minutes", "transit", "public");
  add(1, "No shelter at the stop", "transit,housing", "public");
  add(1, "Driver shortage", "transit", "internal");
  add(2, "Late buses", "transit", "coalition");
  add(2, "Rents doubled", "housing", "public");

  const fs::path publicOut = dir / "transit_public.geojson";
  test::RunResult r = runMobmap({"notes", "count", "--store", store, "--theme", "transit", "--areas", hoods.string(),
                                 "--area-key", "nbhd_id", "--out", publicOut.string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["notes_counted"] == 2);
  CHECK(j["notes_withheld"] == 2);  // the internal and the coalition note
  std::map<int, int> counts = countsIn(publicOut);
  CHECK(counts.size() == 20);
  CHECK(counts[1] == 2);
  CHECK(counts[2] == 0);
  int total = 0;
  for (const auto& [id, n] : counts) total += n;
  CHECK(total == 2);

  const fs::path staffOut = dir / "transit_staff.geojson";
  r = runMobmap({"notes", "count", "--store", store, "--theme", "transit", "--areas", hoods.string(), "--area-key", "nbhd_id",
                 "--audience", "staff", "--out", staffOut.string()});
  REQUIRE(r.exitCode == 0);
  counts = countsIn(staffOut);
  CHECK(counts[1] == 3);
  CHECK(counts[2] == 1);

  // Without --areas there is nothing to count in.
  r = runMobmap({"notes", "count", "--store", store, "--out", (dir / "x.geojson").string()});
  CHECK(r.exitCode != 0);
  CHECK(r.err.find("--areas") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "x.geojson"));
}
