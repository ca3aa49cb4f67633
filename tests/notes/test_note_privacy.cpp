// The consent gate and location privacy in the notes module: which audience sees which consent level, what the
// public version of a note holds, the jitter's range and stability, and how a store made before the four levels
// and the location modes reads. Expected values are the rules written in notes/note.h and notes/publication.h;
// distances are checked with the haversine formula (notes::distanceMetres) against the documented range.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "notes/note_store.h"
#include "notes/note_geometry.h"
#include "notes/publication.h"
#include "test_support.h"

using namespace mobmap;
using namespace mobmap::notes;

namespace {

Note pointNote(Consent c) {
  Note n;
  n.title = "Bus cuts";
  n.text = "The 6 went hourly.";
  n.geometryWkt = "POINT (-89.075234 40.394418)";
  n.consent = c;
  n.speaker = "Lupe Peña";
  n.importKey = "sha256:abc";
  return n;
}

}  // namespace

TEST_CASE("each consent level reaches exactly the audiences it names", "[notes][consent]") {
  // Rows: consent level; columns: staff, coalition, public (notes/note.h, mayShow).
  const struct {
    Consent consent;
    bool staff, coalition, pub;
  } table[] = {{Consent::Internal, true, false, false},
               {Consent::Coalition, true, true, false},
               {Consent::Public, true, true, true},
               {Consent::PublicAttributed, true, true, true}};
  for (const auto& row : table) {
    const Note n = pointNote(row.consent);
    INFO(consentName(row.consent));
    CHECK(mayShow(n, Audience::Staff) == row.staff);
    CHECK(mayShow(n, Audience::Coalition) == row.coalition);
    CHECK(mayShow(n, Audience::Public) == row.pub);
    CHECK(mayPublish(n) == row.pub);
    CHECK(noteFor(n, Audience::Public).has_value() == row.pub);
    CHECK(mayAttribute(n) == (row.consent == Consent::PublicAttributed));
  }
  // Names read back, including the two values stores held before there were four levels.
  CHECK(parseConsent("public") == Consent::Public);
  CHECK(parseConsent("internal") == Consent::Internal);
  CHECK(parseConsent("Public-Attributed") == Consent::PublicAttributed);
  CHECK(parseConsent("public_attributed") == Consent::PublicAttributed);
  CHECK(parseConsent("coalition") == Consent::Coalition);
  CHECK_THROWS_AS(parseConsent("secret"), UsageError);
}

TEST_CASE("the public version names the speaker only when attributed and drops what could undo privacy", "[notes][consent]") {
  const std::optional<Note> unattributed = noteFor(pointNote(Consent::Public), Audience::Public);
  REQUIRE(unattributed);
  CHECK(unattributed->speaker.empty());
  CHECK(unattributed->importKey.empty());
  CHECK(creditLine(*unattributed).find("Peña") == std::string::npos);
  const std::optional<Note> attributed = noteFor(pointNote(Consent::PublicAttributed), Audience::Public);
  REQUIRE(attributed);
  CHECK(attributed->speaker == "Lupe Peña");
  Note dated = *attributed;
  dated.sourceName = "Eastbank listening session";
  dated.dateHeard = "2025-03-12";
  CHECK(creditLine(dated) == "Lupe Peña, Eastbank listening session, March 12, 2025");
  dated.sourceName.clear();
  dated.sourceType = SourceType::Interview;
  dated.consent = Consent::Public;
  CHECK(creditLine(dated) == "interview, March 12, 2025");
  // Coalition members see a coalition note as recorded, speaker and exact point included.
  const std::optional<Note> members = noteFor(pointNote(Consent::Coalition), Audience::Coalition);
  REQUIRE(members);
  CHECK(members->speaker == "Lupe Peña");
  CHECK(members->geometryWkt == "POINT (-89.075234 40.394418)");
}

