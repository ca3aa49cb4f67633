// Faults and hostile input against the note store, run on both back ends (test_notes: GeoPackage; test_notes_pg:
// PostgreSQL + PostGIS). Expected values are what the store documents in notes/note_store.h and notes/note.h:
// text is kept exactly or refused naming the note; areas are refused by the same rule the viewer applies while
// one is drawn (notes::ringProblem); a second writer is told "store is busy" after the documented wait
// (10 seconds), in the same words on both back ends; imported notes carry a stable import key.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <thread>

#include "notes/note_exchange.h"
#include "notes/note_store.h"
#include "store_under_test.h"

using namespace mobmap;
using namespace mobmap::notes;

namespace {

Note pointNote(const std::string& title) {
  Note n;
  n.geometryWkt = "POINT (-89.07 40.39)";
  n.title = title;
  n.text = "what was heard";
  n.consent = Consent::Public;
  return n;
}

std::string messageOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a NUL byte or invalid UTF-8 in a note is refused naming the note, and nothing is stored", "[notes][store][faults]") {
  const std::string spec = test::freshStoreSpec("nul");
  if (spec.empty()) return;  // PostgreSQL not installed: skipped
  auto store = openNoteStore(spec);
  Note nul = pointNote("Clinic hours");
  nul.text = std::string("before\0after", 12);
  std::string m = messageOf([&] { store->add(nul); });
  CHECK(m.find("note 'Clinic hours'") != std::string::npos);
  CHECK(m.find("NUL byte") != std::string::npos);
  CHECK(m.find("byte 7") != std::string::npos);  // "before" is 6 bytes: the NUL is the 7th

  Note latin1 = pointNote("Pe\xf1" "a street");  // ISO-8859-1 ñ, not UTF-8
  m = messageOf([&] { store->add(latin1); });
  CHECK(m.find("title is not valid UTF-8") != std::string::npos);
  Note badText = pointNote("Bus cuts");
  badText.text = "caf\xc3";  // a cut-off two-byte sequence
  m = messageOf([&] { store->add(badText); });
  CHECK(m.find("note 'Bus cuts'") != std::string::npos);
  CHECK(m.find("text is not valid UTF-8") != std::string::npos);
  CHECK(store->list().empty());

  // An update is held to the same rule and leaves the stored note as it was.
  Note kept = store->add(pointNote("Kept"));
  Note edit = kept;
  edit.text = std::string("a\0b", 3);
  CHECK_THROWS_WITH(store->update(edit), Catch::Contains("NUL byte"));
  CHECK(store->get(kept.id)->text == "what was heard");
  CHECK(store->get(kept.id)->revision == 1);
}

TEST_CASE("a location with trailing text, or an area whose outline crosses itself, is refused", "[notes][store][faults]") {
  const std::string spec = test::freshStoreSpec("geometry");
  if (spec.empty()) return;  // PostgreSQL not installed: skipped
  auto store = openNoteStore(spec);
  Note trailing = pointNote("Trailing");
  trailing.geometryWkt = "POINT (-89.07 40.39) POINT (0 0)";
  CHECK_THROWS_WITH(store->add(trailing), Catch::Contains("text after the geometry"));
  trailing.geometryWkt = "POINT (-89.07 40.39) garbage";
  CHECK_THROWS_WITH(store->add(trailing), Catch::Contains("'garbage'"));

  // A bow tie: edges 1 and 3 cross, as the viewer's drawing check reports it (tests/ui/test_area_drawing.cpp).
  Note bowTie = pointNote("Bow tie");
  bowTie.geometryWkt = "POLYGON ((-89.1 40.3, -89.0 40.4, -89.0 40.3, -89.1 40.4, -89.1 40.3))";
  std::string m = messageOf([&] { store->add(bowTie); });
  CHECK(m.find("note 'Bow tie'") != std::string::npos);
  CHECK(m.find("crosses itself: edges 1 and 3 meet") != std::string::npos);

  // Two polygons of one area, each simple, whose second one crosses itself.
  Note multi = pointNote("Multi");
  multi.geometryWkt = "MULTIPOLYGON (((-89.3 40.3, -89.2 40.3, -89.2 40.4, -89.3 40.3)), "
                      "((-89.1 40.3, -89.0 40.4, -89.0 40.3, -89.1 40.4, -89.1 40.3)))";
  CHECK_THROWS_WITH(store->add(multi), Catch::Contains("polygon 2, outer ring: the outline crosses itself"));
  // A hole poking out of its polygon: each ring is simple, the area is not (GDAL's validity check).
  Note hole = pointNote("Hole");
  hole.geometryWkt = "POLYGON ((-89.1 40.3, -89.0 40.3, -89.0 40.4, -89.1 40.4, -89.1 40.3), "
                     "(-89.05 40.35, -88.9 40.35, -88.9 40.36, -89.05 40.36, -89.05 40.35))";
  CHECK_THROWS_WITH(store->add(hole), Catch::Contains("rings cross or overlap"));
  CHECK(store->list().empty());

  // A simple area with a hole is stored.
  Note ok = pointNote("Square with a hole");
  ok.geometryWkt = "POLYGON ((-89.1 40.3, -89.0 40.3, -89.0 40.4, -89.1 40.4, -89.1 40.3), "
                   "(-89.06 40.34, -89.04 40.34, -89.04 40.36, -89.06 40.36, -89.06 40.34))";
  CHECK(store->add(ok).id > 0);
}

