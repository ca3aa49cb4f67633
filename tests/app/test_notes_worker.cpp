// The viewer's notes worker against a real GeoPackage store (GDAL): operations run in order off the calling
// thread, a conflict is reported with the note as stored, a GeoJSON file of notes is read-only, and quitting
// right after a save still stores the note (the worker finishes its queue before it stops).
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>

#include "app/notes_worker.h"
#include "notes/note_store.h"
#include "test_support.h"

using namespace mobmap;

namespace {

notes::Note pointNote(const std::string& title) {
  notes::Note n;
  n.geometryWkt = notes::pointWkt(-89.07, 40.39);
  n.title = title;
  n.text = "Said at the library meeting.";
  n.dateHeard = "2026-10-01";
  return n;
}

// Every result of the operations queued so far, in order (waits up to 30 s).
std::vector<app::NotesResult> drain(app::NotesWorker& worker) {
  std::vector<app::NotesResult> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while ((worker.busy() || out.empty()) && std::chrono::steady_clock::now() < deadline) {
    while (auto r = worker.take()) out.push_back(std::move(*r));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  while (auto r = worker.take()) out.push_back(std::move(*r));
  return out;
}

}  // namespace

TEST_CASE("notes worker: saves run in order on a new GeoPackage and each result lists every note") {
  const auto dir = test::scratchDir("notes-worker-order");
  const std::string store = (dir / "notes.gpkg").string();
  app::NotesWorker worker(store);  // the store does not exist yet: created empty by the first Reload
  worker.submit({ui::NoteRequest::Kind::Save, pointNote("first")});
  worker.submit({ui::NoteRequest::Kind::Save, pointNote("second")});
  const auto results = drain(worker);
  REQUIRE(results.size() == 3);
  CHECK(results[0].kind == ui::NoteRequest::Kind::Reload);
  CHECK(results[0].ok);
  CHECK(results[0].all.empty());
  CHECK(results[1].note->title == "first");
  CHECK(results[2].all.size() == 2);
  CHECK(results[2].all[1].title == "second");
  CHECK_FALSE(results[2].readOnly);
}

TEST_CASE("notes worker: a save over a note changed elsewhere is a conflict carrying the stored note") {
  const auto dir = test::scratchDir("notes-worker-conflict");
  const std::string store = (dir / "notes.gpkg").string();
  notes::Note stored = notes::openNoteStore(store)->add(pointNote("bus stop"));
  notes::Note theirs = stored;
  theirs.text = "Changed by a colleague.";
  notes::openNoteStore(store)->update(theirs);  // revision 2 now

  app::NotesWorker worker(store);
  notes::Note mine = stored;  // still revision 1
  mine.text = "My edit.";
  worker.submit({ui::NoteRequest::Kind::Save, mine});
  const auto results = drain(worker);
  REQUIRE(results.size() == 2);
  CHECK(results[1].conflict);
  CHECK_FALSE(results[1].ok);
  REQUIRE(results[1].note);
  CHECK(results[1].note->text == "Changed by a colleague.");
  CHECK(results[1].note->revision == 2);
}

TEST_CASE("notes worker: a GeoJSON file of notes is shown read-only and refuses edits with a reason") {
  const auto dir = test::scratchDir("notes-worker-geojson");
  const auto file = dir / "notes.geojson";
  // RFC 7946 FeatureCollection as `notes export` writes it (properties named as in the store).
  std::ofstream(file) << R"({"type":"FeatureCollection","features":[{"type":"Feature",
    "geometry":{"type":"Point","coordinates":[-89.07,40.39]},
    "properties":{"title":"Crossing","text":"No light at the crossing.","consent":"public","source_type":"site visit",
                  "date_heard":"2026-09-12"}}]})";
  app::NotesWorker worker(file.string());
  worker.submit({ui::NoteRequest::Kind::Save, pointNote("new")});
  const auto results = drain(worker);
  REQUIRE(results.size() == 2);
  CHECK(results[0].ok);
  CHECK(results[0].readOnly);
  REQUIRE(results[0].all.size() == 1);
  CHECK(results[0].all[0].title == "Crossing");
  CHECK_FALSE(results[1].ok);
  CHECK_THAT(results[1].message, Catch::Contains("not a store"));
}

TEST_CASE("notes worker: notes saved just before quitting are stored (the queue is finished on shutdown)") {
  const auto dir = test::scratchDir("notes-worker-shutdown");
  const std::string store = (dir / "notes.gpkg").string();
  {
    app::NotesWorker worker(store);
    for (int i = 0; i < 5; ++i) worker.submit({ui::NoteRequest::Kind::Save, pointNote("note " + std::to_string(i))});
  }  // destroyed at once, as when the window closes right after Save
  const auto all = notes::openNoteStore(store)->list();
  REQUIRE(all.size() == 5);
  CHECK(all.back().title == "note 4");
}
