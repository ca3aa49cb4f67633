#pragma once
// The store the shared suite runs against: a GeoPackage in a scratch folder, or (in test_notes_pg) the PostgreSQL
// database that pg_fixture.sh started, emptied before each test.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "notes/note_store.h"
#include "test_support.h"

namespace mobmap::test {

#ifdef MOBMAP_NOTES_PG_STATE
inline std::string readFileText(const std::string& path) {
  std::ifstream in(path);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}
#endif

// A store spec naming an empty notes store for test `name`; "" (after printing SKIPPED) when PostgreSQL is
// wanted but its server or PostGIS is not installed — the caller returns then; fails the test when it is
// installed but not running.
inline std::string freshStoreSpec(const std::string& name) {
#ifdef MOBMAP_NOTES_PG_STATE
  std::string state = MOBMAP_NOTES_PG_STATE;
  std::string spec = readFileText(state + "/connection");
  if (spec.empty()) {
    if (std::string skipped = readFileText(state + "/skip"); !skipped.empty()) {
      std::cout << skipped << "\n";
      return "";
    }
    std::string why = readFileText(state + "/failure");
    FAIL("PostgreSQL test database is not running: " + (why.empty() ? "pg_fixture.sh start did not run" : why));
  }
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(spec.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  REQUIRE(ds);
  if (OGRLayer* r = ds->ExecuteSQL("DROP TABLE IF EXISTS notes CASCADE", nullptr, nullptr)) ds->ReleaseResultSet(r);
  (void)name;
  return spec;
#else
  return (scratchDir("notes-" + name) / "notes.gpkg").string();
#endif
}

// "GeoPackage" or "PostgreSQL", for messages.
inline const char* backendName() {
#ifdef MOBMAP_NOTES_PG_STATE
  return "PostgreSQL";
#else
  return "GeoPackage";
#endif
}

}  // namespace mobmap::test
