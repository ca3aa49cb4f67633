// Year and subgroup of Urban's long tables. Expected choices come from the demo's
// geodata/demo/mobility_metrics_county.csv (years 2014, 2016, 2018, 2021, 2023; five subgroups, "All" first);
// the rewritten filters are checked as text and by the rows they select in that file.
#include <catch2/catch.hpp>

#include <algorithm>

#include "io/row_filter.h"
#include "io/source_reader.h"
#include "session/long_table.h"
#include "test_support.h"

using namespace mobmap;
using session::filterSubgroup;
using session::filterYear;
using session::withYearAndSubgroup;

namespace {

AttributeTable demoTable() {
  return io::readTable((test::sourceDir() / "geodata/demo/mobility_metrics_county.csv").string());
}

}  // namespace

TEST_CASE("the demo's long table offers its years and subgroups", "[ui]") {
  auto choices = session::longTableChoices(demoTable());
  REQUIRE(choices);
  CHECK(choices->years == std::vector<int>{2014, 2016, 2018, 2021, 2023});
  CHECK(choices->subgroups == std::vector<std::string>{"All", "Black, Non-Hispanic", "Hispanic",
                                                        "Other Races and Ethnicities", "White, Non-Hispanic"});
  AttributeTable wide;
  wide.addColumn("year", FieldType::Integer).appendNumber(2023);
  CHECK_FALSE(session::longTableChoices(wide));  // no subgroup column: not a long table
}

TEST_CASE("the year and subgroup of a join filter are read and replaced", "[ui]") {
  const std::string where = "year = 2023 AND subgroup = 'All'";
  CHECK(filterYear(where) == 2023);
  CHECK(filterSubgroup(where) == std::string("All"));
  CHECK(withYearAndSubgroup(where, 2016, std::nullopt) == "year = 2016 AND subgroup = 'All'");
  CHECK(withYearAndSubgroup(where, std::nullopt, "Hispanic") == "year = 2023 AND subgroup = 'Hispanic'");
  // A quote in the subgroup is doubled and read back single.
  const std::string quoted = withYearAndSubgroup(where, std::nullopt, "People's group");
  CHECK(quoted == "year = 2023 AND subgroup = 'People''s group'");
  CHECK(filterSubgroup(quoted) == std::string("People's group"));
  // Absent conditions are added; subgroup_type is a different column and stays.
  CHECK(withYearAndSubgroup("", 2021, "All") == "(year = 2021) AND subgroup = 'All'");
  CHECK(withYearAndSubgroup("subgroup_type = 'all'", 2021, std::nullopt) == "(subgroup_type = 'all') AND year = 2021");
  CHECK_FALSE(filterSubgroup("subgroup_type = 'all'"));
  // A view's year added on top of the join's (applyProjectView) is replaced everywhere.
  CHECK(withYearAndSubgroup("(year = 2023 AND subgroup = 'All') AND year = 2018", 2014, std::nullopt) ==
        "(year = 2014 AND subgroup = 'All') AND year = 2014");
}

TEST_CASE("a rewritten filter selects the chosen year and subgroup of the demo table", "[ui]") {
  const AttributeTable t = demoTable();
  const std::string where = withYearAndSubgroup("year = 2023 AND subgroup = 'All'", 2016, "Black, Non-Hispanic");
  std::vector<bool> rows = io::selectRows(t, where, "mobility_metrics_county.csv");
  REQUIRE(std::count(rows.begin(), rows.end(), true) == 1);
  const std::size_t r = static_cast<std::size_t>(std::find(rows.begin(), rows.end(), true) - rows.begin());
  CHECK(t.require("year", "").number(r) == 2016);
  CHECK(t.require("subgroup", "").text(r) == "Black, Non-Hispanic");
  // 13683.18 is pctl_income_20 on the 2014 row of that subgroup; 2016's is 14705.49 (the CSV's 7th line).
  CHECK(t.require("pctl_income_20", "").number(r) == Approx(14705.49));
}

// Urban's combined place file by income (data/64_…): subgroup labels as written, in first-seen order, each
// selecting only its own rows. python3: Counter((r['subgroup_type'], r['subgroup']) for r in rows) gives 7
// subgroups of 3,884 rows each (27,188 / 7), "High-Poverty" typed "income".
TEST_CASE("the viewer's subgroup choices on Urban's combined file are the labels as written, never merged") {
  auto path = test::sharedData("mobility-metrics/v2025.01/data/64_mobility-metrics_place_income_longitudinal.csv");
  if (!path) return;
  AttributeTable t = io::readTable(path->string());
  auto choices = session::longTableChoices(t);
  REQUIRE(choices);
  CHECK(choices->subgroups == std::vector<std::string>{"All", "Economically Disadvantaged", "Not Economically Disadvantaged",
                                                       "Less than $50,000", "$50,000 or More", "High-Poverty",
                                                       "Not High-Poverty"});
  std::vector<bool> rows = io::selectRows(t, withYearAndSubgroup("", std::nullopt, std::string("High-Poverty")), "64");
  CHECK(std::count(rows.begin(), rows.end(), true) == 27188 / 7);
}
