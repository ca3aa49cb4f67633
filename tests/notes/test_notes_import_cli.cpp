// `mobmap notes import FILE --map ...` on community input in the byte forms its tools publish:
//  - a KoboToolbox CSV export as KPI/formpack writes it (';' between fields, every field quoted, CR LF line ends; a
//    geopoint question `where` as the column "where" = "lat lon alt precision" plus _where_latitude,
//    _where_longitude, _where_altitude, _where_precision; then _id, _uuid, _submission_time, _validation_status,
//    _notes, _status, _submitted_by, _tags, _index), after formpack's test_csv_export_default_options and its
//    geopoint export test;
//  - an ODK Central CSV export as central-backend writes it (SubmissionDate, meta-instanceID, the fields with group
//    paths joined by '-', a geopoint as NAME-Latitude, NAME-Longitude, NAME-Altitude, NAME-Accuracy, then KEY,
//    SubmitterID, SubmitterName, AttachmentsPresent, AttachmentsExpected, Status, ReviewState, DeviceID, Edits,
//    FormVersion), after central-backend's submissions.csv tests;
//  - an RFC 7946 GeoJSON FeatureCollection with 3-D points (as survey tools write them).
// Expected values are the fixtures' own cells: the rows the test wrote to be accepted, the rows it wrote to be
// refused (and why), and the coordinates it typed.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using mobmap::test::runMobmap;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* const kKoboHeader =
    "\"start\";\"end\";\"title\";\"story\";\"where\";\"_where_latitude\";\"_where_longitude\";\"_where_altitude\";"
    "\"_where_precision\";\"may_we_quote\";\"speaker_name\";\"themes\";\"_id\";\"_uuid\";\"_submission_time\";"
    "\"_validation_status\";\"_notes\";\"_status\";\"_submitted_by\";\"_tags\";\"_index\"\r\n";

// Six submissions: 1 and 2 import; 3 has no location, 4 no title, 5 an unknown consent answer, 6 repeats 1's _uuid.
std::string koboExport() {
  std::string s = kKoboHeader;
  s += "\"2025-03-12T10:01:02.000-05:00\";\"2025-03-12T10:09:40.000-05:00\";\"Bus cuts\";\"The 6 went hourly; \"\"I lose two "
       "hours\"\" a day.\nSecond line.\";\"40.394418 -89.075234 0 5\";\"40.394418\";\"-89.075234\";\"0\";\"5\";\"yes\";\"Lupe\";"
       "\"transit jobs\";\"61\";\"48583952-1892-4931-8d9c-869e7b49bafb\";\"2025-03-12T15:10:19\";\"\";\"\";\"submitted_via_web\";"
       "\"\";\"\";\"1\"\r\n";
  s += "\"2025-03-13T09:00:00.000-05:00\";\"2025-03-13T09:05:00.000-05:00\";\"Clinic hours\";\"Closes at 4:30.\";"
       "\"40.36846 -89.267275 0 8\";\"40.36846\";\"-89.267275\";\"0\";\"8\";\"no\";\"\";\"health\";\"62\";"
       "\"0b7f2e1c-5d3a-4c8e-9f6a-2b1d4e7c9a10\";\"2025-03-13T14:05:31\";\"\";\"\";\"submitted_via_web\";\"\";\"\";\"2\"\r\n";
  s += "\"2025-03-14T09:00:00.000-05:00\";\"2025-03-14T09:05:00.000-05:00\";\"No place\";\"Somewhere.\";\"\";\"\";\"\";\"\";\"\";"
       "\"yes\";\"\";\"\";\"63\";\"7a1c9e3b-2f4d-4b6a-8c5e-1d3f5a7b9c21\";\"2025-03-14T14:05:31\";\"\";\"\";\"submitted_via_web\";"
       "\"\";\"\";\"3\"\r\n";
  s += "\"2025-03-15T09:00:00.000-05:00\";\"2025-03-15T09:05:00.000-05:00\";\"\";\"Untitled story.\";\"40.4 -89.2 0 5\";"
       "\"40.4\";\"-89.2\";\"0\";\"5\";\"yes\";\"\";\"\";\"64\";\"9c3e5a7b-1d2f-4a6b-8c9d-0e1f2a3b4c54\";\"2025-03-15T14:05:31\";\"\";"
       "\"\";\"submitted_via_web\";\"\";\"\";\"4\"\r\n";
  s += "\"2025-03-16T09:00:00.000-05:00\";\"2025-03-16T09:05:00.000-05:00\";\"Unsure\";\"Maybe quote me.\";\"40.41 -89.21 0 5\";"
       "\"40.41\";\"-89.21\";\"0\";\"5\";\"maybe\";\"\";\"\";\"65\";\"2b4d6f8a-0c1e-4f3a-9b5d-7e9f1a3c5e65\";\"2025-03-16T14:05:31\";"
       "\"\";\"\";\"submitted_via_web\";\"\";\"\";\"5\"\r\n";
  s += "\"2025-03-12T10:01:02.000-05:00\";\"2025-03-12T10:09:40.000-05:00\";\"Bus cuts again\";\"Sent twice.\";"
       "\"40.394418 -89.075234 0 5\";\"40.394418\";\"-89.075234\";\"0\";\"5\";\"yes\";\"\";\"\";\"66\";"
       "\"48583952-1892-4931-8d9c-869e7b49bafb\";\"2025-03-12T15:11:00\";\"\";\"\";\"submitted_via_web\";\"\";\"\";\"6\"\r\n";
  return s;
}

