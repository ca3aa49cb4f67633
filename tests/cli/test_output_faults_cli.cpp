// Every output of the CLI is all or nothing, under faults a user meets: a full disk (a 64 KiB tmpfs), a folder
// that cannot be written (the tmpfs remounted read-only), and a run killed with SIGKILL at several points.
// Expected behaviour is the project's rule for bad input and failures (README "Conventions"): exit 1 with a
// message naming the file, the previous file untouched, no temporary file left behind, leftovers of a killed run
// removed by the next run. Inputs are the demo county in geodata/demo (306 tracts, their ACS table, 20
// neighborhoods, 8 notes).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "fault_support.h"
#include "io/source_reader.h"
#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

std::string demo(const std::string& file) { return (test::sourceDir() / "geodata/demo" / file).string(); }

std::vector<std::string> joinArgs(const fs::path& out) {
  return {"join", demo("tracts.geojson"), demo("tract_acs.csv"), "--on", "GEOID=GEO_ID", "--out", out.string()};
}

// A small, complete file standing for a good earlier result.
const std::string kPrevious = "{\"type\":\"FeatureCollection\",\"features\":[]}\n";

}  // namespace

TEST_CASE("on a full disk every output format exits 1 naming the file and keeps the previous file", "[faults][disk]") {
  test::SmallDisk disk(test::scratchDir("faults-full") / "disk", 64);
  if (!disk.mounted()) return;
  const fs::path store = disk.dir().parent_path() / "notes.gpkg";
  REQUIRE(test::runMobmap({"notes", "import", demo("notes.geojson"), "--store", store.string()}).exitCode == 0);

  struct Case {
    std::string file;
    std::vector<std::string> args;
  };
  auto out = [&](const std::string& f) { return disk.dir() / f; };
  std::vector<Case> cases = {
      {"joined.geojson", joinArgs(out("joined.geojson"))},
      {"joined.csv", joinArgs(out("joined.csv"))},
      {"joined.gpkg", joinArgs(out("joined.gpkg"))},
      {"joined.fgb", joinArgs(out("joined.fgb"))},
      {"lisa.geojson", {"lisa", demo("tracts.geojson"), "--field", "ALAND", "--permutations", "0", "--out", out("lisa.geojson").string()}},
      {"nbhd.geojson", {"aggregate", demo("tracts.geojson"), demo("neighborhoods.geojson"), "--key", "nbhd_id=nbhd_id",
                        "--sum", "ALAND", "--out", out("nbhd.geojson").string()}},
      {"notes.geojson", {"notes", "export", "--store", store.string(), "--out", out("notes.geojson").string()}},
      {"notes.csv", {"notes", "export", "--store", store.string(), "--out", out("notes.csv").string()}},
  };
  for (const Case& c : cases) std::ofstream(out(c.file), std::ios::binary) << kPrevious;
  REQUIRE(disk.fill() > 0);
  const std::vector<std::string> before = test::fileNames(disk.dir());
  for (const Case& c : cases) {
    test::RunResult r = test::runMobmap(c.args);
    INFO(c.file << ": exit " << r.exitCode << ": " << r.err);
    CHECK(r.exitCode == 1);
    CHECK(r.err.find(out(c.file).string()) != std::string::npos);
    CHECK(r.err.find("wrote") == std::string::npos);
    CHECK(test::fileBytes(out(c.file)) == kPrevious);
    CHECK(test::fileNames(disk.dir()) == before);  // no temporary file left behind
  }
  // Text outputs say why.
  CHECK(test::runMobmap(cases[0].args).err.find("disk is full") != std::string::npos);
  CHECK(test::runMobmap(cases[6].args).err.find("disk is full") != std::string::npos);

  // With room again, the same command replaces the file (the 6 public notes of geodata/demo/notes.geojson; the
  // joined tracts, about 240 kB, would never fit on this 64 KiB disk).
  fs::remove(disk.dir() / "filler");
  test::RunResult ok = test::runMobmap(cases[6].args);
  INFO(ok.err);
  CHECK(ok.exitCode == 0);
  CHECK(io::readLayer(out("notes.geojson").string()).geometry.featureCount() == 6);
}

