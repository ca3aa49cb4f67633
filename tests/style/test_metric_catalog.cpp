// Tests of the Mobility Metrics catalog (styles/metric_catalog.toml) and its loader.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "style/metric_catalog.h"
#include "test_support.h"

using mobmap::style::Direction;
using mobmap::style::MetricCatalog;
using mobmap::style::MetricInfo;

namespace {

std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string trim(std::string s) {
  const char* space = " \t\r\n`";
  s.erase(0, s.find_first_not_of(space));
  s.erase(s.find_last_not_of(space) + 1);
  return s;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) parts.push_back(part);
  return parts;
}

// The header row of a CSV file, unquoted.
std::vector<std::string> csvHeader(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> columns;
  for (std::string column : split(line, ',')) {
    column = trim(column);
    column.erase(std::remove(column.begin(), column.end(), '"'), column.end());
    columns.push_back(column);
  }
  return columns;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The message of the mobmap::Error thrown by parsing `text`, or "" when it parses.
std::string parseError(const std::string& text) {
  try {
    MetricCatalog::parse(text, "test.toml");
  } catch (const mobmap::Error& e) {
    return e.what();
  }
  return "";
}

// A valid one-pillar catalog header for the error tests (lines 1-4).
const std::string kPillar =
    "[[pillar]]\n"
    "name = \"Rewarding Work\"\n"
    "description = \"Work.\"\n"
    "order = 1\n";

// A complete valid metric entry starting on line 6 when appended after kPillar and a blank line.
std::string metricEntry(const std::string& replaceKey = "", const std::string& replacement = "") {
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"variable", "variable = \"x\""},
      {"aliases", "aliases = [\"old_x\"]"},
      {"quality_columns", "quality_columns = [\"x_quality\"]"},
      {"pillar", "pillar = \"Rewarding Work\""},
      {"predictor", "predictor = \"Opportunities for income\""},
      {"label", "label = \"X\""},
      {"description", "description = \"An x.\""},
      {"unit", "unit = \"share\""},
      {"format", "format = \"percent1\""},
      {"direction", "direction = \"higher_is_better\""},
  };
  std::string text = "[[metric]]\n";
  for (const auto& [key, line] : fields) {
    if (key == replaceKey) {
      if (!replacement.empty()) text += replacement + "\n";
    } else {
      text += line + "\n";
    }
  }
  return text;
}

}  // namespace

// Compares against the five pillar names of the Upward Mobility Framework as listed in DESIGN.md section 5
// and the SOURCE.md pillar table, in that order.
TEST_CASE("built-in catalog parses and lists the five pillars in order", "[style][catalog]") {
  const MetricCatalog& catalog = MetricCatalog::builtin();
  REQUIRE(&catalog == &MetricCatalog::builtin());
  const std::vector<std::string> expected = {
      "Rewarding Work", "Opportunity-Rich & Inclusive Neighborhoods",
      "Healthy Environment & Access to Good Health Care", "Responsive & Just Governance",
      "High-Quality Education"};
  REQUIRE(catalog.pillars().size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(catalog.pillars()[i].name == expected[i]);
    CHECK(catalog.pillars()[i].order == static_cast<int>(i) + 1);
    CHECK_FALSE(catalog.pillars()[i].description.empty());
  }
  // The number of [[metric]] entries written in styles/metric_catalog.toml; a change here should be a
  // deliberate catalog edit.
  CHECK(catalog.metrics().size() == 50);
}

// The embedded copy must be the file in the repository (guards against a stale embed).
TEST_CASE("built-in catalog matches styles/metric_catalog.toml on disk", "[style][catalog]") {
  const auto path = mobmap::test::sourceDir() / "styles" / "metric_catalog.toml";
  const MetricCatalog fromDisk = MetricCatalog::parse(readText(path), path.string());
  const MetricCatalog& builtin = MetricCatalog::builtin();
  REQUIRE(fromDisk.metrics().size() == builtin.metrics().size());
  for (std::size_t i = 0; i < builtin.metrics().size(); ++i) {
    CHECK(fromDisk.metrics()[i].variable == builtin.metrics()[i].variable);
    CHECK(fromDisk.metrics()[i].label == builtin.metrics()[i].label);
  }
}

