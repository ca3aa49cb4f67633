// `mobmap moran`, `lisa`, `segregation` and `disparity` as a user runs them. Expected values on the Chicago
// data come from R 4.2 with spdep 1.2-7 and sf 1.0 (Debian r-cran-spdep, r-cran-sf) on the same shapefiles;
// the R code is quoted in each case. Agreement is required to 1e-6 (relative) or better.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* kTracts = "chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp";
const char* kAreas = "chicago-tracts-community-areas/community_areas_acs2014/ComArea_ACS14_f.shp";

// A 3×3 grid of 0.01° squares near Chicago, row by row, and an island square far off, with values
// x = 3 1 4 1 5 9 2 6 5 3 — the layout of tests/analysis/test_spatial_stats.cpp.
std::string writeGrid(const fs::path& dir) {
  const double x[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
  std::string path = (dir / "grid.geojson").string();
  std::ofstream f(path);
  f << R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 10; ++i) {
    const double x0 = i < 9 ? -88 + (i % 3) * 0.01 : -87.5, y0 = i < 9 ? 41 + (i / 3) * 0.01 : 41.5;
    f << (i ? "," : "") << R"({"type":"Feature","properties":{"id":"a)" << i << R"(","x":)" << x[i]
      << R"(},"geometry":{"type":"Polygon","coordinates":[[[)" << x0 << "," << y0 << "],[" << x0 + 0.01 << "," << y0
      << "],[" << x0 + 0.01 << "," << y0 + 0.01 << "],[" << x0 << "," << y0 + 0.01 << "],[" << x0 << "," << y0 << "]]]}}";
  }
  f << "]}";
  return path;
}

}  // namespace

