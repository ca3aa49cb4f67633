// Crash consistency of the GeoPackage store: a child process adds and updates notes as fast as it can and is killed
// with SIGKILL in the middle; the store must reopen with every note either in an old or in a new state (never a mix
// of two versions) and with every added note up to the last committed one.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "notes/note_store.h"
#include "test_support.h"

using namespace mobmap;
using namespace mobmap::notes;

namespace {

// Version r of note i: title, text, tags and source name all carry r, so a torn write would show mixed values.
Note version(int i, std::int64_t r) {
  Note n;
  n.geometryWkt = pointWkt(-89.0 + i * 1e-4, 40.0);
  n.title = "note " + std::to_string(i);
  n.text = "v" + std::to_string(r) + "-" + std::to_string(i) + "\nsecond line, \"quoted\" 🚌";
  n.tags = {"v" + std::to_string(r)};
  n.sourceName = "version " + std::to_string(r);
  n.consent = Consent::Public;
  return n;
}

[[noreturn]] void writeForever(const std::string& spec) {
  try {
    auto store = openNoteStore(spec);
    std::vector<Note> stored;
    for (int i = 1;; ++i) {
      stored.push_back(store->add(version(i, 1)));
      // Update an earlier note to its next version.
      Note& old = stored[static_cast<std::size_t>(i * 7) % stored.size()];
      Note next = version(std::stoi(old.title.substr(5)), old.revision + 1);
      next.id = old.id;
      next.revision = old.revision;
      old = store->update(next);
    }
  } catch (...) {
    ::_exit(3);
  }
}

}  // namespace

TEST_CASE("a GeoPackage store killed mid-batch reopens consistent and complete", "[notes][crash]") {
  std::string spec = (test::scratchDir("notes-crash") / "notes.gpkg").string();
  { openNoteStore(spec); }  // create the file before forking
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) writeForever(spec);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  REQUIRE(::kill(child, SIGKILL) == 0);
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));  // it was still writing when killed

  auto store = openNoteStore(spec);
  std::vector<Note> notes = store->list();
  INFO(notes.size() << " notes survived");
  REQUIRE(notes.size() >= 5);
  std::int64_t expectedId = 1;
  for (const Note& n : notes) {
    CHECK(n.id == expectedId++);  // no gap: every committed add is there
    int i = std::stoi(n.title.substr(5));
    CHECK(i == n.id);
    Note want = version(i, n.revision);
    CHECK(n.text == want.text);
    CHECK(n.tags == want.tags);
    CHECK(n.sourceName == want.sourceName);
  }
  // SQLite's own check of the file.
  GDALDatasetUniquePtr ds(GDALDataset::Open(spec.c_str(), GDAL_OF_VECTOR));
  REQUIRE(ds);
  OGRLayer* check = ds->ExecuteSQL("PRAGMA integrity_check", nullptr, nullptr);
  REQUIRE(check);
  OGRFeatureUniquePtr row(check->GetNextFeature());
  REQUIRE(row);
  CHECK(std::string(row->GetFieldAsString(0)) == "ok");
  ds->ReleaseResultSet(check);
  // And the store still takes writes.
  CHECK(store->add(version(99999, 1)).id == expectedId);
}