// Old and alternative names, from the CSV headers and SOURCE.md "Quirks seen" (2023 vs 2025 names).
TEST_CASE("aliases resolve to the current variable", "[style][catalog]") {
  const MetricCatalog& catalog = MetricCatalog::builtin();
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"index_air_quality", "index_air_hazard"},
      {"share_debt_col", "share_debt_coll"},
      {"learning_rate", "rate_learning"},
      {"election_turnout", "share_election_turnout"},
      {"share_low_birth_weight", "rate_low_birth_weight"},
      {"meps20_black", "share_meps20_black"},
      {"meps20_hispanic", "share_meps20_hispanic"},
      {"meps20_white", "share_meps20_white"},
      {"rate_violent_crime", "rate_crime_violent"},
      {"rate_property_crime", "rate_crime_property"},
      {"ratio_average_to_living_wage", "ratio_living_wage"},
      {"share_desc_rep_asian_other", "share_desc_rep_other"},
  };
  for (const auto& [alias, variable] : pairs) {
    INFO(alias);
    const MetricInfo* metric = catalog.find(alias);
    REQUIRE(metric != nullptr);
    CHECK(metric->variable == variable);
    CHECK(catalog.find(variable) == metric);
  }
  CHECK(catalog.find("not_a_metric") == nullptr);
  CHECK(catalog.find("") == nullptr);
  CHECK(catalog.find("pctl_income_20_quality") == nullptr);
}

// Expected values follow Urban's framework logic (more income, employment, turnout and preschool are
// better; more debt, poverty concentration, low birth weight, injury deaths, crime, arrests and
// transportation cost are worse; more residents per physician is worse; exposure shares are descriptive).
TEST_CASE("directions, units and labels of well-known metrics", "[style][catalog]") {
  const MetricCatalog& catalog = MetricCatalog::builtin();
  const std::vector<std::pair<std::string, Direction>> expected = {
      {"pctl_income_20", Direction::HigherIsBetter},
      {"share_employed", Direction::HigherIsBetter},
      {"share_election_turnout", Direction::HigherIsBetter},
      {"share_in_preschool", Direction::HigherIsBetter},
      {"share_debt_coll", Direction::LowerIsBetter},
      {"share_poverty_exposure", Direction::LowerIsBetter},
      {"rate_low_birth_weight", Direction::LowerIsBetter},
      {"rate_injury_death", Direction::LowerIsBetter},
      {"rate_crime_violent", Direction::LowerIsBetter},
      {"rate_juv_arrest", Direction::LowerIsBetter},
      {"share_homeless", Direction::LowerIsBetter},
      {"share_transportation_cost", Direction::LowerIsBetter},
      {"ratio_population_pc_physician", Direction::LowerIsBetter},
      {"share_black_nh_exposure", Direction::Neutral},
      {"share_white_nh_exposure", Direction::Neutral},
  };
  for (const auto& [variable, direction] : expected) {
    INFO(variable);
    const MetricInfo* metric = catalog.find(variable);
    REQUIRE(metric != nullptr);
    CHECK(mobmap::style::directionName(metric->direction) == mobmap::style::directionName(direction));
  }

  const MetricInfo* income = catalog.find("pctl_income_20");
  CHECK(income->label == "Household income, 20th percentile");
  CHECK(income->unit == "dollars");
  CHECK(income->pillar == "Rewarding Work");
  CHECK(income->predictor == "Opportunities for income");

  // Rates carry their population base: injury deaths are per 100,000 residents, associations per 10,000.
  CHECK(catalog.find("rate_injury_death")->unit == "rate");
  CHECK(catalog.find("rate_injury_death")->per == 100000);
  CHECK(catalog.find("count_membership_associations_per_10k")->per == 10000);
  CHECK(catalog.find("share_employed")->per == 0);
}

