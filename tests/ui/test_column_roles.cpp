// Which columns the field picker hides: the names below are the bookkeeping columns of TIGER/Line and
// ArcGIS exports (OBJECTID, Shape_Leng, Shape_Area, INTPTLAT, GEOID...) and the keys of Urban's long tables;
// the values kept are Mobility Metrics and ACS counts of the demo data.
#include <catch2/catch.hpp>

#include "ui/column_roles.h"

using mobmap::ui::isBookkeepingColumn;

TEST_CASE("bookkeeping columns are hidden from the metric list, values are kept", "[ui]") {
  for (const char* name : {"OBJECTID", "objectid_1", "FID", "Shape_Leng", "Shape_Area", "SHAPE_Length", "GEOID",
                           "GEOID20", "GEO_ID", "nbhd_id", "state", "county", "INTPTLAT20", "INTPTLON", "year",
                           "subgroup", "subgroup_type"}) {
    INFO(name);
    CHECK(isBookkeepingColumn(name));
  }
  for (const char* name : {"pov_below", "pctl_income_20", "share_employed", "total_pop", "median_hh_income", "ALAND",
                           "shapes", "yearly_income"}) {
    INFO(name);
    CHECK_FALSE(isBookkeepingColumn(name));
  }
}