TEST_CASE("a jittered note is published between its minimum and maximum distance, at the same place every time", "[notes][privacy]") {
  Note n = pointNote(Consent::Public);
  n.location = LocationMode::Jittered;
  n.jitterMinM = 200;
  n.jitterMaxM = 500;
  const Point exact{-89.075234, 40.394418};
  std::vector<double> bearings;
  for (int i = 0; i < 200; ++i) {
    n.locationSeed = newLocationSeed();
    const std::optional<Note> shown = noteFor(n, Audience::Public);
    REQUIRE(shown);
    CHECK(shown->locationSeed.empty());
    const std::optional<Point> p = labelPoint(shown->geometryWkt);
    REQUIRE(p);
    const double d = distanceMetres(exact, *p);
    // The offset is computed on a sphere in degrees at the note's latitude: within 0.5% of the range's ends.
    CHECK(d >= 200 * 0.995);
    CHECK(d <= 500 * 1.005);
    bearings.push_back(std::atan2(p->y - exact.y, p->x - exact.x));
    // Stable: the same seed gives the same place, byte for byte.
    CHECK(noteFor(n, Audience::Public)->geometryWkt == shown->geometryWkt);
  }
  // Directions are spread: some points east and some west, some north and some south of the note.
  CHECK(std::count_if(bearings.begin(), bearings.end(), [](double a) { return std::abs(a) < M_PI / 2; }) > 40);
  CHECK(std::count_if(bearings.begin(), bearings.end(), [](double a) { return std::abs(a) > M_PI / 2; }) > 40);
  CHECK(std::count_if(bearings.begin(), bearings.end(), [](double a) { return a > 0; }) > 40);
  // Without a seed a jittered note is withheld from the public, never shown at its recorded point.
  n.locationSeed.clear();
  CHECK_FALSE(noteFor(n, Audience::Public));
  CHECK(withheldReason(n, Audience::Public).find("seed") != std::string::npos);
  // Staff see it as recorded.
  CHECK(noteFor(n, Audience::Staff)->geometryWkt == n.geometryWkt);
}

TEST_CASE("a jittered area note moves as a whole", "[notes][privacy]") {
  Note n = pointNote(Consent::Public);
  n.geometryWkt = "POLYGON ((-89.1 40.3, -89 40.3, -89 40.4, -89.1 40.3))";
  n.location = LocationMode::Jittered;
  n.jitterMinM = 100;
  n.jitterMaxM = 100;
  n.locationSeed = "0123456789abcdef";
  const std::string moved = noteFor(n, Audience::Public)->geometryWkt;
  CHECK(moved != n.geometryWkt);
  // Every vertex moved by the same offset: the first and second corners stay 0.1° of longitude apart.
  const std::vector<std::vector<Point>> rings = wktRings(moved);
  REQUIRE(rings.size() == 1);
  CHECK(rings[0][1].x - rings[0][0].x == Approx(0.1).margin(1e-9));
  CHECK(distanceMetres({-89.1, 40.3}, rings[0][0]) == Approx(100).epsilon(0.005));
}

TEST_CASE("a generalised note is published at its area, and withheld until it has one", "[notes][privacy]") {
  Note n = pointNote(Consent::Public);
  n.location = LocationMode::Generalised;
  CHECK_FALSE(noteFor(n, Audience::Public));
  CHECK(withheldReason(n, Audience::Public).find("generalised") != std::string::npos);
  n.publicWkt = "POLYGON ((-89.1 40.3, -89 40.3, -89 40.4, -89.1 40.4, -89.1 40.3))";
  const std::optional<Note> shown = noteFor(n, Audience::Public);
  REQUIRE(shown);
  CHECK(shown->geometryWkt == n.publicWkt);
  CHECK(shown->publicWkt.empty());
  const std::optional<Point> label = labelPoint(shown->geometryWkt);
  REQUIRE(label);
  CHECK(label->x > -89.1);
  CHECK(label->x < -89);
}

