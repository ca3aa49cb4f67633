// `mobmap notes` under faults, as a user runs it: an import killed with SIGKILL at several points and run again,
// a GeoPackage store killed while being created, and text that cannot be kept exactly. Expected values are the
// notes the tests write themselves (every one exactly once after the re-run) and the messages README documents.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "fault_support.h"
#include "notes/note_store.h"
#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

// `count` point notes as an RFC 7946 GeoJSON FeatureCollection, titled "Note 1" ... "Note N".
void writeNotesFile(const fs::path& path, int count) {
  nlohmann::json features = nlohmann::json::array();
  for (int i = 1; i <= count; ++i)
    features.push_back({{"type", "Feature"},
                        {"properties", {{"title", "Note " + std::to_string(i)}, {"text", "heard at stop " + std::to_string(i)}, {"consent", "public"}}},
                        {"geometry", {{"type", "Point"}, {"coordinates", {-89.3 + i * 1e-4, 40.3 + i * 1e-4}}}}});
  std::ofstream(path) << nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}.dump();
}

}  // namespace

TEST_CASE("an import killed at several points and run again holds every note exactly once", "[notes][faults][import]") {
  const fs::path dir = test::scratchDir("notes-import-kill");
  const fs::path file = dir / "survey.geojson";
  const std::string store = (dir / "notes.gpkg").string();
  constexpr int kNotes = 300;
  writeNotesFile(file, kNotes);
  int landed = 0;
  for (int delayMs : {40, 120, 250, 400}) {
    pid_t pid = test::startMobmap({"notes", "import", file.string(), "--store", store});
    if (test::killAfter(pid, delayMs)) ++landed;
  }
  INFO("kills that landed before the import finished: " << landed);
  test::RunResult again = test::runMobmap({"notes", "import", file.string(), "--store", store, "--json"});
  INFO(again.err);
  REQUIRE(again.exitCode == 0);
  auto j = nlohmann::json::parse(again.out);
  auto notes = notes::openNoteStore(store)->list();
  CHECK(notes.size() == kNotes);
  std::set<std::string> titles;
  for (const auto& n : notes) titles.insert(n.title);
  CHECK(titles.size() == kNotes);
  CHECK(j["imported"].get<int>() + j["skipped"].get<int>() == kNotes);

  // A repeated import adds nothing and says so.
  test::RunResult repeat = test::runMobmap({"notes", "import", file.string(), "--store", store});
  CHECK(repeat.exitCode == 0);
  CHECK(repeat.err.find("imported 0 notes") != std::string::npos);
  CHECK(repeat.err.find("skipped 300 already imported") != std::string::npos);
  CHECK(notes::openNoteStore(store)->list().size() == kNotes);
}

TEST_CASE("a store killed while being created is never left half-made", "[notes][faults][store]") {
  const fs::path dir = test::scratchDir("notes-create-kill");
  for (int delayMs : {0, 10, 25, 50, 80, 120}) {
    const fs::path store = dir / ("notes-" + std::to_string(delayMs) + ".gpkg");
    pid_t pid = test::startMobmap({"notes", "add", "--store", store.string(), "--title", "First", "--lon", "-89.1", "--lat",
                                   "40.4", "--consent", "public"});
    test::killAfter(pid, delayMs);
    INFO("killed after " << delayMs << " ms");
    // Either there is no store yet, or a complete one: the next run opens it and adds a note.
    test::RunResult add = test::runMobmap({"notes", "add", "--store", store.string(), "--title", "Second", "--lon",
                                           "-89.1", "--lat", "40.4", "--consent", "public"});
    INFO(add.err);
    CHECK(add.exitCode == 0);
    auto stored = notes::openNoteStore(store.string())->list();
    CHECK((stored.size() == 1 || stored.size() == 2));
    CHECK(stored.back().title == "Second");
  }
  // No temporary store of a killed run is left once the folder is written again.
  for (const std::string& name : test::fileNames(dir)) CHECK(name.find(".partial-") == std::string::npos);

  // An empty file where the store should be (what an interrupted creation by an older version leaves) is made
  // into a store; a file that is not a GeoPackage is named as such and left alone.
  std::ofstream(dir / "empty.gpkg").flush();
  CHECK(test::runMobmap({"notes", "list", "--store", (dir / "empty.gpkg").string()}).exitCode == 0);
  std::ofstream(dir / "broken.gpkg") << "SQLite format 3";
  test::RunResult broken = test::runMobmap({"notes", "list", "--store", (dir / "broken.gpkg").string()});
  CHECK(broken.exitCode == 1);
  CHECK(broken.err.find("not a complete GeoPackage") != std::string::npos);
  CHECK(test::fileBytes(dir / "broken.gpkg") == "SQLite format 3");
}

