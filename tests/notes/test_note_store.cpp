// The note store suite. The same cases run against a GeoPackage (test_notes) and against PostgreSQL + PostGIS
// (test_notes_pg). Expected values are the notes the tests themselves wrote: a store must give back exactly what
// was put in, with the id, revision and timestamps it documents.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdio>

#include "notes/note_store.h"
#include "store_under_test.h"

using namespace mobmap;
using namespace mobmap::notes;

namespace {

// Text that breaks naive CSV, HTML and SQL handling, in several scripts and with emoji.
const std::string kHostile =
    "She said, \"We're not 'numbers'.\"\n\nSecond paragraph: a < b && c > d; 100% of <b>us</b>.\r\n"
    "'; DROP TABLE notes; --\tTab\\backslash, comma; semicolon. Peña, 北京, عربى, 🚌🏠👩🏾‍⚕️ end";

Note sampleNote() {
  Note n;
  n.geometryWkt = "POINT (-89.075234 40.394418)";
  n.title = "Bus cuts, \"hourly\" <now>";
  n.text = kHostile;
  n.tags = {"transit", "Rewarding Work", "Opportunity-Rich & Inclusive Neighborhoods", "día 🚌"};
  n.sourceType = SourceType::FocusGroup;
  n.sourceName = "Eastbank library '; DROP TABLE notes; --";
  n.dateHeard = "2025-03-12";
  n.author = "M. O'Kafor";
  n.consent = Consent::Public;
  n.attachment = "photos/bus stop 6.jpg";
  n.areaIds = {"99001000100", "Northgate"};
  n.speaker = "Mrs. Peña \"Lupe\"";
  n.kind = NoteKind::Quote;
  n.location = LocationMode::Jittered;
  n.jitterMinM = 150;
  n.jitterMaxM = 300.5;
  return n;
}

void requireSameContent(const Note& a, const Note& b) {
  CHECK(a.geometryWkt == b.geometryWkt);
  CHECK(a.title == b.title);
  CHECK(a.text == b.text);
  CHECK(a.tags == b.tags);
  CHECK(a.sourceType == b.sourceType);
  CHECK(a.sourceName == b.sourceName);
  CHECK(a.dateHeard == b.dateHeard);
  CHECK(a.author == b.author);
  CHECK(a.consent == b.consent);
  CHECK(a.attachment == b.attachment);
  CHECK(a.areaIds == b.areaIds);
  CHECK(a.speaker == b.speaker);
  CHECK(a.kind == b.kind);
  CHECK(a.location == b.location);
  CHECK(a.jitterMinM == b.jitterMinM);
  CHECK(a.jitterMaxM == b.jitterMaxM);
  CHECK(a.publicWkt == b.publicWkt);
}

}  // namespace

TEST_CASE("every field, hostile text included, round-trips through the store", "[notes][store]") {
  std::string spec = test::freshStoreSpec("roundtrip");
  if (spec.empty()) return;  // PostgreSQL not installed: skipped
  Note in = sampleNote();
  Note polygon = sampleNote();
  polygon.title = "Area note";
  polygon.consent = Consent::Internal;
  polygon.sourceType = SourceType::Document;
  polygon.geometryWkt = "MULTIPOLYGON (((-89.1 40.3, -89 40.3, -89 40.4, -89.1 40.3)), ((-88.5 40.1, -88.4 40.1, "
                        "-88.4 40.2, -88.5 40.1)))";
  std::int64_t pointId = 0;
  std::int64_t polygonId = 0;
  {
    auto store = openNoteStore(spec);
    Note added = store->add(in);
    CHECK(added.id > 0);
    CHECK(added.revision == 1);
    CHECK(added.createdAt.size() == 20);
    CHECK(added.updatedAt == added.createdAt);
    pointId = added.id;
    polygonId = store->add(polygon).id;
    CHECK(polygonId != pointId);
  }
  // Read back through a new handle, as another program would.
  auto store = openNoteStore(spec);
  std::optional<Note> out = store->get(pointId);
  REQUIRE(out);
  requireSameContent(*out, in);
  CHECK(out->revision == 1);
  std::optional<Note> area = store->get(polygonId);
  REQUIRE(area);
  requireSameContent(*area, polygon);
  CHECK(store->list().size() == 2);
  CHECK_FALSE(store->get(pointId + polygonId + 100));
}