TEST_CASE("imported notes keep their import key, so a re-import can skip them", "[notes][store][import]") {
  const std::string spec = test::freshStoreSpec("import-key");
  if (spec.empty()) return;  // PostgreSQL not installed: skipped
  auto store = openNoteStore(spec);
  std::vector<Note> incoming = {pointNote("One"), pointNote("Two"), pointNote("One")};
  assignImportKeys(incoming);
  CHECK(incoming[0].importKey.starts_with("sha256:"));
  CHECK(incoming[0].importKey != incoming[1].importKey);
  CHECK(incoming[2].importKey == incoming[0].importKey + "#2");  // an identical second note is its own note
  store->add(incoming[0]);
  store->add(incoming[1]);
  store->add(pointNote("By hand"));
  std::set<std::string> keys = store->importKeys();
  CHECK(keys == std::set<std::string>{incoming[0].importKey, incoming[1].importKey});
  // The key survives an edit of the note.
  Note edited = store->list().front();
  edited.text = "edited";
  store->update(edited);
  CHECK(store->importKeys().count(incoming[0].importKey) == 1);
}

TEST_CASE("a second writer is told the store is busy after the documented wait, in the same words", "[notes][store][concurrency]") {
  const std::string spec = test::freshStoreSpec("busy");
  if (spec.empty()) return;  // PostgreSQL not installed: skipped
  Note stored;
  {
    auto store = openNoteStore(spec);
    stored = store->add(pointNote("Contested"));
  }
  // Another program holds the note's row (PostgreSQL) or the database's write lock (GeoPackage) in an open
  // transaction, through its own connection.
  GDALAllRegister();
  GDALDatasetUniquePtr holder(GDALDataset::Open(spec.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  REQUIRE(holder);
  REQUIRE(holder->StartTransaction(FALSE) == OGRERR_NONE);
  const std::string lock = "UPDATE notes SET revision = revision WHERE id = " + std::to_string(stored.id);
  if (OGRLayer* r = holder->ExecuteSQL(lock.c_str(), nullptr, nullptr)) holder->ReleaseResultSet(r);
  REQUIRE(CPLGetLastErrorType() < CE_Failure);

  auto store = openNoteStore(spec);
  Note edit = stored;
  edit.text = "second writer";
  const auto start = std::chrono::steady_clock::now();
  std::string m = messageOf([&] { store->update(edit); });
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(test::backendName() << ": " << m);
  CHECK(m.find("store is busy (another program kept it locked for 10 seconds); try again") != std::string::npos);
  CHECK(waited >= 9.5);   // the documented wait, not an immediate failure
  CHECK(waited < 30.0);   // and not forever
  holder->RollbackTransaction();
  holder.reset();
  // Once the other program is done, the same change goes through.
  CHECK(store->update(edit).revision == 2);
}

#ifdef MOBMAP_BINARY
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "run_mobmap.h"

namespace {

namespace fs = std::filesystem;

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The text of a PDF by poppler's pdftotext, or nullopt (with a SKIPPED note) when it is not installed.
std::optional<std::string> pdfText(const fs::path& pdf) {
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) {
    std::cout << "SKIPPED: pdftotext (poppler-utils) is not installed; checked only what was re-rendered\n";
    return std::nullopt;
  }
  std::string out;
  FILE* pipe = ::popen(("pdftotext " + test::shellQuote(pdf.string()) + " - 2>/dev/null").c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

Note noteTitled(NoteStore& store, const std::string& title) {
  for (const Note& n : store.list())
    if (n.title == title) return n;
  FAIL("no note titled " << title);
  return {};
}

}  // namespace

TEST_CASE("a note turned internal, edited or deleted leaves the figure and the atlas at the next export", "[notes][store][consent]") {
  // The demo project (geodata/demo) with its notes moved into the store under test.
  const std::string spec = test::freshStoreSpec("consent-export");
  if (spec.empty()) return;  // PostgreSQL not installed: skipped
  const fs::path demo = test::scratchDir("consent-export-demo") / "demo";
  fs::copy(test::sourceDir() / "geodata/demo", demo, fs::copy_options::recursive);
  auto imported = test::runMobmap({"notes", "import", (demo / "notes.geojson").string(), "--store", spec});
  REQUIRE(imported.exitCode == 0);
  std::string project = readAll(demo / "project.toml");
  const std::string from = "store = \"notes.geojson\"";
  REQUIRE(project.find(from) != std::string::npos);
  project.replace(project.find(from), from.size(), "store = \"" + spec + "\"");
  std::ofstream(demo / "project.toml", std::ios::trunc) << project;
  const fs::path out = demo.parent_path() / "out";
  auto exportNow = [&] {
    auto r = test::runMobmap({"export", (demo / "project.toml").string(), "--views", "poverty", "--out-dir", out.string()});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return r.err;
  };
  exportNow();
  if (auto text = pdfText(out / "atlas.pdf")) CHECK(text->find("Bus cuts on the east side") != std::string::npos);
  CHECK(exportNow().find("poverty: unchanged, skipped") != std::string::npos);

  auto store = openNoteStore(spec);
  // 1. Consent withdrawn: the note becomes internal.
  Note bus = noteTitled(*store, "Bus cuts on the east side");
  auto r = test::runMobmap({"notes", "update", "--store", spec, "--id", std::to_string(bus.id), "--revision",
                            std::to_string(bus.revision), "--consent", "internal"});
  REQUIRE(r.exitCode == 0);
  std::string log = exportNow();
  CHECK(log.find("poverty: wrote poverty.png") != std::string::npos);
  CHECK(log.find("wrote atlas.pdf") != std::string::npos);
  if (auto text = pdfText(out / "atlas.pdf")) {
    CHECK(text->find("Bus cuts on the east side") == std::string::npos);
    CHECK(text->find("warehouse") == std::string::npos);
    CHECK(text->find("Flooding near the river path") != std::string::npos);
  }
  // 2. A public note's quote edited: the new words replace the old.
  Note flood = noteTitled(*store, "Flooding near the river path");
  flood.text = "Quote corrected by the speaker";
  store->update(flood);
  log = exportNow();
  CHECK(log.find("poverty: wrote poverty.png") != std::string::npos);
  if (auto text = pdfText(out / "atlas.pdf")) {
    CHECK(text->find("Quote corrected by the speaker") != std::string::npos);
    CHECK(text->find("Standing water") == std::string::npos);
  }
  // 3. The note deleted.
  flood = noteTitled(*store, "Flooding near the river path");
  store->remove(flood.id, flood.revision);
  log = exportNow();
  CHECK(log.find("wrote atlas.pdf") != std::string::npos);
  if (auto text = pdfText(out / "atlas.pdf")) CHECK(text->find("Flooding near the river path") == std::string::npos);
}
#endif
