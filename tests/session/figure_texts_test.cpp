// The rows a figure names: the subgroup and year a row filter picks (Urban's long-table layout), and what a
// change of year or subgroup in the viewer does to a view's own title. Expected texts are the rule each
// case states (session/long_table.h, session/view_spec.h).
#include <catch2/catch.hpp>

#include "session/long_table.h"
#include "session/view_spec.h"

using namespace mobmap;

TEST_CASE("the subgroup and year a row filter picks, as a figure names them") {
  CHECK(session::rowScopeText("year = 2023 AND subgroup = 'Black, Non-Hispanic'") == "Black, Non-Hispanic, 2023");
  CHECK(session::rowScopeText("(state = '17') AND year = 2021") == "2021");
  CHECK(session::rowScopeText("subgroup = 'All'") == "All");
  CHECK(session::rowScopeText("") == "");
}

TEST_CASE("another subgroup drops a title that names the old one, a title that names neither is kept") {
  session::ViewSpec spec;
  spec.where = "year = 2023 AND subgroup = 'Black, Non-Hispanic'";
  spec.title = "Poverty exposure of Black residents";
  spec.subtitle = "Counties, 2023";
  spec.legendTitle = "Share in poverty";
  session::retargetRows(spec, session::withYearAndSubgroup(spec.where, std::nullopt, std::string("White, Non-Hispanic")));
  CHECK(spec.where == "year = 2023 AND subgroup = 'White, Non-Hispanic'");
  CHECK(spec.title.empty());             // named "Black": the figure falls back to the metric's label
  CHECK(spec.subtitle == "Counties, 2023");  // names the year, which did not change
  CHECK(spec.legendTitle == "Share in poverty");

  session::ViewSpec generic;
  generic.where = "year = 2023 AND subgroup = 'All'";
  generic.title = "Poverty exposure";
  generic.subtitle = "All residents, 2023";
  session::retargetRows(generic, session::withYearAndSubgroup(generic.where, 2021, std::nullopt));
  CHECK(generic.title == "Poverty exposure");
  CHECK(generic.subtitle.empty());  // named the old year
  CHECK(session::rowScopeText(generic.where) == "All, 2021");
}