TEST_CASE("a stale revision is refused and the other writer's change is kept", "[notes][store][concurrency]") {
  std::string spec = test::freshStoreSpec("stale");
  if (spec.empty()) return;  // PostgreSQL not installed: skipped
  auto alice = openNoteStore(spec);
  auto bob = openNoteStore(spec);
  Note added = alice->add(sampleNote());
  Note aliceCopy = *alice->get(added.id);
  Note bobCopy = *bob->get(added.id);
  REQUIRE(bobCopy.revision == 1);

  aliceCopy.text = "Alice's edit";
  Note saved = alice->update(aliceCopy);
  CHECK(saved.revision == 2);

  bobCopy.text = "Bob's edit";
  try {
    bob->update(bobCopy);
    FAIL("the update based on revision 1 was accepted");
  } catch (const ConflictError& e) {
    CHECK(e.expectedRevision() == 1);
    CHECK(e.storedRevision() == 2);
    CHECK_THAT(e.what(), Catch::Contains("changed by someone else since you opened it (revision 1 → 2)"));
  }
  CHECK(bob->get(added.id)->text == "Alice's edit");
  CHECK(bob->get(added.id)->revision == 2);

  // Deleting with the stale revision is refused too; with the current one it succeeds.
  CHECK_THROWS_AS(bob->remove(added.id, 1), ConflictError);
  CHECK(alice->get(added.id));
  bob->remove(added.id, 2);
  CHECK_FALSE(alice->get(added.id));
  // An update of a note deleted meanwhile is a conflict with stored revision 0.
  try {
    alice->update(saved);
    FAIL("update of a deleted note was accepted");
  } catch (const ConflictError& e) {
    CHECK(e.storedRevision() == 0);
  }
}

TEST_CASE("two processes incrementing the same note lose no update", "[notes][store][concurrency]") {
  // Each process reads the note, adds one to the counter in its text and writes it with the revision it read,
  // retrying on ConflictError. Without an atomic revision check some increments would be lost: the final
  // counter must be exactly 2 x kRounds and the revision 1 + 2 x kRounds.
  constexpr int kRounds = 25;
  std::string spec = test::freshStoreSpec("increment");
  if (spec.empty()) return;  // PostgreSQL not installed: skipped
  std::int64_t id = 0;
  {
    auto store = openNoteStore(spec);
    Note n = sampleNote();
    n.text = "0";
    id = store->add(n).id;
  }
  pid_t children[2];
  for (pid_t& child : children) {
    child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      int code = 0;
      try {
        auto store = openNoteStore(spec);
        for (int done = 0; done < kRounds;) {
          Note n = *store->get(id);
          n.text = std::to_string(std::stoi(n.text) + 1);
          try {
            store->update(n);
            ++done;
          } catch (const ConflictError&) {
          }
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "child %d: %s\n", static_cast<int>(::getpid()), e.what());
        code = 3;
      }
      ::_exit(code);
    }
  }
  for (pid_t child : children) {
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  auto store = openNoteStore(spec);
  Note final = *store->get(id);
  CHECK(final.text == std::to_string(2 * kRounds));
  CHECK(final.revision == 1 + 2 * kRounds);
}

TEST_CASE("invalid notes are refused and nothing is stored", "[notes][store]") {
  std::string spec = test::freshStoreSpec("invalid");
  if (spec.empty()) return;  // PostgreSQL not installed: skipped
  auto store = openNoteStore(spec);
  Note noTitle = sampleNote();
  noTitle.title = " ";
  CHECK_THROWS_WITH(store->add(noTitle), Catch::Contains("no title"));
  Note projected = sampleNote();
  projected.geometryWkt = "POINT (1165000 1900000)";  // Illinois State Plane feet, not lon/lat
  CHECK_THROWS_WITH(store->add(projected), Catch::Contains("longitude/latitude"));
  Note line = sampleNote();
  line.geometryWkt = "LINESTRING (0 0, 1 1)";
  CHECK_THROWS_WITH(store->add(line), Catch::Contains("POINT, POLYGON or MULTIPOLYGON"));
  Note badTag = sampleNote();
  badTag.tags = {"a,b"};
  CHECK_THROWS(store->add(badTag));
  Note badDate = sampleNote();
  badDate.dateHeard = "12/03/2025";
  CHECK_THROWS_WITH(store->add(badDate), Catch::Contains("YYYY-MM-DD"));
  CHECK(store->list().empty());
}

TEST_CASE("list applies the filter", "[notes][store][filter]") {
  std::string spec = test::freshStoreSpec("filter");
  if (spec.empty()) return;  // PostgreSQL not installed: skipped
  auto store = openNoteStore(spec);
  Note a = sampleNote();  // public, focus group, 2025-03-12, tag transit
  Note b = sampleNote();
  b.consent = Consent::Internal;
  b.tags = {"housing"};
  b.dateHeard = "2024-11-30";
  b.author = "J. Alvarez";
  b.sourceType = SourceType::Interview;
  std::int64_t idA = store->add(a).id;
  std::int64_t idB = store->add(b).id;
  auto ids = [&](const NoteFilter& f) {
    std::vector<std::int64_t> out;
    for (const Note& n : store->list(f)) out.push_back(n.id);
    return out;
  };
  NoteFilter tag;
  tag.tag = "TRANSIT";
  CHECK(ids(tag) == std::vector<std::int64_t>{idA});
  NoteFilter pub;
  pub.publicOnly = true;
  CHECK(ids(pub) == std::vector<std::int64_t>{idA});
  NoteFilter dates;
  dates.from = "2024-11-01";
  dates.to = "2024-12-31";
  CHECK(ids(dates) == std::vector<std::int64_t>{idB});
  NoteFilter source;
  source.sourceType = SourceType::Interview;
  source.author = "j. alvarez";
  CHECK(ids(source) == std::vector<std::int64_t>{idB});
  CHECK(ids({}) == std::vector<std::int64_t>{idA, idB});
}