const std::string kKoboMap = "title=title,text=story,consent=may_we_quote,speaker=speaker_name,tags=themes";

}  // namespace

TEST_CASE("a KoboToolbox CSV export: dry run lists rows to import and rows refused with their reasons", "[notes][cli][import]") {
  const fs::path dir = test::scratchDir("notes-import-kobo");
  const fs::path csv = dir / "community_voices_-_all_versions_-_False_-_2025-03-20-10-00-00.csv";
  write(csv, koboExport());
  const std::string store = (dir / "notes.gpkg").string();

  test::RunResult dry = runMobmap({"notes", "import", "--store", store, csv.string(), "--map", kKoboMap, "--consent-values",
                                   "yes=public,no=internal", "--dry-run", "--json"});
  INFO(dry.err);
  REQUIRE(dry.exitCode == 1);  // rows were refused
  const nlohmann::json d = nlohmann::json::parse(dry.out);
  CHECK(d["form"] == "kobo");
  CHECK(d["would_import"] == 2);
  CHECK(d["imported"] == 0);
  REQUIRE(d["refused"].size() == 4);
  CHECK(d["refused"][0]["row"] == 3);
  CHECK_THAT(d["refused"][0]["reason"].get<std::string>(), Catch::Contains("no location"));
  CHECK(d["refused"][1]["row"] == 4);
  CHECK_THAT(d["refused"][1]["reason"].get<std::string>(), Catch::Contains("no title"));
  CHECK(d["refused"][2]["row"] == 5);
  CHECK_THAT(d["refused"][2]["reason"].get<std::string>(), Catch::Contains("'maybe'"));
  CHECK(d["refused"][3]["row"] == 6);
  CHECK_THAT(d["refused"][3]["reason"].get<std::string>(), Catch::Contains("as row 1"));
  CHECK_THAT(dry.err, Catch::Contains("row 1: will import: Bus cuts"));
  CHECK_THAT(dry.err, Catch::Contains("row 3: refused: no location"));
  // Nothing stored by a dry run.
  test::RunResult listed = runMobmap({"notes", "list", "--store", store, "--json"});
  REQUIRE(listed.exitCode == 0);
  CHECK(nlohmann::json::parse(listed.out)["count"] == 0);

  // The import itself: the two good rows, exactly as the export holds them.
  test::RunResult real = runMobmap({"notes", "import", "--store", store, csv.string(), "--map", kKoboMap, "--consent-values",
                                    "yes=public,no=internal", "--json"});
  INFO(real.err);
  CHECK(real.exitCode == 1);
  CHECK(nlohmann::json::parse(real.out)["imported"] == 2);
  const nlohmann::json all = nlohmann::json::parse(runMobmap({"notes", "list", "--store", store, "--json"}).out);
  REQUIRE(all["count"] == 2);
  const nlohmann::json& bus = all["notes"][0];
  CHECK(bus["title"] == "Bus cuts");
  CHECK(bus["text"] == "The 6 went hourly; \"I lose two hours\" a day.\nSecond line.");
  CHECK(bus["geometry"] == "POINT (-89.075234 40.394418)");  // Kobo writes latitude first
  CHECK(bus["date_heard"] == "2025-03-12");                    // from _submission_time
  CHECK(bus["consent"] == "public");
  CHECK(bus["speaker"] == "Lupe");
  CHECK(bus["source_type"] == "survey");
  CHECK(bus["tags"] == nlohmann::json::array({"transit", "jobs"}));
  CHECK(all["notes"][1]["consent"] == "internal");

  // Re-running adds nothing twice: the submissions are known by their _uuid.
  test::RunResult again = runMobmap({"notes", "import", "--store", store, csv.string(), "--map", kKoboMap, "--consent-values",
                                     "yes=public,no=internal", "--json"});
  CHECK(nlohmann::json::parse(again.out)["imported"] == 0);
  CHECK(nlohmann::json::parse(again.out)["skipped"] == 2);
  // A later export of the same form, with one submission edited and one new: the edit is not a new note, the
  // new submission is added.
  std::string later = koboExport();
  later.replace(later.find("Closes at 4:30."), 15, "Closes at 4:00.");
  later += "\"2025-03-18T09:00:00.000-05:00\";\"2025-03-18T09:05:00.000-05:00\";\"Late buses\";\"Night route.\";"
           "\"40.39 -89.1 0 5\";\"40.39\";\"-89.1\";\"0\";\"5\";\"no\";\"\";\"\";\"67\";\"5e7f9a1b-3c5d-4e7f-8a9b-1c2d3e4f5a67\";"
           "\"2025-03-18T14:05:31\";\"\";\"\";\"submitted_via_web\";\"\";\"\";\"7\"\r\n";
  write(csv, later);
  test::RunResult third = runMobmap({"notes", "import", "--store", store, csv.string(), "--map", kKoboMap, "--consent-values",
                                     "yes=public,no=internal", "--json"});
  CHECK(nlohmann::json::parse(third.out)["imported"] == 1);
  CHECK(nlohmann::json::parse(runMobmap({"notes", "list", "--store", store, "--json"}).out)["count"] == 3);
}