TEST_CASE("notes text is kept exactly or refused: NUL bytes, invalid UTF-8, trailing WKT", "[notes][faults][cli]") {
  const fs::path dir = test::scratchDir("notes-text-cli");
  const std::string store = (dir / "notes.gpkg").string();
  // A GeoJSON file whose second note holds an escaped NUL (RFC 8259 allows "\u0000" in strings).
  std::ofstream(dir / "nul.geojson")
      << R"({"type":"FeatureCollection","features":[)"
      << R"({"type":"Feature","properties":{"title":"Fine","text":"ok","consent":"public"},"geometry":{"type":"Point","coordinates":[-89.1,40.4]}},)"
      << R"({"type":"Feature","properties":{"title":"Cut short","text":"before\u0000after","consent":"public"},"geometry":{"type":"Point","coordinates":[-89.1,40.4]}}]})";
  test::RunResult nul = test::runMobmap({"notes", "import", (dir / "nul.geojson").string(), "--store", store});
  INFO(nul.err);
  CHECK(nul.exitCode == 1);
  CHECK(nul.err.find("feature 2") != std::string::npos);
  CHECK(nul.err.find("note 'Cut short'") != std::string::npos);
  CHECK(nul.err.find("NUL byte") != std::string::npos);

  // The same in a CSV file, and in a text file given with --text-file.
  std::ofstream(dir / "nul.csv", std::ios::binary) << "title,text,lon,lat\nFine,ok,-89.1,40.4\n\"Cut short\",\"before" << '\0'
                                                  << "after\",-89.1,40.4\n";
  test::RunResult csv = test::runMobmap({"notes", "import", (dir / "nul.csv").string(), "--store", store});
  CHECK(csv.exitCode == 1);
  CHECK(csv.err.find("note 'Cut short'") != std::string::npos);
  CHECK(csv.err.find("NUL byte") != std::string::npos);
  std::ofstream(dir / "quote.txt", std::ios::binary) << "a quote" << '\0' << "cut";
  test::RunResult textFile = test::runMobmap({"notes", "add", "--store", store, "--title", "From file", "--lon", "-89.1",
                                              "--lat", "40.4", "--text-file", (dir / "quote.txt").string()});
  CHECK(textFile.exitCode == 1);
  CHECK(textFile.err.find("note 'From file': the text holds a NUL byte (character 0) at byte 8") != std::string::npos);
  std::ofstream(dir / "latin1.txt", std::ios::binary) << "Pe\xf1" "a";
  test::RunResult latin1 = test::runMobmap({"notes", "add", "--store", store, "--title", "Latin-1", "--lon", "-89.1",
                                            "--lat", "40.4", "--text-file", (dir / "latin1.txt").string()});
  CHECK(latin1.exitCode == 1);
  CHECK(latin1.err.find("note 'Latin-1': the text is not valid UTF-8") != std::string::npos);

  test::RunResult trailing = test::runMobmap({"notes", "add", "--store", store, "--title", "Typo", "--wkt",
                                              "POINT (-89.1 40.4) POINT (-89.2 40.5)"});
  CHECK(trailing.exitCode == 1);
  CHECK(trailing.err.find("text after the geometry") != std::string::npos);
  test::RunResult bowTie = test::runMobmap({"notes", "add", "--store", store, "--title", "Bow tie", "--wkt",
                                            "POLYGON ((-89.1 40.3, -89.0 40.4, -89.0 40.3, -89.1 40.4, -89.1 40.3))"});
  CHECK(bowTie.exitCode == 1);
  CHECK(bowTie.err.find("crosses itself") != std::string::npos);
  CHECK(notes::openNoteStore(store)->list().empty());
}