// Quality flag names as they appear in the real headers: 2023 uses pctl_20_quality, one
// share_affordable_quality for three metrics, homeless_quality and rate_crime_quality for two each.
TEST_CASE("quality columns resolve to their metric", "[style][catalog]") {
  const MetricCatalog& catalog = MetricCatalog::builtin();
  auto variableOf = [&](const std::string& column) -> std::string {
    const MetricInfo* metric = catalog.findByQualityColumn(column);
    return metric ? metric->variable : "<none>";
  };
  CHECK(variableOf("pctl_20_quality") == "pctl_income_20");
  CHECK(variableOf("pctl_income_20_quality") == "pctl_income_20");
  CHECK(variableOf("pctl_80_quality") == "pctl_income_80");
  CHECK(variableOf("share_affordable_quality") == "share_affordable_80_ami");  // first metric listing it
  CHECK(variableOf("homeless_quality") == "count_homeless");
  CHECK(variableOf("rate_crime_quality") == "rate_crime_violent");
  CHECK(variableOf("index_air_quality_quality") == "index_air_hazard");
  CHECK(variableOf("learning_rate_quality") == "rate_learning");
  CHECK(variableOf("unknown_metric_quality") == "<none>");
  CHECK(variableOf("share_employed") == "<none>");
  CHECK(variableOf("_quality") == "<none>");

  // Shared flags are listed under every metric they describe.
  for (const std::string variable :
       {"share_affordable_80_ami", "share_affordable_50_ami", "share_affordable_30_ami"}) {
    const auto& columns = catalog.find(variable)->qualityColumns;
    CHECK(std::find(columns.begin(), columns.end(), "share_affordable_quality") != columns.end());
  }
}

// The line numbers are counted in the literal texts below (kPillar is lines 1-4, a blank line 5, the
// metric entry's [[metric]] header is line 6, then variable on 7, aliases on 8, ... direction on 16).
TEST_CASE("parse errors name the file, the line and the key", "[style][catalog]") {
  SECTION("TOML syntax error") {
    const std::string message = parseError(kPillar + "\nbroken = = 3\n");
    CHECK_THAT(message, Catch::Contains("test.toml:6:"));
    CHECK_THAT(message, Catch::Contains("invalid TOML"));
  }
  SECTION("a valid entry parses") {
    const MetricCatalog catalog = MetricCatalog::parse(kPillar + "\n" + metricEntry(), "test.toml");
    REQUIRE(catalog.metrics().size() == 1);
    CHECK(catalog.find("old_x") == &catalog.metrics()[0]);
    CHECK(catalog.findByQualityColumn("x_quality") == &catalog.metrics()[0]);
    CHECK(catalog.metrics()[0].direction == Direction::HigherIsBetter);
  }
  SECTION("missing field") {
    CHECK(parseError(kPillar + "\n" + metricEntry("pillar")) == "test.toml:6: metric 'x': missing 'pillar'");
    CHECK(parseError(kPillar + "\n" + metricEntry("variable")) == "test.toml:6: metric: missing 'variable'");
  }
  SECTION("unknown pillar") {
    const std::string message = parseError(kPillar + "\n" + metricEntry("pillar", "pillar = \"Good Jobs\""));
    CHECK_THAT(message, Catch::StartsWith("test.toml:"));
    CHECK_THAT(message, Catch::Contains("metric 'x': unknown pillar 'Good Jobs'"));
  }
  SECTION("unknown direction, on the line of the key") {
    // [[metric]] is line 6, its ten fields lines 7-16; direction is the last.
    CHECK_THAT(parseError(kPillar + "\n" + metricEntry("direction", "direction = \"up\"")),
               Catch::StartsWith("test.toml:16: metric 'x': unknown direction 'up'"));
  }
  SECTION("unknown unit") {
    CHECK_THAT(parseError(kPillar + "\n" + metricEntry("unit", "unit = \"furlongs\"")),
               Catch::Contains("metric 'x': unknown unit 'furlongs'"));
  }
  SECTION("rate without per") {
    CHECK_THAT(parseError(kPillar + "\n" + metricEntry("unit", "unit = \"rate\"")),
               Catch::Contains("metric 'x': missing 'per'"));
  }
  SECTION("wrong type") {
    CHECK_THAT(parseError(kPillar + "\n" + metricEntry("aliases", "aliases = \"old_x\"")),
               Catch::StartsWith("test.toml:8: metric 'x': 'aliases' must be an array of strings"));
  }
  SECTION("misspelt key") {
    CHECK_THAT(parseError(kPillar + "\n" + metricEntry() + "qualty = 1\n"),
               Catch::Contains("metric 'x': unknown key 'qualty'"));
  }
  SECTION("a name used by two metrics") {
    std::string second = metricEntry("variable", "variable = \"old_x\"");
    CHECK_THAT(parseError(kPillar + "\n" + metricEntry() + "\n" + second),
               Catch::Contains("name 'old_x' is already used by metric 'x'"));
  }
  SECTION("no pillars") {
    CHECK_THAT(parseError(metricEntry()), Catch::Contains("no [[pillar]] entries"));
  }
}

