// What a figure says about what it draws, checked on the files the publishers release: the Urban Institute's
// county poverty-exposure file by race/ethnicity (us-atlas counties), the Chicago tracts and community areas
// (GeoDa Center), all read in place from ../shared/data and skipped when absent. Expected values come from
// the files themselves, read here with GDAL independently of mobmap (counts of tracts where a field is 0,
// groups that add up past a total), from the metric catalog's labels (styles/metric_catalog.toml), or from the
// rule each case states.
#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Every feature's value of each field, read with GDAL (NaN where null).
std::map<std::string, std::vector<double>> readFields(const fs::path& path, const std::vector<std::string>& fields) {
  GDALAllRegister();
  std::map<std::string, std::vector<double>> out;
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR));
  REQUIRE(ds);
  OGRLayer* layer = ds->GetLayer(0);
  for (auto& feature : *layer)
    for (const std::string& f : fields) {
      const int i = feature->GetFieldIndex(f.c_str());
      REQUIRE(i >= 0);
      out[f].push_back(feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsDouble(i) : NAN);
    }
  return out;
}

json renderJson(const std::vector<std::string>& args) {
  auto r = test::runMobmap(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return json::parse(r.out);
}

const json* swatch(const json& legend, const std::string& kind) {
  for (const json& e : legend)
    if (e["kind"] == kind) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("render names the metric, subgroup and year of the rows drawn (Urban's county file by race/ethnicity)") {
  auto counties = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json");
  auto table = test::sharedData("mobility-metrics/v2025.01/06_neighborhoods/poverty-exposure/final/poverty-exposure_race-ethnicity_county.csv");
  if (!counties || !table) return;
  const fs::path dir = test::scratchDir("cli-figure-truth-titles");
  const std::vector<std::string> base = {"render", counties->string(), "--layer", "counties", "--join", table->string(),
                                         "--on", "id=state+county", "--field", "share_poverty_exposure"};
  // The catalog's label for share_poverty_exposure (styles/metric_catalog.toml), never the raw field name.
  const std::string label = "People in poverty living in high-poverty neighborhoods";

  auto args = base;
  for (const char* a : {"--where", "year = 2023 AND subgroup = 'Black'", "--out"}) args.push_back(a);
  args.push_back((dir / "black.png").string());
  args.push_back("--json");
  json j = renderJson(args);
  CHECK(j["title"] == label);
  CHECK(j["subtitle"] == "Black, 2023");
  CHECK(j["legend_title"] == label + ", Black, 2023");
  const std::string source = j["source_line"];
  CHECK(source.find("Mapped: " + label + ", Black, 2023") != std::string::npos);
  // One entry per swatch, each with a colour and a kind; the counts add up to the features drawn.
  std::size_t total = 0;
  for (const json& e : j["legend"]) {
    REQUIRE(e.contains("label"));
    CHECK(e["color"].get<std::string>().size() == 7);
    CHECK(e["color"].get<std::string>()[0] == '#');
    const std::string kind = e["kind"];
    CHECK((kind == "class" || kind == "missing" || kind == "low_quality"));
    if (kind != "low_quality") total += e["count"].get<std::size_t>();  // hatched areas are also in a class
  }
  CHECK(total == 3233);  // every county boundary of counties-10m.json
  REQUIRE(swatch(j["legend"], "low_quality"));
  CHECK(j["warnings"].is_array());

  // A user's own title is kept; the subtitle then names the subgroup and year.
  args = base;
  for (const char* a : {"--where", "year = 2021 AND subgroup = 'White, Non-Hispanic'", "--title", "Poverty exposure", "--out"})
    args.push_back(a);
  args.push_back((dir / "white.png").string());
  args.push_back("--json");
  j = renderJson(args);
  CHECK(j["title"] == "Poverty exposure");
  CHECK(j["subtitle"] == "White, Non-Hispanic, 2021");
  CHECK(j["legend_title"] == label + ", White, Non-Hispanic, 2021");

  // A project view picks its rows with `year` and `subgroup`: its figure names them too.
  const fs::path project = dir / "project.toml";
  std::ofstream(project) << "format_version = 2\n"
                            "[[layer]]\nname = \"counties\"\nsource = \"" << counties->string() << "\"\nsource_layer = \"counties\"\n"
                            "[[table]]\nname = \"pe\"\nsource = \"" << table->string() << "\"\n"
                            "[[join]]\nlayer = \"counties\"\ntable = \"pe\"\non = \"id=state+county\"\n"
                            "[[view]]\nname = \"pe_hispanic\"\nlayer = \"counties\"\nfield = \"share_poverty_exposure\"\n"
                            "year = 2023\nsubgroup = \"Hispanic\"\n";
  j = renderJson({"render", project.string(), "--view", "pe_hispanic", "--out", (dir / "view.png").string(), "--json"});
  CHECK(j["title"] == label);
  CHECK(j["subtitle"] == "Hispanic, 2023");
  CHECK(j["source_line"].get<std::string>().find("Hispanic, 2023") != std::string::npos);

  // Small multiples by subgroup: each map is titled with its subgroup, the figure's subtitle names the year.
  args = base;
  for (const char* a : {"--where", "year = 2023", "--small-multiples-by", "subgroup", "--out"}) args.push_back(a);
  args.push_back((dir / "by.png").string());
  args.push_back("--json");
  j = renderJson(args);
  CHECK(j["subtitle"] == "2023");
  CHECK(j["panels"][1]["title"] == j["values"][1]);
}

TEST_CASE("ratio maps: log-symmetric classes around parity, no negative class, B = 0 is 'comparison group absent'") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  const fs::path dir = test::scratchDir("cli-figure-truth-ratio");
  // Expected: tracts where Wht14P is 0 (and Blk14P present) counted here with GDAL.
  auto v = readFields(*shp, {"Blk14P", "Wht14P"});
  std::size_t absent = 0, missing = 0, zeroRatio = 0;
  for (std::size_t i = 0; i < v["Wht14P"].size(); ++i) {
    const double a = v["Blk14P"][i], b = v["Wht14P"][i];
    if (std::isnan(a) || std::isnan(b)) ++missing;
    else if (b == 0) ++absent;
    else if (a == 0) ++zeroRatio;
  }
  REQUIRE(zeroRatio > 0);  // 30 tracts with no Black residents: ratio 0, in the lowest class, not missing
  REQUIRE(absent > 0);
  json j = renderJson({"render", shp->string(), "--ratio", "Blk14P,Wht14P", "--out", (dir / "ratio.png").string(), "--json"});
  CHECK(j["zero_denominator"] == absent);
  CHECK(j["counts"][0].get<std::size_t>() >= zeroRatio);
  CHECK(j["missing"] == missing);
  const json* a = swatch(j["legend"], "absent");
  REQUIRE(a);
  CHECK((*a)["count"] == absent);
  const json* m = swatch(j["legend"], "missing");
  REQUIRE(m);
  CHECK((*m)["count"] == missing);
  CHECK((*a)["color"] != (*m)["color"]);
  // Breaks: none negative, parity one of them, and symmetric on the log scale (b_i × b_(n−i) = 1) where the
  // lowest break is not the 0 of a zero ratio.
  const auto breaks = j["breaks"].get<std::vector<double>>();
  for (double b : breaks) CHECK(b >= 0);
  CHECK(std::find(breaks.begin(), breaks.end(), 1.0) != breaks.end());
  for (std::size_t i = 1; i + 1 < breaks.size(); ++i) CHECK(breaks[i] * breaks[breaks.size() - 1 - i] == Approx(1.0));
  // Halves and doubles equally far: with manual-free equal classes the class widths are equal in log2.
  CHECK(j["reference"] == "Reference: parity (1.0)");
  CHECK(j["source_line"].get<std::string>().find("log scale") != std::string::npos);

  // --method works on the log ratios: quantile classes hold (nearly) equal numbers of tracts.
  j = renderJson({"render", shp->string(), "--ratio", "Blk14P,Wht14P", "--method", "quantile", "--out", (dir / "q.png").string(), "--json"});
  for (double b : j["breaks"].get<std::vector<double>>()) CHECK(b >= 0);
}

TEST_CASE("overlapping groups: race counts that include Hispanic residents are reported, dots never exceed the total") {
  auto acs = test::sharedData("chicago-tracts-community-areas/community_areas_acs2014/ComArea_ACS14_f.shp");
  auto cmap = test::sharedData("chicago-tracts-community-areas/community_areas_cmap2020/Chicago_2020.shp");
  if (!acs || !cmap) return;
  const fs::path dir = test::scratchDir("cli-figure-truth-overlap");
  // Expected: community areas where Wht14 + Blk14 + Hisp14 exceeds Pop2014 by more than half a person and
  // 0.5% (the rule of core/group_overlap.h), counted with GDAL.
  auto v = readFields(*acs, {"Wht14", "Blk14", "Hisp14", "Pop2014"});
  std::size_t over = 0;
  double population = 0;
  for (std::size_t i = 0; i < v["Pop2014"].size(); ++i) {
    const double sum = v["Wht14"][i] + v["Blk14"][i] + v["Hisp14"][i], total = v["Pop2014"][i];
    population += total;
    over += sum - total > std::max(0.5, 0.005 * total);
  }
  REQUIRE(over > 0);
  const std::string areas = std::to_string(over) + " areas";
  auto r = test::runMobmap({"render", acs->string(), "--dot-density", "Wht14,Blk14,Hisp14", "--total", "Pop2014", "--per",
                            "500", "--out", (dir / "dots.png").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  REQUIRE(j["warnings"].size() == 1);
  CHECK(j["warnings"][0].get<std::string>().find("overlap: in " + areas) != std::string::npos);
  CHECK(j["source_line"].get<std::string>().find("groups overlap in " + areas) != std::string::npos);
  CHECK(r.err.find("warning: the groups overlap") != std::string::npos);
  // Never more people drawn than live there: dots x 500 within rounding (a dot per group) of the population.
  CHECK(j["dots"].get<double>() * 500 <= population + 3 * 500);

  j = renderJson({"render", acs->string(), "--plurality", "Wht14,Blk14,Hisp14", "--total", "Pop2014", "--out",
                  (dir / "plurality.png").string(), "--json"});
  REQUIRE(j["warnings"].size() == 1);
  CHECK(j["warnings"][0].get<std::string>().find(areas) != std::string::npos);

  r = test::runMobmap({"segregation", acs->string(), "--groups", "Wht14,Blk14,Hisp14", "--total", "Pop2014", "--json"});
  REQUIRE(r.exitCode == 0);
  CHECK(json::parse(r.out)["warnings"].size() == 1);
  r = test::runMobmap({"disparity", acs->string(), "--field", "Pov14", "--groups", "Wht14,Blk14,Hisp14", "--total", "Pop2014", "--json"});
  REQUIRE(r.exitCode == 0);
  CHECK(json::parse(r.out)["warnings"].size() == 1);

  // CMAP's 2020 snapshot counts WHITE, BLACK, ASIAN and OTHER without Hispanic residents: no overlap, no warning.
  j = renderJson({"render", cmap->string(), "--dot-density", "WHITE,BLACK,HISP,ASIAN,OTHER", "--total", "TOT_POP", "--per",
                  "500", "--out", (dir / "cmap.png").string(), "--json"});
  CHECK(j["warnings"].empty());
}

TEST_CASE("overlapping groups: the mutually exclusive fields of the table are suggested") {
  // A generated grid with ACS-style columns: white and black include Hispanic residents, white_nh and
  // black_nh do not (tract 1: 600 + 300 + 250 Hispanic > 1000).
  const fs::path dir = test::scratchDir("cli-figure-truth-nh");
  const std::string path = (dir / "grid.geojson").string();
  std::ofstream f(path);
  f << R"({"type":"FeatureCollection","features":[)";
  const int white[] = {600, 400}, black[] = {300, 500}, hisp[] = {250, 100}, wnh[] = {450, 400}, bnh[] = {300, 500};
  for (int i = 0; i < 2; ++i) {
    const double x = -87.6 + 0.01 * i;
    f << (i ? "," : "") << R"({"type":"Feature","properties":{"total":1000,"white":)" << white[i] << ",\"black\":" << black[i]
      << ",\"hispanic\":" << hisp[i] << ",\"white_nh\":" << wnh[i] << ",\"black_nh\":" << bnh[i]
      << R"(},"geometry":{"type":"Polygon","coordinates":[[[)" << x << ",41.8],[" << x + 0.01 << ",41.8],[" << x + 0.01
      << ",41.81],[" << x << ",41.81],[" << x << ",41.8]]]}}";
  }
  f << "]}";
  f.close();
  json j = renderJson({"render", path, "--dot-density", "white,black,hispanic", "--total", "total", "--per", "10", "--out",
                       (dir / "dots.png").string(), "--json"});
  REQUIRE(j["warnings"].size() == 1);
  const std::string w = j["warnings"][0];
  CHECK(w.find("in 1 area") != std::string::npos);
  CHECK(w.find("white_nh, black_nh") != std::string::npos);
  // Tract 1's dots: 1150 people scaled to its 1000, 100 dots; tract 2: 1000 people, 100 dots.
  CHECK(j["dots"] == 200);
}

TEST_CASE("classes: fewer than asked are said, one value makes one class, --method unique renders") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  const fs::path dir = test::scratchDir("cli-figure-truth-classes");
  // Blk is GeoDa's 0/1 indicator (Black share at least 50%): 2 distinct values, so 5 quantile classes cannot be.
  json j = renderJson({"render", shp->string(), "--field", "Blk", "--out", (dir / "blk.png").string(), "--json"});
  REQUIRE(j["warnings"].size() == 1);
  CHECK(j["warnings"][0].get<std::string>().find("5 classes asked, 2 possible") != std::string::npos);
  CHECK(j["warnings"][0].get<std::string>().find("--method unique") != std::string::npos);
  CHECK(j["source_line"].get<std::string>().find("5 classes asked, 2 possible") != std::string::npos);
  CHECK(j["counts"].size() <= 2);  // quantiles of a 0/1 field with more 0s than 1s merge further

  // --method unique: one class per value, counted as GDAL counts them.
  auto v = readFields(*shp, {"Blk"});
  const auto ones = static_cast<std::size_t>(std::count(v["Blk"].begin(), v["Blk"].end(), 1.0));
  const auto zeros = static_cast<std::size_t>(std::count(v["Blk"].begin(), v["Blk"].end(), 0.0));
  j = renderJson({"render", shp->string(), "--field", "Blk", "--method", "unique", "--out", (dir / "unique.png").string(), "--json"});
  CHECK(j["method"] == "unique");
  std::map<std::string, std::size_t> counts;
  for (const json& e : j["legend"])
    if (e["kind"] == "class") counts[e["label"]] = e["count"];
  CHECK(counts["1"] == ones);
  CHECK(counts["0"] == zeros);
}

TEST_CASE("legend numbers: a true minus sign, and the box map shows no class beyond the data") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  const fs::path dir = test::scratchDir("cli-figure-truth-numbers");
  json j = renderJson({"render", shp->string(), "--gap", "Blk14P,Wht14P", "--out", (dir / "gap.png").string(), "--json"});
  bool anyNegative = false;
  for (const json& e : j["legend"]) {
    const std::string label = e["label"];
    if (e["kind"] != "class") continue;
    CHECK(label.find('-') == std::string::npos);       // no hyphen-minus
    anyNegative = anyNegative || label.find("\u2212") != std::string::npos;  // U+2212 MINUS SIGN
  }
  CHECK(anyNegative);

  // Pov14 (percent, 0-73): the lower box-map fence Q1 - 1.5 IQR lies below 0 (computed here with GDAL values).
  auto v = readFields(*shp, {"Pov14"});
  std::vector<double> s = v["Pov14"];
  std::sort(s.begin(), s.end());
  auto q = [&](double p) {  // R type 7
    const double h = (s.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    return s[lo] + (h - lo) * (s[std::min(lo + 1, s.size() - 1)] - s[lo]);
  };
  REQUIRE(q(0.25) - 1.5 * (q(0.75) - q(0.25)) < s.front());
  j = renderJson({"render", shp->string(), "--field", "Pov14", "--method", "box", "--out", (dir / "box.png").string(), "--json"});
  std::size_t classes = 0;
  for (const json& e : j["legend"])
    if (e["kind"] == "class") {
      ++classes;
      CHECK(e["label"].get<std::string>().find("\u2212") == std::string::npos);  // no negative poverty rate
      CHECK_FALSE(e["label"].get<std::string>().starts_with("< "));  // an empty class beyond the fence
    }
  CHECK(classes == 5);
}

TEST_CASE("no-data swatch never takes a class colour (Greys, 6 classes, where No data was class 2)") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  const fs::path dir = test::scratchDir("cli-figure-truth-swatch");
  json j = renderJson({"render", shp->string(), "--field", "Pov14", "--ramp", "Greys", "--classes", "6", "--out",
                       (dir / "greys.png").string(), "--json"});
  const json* m = swatch(j["legend"], "missing");
  REQUIRE(m);
  for (const json& e : j["legend"])
    if (e["kind"] == "class") CHECK(e["color"] != (*m)["color"]);
  CHECK((*m)["color"] != "#d9d9d9");  // ColorBrewer Greys-6 class 2
}
