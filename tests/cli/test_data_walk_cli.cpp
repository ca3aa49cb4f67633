// `mobmap export --data-walk` on the demo project as a coalition would run it before a data walk, and the way
// back: reactions typed into feedback.csv imported as notes. Expected values come from the demo's own files:
// the poverty view maps 100 × pov_below / pov_universe of geodata/demo/tract_acs.csv (computed here from the
// CSV), the tracts are geodata/demo/tracts.geojson (each feedback row's lon/lat must fall inside the tract its
// GEOID names, checked with OGR), and the page counts follow data_walk.h (a poster per view; per view a sheet
// page and as many list pages as its areas take).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "core/csv.h"
#include "io/project_file.h"
#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int columnOf(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  FAIL("no column " << name);
  return -1;
}

}  // namespace

TEST_CASE("a data walk kit: a poster per view reading the numbers, numbered feedback sheets and feedback.csv") {
  const fs::path demo = test::sourceDir() / "geodata/demo";
  const Project project = io::readProject(demo / "project.toml");
  const fs::path out = test::scratchDir("data-walk") / "walk";
  test::RunResult r = test::runMobmap({"export", (demo / "project.toml").string(), "--data-walk", "--out-dir", out.string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const json j = json::parse(r.out);
  REQUIRE(j["views"].size() == project.views.size());
  CHECK(j["posters"]["pages"] == project.views.size());
  CHECK(fs::file_size(out / "data_walk.pdf") > 10000);
  CHECK(fs::file_size(out / "feedback.pdf") > 10000);

  // The poverty poster's first sentence names the highest and lowest tracts, computed here from the table.
  const auto acs = parseCsvRecords(readText(demo / "tract_acs.csv"), "tract_acs.csv");
  const int below = columnOf(acs[0], "pov_below"), universe = columnOf(acs[0], "pov_universe"), name = columnOf(acs[0], "NAME");
  double highest = -1, lowest = 1e9;
  std::string highName, lowName;
  for (std::size_t i = 1; i < acs.size(); ++i) {
    const double u = std::stod(acs[i][static_cast<std::size_t>(universe)]);
    if (u <= 0) continue;
    const double v = 100 * std::stod(acs[i][static_cast<std::size_t>(below)]) / u;
    const std::string n = acs[i][static_cast<std::size_t>(name)].substr(0, acs[i][static_cast<std::size_t>(name)].find(';'));
    if (v > highest) highest = v, highName = n;
    if (v < lowest) lowest = v, lowName = n;
  }
  auto oneDecimal = [](double v) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    s << v;
    return s.str();
  };
  const json& poverty = j["views"][0];
  REQUIRE(poverty["view"] == "poverty");
  const std::string first = poverty["reading"][0];
  INFO(first);
  CHECK(first.starts_with("Poverty rate: from " + oneDecimal(lowest) + "% in " + lowName + " (no. "));
  CHECK(first.find(" to " + oneDecimal(highest) + "% in " + highName + " (no. ") != std::string::npos);
  // Margins of error are in the demo (pov_below_moe, pov_universe_moe): the gap is tested and the caveats say so.
  CHECK(poverty["reading"].back().get<std::string>().find("statistically significant at 90%") != std::string::npos);
  bool surveyCaveat = false;
  for (const json& c : poverty["caveats"]) surveyCaveat = surveyCaveat || c.get<std::string>().starts_with("These are estimates from a survey");
  CHECK(surveyCaveat);
  CHECK(poverty["prompts"].size() >= 4);

  // feedback.csv: one row per tract per poster, each at a point inside its tract.
  GDALAllRegister();
  std::unique_ptr<GDALDataset> tracts(GDALDataset::Open((demo / "tracts.geojson").c_str(), GDAL_OF_VECTOR));
  REQUIRE(tracts);
  std::map<std::string, std::unique_ptr<OGRGeometry>> tractShape;
  for (auto& f : *tracts->GetLayer(0)) tractShape[f->GetFieldAsString("GEOID")].reset(f->GetGeometryRef()->clone());
  const auto csv = parseCsvRecords(readText(out / "feedback.csv"), "feedback.csv");
  REQUIRE(csv.size() == 1 + project.views.size() * tractShape.size());
  const int key = columnOf(csv[0], "area_key"), lon = columnOf(csv[0], "lon"), lat = columnOf(csv[0], "lat"),
            number = columnOf(csv[0], "area_no");
  for (std::size_t i = 1; i <= tractShape.size(); ++i) {
    const auto& row = csv[i];
    CHECK(row[static_cast<std::size_t>(number)] == std::to_string(i));
    OGRPoint p(std::stod(row[static_cast<std::size_t>(lon)]), std::stod(row[static_cast<std::size_t>(lat)]));
    INFO("row " << i << " " << row[static_cast<std::size_t>(key)]);
    REQUIRE(tractShape.count(row[static_cast<std::size_t>(key)]));
    CHECK(tractShape[row[static_cast<std::size_t>(key)]]->Contains(&p));
  }
  CHECK(j["feedback_sheets"]["pages"].get<int>() >= 2 * static_cast<int>(project.views.size()));

  // Two reactions typed in; the other rows left blank are left out, and a second import adds nothing.
  std::string text = readText(out / "feedback.csv");
  auto fill = [&](std::size_t row, const std::string& reaction, const std::string& consent) {
    std::vector<std::vector<std::string>> rows = parseCsvRecords(text, "feedback.csv");
    rows[row][static_cast<std::size_t>(columnOf(rows[0], "reaction"))] = reaction;
    rows[row][static_cast<std::size_t>(columnOf(rows[0], "consent"))] = consent;
    text.clear();
    for (const auto& rec : rows) {
      for (std::size_t c = 0; c < rec.size(); ++c) text += (c ? "," : "") + csvField(rec[c]);
      text += "\n";
    }
  };
  fill(3, "The bus stop here closed, so people stopped going to the clinic.", "public");
  fill(10, "Rents went up, \"everyone\" moved out.", "internal");
  const fs::path typed = out.parent_path() / "typed.csv";
  std::ofstream(typed, std::ios::binary) << text;
  const fs::path store = out.parent_path() / "walk_notes.gpkg";
  const std::vector<std::string> import = {"notes", "import", typed.string(), "--store", store.string(), "--skip-empty", "reaction",
                                           "--source-type", "data walk", "--map",
                                           "title=title,text=reaction,lat=lat,lon=lon,consent=consent,speaker=speaker", "--json"};
  test::RunResult imported = test::runMobmap(import);
  INFO(imported.err);
  REQUIRE(imported.exitCode == 0);
  const json ij = json::parse(imported.out);
  CHECK(ij["imported"] == 2);
  CHECK(ij["blank"] == csv.size() - 3);
  test::RunResult listed = test::runMobmap({"notes", "list", "--store", store.string(), "--json"});
  REQUIRE(listed.exitCode == 0);
  const json notes = json::parse(listed.out);
  REQUIRE(notes["notes"].size() == 2);
  for (const json& n : notes["notes"]) {
    CHECK(n["source_type"] == "data walk");
    CHECK(n["title"].get<std::string>().starts_with("Data walk, poster 1 (Poverty rate): "));
  }
  test::RunResult again = test::runMobmap(import);
  REQUIRE(again.exitCode == 0);
  CHECK(json::parse(again.out)["imported"] == 0);
}

TEST_CASE("a data walk of a view the project lacks is refused and leaves nothing behind") {
  const fs::path demo = test::sourceDir() / "geodata/demo";
  const fs::path out = test::scratchDir("data-walk-bad") / "walk";
  test::RunResult r = test::runMobmap({"export", (demo / "project.toml").string(), "--data-walk", "--out-dir", out.string(),
                                       "--views", "poverty,nosuch"});
  CHECK(r.exitCode != 0);
  CHECK(r.err.find("no view named 'nosuch'") != std::string::npos);
  CHECK((!fs::exists(out) || fs::is_empty(out)));
  r = test::runMobmap({"export", (demo / "project.toml").string(), "--data-walk", "--out-dir", out.string(), "--format", "png"});
  CHECK(r.exitCode != 0);
  CHECK(r.err.find("--data-walk") != std::string::npos);
}
