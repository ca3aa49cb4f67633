// Reading the data as its publishers release it. Expected values: the real Urban Institute combined file
// ../shared/data/mobility-metrics/v2025.01/data/64_… (counts computed with Python's csv module, command quoted
// per case), and fixtures written in the byte forms the Census Bureau documents (data.census.gov table export
// with its label row; annotation values -666666666 etc. from the "Notes on ACS API Variable Types" page) and
// as Excel on Windows writes CSV (Windows-1252).
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/error.h"
#include "core/metric_columns.h"
#include "fixtures.h"
#include "io/source_reader.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

const char* kIncome = "mobility-metrics/v2025.01/data/64_mobility-metrics_place_income_longitudinal.csv";
const char* kRaceShare = "mobility-metrics/v2025.01/data/63_mobility-metrics_place_race-share_longitudinal.csv";

std::size_t countFlag(const Column& c, QualityFlag flag) {
  std::size_t n = 0;
  for (std::size_t r = 0; r < c.size(); ++r) n += qualityFlag(c, r) == flag;
  return n;
}

}  // namespace

TEST_CASE("Urban's combined file: quality words are read as flags") {
  auto path = test::sharedData(kIncome);
  if (!path) return;
  AttributeTable t = io::readTable(path->string());
  // python3: Counter(row['share_in_preschool_quality'] for row in csv.DictReader(open(f)))
  //   -> NA 21095, Marginal 3028, Strong 1712, Weak 1353
  const Column& q = t.require("share_in_preschool_quality", "64");
  CHECK(q.type() == FieldType::String);  // words, as published
  CHECK(holdsQualityFlags(q));
  CHECK(countFlag(q, QualityFlag::Weak) == 1353);
  CHECK(countFlag(q, QualityFlag::Marginal) == 3028);
  CHECK(countFlag(q, QualityFlag::Strong) == 1712);
  // rate_learning_quality: Strong 4343, Marginal 1255, Weak 448.
  CHECK(countFlag(t.require("rate_learning_quality", "64"), QualityFlag::Weak) == 448);
  CHECK(t.require("share_in_preschool", "64").missingCounts()[MissingReason::NotAvailable] == 27188 - 6093);
}

TEST_CASE("Urban's combined files: subgroups and types are listed exactly as written, never merged") {
  auto income = test::sharedData(kIncome);
  auto race = test::sharedData(kRaceShare);
  if (!income || !race) return;
  // python3: Counter((r['subgroup_type'], r['subgroup']) for r in csv.DictReader(open(f))), in first-seen order.
  std::vector<io::LayerInfo> li = io::describeSource(income->string());
  REQUIRE(li.size() == 1);
  const auto& g = li[0].subgroups;
  REQUIRE(g.size() == 7);
  CHECK(g[0].type == "all");
  CHECK(g[0].subgroup == "All");
  bool highPoverty = false;
  for (const io::SubgroupInfo& s : g)
    if (s.subgroup == "High-Poverty") {
      highPoverty = true;
      CHECK(s.type == "income");  // typed income by Urban, shown as typed
      CHECK(s.rows == 27188 / 7);
    }
  CHECK(highPoverty);
  std::vector<io::LayerInfo> lr = io::describeSource(race->string());
  REQUIRE(lr[0].subgroups.size() == 4);
  CHECK(lr[0].subgroups[1].subgroup == "Neighborhoods of color");
  CHECK(lr[0].subgroups[1].type == "race-ethnicity");
  for (const io::FieldInfo& f : lr[0].fields)
    if (f.name == "share_transit_commuter_quality") CHECK(f.qualityForm == "words");
}

