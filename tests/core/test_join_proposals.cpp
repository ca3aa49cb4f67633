// Join keys proposed for the viewer's Join dialog, on the column names of real published files: us-atlas
// counties (id, name), Urban's county files (year, state, county, ...), Census tract files (GEOID, GEO_ID).
#include <catch2/catch.hpp>

#include "core/join_diagnosis.h"
#include "core/table_join.h"

using namespace mobmap;

TEST_CASE("join keys are proposed from GEOID-like columns and state+county composites") {
  CHECK(proposeJoinKeys({"id", "name"}, {"year", "state", "county", "count_homeless", "share_homeless"}) ==
        std::vector<std::string>{"id=state+county"});
  CHECK(proposeJoinKeys({"GEOID", "NAME", "ALAND"}, {"GEO_ID", "NAME", "B17001_002E"}).front() == "GEOID=GEO_ID");
  CHECK(proposeJoinKeys({"geoid10", "commarea"}, {"GEOID10", "value"}).front() == "geoid10=GEOID10");  // same name first
  CHECK(proposeJoinKeys({"GEOID"}, {"year", "state", "county", "tract"}) == std::vector<std::string>{"GEOID=state+county+tract"});
  CHECK(proposeJoinKeys({"name"}, {"value"}).empty());
}

TEST_CASE("the join report is worded as mobmap join prints it") {
  JoinReport r;
  r.leftRows = 4;
  r.matched = 3;
  r.unmatchedLeft = 1;
  r.unmatchedLeftExamples = {"17031010100"};
  r.notes = {"a note"};
  CHECK(joinReportText(r, "tracts.shp", "acs.csv") ==
        "join tracts.shp <- acs.csv: matched 3 of 4 features (75%)\n"
        "  unmatched features: 1 (e.g. 17031010100)\n"
        "  unmatched table keys: 0\n"
        "  duplicate table keys: 0\n"
        "  note: a note\n");
}
