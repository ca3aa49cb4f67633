// `mobmap notes ...` end to end: the real binary on a GeoPackage store in a scratch folder, with the demo notes
// (geodata/demo/notes.geojson: 8 notes, 2 internal) and notes the test adds itself.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "notes/note_exchange.h"
#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using mobmap::test::runMobmap;

TEST_CASE("notes import, list, update with a stale revision, export public only", "[notes][cli]") {
  auto dir = test::scratchDir("notes-cli");
  std::string store = (dir / "notes.gpkg").string();
  std::string demo = (test::sourceDir() / "geodata/demo/notes.geojson").string();

  auto imported = runMobmap({"notes", "import", "--store", store, demo, "--json"});
  INFO(imported.err);
  REQUIRE(imported.exitCode == 0);
  CHECK(nlohmann::json::parse(imported.out)["imported"] == 8);

  auto listed = runMobmap({"notes", "list", "--store", store, "--tag", "transit", "--json"});
  REQUIRE(listed.exitCode == 0);
  nlohmann::json transit = nlohmann::json::parse(listed.out);
  // Demo notes tagged "transit" in the file: "Bus cuts on the east side", "Clinic hours", "Airport jobs and shift times".
  CHECK(transit["count"] == 3);

  const std::string hostile = "He said: \"no bus, no job\".\n\n'; DROP TABLE notes; -- <script> 🚌";
  auto added = runMobmap({"notes", "add", "--store", store, "--lon", "-89.2", "--lat", "40.4", "--title", "Night shift",
                          "--text", hostile, "--tags", "transit, Rewarding Work", "--source-type", "interview",
                          "--date", "2025-05-01", "--author", "A. B.", "--consent", "internal", "--json"});
  INFO(added.err);
  REQUIRE(added.exitCode == 0);
  nlohmann::json note = nlohmann::json::parse(added.out);
  CHECK(note["text"] == hostile);
  CHECK(note["revision"] == 1);
  std::string id = std::to_string(note["id"].get<long long>());

  auto first = runMobmap({"notes", "update", "--store", store, "--id", id, "--revision", "1", "--title", "Night shifts"});
  CHECK(first.exitCode == 0);
  auto stale = runMobmap({"notes", "update", "--store", store, "--id", id, "--revision", "1", "--title", "Mine"});
  CHECK(stale.exitCode == 1);
  CHECK_THAT(stale.err, Catch::Contains("changed by someone else since you opened it (revision 1 → 2)"));

  // Public export: the 6 public demo notes; the 2 internal demo notes and the internal note added above stay out.
  std::string pub = (dir / "public.csv").string();
  auto exported = runMobmap({"notes", "export", "--store", store, "--out", pub, "--json"});
  INFO(exported.err);
  REQUIRE(exported.exitCode == 0);
  CHECK(nlohmann::json::parse(exported.out)["internal_left_out"] == 3);
  std::vector<notes::Note> published = notes::readNotes(pub);
  CHECK(published.size() == 6);
  for (const notes::Note& n : published) CHECK(n.consent == notes::Consent::Public);

  std::string all = (dir / "all.geojson").string();
  REQUIRE(runMobmap({"notes", "export", "--store", store, "--out", all, "--include-internal"}).exitCode == 0);
  std::vector<notes::Note> everything = notes::readNotes(all);
  REQUIRE(everything.size() == 9);
  CHECK(everything.back().text == hostile);
  CHECK(everything.back().title == "Night shifts");

  auto removed = runMobmap({"notes", "delete", "--store", store, "--id", id, "--revision", "2"});
  CHECK(removed.exitCode == 0);
  CHECK(runMobmap({"notes", "add", "--store", store, "--title", "x"}).exitCode == 2);  // no location
}
