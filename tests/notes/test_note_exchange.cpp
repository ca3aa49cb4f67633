// GeoJSON and CSV import/export and area links. Expected values are the notes written by the test itself (a round
// trip must give them back byte for byte) and the demo notes file in geodata/demo (8 notes, 2 internal).
#include <catch2/catch.hpp>

#include <fstream>

#include "notes/area_locator.h"
#include "notes/note_exchange.h"
#include "test_support.h"

using namespace mobmap;
using namespace mobmap::notes;

namespace {

Note hostileNote(int i) {
  Note n;
  n.id = i;
  n.revision = 3;
  n.geometryWkt = i % 2 ? "POINT (-89.075234 40.394418)"
                        : "POLYGON ((-89.1 40.3, -89 40.3, -89 40.4, -89.1 40.3))";
  n.title = "Title, with \"quotes\" #" + std::to_string(i);
  n.text = "Line one, \"quoted\"\n\nLine three <b>bold</b> '; DROP TABLE notes; -- 🚌👩🏾‍⚕️ Peña\r\nend,";
  n.tags = {"transit", "High-Quality Education"};
  n.sourceType = SourceType::SiteVisit;
  n.sourceName = "Walk, \"east\"";
  n.dateHeard = "2025-04-02";
  n.author = "J. O'Neil";
  n.consent = i % 2 ? Consent::Public : Consent::Internal;
  n.attachment = "a b/c.jpg";
  n.createdAt = "2025-04-03T10:00:00Z";
  n.updatedAt = "2025-04-04T11:30:00Z";
  return n;
}

void checkRoundTrip(const std::string& path) {
  std::vector<Note> out = {hostileNote(1), hostileNote(2)};
  writeNotes(out, path);
  std::vector<Note> back = readNotes(path);
  REQUIRE(back.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    INFO(path << " note " << i);
    CHECK(back[i].geometryWkt == out[i].geometryWkt);
    CHECK(back[i].title == out[i].title);
    CHECK(back[i].text == out[i].text);
    CHECK(back[i].tags == out[i].tags);
    CHECK(back[i].sourceType == out[i].sourceType);
    CHECK(back[i].sourceName == out[i].sourceName);
    CHECK(back[i].dateHeard == out[i].dateHeard);
    CHECK(back[i].author == out[i].author);
    CHECK(back[i].consent == out[i].consent);
    CHECK(back[i].attachment == out[i].attachment);
    CHECK(back[i].createdAt == out[i].createdAt);
    CHECK(back[i].updatedAt == out[i].updatedAt);
    CHECK(back[i].id == 0);  // ids belong to the store that imports them
  }
}

}  // namespace

TEST_CASE("hostile text round-trips exactly through GeoJSON", "[notes][exchange]") {
  checkRoundTrip((test::scratchDir("notes-geojson") / "notes.geojson").string());
}

TEST_CASE("hostile text round-trips exactly through CSV with a WKT column", "[notes][exchange]") {
  checkRoundTrip((test::scratchDir("notes-csv") / "notes.csv").string());
}

TEST_CASE("CSV with lon/lat columns imports points", "[notes][exchange]") {
  auto path = test::scratchDir("notes-lonlat") / "notes.csv";
  {
    std::ofstream f(path);
    f << "title,text,lon,lat,consent,tags,source_type\n"
         "\"Crossing\",\"No light, kids run across\nat 3pm\",-89.25,40.5,public,\"youth; transit\",site_visit\n";
  }
  std::vector<Note> notes = readNotes(path.string());
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].geometryWkt == "POINT (-89.25 40.5)");
  CHECK(notes[0].text == "No light, kids run across\nat 3pm");
  CHECK(notes[0].tags == std::vector<std::string>{"youth", "transit"});
  CHECK(notes[0].sourceType == SourceType::SiteVisit);
}

TEST_CASE("the demo notes file reads as 8 notes, 2 of them internal", "[notes][exchange]") {
  // geodata/demo/notes.geojson: 8 features; consent "internal" on "Rent increases downtown" and "Voting location moved".
  std::vector<Note> notes = readNotes((test::sourceDir() / "geodata/demo/notes.geojson").string());
  REQUIRE(notes.size() == 8);
  int internal = 0;
  for (const Note& n : notes) internal += n.consent == Consent::Internal;
  CHECK(internal == 2);
  CHECK(notes[0].title == "Bus cuts on the east side");
  CHECK(notes[0].tags ==
        std::vector<std::string>{"Rewarding Work", "Opportunity-Rich & Inclusive Neighborhoods", "transit"});
  CHECK(notes[0].text.find("\n\nPeople here want to work.") != std::string::npos);
  CHECK(notes[0].dateHeard == "2025-03-12");
}

TEST_CASE("a note's areas come from the boundary layer", "[notes][areas]") {
  // Two unit squares side by side in lon/lat, keys "A" (x 0..1) and "B" (x 1..2), written as GeoJSON here.
  auto path = test::scratchDir("notes-areas") / "squares.geojson";
  {
    std::ofstream f(path);
    f << R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"GEOID":"A","pov":0.1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
{"type":"Feature","properties":{"GEOID":"B","pov":0.4},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]})";
  }
  AreaLocator all(path.string(), "", "GEOID");
  CHECK(all.locate("POINT (0.5 0.5)") == std::vector<std::string>{"A"});
  CHECK(all.locate("POINT (1 0.5)") == std::vector<std::string>{"A", "B"});  // on the shared edge
  CHECK(all.locate("POINT (5 5)").empty());
  CHECK(all.locate("POLYGON ((0.5 0.2, 1.5 0.2, 1.5 0.8, 0.5 0.2))") == std::vector<std::string>{"A", "B"});
  CHECK(all.locate("POLYGON ((1 0.2, 1.5 0.2, 1.5 0.8, 1 0.2))") == std::vector<std::string>{"B"});  // touches A only
  AreaLocator poor(path.string(), "", "GEOID", "pov > 0.3");
  CHECK(poor.size() == 1);
  CHECK(poor.locate("POINT (0.5 0.5)").empty());
  CHECK_THROWS_WITH(AreaLocator(path.string(), "", "tract"), Catch::Contains("no field 'tract'"));
}

TEST_CASE("a note's tract GEOID on the Chicago tracts", "[notes][areas][shared]") {
  // The Chicago SDOH tracts are in EPSG:3435 (feet); a note at the Harold Washington Library (-87.6282, 41.8763)
  // lies in tract 17031839100: the expected key came from projecting the point with cs2cs (EPSG:4326 -> 3435) and
  // asking SpatiaLite (ogrinfo -dialect SQLite, ST_Intersects) which tract contains it. geoid10 is a Real field,
  // so this also checks that keys come out as whole numbers, not "17031839100.0".
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  AreaLocator tracts(shp->string(), "", "geoid10");
  CHECK(tracts.size() == 791);
  std::vector<std::string> ids = tracts.locate(pointWkt(-87.6282, 41.8763));
  REQUIRE(ids.size() == 1);
  CHECK(ids[0] == "17031839100");
}
