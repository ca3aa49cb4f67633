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

// Urban's combined files (data/63_…, 64_…; SOURCE.md) spell the flags Strong / Marginal / Weak; the per-metric
// files write 1 / 2 / 3. Both mean the same.
TEST_CASE("quality flags in numbers and in Urban's words mean the same") {
  CHECK(qualityFlagOfText("Weak") == QualityFlag::Weak);
  CHECK(qualityFlagOfText("WEAK") == QualityFlag::Weak);
  CHECK(qualityFlagOfText(" marginal ") == QualityFlag::Marginal);
  CHECK(qualityFlagOfText("Strong") == QualityFlag::Strong);
  CHECK(qualityFlagOfText("3") == QualityFlag::Weak);
  CHECK(qualityFlagOfText("1.0") == QualityFlag::Strong);
  CHECK(qualityFlagOfText("NA") == QualityFlag::None);
  CHECK(qualityFlagOfText("4") == QualityFlag::None);
  Column words("share_in_preschool_quality", FieldType::String);
  words.appendText("Marginal");
  words.appendText("Weak");
  words.appendMissing(MissingReason::NotAvailable);
  Column numbers("share_in_preschool_quality", FieldType::Integer);
  numbers.appendNumber(2);
  numbers.appendNumber(3);
  numbers.appendMissing();
  for (const Column* c : {&words, &numbers}) {
    CHECK(qualityFlag(*c, 0) == QualityFlag::Marginal);
    CHECK(isWeakQuality(c, 1));
    CHECK_FALSE(isWeakQuality(c, 2));
    CHECK(holdsQualityFlags(*c));
  }
  CHECK_FALSE(isWeakQuality(nullptr, 0));
  CHECK(qualityFlagNumber(QualityFlag::Weak) == 3);
}