TEST_CASE("an output into a read-only folder fails naming the file, and a read-only store lists and exports", "[faults][readonly]") {
  const fs::path root = test::scratchDir("faults-readonly");
  test::SmallDisk disk(root / "disk", 1024);
  if (!disk.mounted()) return;
  const fs::path store = disk.dir() / "notes.gpkg";
  REQUIRE(test::runMobmap({"notes", "import", demo("notes.geojson"), "--store", store.string()}).exitCode == 0);
  std::ofstream(disk.dir() / "joined.geojson", std::ios::binary) << kPrevious;
  REQUIRE(disk.makeReadOnly());

  test::RunResult join = test::runMobmap(joinArgs(disk.dir() / "joined.geojson"));
  INFO(join.err);
  CHECK(join.exitCode == 1);
  CHECK(join.err.find((disk.dir() / "joined.geojson").string()) != std::string::npos);
  CHECK(test::fileBytes(disk.dir() / "joined.geojson") == kPrevious);

  test::RunResult list = test::runMobmap({"notes", "list", "--store", store.string()});
  INFO(list.err);
  CHECK(list.exitCode == 0);
  CHECK(list.err.find("8 notes") != std::string::npos);
  test::RunResult exported = test::runMobmap({"notes", "export", "--store", store.string(), "--out", (root / "public.csv").string()});
  INFO(exported.err);
  CHECK(exported.exitCode == 0);
  CHECK(exported.err.find("6 notes") != std::string::npos);  // 6 public, 2 internal in geodata/demo/notes.geojson
  test::RunResult add = test::runMobmap({"notes", "add", "--store", store.string(), "--title", "New", "--lon", "-89.1",
                                         "--lat", "40.4", "--consent", "public"});
  CHECK(add.exitCode == 1);
  CHECK(add.err.find("read-only") != std::string::npos);
  CHECK(add.err.find("listed and exported") != std::string::npos);
}

TEST_CASE("a run killed at any point leaves the previous output or a complete one, and the next run tidies up", "[faults][kill]") {
  const fs::path dir = test::scratchDir("faults-kill");
  const fs::path target = dir / "joined.geojson";
  std::ofstream(target, std::ios::binary) << kPrevious;
  int landed = 0;
  for (int delayMs : {0, 5, 15, 30, 60, 100, 150, 250, 400}) {
    pid_t pid = test::startMobmap(joinArgs(target));
    if (test::killAfter(pid, delayMs)) ++landed;
    const std::string now = test::fileBytes(target);
    INFO("killed after " << delayMs << " ms");
    if (now != kPrevious) CHECK(io::readLayer(target.string()).geometry.featureCount() == 306);
  }
  CHECK(landed > 0);
  // A temporary file of a killed run (its process is gone) is removed when the same file is written next.
  const fs::path leftover = dir / (".joined.partial-" + std::to_string(test::deadPid()) + "-0.geojson");
  std::ofstream(leftover) << "{\"type\":\"FeatureCol";
  test::RunResult r = test::runMobmap(joinArgs(target));
  INFO(r.err);
  CHECK(r.exitCode == 0);
  CHECK(io::readLayer(target.string()).geometry.featureCount() == 306);
  CHECK(test::fileNames(dir) == std::vector<std::string>{"joined.geojson"});
}

TEST_CASE("two views that would write the same file, or a view named like the atlas, are a usage error naming both", "[faults][export]") {
  const fs::path dir = test::scratchDir("faults-names") / "demo";
  fs::copy(test::sourceDir() / "geodata/demo", dir, fs::copy_options::recursive);
  const std::string base = test::fileBytes(dir / "project.toml");
  auto withView = [&](const std::string& name) {
    return "\n[[view]]\nname = \"" + name + "\"\nlayer = \"tracts\"\nfield = \"total_pop\"\ntitle = \"Population\"\n";
  };
  const fs::path out = dir.parent_path() / "out";
  std::ofstream(dir / "project.toml", std::ios::trunc) << base << withView("a/b") << withView("a_b");
  test::RunResult r = test::runMobmap({"export", (dir / "project.toml").string(), "--out-dir", out.string()});
  INFO(r.err);
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("'a/b'") != std::string::npos);
  CHECK(r.err.find("'a_b'") != std::string::npos);
  CHECK(r.err.find("a_b.png") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "a_b.png"));

  std::ofstream(dir / "project.toml", std::ios::trunc) << base << withView("atlas");
  r = test::runMobmap({"export", (dir / "project.toml").string(), "--out-dir", out.string(), "--format", "pdf"});
  INFO(r.err);
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("view 'atlas' and the atlas would both write atlas.pdf") != std::string::npos);
  // As PNG the view named "atlas" writes atlas.png, which collides with nothing.
  r = test::runMobmap({"export", (dir / "project.toml").string(), "--out-dir", out.string(), "--views", "atlas", "--no-atlas"});
  INFO(r.err);
  CHECK(r.exitCode == 0);
  CHECK(fs::exists(out / "atlas.png"));
}
