// The missing-value rule (core/missing_value.h) on the published forms.
// Expected meanings come from the Census Bureau's "Notes on ACS API Variable Types" / data.census.gov
// annotation table: -666666666 / "-" estimate not available (too few observations), -999999999 / "N" not
// displayed, -888888888 / "(X)" not applicable, -222222222 / "**" MOE not computed, -333333333 / "***" MOE
// not computed (open-ended median), -555555555 / "*****" controlled estimate: no sampling error (MOE 0).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/attribute_table.h"
#include "core/missing_value.h"
#include "core/geoid.h"
#include "core/table_typing.h"
#include "core/text_encoding.h"

using namespace mobmap;

TEST_CASE("Census API annotation values are missing with their reason, as integers, reals and text") {
  struct Case {
    const char* cell;
    MissingReason reason;
  };
  for (Case c : {Case{"-666666666", MissingReason::CensusNoEstimate}, Case{"-666666666.0", MissingReason::CensusNoEstimate},
                 Case{"-6.66666666E8", MissingReason::CensusNoEstimate}, Case{"-999999999", MissingReason::CensusNotDisplayed},
                 Case{"-888888888", MissingReason::CensusNotApplicable}, Case{"-222222222", MissingReason::CensusMoeNotComputed},
                 Case{"-333333333", MissingReason::CensusMoeOpenEnded}, Case{"-555555555", MissingReason::CensusControlled},
                 Case{"-", MissingReason::CensusNoEstimate}, Case{"N", MissingReason::CensusNotDisplayed},
                 Case{"(X)", MissingReason::CensusNotApplicable}, Case{"*", MissingReason::CensusFlagged},
                 Case{"**", MissingReason::CensusMoeNotComputed}, Case{"***", MissingReason::CensusMoeOpenEnded},
                 Case{"*****", MissingReason::CensusControlled}, Case{"null", MissingReason::NotAvailable},
                 Case{"NA", MissingReason::NotAvailable}, Case{"N/A", MissingReason::NotAvailable},
                 Case{".", MissingReason::NotAvailable}, Case{"", MissingReason::Blank},
                 Case{"inf", MissingReason::NotFinite}, Case{"-Infinity", MissingReason::NotFinite},
                 Case{"NaN", MissingReason::NotFinite}, Case{"1e999", MissingReason::NotFinite},
                 Case{"1e300", MissingReason::Extreme}, Case{"-2.5e305", MissingReason::Extreme},
                 Case{"12.5", MissingReason::None}, Case{"-666666665", MissingReason::None}}) {
    INFO(c.cell);
    CHECK(missingReasonOfText(c.cell, false) == c.reason);
  }
  CHECK(missingReasonText(MissingReason::CensusNoEstimate).find("-666666666") != std::string_view::npos);
  CHECK(missingReasonKey(MissingReason::CensusNoEstimate) == "census_no_estimate");
}

TEST_CASE("on an MOE column -555555555 and ***** are a margin of error of 0, not missing") {
  CHECK(isMoeColumnName("B19013_001M"));
  CHECK(isMoeColumnName("poverty_moe"));
  CHECK(isMoeColumnName("moe_total"));
  CHECK_FALSE(isMoeColumnName("B19013_001E"));
  CHECK_FALSE(isMoeColumnName("NAME"));
  // Census API JSON values as a CSV written from it: estimate, MOE (the API writes numbers as strings).
  Column moe = typeColumn("B01003_001M", {"-555555555", "*****", "412", "-222222222", "-333333333"});
  REQUIRE(moe.isNumeric());
  CHECK(moe.number(0) == 0);
  CHECK(moe.number(1) == 0);
  CHECK(moe.number(2) == 412);
  CHECK(moe.missingReason(3) == MissingReason::CensusMoeNotComputed);
  CHECK(moe.missingReason(4) == MissingReason::CensusMoeOpenEnded);
  // On an estimate column the same code is missing.
  Column est = typeColumn("B01003_001E", {"-555555555", "1200"});
  CHECK(est.missingReason(0) == MissingReason::CensusControlled);
}

TEST_CASE("a numeric column built in memory applies the same rule (GDAL Integer/Real fields go through it)") {
  Column c("median_income", FieldType::Real);
  for (double v : {41000.0, -666666666.0, std::numeric_limits<double>::infinity(), 1e301, -999999999.0, 5e-324,
                   std::numeric_limits<double>::quiet_NaN()})
    c.appendNumber(v);
  CHECK(c.number(0) == 41000);
  CHECK(c.missingReason(1) == MissingReason::CensusNoEstimate);
  CHECK(c.missingReason(2) == MissingReason::NotFinite);
  CHECK(c.missingReason(3) == MissingReason::Extreme);
  CHECK(c.missingReason(4) == MissingReason::CensusNotDisplayed);
  CHECK_FALSE(c.isMissing(5));  // a denormal is a number
  CHECK(c.missingReason(6) == MissingReason::Blank);
  MissingCounts counts = c.missingCounts();
  CHECK(counts[MissingReason::CensusNoEstimate] == 1);
  CHECK(counts.size() == 5);
  // Copies keep reasons.
  Column copy("median_income", FieldType::Real);
  for (std::size_t r = 0; r < c.size(); ++r) copy.appendFrom(c, r);
  CHECK(copy.missingReason(1) == MissingReason::CensusNoEstimate);
  CHECK(describeMissingCounts(copy.missingCounts()).find("1 Census: estimate not available") != std::string::npos);
}

