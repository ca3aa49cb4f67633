// Recognising Urban's column layout; expected groups read off real headers (metrics_income_county_all_longitudinal.csv).
#include <catch2/catch.hpp>

#include "core/metric_columns.h"

using namespace mobmap;

TEST_CASE("metric, _lb, _ub and _quality columns are grouped") {
  std::vector<std::string> header = {"year", "state", "county", "subgroup_type", "subgroup", "pctl_income_20",
                                     "pctl_income_20_lb", "pctl_income_20_ub", "pctl_income_20_quality",
                                     "share_employed", "share_employed_quality"};
  auto m = detectMetricColumns(header);
  REQUIRE(m.size() == 2);
  CHECK(m[0].metric == "pctl_income_20");
  CHECK(m[0].lower == "pctl_income_20_lb");
  CHECK(m[0].upper == "pctl_income_20_ub");
  CHECK(m[0].quality == "pctl_income_20_quality");
  CHECK(m[1].metric == "share_employed");
  CHECK(m[1].lower.empty());
  CHECK(hasSubgroupColumns(header));
  CHECK(qualityLabel(3) == "weak");
}