// index_air_hazard is named a hazard but Urban's program ranks minus the summed hazards, so higher is
// cleaner air. Checked on the published 2018 county values: New York County, NY (36061) has far more
// air toxics than Petroleum County, MT (30069), so it must score lower.
TEST_CASE("index_air_hazard: higher values are cleaner air in the real data", "[style][catalog][data]") {
  const auto path = mobmap::test::sharedData(
      "mobility-metrics/v2025.01/06_neighborhoods/environment/data/final/environment_county_longitudinal.csv");
  if (!path) return;
  double manhattan = -1, petroleum = -1;
  std::ifstream in(*path);
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = split(trim(line), ',');
    if (cells.size() < 4 || cells[0] != "2018") continue;
    if (cells[1] == "36" && cells[2] == "061") manhattan = std::stod(cells[3]);
    if (cells[1] == "30" && cells[2] == "069") petroleum = std::stod(cells[3]);
  }
  REQUIRE(manhattan >= 0);
  REQUIRE(petroleum >= 0);
  CHECK(manhattan < petroleum);
  CHECK(MetricCatalog::builtin().find("index_air_hazard")->direction == Direction::HigherIsBetter);
}

// Coverage against the "Per-file inventory" table of ../shared/data/mobility-metrics/SOURCE.md and the
// header rows of every CSV under that folder.
TEST_CASE("catalog covers every metric column of the Mobility Metrics files", "[style][catalog][data]") {
  const auto source = mobmap::test::sharedData("mobility-metrics/SOURCE.md");
  if (!source) return;
  const MetricCatalog& catalog = MetricCatalog::builtin();

  // Inventory rows look like: | `file` | rows | geo | years | subgroups | a, b, c +_lb/_ub +_quality |
  std::ifstream in(*source);
  std::string line;
  bool inInventory = false;
  std::size_t rows = 0;
  std::set<std::string> listed;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) inInventory = line.find("Per-file inventory") != std::string::npos;
    if (!inInventory || line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells = split(line, '|');
    // split() yields "" before the first '|'; the metric list is the last non-empty cell (cell 6).
    REQUIRE(cells.size() >= 7);
    ++rows;
    std::string metrics = cells[6];
    for (const std::string notation : {"+_lb/_ub", "+_quality"}) {
      for (std::size_t at = metrics.find(notation); at != std::string::npos; at = metrics.find(notation))
        metrics.erase(at, notation.size());
    }
    for (const std::string& name : split(metrics, ',')) {
      const std::string variable = trim(name);
      if (!variable.empty()) listed.insert(variable);
    }
  }
  // SOURCE.md lists 68 files; fewer rows means the table format changed and this test lost its input.
  CHECK(rows >= 60);
  CHECK(listed.size() >= 50);
  for (const std::string& variable : listed) {
    INFO("SOURCE.md inventory column: " << variable);
    CHECK(catalog.find(variable) != nullptr);
  }

  // Every explicitly listed quality column of the catalog, to check that the data file names them all.
  std::set<std::string> catalogQualityColumns;
  for (const MetricInfo& metric : catalog.metrics())
    catalogQualityColumns.insert(metric.qualityColumns.begin(), metric.qualityColumns.end());

  const std::set<std::string> idColumns = {"year",        "state",      "county", "place",         "place_fips",
                                           "city",        "state_name", "county_name", "place_name", "state_place",
                                           "subgroup_type", "subgroup", "fips",   "name",          "name2",
                                           "population"};
  std::size_t files = 0, qualityColumns = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source->parent_path())) {
    if (!entry.is_regular_file() || entry.path().extension() != ".csv") continue;
    ++files;
    for (const std::string& column : csvHeader(entry.path())) {
      INFO(entry.path().string() << ": column " << column);
      if (idColumns.count(column) || endsWith(column, "_lb") || endsWith(column, "_ub")) continue;
      // 2023's index_air_quality is a metric whose name happens to end in _quality.
      if (endsWith(column, "_quality") && catalog.find(column) == nullptr) {
        ++qualityColumns;
        CHECK(catalog.findByQualityColumn(column) != nullptr);
        CHECK(catalogQualityColumns.count(column) == 1);
      } else {
        CHECK(catalog.find(column) != nullptr);
      }
    }
  }
  CHECK(files == 70);  // SOURCE.md: "68 CSV files", plus the two combined files data/63_… and 64_… added 2026-12-07
  CHECK(qualityColumns > 100);
}