TEST_CASE("an ODK Central CSV export through a mapping saved in the project", "[notes][cli][import]") {
  const fs::path dir = test::scratchDir("notes-import-odk");
  const fs::path csv = dir / "voices.csv";
  write(csv,
        "SubmissionDate,meta-instanceID,intro-title,intro-story,consent,loc-where-Latitude,loc-where-Longitude,"
        "loc-where-Altitude,loc-where-Accuracy,KEY,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,"
        "Status,ReviewState,DeviceID,Edits,FormVersion\n"
        "2025-04-02T16:20:11.532Z,uuid:2f1b7c1e-8d0a-4a5b-9c3e-5f6a7b8c9d0e,Clinic hours,\"She said, \"\"too far.\"\"\","
        "public,40.36846,-89.267275,212.5,4.8,uuid:2f1b7c1e-8d0a-4a5b-9c3e-5f6a7b8c9d0e,5,Alice,0,0,,,collect:abc,0,2025040201\n"
        "2025-04-03T09:01:00.000Z,uuid:3a2c8d2f-9e1b-4b6c-8d4f-6a7b8c9d0e1f,Sidewalks,Broken on Elm.,coalition,40.38,"
        "-89.2,,,uuid:3a2c8d2f-9e1b-4b6c-8d4f-6a7b8c9d0e1f,5,Alice,0,0,,approved,collect:abc,0,2025040201\n");
  const fs::path project = dir / "project.toml";
  write(project, "format_version = 2\ntitle = \"Import test\"\n[notes]\nstore = \"notes.gpkg\"\n");
  const std::string map = "title=intro-title,text=intro-story,consent=consent";

  test::RunResult saved = runMobmap({"notes", "import", "--project", project.string(), csv.string(), "--map", map, "--map-name",
                                     "odk_voices", "--save-map", "--json"});
  INFO(saved.err);
  REQUIRE(saved.exitCode == 0);
  const nlohmann::json j = nlohmann::json::parse(saved.out);
  CHECK(j["form"] == "odk");
  CHECK(j["imported"] == 2);
  CHECK_THAT(slurp(project), Catch::Contains("[notes.import_maps]") && Catch::Contains("odk_voices"));
  // The next export, read with the saved map by name: nothing is added twice.
  test::RunResult again = runMobmap({"notes", "import", "--project", project.string(), csv.string(), "--map-name", "odk_voices", "--json"});
  INFO(again.err);
  REQUIRE(again.exitCode == 0);
  CHECK(nlohmann::json::parse(again.out)["imported"] == 0);
  CHECK(nlohmann::json::parse(again.out)["skipped"] == 2);
  const nlohmann::json all = nlohmann::json::parse(runMobmap({"notes", "list", "--project", project.string(), "--json"}).out);
  REQUIRE(all["count"] == 2);
  CHECK(all["notes"][0]["geometry"] == "POINT (-89.267275 40.36846)");
  CHECK(all["notes"][0]["date_heard"] == "2025-04-02");
  CHECK(all["notes"][0]["text"] == "She said, \"too far.\"");
  CHECK(all["notes"][1]["consent"] == "coalition");
  // A mapped column the file lacks is named.
  test::RunResult bad = runMobmap({"notes", "import", "--project", project.string(), csv.string(), "--map", "title=Title,text=story"});
  CHECK(bad.exitCode == 1);
  CHECK_THAT(bad.err, Catch::Contains("no column 'story'"));
}

