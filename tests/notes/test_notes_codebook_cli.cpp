// Themes tied to the framework and notes next to the numbers, with the demo notes (geodata/demo/notes.geojson:
// transit-tagged notes "Bus cuts on the east side", "Clinic hours", "Airport jobs and shift times") and the demo
// county Mobility Metrics in Urban's long format (geodata/demo/mobility_metrics_county.csv). Expected values are
// the files' own: the notes' tags, and the 2023 "All" row of county 99001 (pctl_income_20 = 32998.02, quality 1;
// share_employed = 0.788843, quality 1), read from the CSV as written.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "notes/codebook.h"
#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using mobmap::test::runMobmap;
namespace fs = std::filesystem;

TEST_CASE("pillars by name or prefix, and the pillars and predictors a note speaks to", "[notes][codebook]") {
  CHECK(notes::canonicalPillar("rewarding work") == "Rewarding Work");
  CHECK(notes::canonicalPillar("Opportunity") == "Opportunity-Rich & Inclusive Neighborhoods");
  CHECK_THROWS_AS(notes::canonicalPillar("Housing"), UsageError);
  const std::vector<NoteTheme> codebook = {{"transit", "Opportunity-Rich & Inclusive Neighborhoods", "Transportation access", ""},
                                           {"childcare", "rewarding", "", ""}};
  notes::Note n;
  n.tags = {"Transit", "High-Quality Education"};
  CHECK(notes::notePillars(n, codebook) ==
        std::vector<std::string>{"Opportunity-Rich & Inclusive Neighborhoods", "High-Quality Education"});
  CHECK(notes::notePredictors(n, codebook) == std::vector<std::string>{"Transportation access"});
  CHECK(notes::noteThemes(n, codebook) == std::vector<std::string>{"transit"});
  // Checked against the catalog's predictors.
  const std::vector<std::pair<std::string, std::string>> catalog = {
      {"Opportunity-Rich & Inclusive Neighborhoods", "Transportation access"}, {"Rewarding Work", "Jobs paying living wages"}};
  CHECK(notes::codebookProblems(codebook, catalog).empty());
  const std::vector<NoteTheme> bad = {{"transit", "Opportunity-Rich & Inclusive Neighborhoods", "Bus frequency", ""},
                                      {"x", "Housing", "", ""}, {"Transit", "", "", ""}};
  const std::vector<std::string> problems = notes::codebookProblems(bad, catalog);
  REQUIRE(problems.size() == 3);
  CHECK_THAT(problems[0], Catch::Contains("'Bus frequency' is not one of") && Catch::Contains("Transportation access"));
  CHECK_THAT(problems[1], Catch::Contains("theme 'x'"));
  CHECK_THAT(problems[2], Catch::Contains("listed twice"));
}

TEST_CASE("notes list --pillar and --theme through the project's codebook, and export with the areas' metric values", "[notes][cli][codebook]") {
  const fs::path dir = test::scratchDir("notes-codebook");
  const fs::path demo = test::sourceDir() / "geodata/demo";
  const fs::path project = dir / "project.toml";
  {
    std::ofstream out(project);
    out << "format_version = 2\ntitle = \"Codebook test\"\n[notes]\nstore = \"notes.gpkg\"\n"
        << "[[notes.themes]]\nname = \"transit\"\npillar = \"Opportunity-Rich & Inclusive Neighborhoods\"\n"
        << "predictor = \"Transportation access\"\n";
  }
  REQUIRE(runMobmap({"notes", "import", "--project", project.string(), (demo / "notes.geojson").string(), "--areas",
                     (demo / "tracts.geojson").string()})
              .exitCode == 0);
  test::RunResult byTheme = runMobmap({"notes", "list", "--project", project.string(), "--theme", "transit", "--json"});
  REQUIRE(byTheme.exitCode == 0);
  CHECK(nlohmann::json::parse(byTheme.out)["count"] == 3);
  // The pillar: notes tagged with its name, plus the transit notes the codebook ties to it.
  test::RunResult byPillar = runMobmap({"notes", "list", "--project", project.string(), "--pillar", "opportunity", "--json"});
  INFO(byPillar.err);
  REQUIRE(byPillar.exitCode == 0);
  const nlohmann::json p = nlohmann::json::parse(byPillar.out);
  std::set<std::string> titles;
  for (const nlohmann::json& n : p["notes"]) {
    titles.insert(n["title"]);
    CHECK(std::find(n["pillars"].begin(), n["pillars"].end(), "Opportunity-Rich & Inclusive Neighborhoods") != n["pillars"].end());
  }
  CHECK(titles.count("Clinic hours") == 1);  // tagged transit, not with the pillar itself
  CHECK(titles.count("Bus cuts on the east side") == 1);
  // Without the codebook, "Clinic hours" speaks to no neighbourhood pillar.
  test::RunResult plain = runMobmap({"notes", "list", "--store", (dir / "notes.gpkg").string(), "--pillar", "opportunity", "--json"});
  for (const nlohmann::json& n : nlohmann::json::parse(plain.out)["notes"]) CHECK(n["title"] != "Clinic hours");

  // Export with the metric values of each note's county, from Urban's long county file.
  const fs::path out = dir / "with_metrics.geojson";
  test::RunResult exported = runMobmap({"notes", "export", "--project", project.string(), "--out", out.string(), "--metrics",
                                        (demo / "mobility_metrics_county.csv").string(), "--metrics-key", "state+county",
                                        "--metrics-where", "year = 2023 AND subgroup = 'All'", "--json"});
  INFO(exported.err);
  REQUIRE(exported.exitCode == 0);
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  const nlohmann::json gj = nlohmann::json::parse(ss.str());
  REQUIRE(gj["features"].size() == 6);  // the public demo notes
  for (const nlohmann::json& f : gj["features"]) {
    const nlohmann::json& props = f["properties"];
    CHECK(props["metrics_area"] == "99001");
    CHECK(props["pctl_income_20"].get<double>() == Approx(32998.02));
    CHECK(props["pctl_income_20_quality"] == "1");
    CHECK(props["share_employed"].get<double>() == Approx(0.788843));
  }
  // A codebook predictor the catalog does not know is named.
  {
    std::ofstream bad(project, std::ios::app);
    bad << "[[notes.themes]]\nname = \"buses\"\npillar = \"Rewarding Work\"\npredictor = \"Bus frequency\"\n";
  }
  test::RunResult refused = runMobmap({"notes", "list", "--project", project.string(), "--theme", "transit"});
  CHECK(refused.exitCode == 1);
  CHECK_THAT(refused.err, Catch::Contains("'Bus frequency'"));
}
