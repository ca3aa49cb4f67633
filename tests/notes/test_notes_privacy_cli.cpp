// Consent levels and location privacy through every output, end to end with the real binary on the demo data
// (geodata/demo: tracts.geojson, tract_acs.csv): a store holding one note of each consent level and location mode,
// then `notes export` (GeoJSON and CSV, read back as text), `render --notes --json` (the callouts' places) and
// the PDF's text (pdftotext), and `mobmap export` (the atlas' text). What is compared: the exact coordinates the
// test typed never appear in a public file for a note that is not exact; jittered places lie within the range the
// test gave (haversine distance); a generalised note is published as the demo tract it lies in; the speaker's
// name appears only for the public-attributed note; internal and coalition notes appear in no public output.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "notes/note_geometry.h"
#include "notes/publication.h"
#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using mobmap::test::runMobmap;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<std::string> pdfText(const fs::path& pdf) {
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) return std::nullopt;
  std::string out;
  FILE* pipe = ::popen(("pdftotext " + test::shellQuote(pdf.string()) + " - 2>/dev/null").c_str(), "r");
  if (!pipe) return std::nullopt;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

// The places the test types (inside demo tracts), written with digits no other coordinate in the demo shares.
struct Place {
  const char* title;
  double lon, lat;
  const char* lonText;
};
const Place kExact{"Exact public", -89.0752341, 40.3944187, "-89.0752341"};
const Place kGeneral{"Generalised public", -89.2672753, 40.3684609, "-89.2672753"};
const Place kJitter{"Jittered public", -89.1801237, 40.4203911, "-89.1801237"};
const Place kAttributed{"Attributed jittered", -89.1311173, 40.3801129, "-89.1311173"};
const Place kCoalition{"Coalition only", -89.2104417, 40.4452211, "-89.2104417"};
const Place kInternal{"Staff only", -89.1509227, 40.4017723, "-89.1509227"};

struct Fixture {
  fs::path dir;
  std::string store;
  fs::path demo = test::sourceDir() / "geodata/demo";
};

Fixture makeStore(const std::string& name) {
  Fixture f;
  f.dir = test::scratchDir(name);
  f.store = (f.dir / "notes.gpkg").string();
  auto add = [&](const Place& p, std::vector<std::string> extra) {
    std::ostringstream wkt;
    wkt.precision(12);
    wkt << "POINT (" << p.lon << " " << p.lat << ")";
    std::vector<std::string> args = {"notes", "add", "--store", f.store, "--wkt", wkt.str(), "--title", p.title, "--text",
                                     std::string("Said at ") + p.title, "--source-name", "Eastbank listening session",
                                     "--date", "2025-03-12", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    test::RunResult r = runMobmap(args);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
  };
  const std::string tracts = (f.demo / "tracts.geojson").string();
  add(kExact, {"--consent", "public", "--kind", "quote", "--speaker", "Unnamed Speaker"});
  add(kGeneral, {"--consent", "public", "--location", "generalised", "--areas", tracts});
  add(kJitter, {"--consent", "public", "--location", "jittered", "--jitter-min", "300", "--jitter-max", "600"});
  add(kAttributed, {"--consent", "public-attributed", "--speaker", "Lupe Peña", "--kind", "quote", "--location",
                    "jittered", "--jitter-min", "300", "--jitter-max", "600"});
  add(kCoalition, {"--consent", "coalition"});
  add(kInternal, {"--consent", "internal"});
  return f;
}

// The demo tract whose outline holds (lon, lat), as its GeoJSON coordinates text.
bool inDemoTractOutline(const nlohmann::json& polygon, const fs::path& tracts) {
  const nlohmann::json all = nlohmann::json::parse(slurp(tracts));
  for (const nlohmann::json& f : all["features"])
    if (f["geometry"]["coordinates"] == polygon) return true;
  return false;
}

}  // namespace

