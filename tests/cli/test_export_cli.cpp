// `mobmap export` on the demo project as a user runs it: file names, the atlas's page count and text (read back
// with poppler's pdfinfo / pdftotext), skipping unchanged views on a re-run, and errors in a hand-edited
// project. Expected values come from geodata/demo/project.toml (its views and titles) and from the atlas layout
// documented in README.md (title page + one page per view + one page of sources and methods).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/project_file.h"
#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// stdout of a shell command, or nullopt (with a SKIPPED note) when the tool is missing.
std::optional<std::string> toolOutput(const std::string& tool, const std::string& args) {
  if (std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) != 0) {
    std::cout << "SKIPPED: " << tool << " (poppler-utils) is not installed\n";
    return std::nullopt;
  }
  std::string out;
  FILE* pipe = ::popen((tool + " " + args + " 2>/dev/null").c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

// A copy of the demo folder, so a test may edit the project or touch its files.
fs::path copyDemo(const std::string& name) {
  fs::path dir = test::scratchDir(name) / "demo";
  fs::copy(test::sourceDir() / "geodata/demo", dir, fs::copy_options::recursive);
  return dir;
}

std::string readText(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("export writes every view of the demo and a multi-page atlas") {
  const fs::path project = test::sourceDir() / "geodata/demo/project.toml";
  const Project p = io::readProject(project);
  const fs::path out = test::scratchDir("export-demo") / "atlas";
  auto r = test::runMobmap({"export", project.string(), "--out-dir", out.string(), "--format", "png,svg", "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  REQUIRE(j["views"].size() == p.views.size());
  for (const ProjectView& v : p.views) {
    CHECK(fs::file_size(out / (v.name + ".png")) > 1000);
    CHECK(fs::file_size(out / (v.name + ".svg")) > 1000);
  }
  // Title, the county's Mobility Metrics profile (the demo has a mobility_metrics table), one page per view, what
  // residents said by pillar, sources.
  CHECK(j["atlas"]["pages"] == p.views.size() + 4);
  CHECK(fs::exists(out / "mobmap-export.json"));
  // Every view's map page lists the public notes it calls out; internal notes never appear.
  for (const auto& v : j["views"]) CHECK(v["notes_listed"].get<int>() == static_cast<int>(p.findView(v["view"])->notes.size()));

  auto info = toolOutput("pdfinfo", test::shellQuote((out / "atlas.pdf").string()));
  if (!info) return;
  CHECK(info->find("Pages:           " + std::to_string(p.views.size() + 4) + "\n") != std::string::npos);
  auto text = toolOutput("pdftotext", test::shellQuote((out / "atlas.pdf").string()) + " -");
  REQUIRE(text);
  CHECK(text->find(p.title) != std::string::npos);
  for (const ProjectView& v : p.views) CHECK(text->find(v.title) != std::string::npos);
  CHECK(text->find("Bus cuts on the east side") != std::string::npos);       // a public note
  CHECK(text->find("Rent increases downtown") == std::string::npos);         // an internal note
  CHECK(text->find("Data sources, methods and vintages") != std::string::npos);
  CHECK(text->find("Mobility Metrics profile: Riverbend County") != std::string::npos);
  CHECK(text->find("mean_g") != std::string::npos);                           // the disparity formula
  // The public notes by pillar (their tags in geodata/demo/notes.geojson name the pillars): Rewarding Work has
  // "Bus cuts on the east side" and "Airport jobs and shift times"; Opportunity-Rich & Inclusive Neighborhoods
  // only "Bus cuts" (its other note, "Rent increases downtown", is internal); Responsive & Just Governance none
  // (its one note, "Voting location moved", is internal).
  CHECK(text->find("What residents said, by pillar") != std::string::npos);
  CHECK(text->find("Rewarding Work (2 notes)") != std::string::npos);
  CHECK(text->find("Opportunity-Rich & Inclusive Neighborhoods (1 note)") != std::string::npos);
  CHECK(text->find("Responsive & Just Governance (0 notes)") != std::string::npos);
  CHECK(text->find("High-Quality Education (2 notes)") != std::string::npos);
  CHECK(text->find("Voting location moved") == std::string::npos);
}

TEST_CASE("a second export skips unchanged views and re-renders an edited one") {
  const fs::path demo = copyDemo("export-rerun");
  const fs::path project = demo / "project.toml";
  const fs::path out = demo.parent_path() / "out";
  auto first = test::runMobmap({"export", project.string(), "--out-dir", out.string()});
  INFO(first.err);
  REQUIRE(first.exitCode == 0);
  const auto povertyTime = fs::last_write_time(out / "poverty.png");
  const auto incomeTime = fs::last_write_time(out / "median_income.png");
  const auto atlasTime = fs::last_write_time(out / "atlas.pdf");

  auto second = test::runMobmap({"export", project.string(), "--out-dir", out.string()});
  INFO(second.err);
  REQUIRE(second.exitCode == 0);
  CHECK(second.err.find("poverty: unchanged, skipped") != std::string::npos);
  CHECK(second.err.find("atlas.pdf: unchanged, skipped") != std::string::npos);
  CHECK(second.err.find("wrote") == std::string::npos);
  CHECK(fs::last_write_time(out / "poverty.png") == povertyTime);
  CHECK(fs::last_write_time(out / "atlas.pdf") == atlasTime);

  // Edit one view's title by hand: only that view (and the atlas) are rendered again.
  std::string text = readText(project);
  const std::string from = "title = \"Poverty rate\"";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "title = \"Poverty rate, edited\"");
  std::ofstream(project, std::ios::trunc) << text;
  auto third = test::runMobmap({"export", project.string(), "--out-dir", out.string()});
  INFO(third.err);
  REQUIRE(third.exitCode == 0);
  CHECK(third.err.find("poverty: wrote poverty.png") != std::string::npos);
  CHECK(third.err.find("median_income: unchanged, skipped") != std::string::npos);
  CHECK(third.err.find("wrote atlas.pdf") != std::string::npos);
  CHECK(fs::last_write_time(out / "median_income.png") == incomeTime);
}

TEST_CASE("export of a hand-edited project with an error names the line and key") {
  const fs::path demo = copyDemo("export-broken");
  const fs::path project = demo / "project.toml";
  std::string text = readText(project);
  const std::string from = "per = \"pov_universe\"";
  REQUIRE(text.find(from) != std::string::npos);
  // The line number of the edited key, counted in the file itself.
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(text.find(from)), '\n');
  text.replace(text.find(from), from.size(), "pre = \"pov_universe\"");
  std::ofstream(project, std::ios::trunc) << text;
  auto r = test::runMobmap({"export", project.string(), "--out-dir", (demo.parent_path() / "out").string()});
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("project.toml:" + std::to_string(line) + ": view.pre: unknown key 'pre'") != std::string::npos);
  CHECK(!fs::exists(demo.parent_path() / "out" / "atlas.pdf"));
}

TEST_CASE("export refuses unknown views and formats as usage errors") {
  const fs::path project = test::sourceDir() / "geodata/demo/project.toml";
  const fs::path out = test::scratchDir("export-usage");
  auto badView = test::runMobmap({"export", project.string(), "--out-dir", out.string(), "--views", "poverty,nosuch"});
  CHECK(badView.exitCode == 2);
  CHECK(badView.err.find("no view named 'nosuch'") != std::string::npos);
  auto badFormat = test::runMobmap({"export", project.string(), "--out-dir", out.string(), "--format", "tiff"});
  CHECK(badFormat.exitCode == 2);
  CHECK(badFormat.err.find("unknown format 'tiff'") != std::string::npos);
}