TEST_CASE("data.census.gov text marks are missing among numbers but text among words") {
  // data.census.gov table export cells: estimates with "-" and "N", MOEs with "**" and "*****".
  Column est = typeColumn("S1701_C03_001E", {"12.4", "-", "N", "(X)", "8.0"});
  REQUIRE(est.type() == FieldType::Real);
  CHECK(est.missingReason(1) == MissingReason::CensusNoEstimate);
  CHECK(est.missingReason(2) == MissingReason::CensusNotDisplayed);
  CHECK(est.missingReason(3) == MissingReason::CensusNotApplicable);
  Column words = typeColumn("direction", {"N", "S", "-"});
  REQUIRE(words.type() == FieldType::String);
  CHECK(words.text(0) == "N");
  CHECK(words.text(2) == "-");
  Column onlyN = typeColumn("flag", {"N", "N"});
  CHECK(onlyN.type() == FieldType::String);
}

TEST_CASE("Urban's two-share text is read as the ratio of the shares (Urban: share of housing wealth : share of households)") {
  // Urban's construct_ratio(hvshare, hhshare) pastes the housing-wealth share, ':', the household share
  // (UI-Research/mobility-from-poverty, 01_financial-well-being housing wealth programs). Values from
  // households_house_value_race_ethnicity_all_city.csv, 2014, place 01 03076: 0.119:0.246.
  Column c = typeColumn("ratio_black_nh_house_value_households", {"0.119:0.246", "NA", "20.8%:27.5%", "0.000:0.000"});
  REQUIRE(c.type() == FieldType::Real);
  CHECK(c.number(0) == Approx(0.119 / 0.246).epsilon(1e-12));
  CHECK(c.missingReason(1) == MissingReason::NotAvailable);
  CHECK(c.number(2) == Approx(20.8 / 27.5).epsilon(1e-12));
  CHECK(c.missingReason(3) == MissingReason::UndefinedRatio);
  CHECK(c.readNote().find("a / b") != std::string::npos);
  // A column not named as a ratio keeps its text, and callers can name the form.
  Column t = typeColumn("house_value", {"0.119:0.246"});
  REQUIRE(t.type() == FieldType::String);
  CHECK(twoShareExample(t) == "0.119:0.246");
  CHECK(parseTwoShares("2235:1")->first == 2235);
  CHECK_FALSE(parseTwoShares("12:30:00"));
}

// Windows-1252 byte values from the code page's published table (0xF1 = ñ U+00F1, 0x80 = € U+20AC, 0x93/0x94 =
// curly quotes U+201C/U+201D; 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined).
TEST_CASE("Windows-1252 text is recognised as not UTF-8 and transcoded") {
  CHECK(isValidUtf8("Pe\xC3\xB1" "asco"));
  CHECK_FALSE(isValidUtf8("Pe\xF1" "asco"));
  CHECK(firstInvalidUtf8("Do\xF1" "a Ana") == 2);
  CHECK(firstInvalidUtf8("\xC0\xAF") == 0);  // overlong '/'
  CHECK(windows1252ToUtf8("Do\xF1" "a Ana") == std::string("Do\xC3\xB1" "a Ana"));
  CHECK(windows1252ToUtf8("\x80 \x93q\x94") == std::string("\xE2\x82\xAC \xE2\x80\x9Cq\xE2\x80\x9D"));
  CHECK_FALSE(windows1252ToUtf8("x\x81y"));
}

// Excel's General format shows an 11-digit tract GEOID 17031010100 as 1.7031E+10 and saves that text.
TEST_CASE("spreadsheet scientific notation that lost digits is recognised") {
  CHECK(isLossyScientificId("1.7031E+10"));
  CHECK_FALSE(isLossyScientificId("6.037E+3"));  // 4 digits written for a 4-digit number: 6037, exact
  CHECK(isLossyScientificId("6.04E+3"));
  CHECK_FALSE(isLossyScientificId("1.7031010100E+10"));
  CHECK_FALSE(isLossyScientificId("17031010100"));
  CHECK_FALSE(isLossyScientificId("2.5e-3"));
}
