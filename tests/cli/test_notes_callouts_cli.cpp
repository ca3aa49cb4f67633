// `mobmap render ... --notes STORE` and `--callouts` on the demo project: the figure lists the public notes of
// geodata/demo/notes.geojson and never an internal one. Expected titles and consent levels are those written in
// geodata/demo/notes.geojson (6 public, 2 internal: "Rent increases downtown", "Voting location moved"); the
// PDF's text is read back with poppler's pdftotext.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

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

}  // namespace

TEST_CASE("render --notes lists the public notes as numbered callouts, never internal ones", "[cli][notes]") {
  const fs::path demo = test::sourceDir() / "geodata/demo";
  const fs::path out = test::scratchDir("callouts_cli") / "poverty_notes.pdf";
  test::RunResult r = test::runMobmap({"render", (demo / "tracts.geojson").string(), "--join", (demo / "tract_acs.csv").string(), "--on",
                           "GEOID=GEO_ID", "--field", "pov_below", "--notes", (demo / "notes.geojson").string(), "--out",
                           out.string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["callouts"]["public"] == 6);
  CHECK(j["callouts"]["internal_left_out"] == 2);
  auto text = pdfText(out);
  if (!text) {
    WARN("SKIPPED: pdftotext is not installed");
    return;
  }
  INFO(*text);
  CHECK(text->find("Community notes") != std::string::npos);
  CHECK(text->find("Bus cuts on the east side") != std::string::npos);
  CHECK(text->find("Clinic hours") != std::string::npos);
  CHECK(text->find("Rent increases") == std::string::npos);
  CHECK(text->find("Voting location") == std::string::npos);
}

TEST_CASE("render --callouts on a project view uses the project's notes store", "[cli][notes]") {
  const fs::path project = test::sourceDir() / "geodata/demo/project.toml";
  const fs::path out = test::scratchDir("callouts_cli") / "view_notes.pdf";
  test::RunResult r = test::runMobmap({"render", project.string(), "--view", "poverty", "--callouts", "--out", out.string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  REQUIRE(j.contains("callouts"));
  CHECK(j["callouts"]["internal_left_out"] == 2);
  CHECK(j["callouts"]["public"].get<int>() >= 1);

  // Without --callouts the view still calls out the notes it names (project.toml: "Bus cuts on the east side"
  // and "Flooding near the river path", both public in notes.geojson); --no-callouts leaves them out.
  test::RunResult byDefault = test::runMobmap({"render", project.string(), "--view", "poverty", "--out", out.string(), "--json"});
  REQUIRE(byDefault.exitCode == 0);
  const nlohmann::json d = nlohmann::json::parse(byDefault.out);
  REQUIRE(d.contains("callouts"));
  CHECK(d["callouts"]["public"] == 2);
  test::RunResult without = test::runMobmap({"render", project.string(), "--view", "poverty", "--no-callouts", "--out", out.string(), "--json"});
  REQUIRE(without.exitCode == 0);
  CHECK_FALSE(nlohmann::json::parse(without.out).contains("callouts"));

  // A data file without a store to read from is a usage error.
  test::RunResult bad = test::runMobmap({"render", (test::sourceDir() / "geodata/demo/tracts.geojson").string(), "--field", "ALAND",
                             "--callouts", "--out", out.string()});
  CHECK(bad.exitCode == 2);
}

// The value of the area each callout stands in (issue: notes next to numbers). "Bus cuts on the east side" lies
// in Census Tract 180 (GEOID 99001018000); tract_acs.csv gives pov_below 1326 ± 213 of pov_universe 3967 ± 553,
// so the rate is 100 × 1326 / 3967 = 33.43% with the ACS proportion MOE
// 100 × sqrt(213² − 0.3343² × 553²) / 3967 = 2.67; "Flooding near the river path" lies in Census Tract 129,
// whose poverty universe is 0 (no residents: the rate is undefined).
TEST_CASE("render --callout-values lists the mapped value of the area each note stands in", "[cli][notes]") {
  const fs::path project = test::sourceDir() / "geodata/demo/project.toml";
  const fs::path out = test::scratchDir("callout_values_cli") / "values.png";
  test::RunResult r = test::runMobmap({"render", project.string(), "--view", "poverty", "--callout-values", "--out", out.string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const nlohmann::json items = nlohmann::json::parse(r.out)["callouts"]["items"];
  REQUIRE(items.size() == 2);
  CHECK(items[0]["title"] == "Bus cuts on the east side");
  CHECK(items[0]["area_value"] == "Residents below the poverty line (%) here: 33.4 ± 2.7, Census Tract 180");
  CHECK(items[1]["area_value"] == "Residents below the poverty line (%) here: no data, Census Tract 129");
  test::RunResult none = test::runMobmap({"render", project.string(), "--view", "poverty", "--no-callouts", "--callout-values",
                                          "--out", out.string()});
  CHECK(none.exitCode == 2);
  CHECK(none.err.find("--callout-values goes with note callouts") != std::string::npos);
}
