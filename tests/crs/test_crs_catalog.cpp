// Searching PROJ's database and suggesting a CRS from a layer's coordinates. Expected codes and names are
// PROJ's own (projinfo EPSG:3435: "NAD83 / Illinois East (ftUS)"); the Chicago tract extent is ogrinfo's for the
// real Chi-SDOH.shp, whose .prj says EPSG:3435.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

#include "crs/crs_catalog.h"

using namespace mobmap;

TEST_CASE("the CRS catalog is searched by code and by words of the name") {
  REQUIRE(crs::crsCatalog().size() > 5000);  // EPSG geographic 2D and projected CRSs in PROJ 9
  auto byCode = crs::searchCrs("3435", 10);
  REQUIRE_FALSE(byCode.empty());
  CHECK(byCode.front().code == "EPSG:3435");
  CHECK(byCode.front().name == "NAD83 / Illinois East (ftUS)");
  CHECK_FALSE(byCode.front().geographic);
  CHECK(crs::searchCrs("EPSG:4269", 1).front().name == "NAD83");
  auto byName = crs::searchCrs("illinois EAST ftus", 50);
  CHECK(std::any_of(byName.begin(), byName.end(), [](const crs::CrsEntry& e) { return e.code == "EPSG:3435"; }));
  for (const crs::CrsEntry& e : byName) CHECK(e.name.find("Illinois East") != std::string::npos);
  CHECK(crs::searchCrs("illinois", 3).size() == 3);
  CHECK(crs::searchCrs("no such crs anywhere", 10).empty());
  auto common = crs::searchCrs("", 10);
  REQUIRE(common.size() == 4);
  CHECK(common.front().code == "EPSG:4269");
}

TEST_CASE("State Plane feet are recognised from the coordinates of Chicago tracts") {
  Extent chicago;
  chicago.add(1112411.409900, 1813891.891500);
  chicago.add(1205198.850100, 1951667.868898);
  const auto t0 = std::chrono::steady_clock::now();
  auto any = crs::suggestCrs(chicago, 8);
  WARN("suggestCrs over the US candidates: " << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s");
  // From the coordinates alone the same feet also fit Arkansas South (EPSG:3434: cs2cs puts the centre at 34.23°N
  // 92.51°W), a smaller zone: both are suggested.
  auto has = [](const auto& list, const char* code) {
    return std::any_of(list.begin(), list.end(), [&](const crs::CrsSuggestion& x) { return x.crs.code == code; });
  };
  CHECK(has(any, "EPSG:3435"));
  CHECK(has(any, "EPSG:3434"));
  // The tracts' GEOIDs say Illinois (17): its zones come first.
  auto s = crs::suggestCrs(chicago, 8, "Illinois");
  REQUIRE_FALSE(s.empty());
  CHECK(s.front().crs.code == "EPSG:3435");
  CHECK(s.front().why.find("Illinois") != std::string::npos);
  CHECK(s.front().why.find("87.") != std::string::npos);   // around 87.7°W
  CHECK(s.front().why.find("41.") != std::string::npos);   // and 41.8°N: Chicago
  // Each zone once: no NAD83(HARN) or NAD83(2011) twin of Illinois East.
  CHECK(std::count_if(s.begin(), s.end(), [](const crs::CrsSuggestion& x) { return x.crs.name.find("Illinois East (ftUS)") != std::string::npos; }) == 1);
  // Metres: EPSG:26971 (NAD83 / Illinois East, metres) would place these coordinates far east of Illinois.
  CHECK(std::none_of(s.begin(), s.end(), [](const crs::CrsSuggestion& x) { return x.crs.code == "EPSG:26971"; }));
}

TEST_CASE("lon/lat coordinates suggest NAD83 and WGS 84") {
  Extent lonLat;
  lonLat.add(-87.94, 41.64);
  lonLat.add(-87.52, 42.02);
  auto s = crs::suggestCrs(lonLat, 8);
  REQUIRE(s.size() == 2);
  CHECK(s[0].crs.code == "EPSG:4269");
  CHECK(s[1].crs.code == "EPSG:4326");
  CHECK(s[0].why.find("longitude/latitude") != std::string::npos);
}