TEST_CASE("data.census.gov export: the label row is a header and annotation marks are missing with a reason") {
  fs::path dir = test::scratchDir("io-census-export");
  std::string csv = (dir / "ACSST5Y2022.S1701-Data.csv").string();
  // The byte form of a data.census.gov table download: codes, then a label row, then areas; estimates with
  // "-" and "N", margins of error with "**" and "*****".
  test::writeText(csv,
                  "\"GEO_ID\",\"NAME\",\"S1701_C03_001E\",\"S1701_C03_001M\",\r\n"
                  "\"Geography\",\"Geographic Area Name\",\"Estimate!!Percent below poverty level!!Population for whom "
                  "poverty status is determined\",\"Margin of Error!!Percent below poverty level!!Population for whom "
                  "poverty status is determined\",\r\n"
                  "\"1400000US35013000101\",\"Census Tract 1.01, Do\xC3\xB1" "a Ana County, New Mexico\",\"12.4\",\"3.1\",\r\n"
                  "\"1400000US35013000102\",\"Census Tract 1.02, Do\xC3\xB1" "a Ana County, New Mexico\",\"-\",\"**\",\r\n"
                  "\"1400000US35013000103\",\"Census Tract 1.03, Do\xC3\xB1" "a Ana County, New Mexico\",\"N\",\"N\",\r\n"
                  "\"1400000US35013000104\",\"Census Tract 1.04, Do\xC3\xB1" "a Ana County, New Mexico\",\"0.0\",\"*****\",\r\n");
  AttributeTable t = io::readTable(csv);
  REQUIRE(t.rowCount() == 4);
  const Column& est = t.require("S1701_C03_001E", csv);
  const Column& moe = t.require("S1701_C03_001M", csv);
  REQUIRE(est.isNumeric());
  REQUIRE(moe.isNumeric());
  CHECK(est.number(0) == Approx(12.4));
  CHECK(est.missingReason(1) == MissingReason::CensusNoEstimate);
  CHECK(est.missingReason(2) == MissingReason::CensusNotDisplayed);
  CHECK(moe.missingReason(1) == MissingReason::CensusMoeNotComputed);
  CHECK(moe.number(3) == 0);  // "*****": controlled, no sampling error
}

TEST_CASE("numeric GDAL fields holding Census annotation values are missing with their reason") {
  fs::path dir = test::scratchDir("io-gpkg-codes");
  std::string gpkg = (dir / "tracts.gpkg").string();
  {
    GDALAllRegister();
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(d->Create(gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* layer = ds->CreateLayer("tracts", nullptr, wkbNone, nullptr);
    OGRFieldDefn income("B19013_001E", OFTReal), moe("B19013_001M", OFTReal), count("pop", OFTInteger);
    test::mustSucceed(layer->CreateField(&income));
    test::mustSucceed(layer->CreateField(&moe));
    test::mustSucceed(layer->CreateField(&count));
    const double incomes[] = {52000, -666666666, -999999999};
    const double moes[] = {4100, -222222222, -555555555};
    const int pops[] = {1200, -888888888, 800};
    for (int i = 0; i < 3; ++i) {
      OGRFeature f(layer->GetLayerDefn());
      f.SetField(0, incomes[i]);
      f.SetField(1, moes[i]);
      f.SetField(2, pops[i]);
      test::mustSucceed(layer->CreateFeature(&f));
    }
  }
  AttributeTable t = io::readTable(gpkg);
  const Column& income = t.require("B19013_001E", gpkg);
  const Column& moe = t.require("B19013_001M", gpkg);
  const Column& pop = t.require("pop", gpkg);
  CHECK(income.number(0) == 52000);
  CHECK(income.missingReason(1) == MissingReason::CensusNoEstimate);
  CHECK(income.missingReason(2) == MissingReason::CensusNotDisplayed);
  CHECK(moe.missingReason(1) == MissingReason::CensusMoeNotComputed);
  CHECK(moe.number(2) == 0);
  CHECK(pop.missingReason(1) == MissingReason::CensusNotApplicable);
}

TEST_CASE("a Windows-1252 CSV is detected and transcoded, bytes no encoding defines are refused with the line") {
  fs::path dir = test::scratchDir("io-cp1252");
  std::string csv = (dir / "nm_places.csv").string();
  // As Excel for Windows saves "CSV (Comma delimited)": ñ is the single byte 0xF1.
  test::writeText(csv, "GEOID,name,poverty\r\n3557000,Pe\xF1" "asco,21.5\r\n35013,Do\xF1" "a Ana County,24.9\r\n");
  Layer layer = io::readLayer(csv);
  const Column& name = layer.attributes.require("name", csv);
  CHECK(name.text(0) == "Pe\xC3\xB1" "asco");
  CHECK(name.text(1) == "Do\xC3\xB1" "a Ana County");
  CHECK(name.readNote().find("Windows-1252") != std::string::npos);
  REQUIRE_FALSE(layer.warnings.empty());
  CHECK(layer.warnings.back().find("line 2") != std::string::npos);

  std::string bad = (dir / "bad.csv").string();
  test::writeText(bad, "GEOID,name\n35013,ok\n35001,x\x81y\n");
  try {
    io::readTable(bad);
    FAIL("expected an error");
  } catch (const Error& e) {
    std::string m = e.what();
    CHECK(m.find("bad.csv") != std::string::npos);
    CHECK(m.find("line 3") != std::string::npos);
  }
}
