// Bad inputs: a one-line message naming the file and the problem, exit 1 (2 for usage), no partial output.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {
std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

fs::path demo(const char* file) { return test::sourceDir() / "geodata/demo" / file; }
}  // namespace

TEST_CASE("missing file") {
  auto r = test::runMobmap({"info", "/nonexistent/tracts.shp"});
  CHECK(r.exitCode == 1);
  CHECK(r.err == "mobmap: /nonexistent/tracts.shp: no such file or directory\n");
}

TEST_CASE("shapefile without .shx") {
  auto dir = test::scratchDir("cli-noshx");
  for (const char* ext : {".shp", ".dbf"}) {
    std::ofstream(dir / (std::string("t") + ext)) << "x";
  }
  auto r = test::runMobmap({"info", (dir / "t.shp").string()});
  CHECK(r.exitCode == 1);
  CHECK(lines(r.err) == 1);
  CHECK(r.err.find("t.shp: shapefile has no .shx index file") != std::string::npos);
}

TEST_CASE("CSV without the key column, bad --where: exit 1 and no output file") {
  auto dir = test::scratchDir("cli-badjoin");
  std::string out = (dir / "out.gpkg").string();
  auto noKey = test::runMobmap({"join", demo("tracts.geojson").string(), demo("tract_acs.csv").string(), "--on",
                                "GEOID=GEOID_X", "--out", out});
  CHECK(noKey.exitCode == 1);
  CHECK(lines(noKey.err) == 1);
  CHECK(noKey.err.find("tract_acs.csv: no field named 'GEOID_X'") != std::string::npos);
  CHECK_FALSE(fs::exists(out));

  auto badWhere = test::runMobmap({"join", demo("county.geojson").string(), demo("mobility_metrics_county.csv").string(),
                                   "--on", "GEOID=state+county", "--where", "year == = 2023", "--out", out});
  CHECK(badWhere.exitCode == 1);
  CHECK(lines(badWhere.err) == 1);
  CHECK(badWhere.err.find("bad --where expression") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  CHECK(fs::is_empty(dir));
}

TEST_CASE("usage errors exit 2, --help exits 0") {
  CHECK(test::runMobmap({"join", "a.shp"}).exitCode == 2);
  CHECK(test::runMobmap({"join", demo("tracts.geojson").string(), demo("tract_acs.csv").string(), "--on", "GEOID"}).exitCode == 2);
  auto help = test::runMobmap({"info", "--help"});
  CHECK(help.exitCode == 0);
  CHECK(help.out.find("--layer") != std::string::npos);
}