// Same topology as the spdep case in tests/analysis (moran.test on the 3×3 grid plus an island):
// I = 0.126153612629022, z (normality) = 1.73882008640508, z (randomisation) = 1.80726564884068.
TEST_CASE("moran and lisa on a generated grid with an island") {
  fs::path dir = test::scratchDir("stats-grid");
  std::string grid = writeGrid(dir);
  auto r = test::runMobmap({"moran", grid, "--field", "x", "--permutations", "199", "--seed", "5", "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["I"].get<double>() == Approx(0.126153612629022).epsilon(1e-9));
  CHECK(j["normal"]["z"].get<double>() == Approx(1.73882008640508).epsilon(1e-9));
  CHECK(j["randomisation"]["z"].get<double>() == Approx(1.80726564884068).epsilon(1e-9));
  CHECK(j["weights"]["links"] == 40);
  REQUIRE(j["weights"]["islands"].size() == 1);
  CHECK(j["weights"]["islands"][0]["id"] == "a9");
  CHECK(r.err.find("no neighbours") != std::string::npos);
  auto again = test::runMobmap({"moran", grid, "--field", "x", "--permutations", "199", "--seed", "5", "--json"});
  CHECK(json::parse(again.out)["pseudo_p"] == j["pseudo_p"]);

  std::string out = (dir / "lisa.geojson").string();
  auto l = test::runMobmap({"lisa", grid, "--field", "x", "--permutations", "0", "--out", out, "--json"});
  REQUIRE(l.exitCode == 0);
  json lj = json::parse(l.out);
  // spdep localmoran: area 9 (row 9 of the grid, 0-based 8) Ii = 0.554341226472374, p = 0.0178586858814042.
  CHECK(lj["areas"][8]["Ii"].get<double>() == Approx(0.554341226472374).epsilon(1e-9));
  CHECK(lj["areas"][8]["cluster"] == "high-high");
  CHECK(lj["areas"][9]["island"] == true);
  CHECK(lj["areas"][9]["z"].is_null());
  CHECK(lj["cluster_counts"]["high-high"] == 1);
  CHECK(fs::exists(out));
}

TEST_CASE("stats commands: usage and data errors") {
  fs::path dir = test::scratchDir("stats-errors");
  std::string grid = writeGrid(dir);
  CHECK(test::runMobmap({"moran", grid, "--field", "x", "--weights", "bishop"}).exitCode == 2);
  CHECK(test::runMobmap({"moran", grid, "--field", "nope"}).exitCode == 1);
  CHECK(test::runMobmap({"lisa", grid, "--field", "x", "--alpha", "2"}).exitCode == 2);
  CHECK(test::runMobmap({"segregation", grid, "--groups", "x"}).exitCode == 2);
  CHECK(test::runMobmap({"disparity", grid, "--field", "x", "--groups", "x", "--reference-group", "y"}).exitCode == 2);
  auto noDir = test::runMobmap({"lisa", grid, "--field", "x", "--out", (dir / "missing/out.gpkg").string()});
  CHECK(noDir.exitCode == 1);
}

// R: tr <- st_read(Chi-SDOH.shp); nb <- poly2nb(tr, queen=TRUE); sum(card(nb)) -> 5186, no islands;
//    poly2nb(tr, queen=FALSE) -> 3716 links. lw <- nb2listw(nb, style="W", zero.policy=TRUE)
//    moran.test(tr$Pov14, lw, zero.policy=TRUE, randomisation=FALSE):
//      I = 0.600111813731454, E[I] = -0.00126582278481013, var = 0.000404721258262557, z = 29.8929837204772
//    moran.test(tr$Pov14, lw, zero.policy=TRUE): var = 0.000404758280360464, z = 29.8916165757743
//    rook: I = 0.609095968801129, z (normality) = 25.766916564459
TEST_CASE("moran on Chicago tracts matches spdep (feet, EPSG:3435)") {
  auto shp = test::sharedData(kTracts);
  if (!shp) return;
  auto r = test::runMobmap({"moran", shp->string(), "--field", "Pov14", "--permutations", "99", "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["weights"]["links"] == 5186);
  CHECK(j["weights"]["islands"].empty());
  CHECK(j["I"].get<double>() == Approx(0.600111813731454).epsilon(1e-9));
  CHECK(j["expected"].get<double>() == Approx(-0.00126582278481013).epsilon(1e-12));
  CHECK(j["normal"]["variance"].get<double>() == Approx(0.000404721258262557).epsilon(1e-9));
  CHECK(j["normal"]["z"].get<double>() == Approx(29.8929837204772).epsilon(1e-9));
  CHECK(j["randomisation"]["variance"].get<double>() == Approx(0.000404758280360464).epsilon(1e-9));
  CHECK(j["randomisation"]["z"].get<double>() == Approx(29.8916165757743).epsilon(1e-9));
  CHECK(j["pseudo_p"].get<double>() == Approx(0.01));  // no permutation of 99 reaches I = 0.6
  auto rook = test::runMobmap({"moran", shp->string(), "--field", "Pov14", "--weights", "rook", "--permutations", "0", "--json"});
  REQUIRE(rook.exitCode == 0);
  json rj = json::parse(rook.out);
  CHECK(rj["weights"]["links"] == 3716);
  CHECK(rj["I"].get<double>() == Approx(0.609095968801129).epsilon(1e-9));
  CHECK(rj["normal"]["z"].get<double>() == Approx(25.766916564459).epsilon(1e-9));
}

// R: lm <- localmoran(tr$Pov14, lw, zero.policy=TRUE); rows 1, 100, 500, 791 (1-based):
//   1:   Ii -0.00387322640373791  E -1.04755480762204e-06  Var 0.000117473390024455  Z -0.357261039485972
//   100: Ii 1.32599307662381      E -0.00198999606814837   Var 0.222715434487181     Z 2.81395651357381
//   500: Ii 0.145139048422056     E -0.000350535145322661  Var 0.0392954718324195    Z 0.733940150963938
//   791: Ii 0.00724322875561151   E -4.79292300621051e-05  Var 0.00469673311758348   Z 0.106389450848713
//   sum(lm[,1]) = 474.68844466158, sum(lm[,4]) = 1077.66531369014
TEST_CASE("lisa on Chicago tracts matches spdep localmoran") {
  auto shp = test::sharedData(kTracts);
  if (!shp) return;
  auto r = test::runMobmap({"lisa", shp->string(), "--field", "Pov14", "--permutations", "0", "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  const json& a = j["areas"];
  REQUIRE(a.size() == 791);
  struct Row { int i; double Ii, E, var, z; };
  for (const Row& row : {Row{0, -0.00387322640373791, -1.04755480762204e-06, 0.000117473390024455, -0.357261039485972},
                         Row{99, 1.32599307662381, -0.00198999606814837, 0.222715434487181, 2.81395651357381},
                         Row{499, 0.145139048422056, -0.000350535145322661, 0.0392954718324195, 0.733940150963938},
                         Row{790, 0.00724322875561151, -4.79292300621051e-05, 0.00469673311758348, 0.106389450848713}}) {
    INFO("row " << row.i);
    CHECK(a[row.i]["Ii"].get<double>() == Approx(row.Ii).epsilon(1e-9));
    CHECK(a[row.i]["expected"].get<double>() == Approx(row.E).epsilon(1e-9));
    CHECK(a[row.i]["variance"].get<double>() == Approx(row.var).epsilon(1e-9));
    CHECK(a[row.i]["z"].get<double>() == Approx(row.z).epsilon(1e-9));
  }
  double sumI = 0, sumZ = 0;
  for (const json& x : a) {
    sumI += x["Ii"].get<double>();
    sumZ += x["z"].get<double>();
  }
  CHECK(sumI == Approx(474.68844466158).epsilon(1e-9));
  CHECK(sumZ == Approx(1077.66531369014).epsilon(1e-9));
  // Row 100 (Ii > 0 below the mean) is a low-low cluster at p = 0.0049.
  CHECK(a[99]["cluster"] == "low-low");
}

// R, on the community areas (WGS84 in the file; mobmap builds weights after projecting to EPSG:5070):
//   ca <- st_read(ComArea_ACS14_f.shp); sum(card(poly2nb(ca))) -> 394; queen=FALSE -> 358
//   moran.test(ca$Pov50P, nb2listw(poly2nb(ca), style="W", zero.policy=TRUE), zero.policy=TRUE,
//              randomisation=FALSE) -> I = 0.519255862367478, z = 7.40222093031905
TEST_CASE("moran on Chicago community areas matches spdep (lon/lat source)") {
  auto shp = test::sharedData(kAreas);
  if (!shp) return;
  auto r = test::runMobmap({"moran", shp->string(), "--field", "Pov50P", "--permutations", "0", "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["weights"]["links"] == 394);
  CHECK(j["I"].get<double>() == Approx(0.519255862367478).epsilon(1e-9));
  CHECK(j["normal"]["z"].get<double>() == Approx(7.40222093031905).epsilon(1e-9));
  auto rook = test::runMobmap({"moran", shp->string(), "--field", "Pov50P", "--weights", "rook", "--permutations", "0", "--json"});
  CHECK(json::parse(rook.out)["weights"]["links"] == 358);
}

// R, by hand on the community areas (X = cbind(Wht14, Blk14, Hisp14, AS14), t = Pop2014, G = colSums(X)):
//   D_g = 0.5*sum(abs(x/G - (t-x)/(sum(t)-G))), iso = sum((x/G)*(x/t)), Dpair = 0.5*sum(abs(a/A - b/B)),
//   exp[a->b] = sum((a/A)*(b/t)); other = pmax(t - rowSums(X), 0); P = colSums(cbind(X, other))/sum(t);
//   E = -sum(P*log(P)); p = cbind(X, other)/t; Ei = -rowSums(ifelse(p>0, p*log(p), 0)); H = sum(t*(E-Ei))/(sum(t)*E)
TEST_CASE("segregation on Chicago community areas matches the formulas computed in R") {
  auto shp = test::sharedData(kAreas);
  if (!shp) return;
  auto r = test::runMobmap({"segregation", shp->string(), "--groups", "Wht14,Blk14,Hisp14,AS14", "--total", "Pop2014", "--json"});
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["areas_used"] == 77);
  CHECK(j["dissimilarity"]["Wht14"].get<double>() == Approx(0.533326150643894).epsilon(1e-9));
  CHECK(j["dissimilarity"]["Blk14"].get<double>() == Approx(0.724155872623308).epsilon(1e-9));
  CHECK(j["dissimilarity"]["Hisp14"].get<double>() == Approx(0.576109800296263).epsilon(1e-9));
  CHECK(j["dissimilarity"]["AS14"].get<double>() == Approx(0.485367624212243).epsilon(1e-9));
  CHECK(j["isolation"]["Blk14"].get<double>() == Approx(0.733945528368166).epsilon(1e-9));
  CHECK(j["dissimilarity_pairwise"]["Wht14"]["Blk14"].get<double>() == Approx(0.741803589838097).epsilon(1e-9));
  CHECK(j["dissimilarity_pairwise"]["Hisp14"]["AS14"].get<double>() == Approx(0.617527794546895).epsilon(1e-9));
  CHECK(j["exposure"]["Blk14"]["Wht14"].get<double>() == Approx(0.187853168532212).epsilon(1e-9));
  CHECK(j["exposure"]["Wht14"]["Blk14"].get<double>() == Approx(0.122150609486928).epsilon(1e-9));
  CHECK(j["entropy"].get<double>() == Approx(1.24678475700599).epsilon(1e-9));
  CHECK(j["theil_h"].get<double>() == Approx(0.396809372511482).epsilon(1e-9));
  // In 76 areas Wht14 + Blk14 + Hisp14 + AS14 exceed Pop2014 (Hispanic residents are also counted by race).
  CHECK(j["areas_groups_exceed_total"] == 76);
  // Without --total, t is the sum of the groups: R seg(X, rowSums(X)) -> D[Wht14] = 0.430463758052594, H = 0.334285655295478.
  auto s = test::runMobmap({"segregation", shp->string(), "--groups", "Wht14,Blk14,Hisp14,AS14", "--json"});
  json sj = json::parse(s.out);
  CHECK(sj["dissimilarity"]["Wht14"].get<double>() == Approx(0.430463758052594).epsilon(1e-9));
  CHECK(sj["theil_h"].get<double>() == Approx(0.334285655295478).epsilon(1e-9));
}

// R on the tracts: Xp = cbind(Wht14P, Blk14P, Hisp14P) * Pop2014 / 100, same formulas as above:
//   D[Blk14P] = 0.795653661002527, Dpair[Wht14P,Blk14P] = 0.811946321960105, H = 0.496608495239268
//   disparity of Pov14: sum(Xp[,g]*Pov14)/sum(Xp[,g]) -> Wht14P 12.9123791923692, Blk14P 27.778924524623,
//   Hisp14P 19.8994437059579; by quintile of Pop2014 (quantile(type=7) = 250 1816 2657 3616 4871 17582,
//   cut(include.lowest=TRUE)): Q1 Blk14P 33.9431131542148, Q5 Blk14P 25.8818203615354, Q4 Wht14P 13.3182990628511
TEST_CASE("segregation and disparity on Chicago tracts from race percentages") {
  auto shp = test::sharedData(kTracts);
  if (!shp) return;
  auto s = test::runMobmap({"segregation", shp->string(), "--groups", "Wht14P,Blk14P,Hisp14P", "--total", "Pop2014",
                            "--percent", "--json"});
  REQUIRE(s.exitCode == 0);
  json sj = json::parse(s.out);
  CHECK(sj["dissimilarity"]["Blk14P"].get<double>() == Approx(0.795653661002527).epsilon(1e-9));
  CHECK(sj["dissimilarity_pairwise"]["Wht14P"]["Blk14P"].get<double>() == Approx(0.811946321960105).epsilon(1e-9));
  CHECK(sj["theil_h"].get<double>() == Approx(0.496608495239268).epsilon(1e-9));

  auto d = test::runMobmap({"disparity", shp->string(), "--field", "Pov14", "--groups", "Wht14P,Blk14P,Hisp14P", "--total",
                            "Pop2014", "--percent", "--reference-group", "Wht14P", "--by", "Pop2014", "--json"});
  REQUIRE(d.exitCode == 0);
  json dj = json::parse(d.out);
  const json& g = dj["groups"];
  CHECK(g[0]["mean"].get<double>() == Approx(12.9123791923692).epsilon(1e-9));
  CHECK(g[1]["mean"].get<double>() == Approx(27.778924524623).epsilon(1e-9));
  CHECK(g[2]["mean"].get<double>() == Approx(19.8994437059579).epsilon(1e-9));
  CHECK(g[1]["gap"].get<double>() == Approx(27.778924524623 - 12.9123791923692).epsilon(1e-9));
  CHECK(g[1]["ratio"].get<double>() == Approx(27.778924524623 / 12.9123791923692).epsilon(1e-9));
  CHECK(dj["areas_missing_field"] == 0);
  const json& q = dj["by"]["quintiles"];
  REQUIRE(q.size() == 5);
  CHECK(dj["by"]["breaks"] == json::array({250, 1816, 2657, 3616, 4871, 17582}));
  CHECK(q[0]["areas_used"] == 159);
  CHECK(q[0]["groups"][1]["mean"].get<double>() == Approx(33.9431131542148).epsilon(1e-9));
  CHECK(q[4]["groups"][1]["mean"].get<double>() == Approx(25.8818203615354).epsilon(1e-9));
  CHECK(q[3]["groups"][0]["mean"].get<double>() == Approx(13.3182990628511).epsilon(1e-9));
}