TEST_CASE("a GeoJSON feature collection and a plain CSV through a mapping", "[notes][cli][import]") {
  const fs::path dir = test::scratchDir("notes-import-generic");
  const std::string store = (dir / "notes.gpkg").string();
  const fs::path gj = dir / "walk.geojson";
  write(gj, R"({"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[-89.075234,40.394418,212.0]},"properties":{"Name":"Crossing","Comment":"No crosswalk at 5th.","Share":"public"}},
{"type":"Feature","geometry":null,"properties":{"Name":"Lost point","Comment":"GPS failed.","Share":"public"}}]})");
  test::RunResult r = runMobmap({"notes", "import", "--store", store, gj.string(), "--map", "title=Name,text=Comment,consent=Share", "--json"});
  INFO(r.err);
  CHECK(r.exitCode == 1);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["imported"] == 1);
  REQUIRE(j["refused"].size() == 1);
  CHECK(j["refused"][0]["row"] == 2);
  CHECK_THAT(r.err, Catch::Contains("feature 2: refused: no location"));
  CHECK(j["notes"][0]["geometry"] == "POINT (-89.075234 40.394418)");

  const fs::path csv = dir / "table.csv";
  write(csv, "Name,Comment,X,Y,When,Share\nBench,Needs shade.,-89.1,40.4,2025-06-01,internal\nBad date,x,-89.1,40.4,06/01/2025,public\n"
             "Swapped,x,40.4,-189.1,2025-06-01,public\n");
  test::RunResult t = runMobmap({"notes", "import", "--store", store, csv.string(), "--map",
                                 "title=Name,text=Comment,lat=Y,lon=X,date=When,consent=Share", "--dry-run", "--json"});
  INFO(t.err);
  const nlohmann::json tj = nlohmann::json::parse(t.out);
  CHECK(tj["would_import"] == 1);
  REQUIRE(tj["refused"].size() == 2);
  CHECK_THAT(tj["refused"][0]["reason"].get<std::string>(), Catch::Contains("06/01/2025"));
  CHECK_THAT(tj["refused"][1]["reason"].get<std::string>(), Catch::Contains("out of range"));
  // Unknown mapping fields are usage errors.
  CHECK(runMobmap({"notes", "import", "--store", store, csv.string(), "--map", "heading=Name"}).exitCode == 2);
}