TEST_CASE("notes export for the public never carries the exact point of a generalised or jittered note", "[notes][cli][privacy]") {
  Fixture f = makeStore("notes-privacy-export");
  for (const char* ext : {"geojson", "csv"}) {
    const fs::path out = f.dir / (std::string("public.") + ext);
    test::RunResult r = runMobmap({"notes", "export", "--store", f.store, "--out", out.string(), "--public-only", "--json"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j["written"] == 4);
    CHECK(j["internal_left_out"] == 2);
    const std::string text = slurp(out);
    // The exact point is there for the exact note only.
    CHECK(text.find(kExact.lonText) != std::string::npos);
    for (const Place& p : {kGeneral, kJitter, kAttributed, kCoalition, kInternal}) {
      INFO(p.title);
      CHECK(text.find(p.lonText) == std::string::npos);
    }
    CHECK(text.find(kCoalition.title) == std::string::npos);
    CHECK(text.find(kInternal.title) == std::string::npos);
    // Nothing that could undo the displacement, and the speaker only where attributed.
    CHECK(text.find("location_seed") == std::string::npos);
    CHECK(text.find("public_wkt") == std::string::npos);
    CHECK(text.find("Lupe Peña") != std::string::npos);
    CHECK(text.find("Unnamed Speaker") == std::string::npos);
  }
  // The GeoJSON's places: jittered ones within 300-600 m of the typed point; the generalised one is its tract.
  const nlohmann::json gj = nlohmann::json::parse(slurp(f.dir / "public.geojson"));
  int checked = 0;
  for (const nlohmann::json& feature : gj["features"]) {
    const std::string title = feature["properties"]["title"];
    const nlohmann::json& g = feature["geometry"];
    if (title == kJitter.title || title == kAttributed.title) {
      const Place& p = title == kJitter.title ? kJitter : kAttributed;
      REQUIRE(g["type"] == "Point");
      const double d = notes::distanceMetres({p.lon, p.lat}, {g["coordinates"][0], g["coordinates"][1]});
      CHECK(d >= 300 * 0.995);
      CHECK(d <= 600 * 1.005);
      CHECK(feature["properties"]["location_mode"] == "jittered");
      ++checked;
    }
    if (title == kGeneral.title) {
      REQUIRE(g["type"] == "Polygon");
      CHECK(inDemoTractOutline(g["coordinates"], f.demo / "tracts.geojson"));
      ++checked;
    }
  }
  CHECK(checked == 3);

  // The same export again: the jittered places are the same (stable per note).
  const fs::path again = f.dir / "again.geojson";
  REQUIRE(runMobmap({"notes", "export", "--store", f.store, "--out", again.string()}).exitCode == 0);
  CHECK(slurp(again) == slurp(f.dir / "public.geojson"));

  // Coalition members get the coalition note, at its exact point; staff get everything.
  const fs::path members = f.dir / "members.csv";
  test::RunResult m = runMobmap({"notes", "export", "--store", f.store, "--out", members.string(), "--audience", "coalition", "--json"});
  REQUIRE(m.exitCode == 0);
  CHECK(nlohmann::json::parse(m.out)["written"] == 5);
  CHECK(slurp(members).find(kCoalition.lonText) != std::string::npos);
  CHECK(slurp(members).find(kInternal.title) == std::string::npos);
}

TEST_CASE("render callouts: public levels only, at their protected places, speaker only when attributed", "[notes][cli][privacy]") {
  Fixture f = makeStore("notes-privacy-render");
  const fs::path pdf = f.dir / "poverty.pdf";
  test::RunResult r = runMobmap({"render", (f.demo / "tracts.geojson").string(), "--join", (f.demo / "tract_acs.csv").string(),
                                 "--on", "GEOID=GEO_ID", "--field", "pov_below", "--notes", f.store, "--width-in", "6.5",
                                 "--out", pdf.string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["callouts"]["public"] == 4);
  CHECK(j["callouts"]["internal_left_out"] == 2);
  REQUIRE(j["callouts"]["items"].size() == 4);
  for (const nlohmann::json& item : j["callouts"]["items"]) {
    const std::string title = item["title"];
    const Point at{item["lon"], item["lat"]};
    INFO(title);
    if (title == kExact.title) {
      CHECK(at.x == Approx(kExact.lon).margin(1e-9));
      CHECK(at.y == Approx(kExact.lat).margin(1e-9));
    } else if (title == kGeneral.title) {
      // Inside the tract's outline but not the typed point.
      CHECK(item["location_mode"] == "generalised");
      CHECK(notes::distanceMetres(at, {kGeneral.lon, kGeneral.lat}) > 1);
      CHECK(item["geometry"].get<std::string>().starts_with("POLYGON"));
    } else {
      const Place& p = title == kJitter.title ? kJitter : kAttributed;
      const double d = notes::distanceMetres(at, {p.lon, p.lat});
      CHECK(d >= 300 * 0.995);
      CHECK(d <= 600 * 1.005);
    }
    CHECK(item["credit"].get<std::string>().find("Eastbank listening session, March 12, 2025") != std::string::npos);
    // The speaker is named for the public-attributed note only.
    CHECK((item["credit"].get<std::string>().find("Lupe Peña") != std::string::npos) == (title == kAttributed.title));
    CHECK(item["credit"].get<std::string>().find("Unnamed Speaker") == std::string::npos);
  }
  const std::optional<std::string> text = pdfText(pdf);
  if (!text) {
    WARN("SKIPPED: pdftotext is not installed");
    return;
  }
  INFO(*text);
  CHECK(text->find("Community notes") != std::string::npos);
  CHECK(text->find("Unnamed Speaker") == std::string::npos);
  CHECK(text->find(kCoalition.title) == std::string::npos);
  CHECK(text->find(kInternal.title) == std::string::npos);
}

TEST_CASE("the atlas lists the public notes the gate lets out, and a level changed later leaves it at the next export", "[notes][cli][privacy]") {
  Fixture f = makeStore("notes-privacy-atlas");
  const fs::path project = f.dir / "project.toml";
  {
    std::ofstream out(project);
    out << "format_version = 2\ntitle = \"Privacy test\"\n[notes]\nstore = \"notes.gpkg\"\n"
        << "[[layer]]\nname = \"tracts\"\nsource = \"" << (f.demo / "tracts.geojson").string() << "\"\n"
        << "[[table]]\nname = \"acs\"\nsource = \"" << (f.demo / "tract_acs.csv").string() << "\"\n"
        << "[[join]]\nlayer = \"tracts\"\ntable = \"acs\"\non = \"GEOID=GEO_ID\"\n"
        << "[[view]]\nname = \"poverty\"\nlayer = \"tracts\"\nfield = \"pov_below\"\nper = \"pov_universe\"\ntitle = \"Poverty\"\n";
  }
  const fs::path outDir = f.dir / "export";
  test::RunResult r = runMobmap({"export", project.string(), "--out-dir", outDir.string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(nlohmann::json::parse(r.out)["views"][0]["notes_listed"] == 4);
  const std::optional<std::string> text = pdfText(outDir / "atlas.pdf");
  if (!text) {
    WARN("SKIPPED: pdftotext is not installed");
    return;
  }
  CHECK(text->find("Lupe Peña") != std::string::npos);
  CHECK(text->find("Unnamed Speaker") == std::string::npos);
  CHECK(text->find(kCoalition.title) == std::string::npos);
  CHECK(text->find(kInternal.title) == std::string::npos);
  CHECK(text->find(kExact.title) != std::string::npos);

  // Turn the attributed note into a coalition note: the next (incremental) export drops it.
  test::RunResult listed = runMobmap({"notes", "list", "--store", f.store, "--json"});
  REQUIRE(listed.exitCode == 0);
  const nlohmann::json stored = nlohmann::json::parse(listed.out);
  bool changed = false;
  for (const nlohmann::json& n : stored["notes"]) {
    if (n["title"] != kAttributed.title) continue;
    test::RunResult updated = runMobmap({"notes", "update", "--store", f.store, "--id", std::to_string(n["id"].get<long long>()),
                                         "--revision", std::to_string(n["revision"].get<long long>()), "--consent", "coalition"});
    REQUIRE(updated.exitCode == 0);
    changed = true;
  }
  REQUIRE(changed);
  test::RunResult again = runMobmap({"export", project.string(), "--out-dir", outDir.string(), "--json"});
  REQUIRE(again.exitCode == 0);
  CHECK(nlohmann::json::parse(again.out)["views"][0]["notes_listed"] == 3);
  const std::optional<std::string> after = pdfText(outDir / "atlas.pdf");
  REQUIRE(after);
  CHECK(after->find("Lupe Peña") == std::string::npos);
  CHECK(after->find(kAttributed.title) == std::string::npos);
}

TEST_CASE("generalised needs an area, and a public note in a small area is warned about", "[notes][cli][privacy]") {
  const fs::path dir = test::scratchDir("notes-privacy-small");
  const std::string store = (dir / "notes.gpkg").string();
  // Two areas with a residents field: a block of 80 people and a tract of 4,000.
  const fs::path areas = dir / "areas.geojson";
  {
    std::ofstream out(areas);
    out << R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"GEOID":"A","population":80},"geometry":{"type":"Polygon","coordinates":[[[-89.1,40.3],[-89.0,40.3],[-89.0,40.4],[-89.1,40.4],[-89.1,40.3]]]}},
{"type":"Feature","properties":{"GEOID":"B","population":4000},"geometry":{"type":"Polygon","coordinates":[[[-89.0,40.3],[-88.9,40.3],[-88.9,40.4],[-89.0,40.4],[-89.0,40.3]]]}}]})";
  }
  test::RunResult noArea = runMobmap({"notes", "add", "--store", store, "--lon", "-89.05", "--lat", "40.35", "--title", "x",
                                      "--location", "generalised"});
  CHECK(noArea.exitCode == 2);
  CHECK_THAT(noArea.err, Catch::Contains("--areas"));
  test::RunResult small = runMobmap({"notes", "add", "--store", store, "--lon", "-89.05", "--lat", "40.35", "--title", "In A",
                                     "--consent", "public", "--areas", areas.string()});
  REQUIRE(small.exitCode == 0);
  CHECK_THAT(small.err, Catch::Contains("area A") && Catch::Contains("80 residents") && Catch::Contains("fewer than 100"));
  test::RunResult large = runMobmap({"notes", "add", "--store", store, "--lon", "-88.95", "--lat", "40.35", "--title", "In B",
                                     "--consent", "public", "--areas", areas.string()});
  REQUIRE(large.exitCode == 0);
  CHECK(large.err.find("fewer than") == std::string::npos);
  // An internal note is not published, so no warning; a raised threshold warns about B too.
  test::RunResult internal = runMobmap({"notes", "add", "--store", store, "--lon", "-89.05", "--lat", "40.35", "--title", "Staff",
                                        "--areas", areas.string()});
  CHECK(internal.err.find("fewer than") == std::string::npos);
  test::RunResult raised = runMobmap({"notes", "add", "--store", store, "--lon", "-88.95", "--lat", "40.35", "--title", "In B",
                                      "--consent", "public", "--areas", areas.string(), "--min-residents", "5000"});
  CHECK_THAT(raised.err, Catch::Contains("area B") && Catch::Contains("fewer than 5000"));
}

TEST_CASE("small-area warning on Chicago tracts by their 2014 population", "[notes][cli][privacy][shared]") {
  const auto tracts = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!tracts) return;
  // Tract 17031381500 has Pop2014 = 250, the smallest of the 791 (ogrinfo -sql "... ORDER BY Pop2014"). A point
  // inside it: GDAL's PointOnSurface of that tract (ogr2ogr -dialect SQLite), 1177937.457206 1874259.077133 in
  // the file's Illinois East State Plane (ftUS), taken to lon/lat with gdaltransform: -87.6228649865705 41.8102856255533.
  const fs::path dir = test::scratchDir("notes-privacy-chicago");
  const std::string store = (dir / "notes.gpkg").string();
  test::RunResult r = runMobmap({"notes", "add", "--store", store, "--lon", "-87.6228649865705", "--lat", "41.8102856255533", "--title", "Near",
                                 "--consent", "public", "--areas", tracts->string(), "--area-key", "geoid10",
                                 "--population-field", "Pop2014", "--min-residents", "300", "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["area_ids"] == nlohmann::json::array({"17031381500"}));
  CHECK_THAT(r.err, Catch::Contains("area 17031381500") && Catch::Contains("250 residents") && Catch::Contains("fewer than 300"));
}