TEST_CASE("the store draws a jitter seed once and keeps it, and a generalised area that no longer holds the note is dropped", "[notes][privacy][store]") {
  const std::string path = (test::scratchDir("note-privacy-store") / "notes.gpkg").string();
  auto store = openNoteStore(path);
  Note n = pointNote(Consent::Public);
  n.location = LocationMode::Jittered;
  Note added = store->add(n);
  CHECK(added.jitterMinM == kDefaultJitterMinM);
  CHECK(added.jitterMaxM == kDefaultJitterMaxM);
  REQUIRE(added.locationSeed.size() == 16);
  const std::string published = noteFor(added, Audience::Public)->geometryWkt;
  added.text = "edited";
  Note updated = store->update(added);
  CHECK(updated.locationSeed == added.locationSeed);
  CHECK(noteFor(*store->get(updated.id), Audience::Public)->geometryWkt == published);

  Note g = pointNote(Consent::Public);
  g.location = LocationMode::Generalised;
  g.publicWkt = "POLYGON ((-89.1 40.3, -89 40.3, -89 40.4, -89.1 40.4, -89.1 40.3))";
  Note stored = store->add(g);
  CHECK(stored.publicWkt == g.publicWkt);
  stored.geometryWkt = "POINT (-88.5 40.1)";  // dragged out of its area
  Note moved = store->update(stored);
  CHECK(moved.publicWkt.empty());
  CHECK_FALSE(noteFor(*store->get(moved.id), Audience::Public));
}

TEST_CASE("a store made before consent levels and location modes reads as before and gains the columns", "[notes][store][migration]") {
  // The notes table as the previous release created it (note_fields.cpp before this change): these columns, no
  // speaker, kind, location_mode, jitter or public_wkt; consent holds "public" or "internal".
  const std::string path = (test::scratchDir("note-migration") / "old.gpkg").string();
  GDALAllRegister();
  {
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(gpkg->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    REQUIRE(ds);
    OGRSpatialReference srs;
    srs.SetWellKnownGeogCS("WGS84");
    const char* options[] = {"FID=id", "GEOMETRY_NAME=geom", nullptr};
    OGRLayer* layer = ds->CreateLayer("notes", &srs, wkbUnknown, const_cast<char**>(options));
    for (const char* name : {"title", "text", "tags", "source_type", "source_name", "date_heard", "author", "consent",
                             "attachment", "created_at", "updated_at", "area_ids", "import_key"}) {
      OGRFieldDefn f(name, OFTString);
      layer->CreateField(&f);
    }
    OGRFieldDefn rev("revision", OFTInteger64);
    layer->CreateField(&rev);
    for (const char* consent : {"public", "internal"}) {
      OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      f->SetField("title", (std::string("old ") + consent).c_str());
      f->SetField("consent", consent);
      f->SetField("source_type", "interview");
      f->SetField("revision", 1);
      OGRPoint p(-89.07, 40.39);
      f->SetGeometry(&p);
      REQUIRE(layer->CreateFeature(f.get()) == OGRERR_NONE);
    }
  }
  auto store = openNoteStore(path);
  std::vector<Note> all = store->list();
  REQUIRE(all.size() == 2);
  CHECK(all[0].consent == Consent::Public);
  CHECK(all[1].consent == Consent::Internal);
  for (const Note& n : all) {
    CHECK(n.location == LocationMode::Exact);
    CHECK(n.kind == NoteKind::Paraphrase);
    CHECK(n.speaker.empty());
  }
  CHECK(noteFor(all[0], Audience::Public)->geometryWkt == "POINT (-89.07 40.39)");
  CHECK_FALSE(noteFor(all[1], Audience::Public));
  CHECK_FALSE(noteFor(all[1], Audience::Coalition));  // internal stays the narrowest level
  // The new columns were added, so the old notes can be given a level and a mode.
  Note upgrade = all[1];
  upgrade.consent = Consent::Coalition;
  upgrade.location = LocationMode::Jittered;
  upgrade.speaker = "A resident";
  Note saved = store->update(upgrade);
  std::optional<Note> back = openNoteStore(path)->get(saved.id);
  REQUIRE(back);
  CHECK(back->consent == Consent::Coalition);
  CHECK(back->location == LocationMode::Jittered);
  CHECK(back->speaker == "A resident");
}
