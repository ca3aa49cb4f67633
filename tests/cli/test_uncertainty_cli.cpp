// Significance of differences, empirical Bayes rates, distance weights, hot spots and LISA corrections as a user
// runs them, on the real data in ../shared/data and the repo's demo data. Expected values come from R 4.2 with
// spdep 1.2-7 and sf 1.0 (Debian r-base, r-cran-spdep, r-cran-sf) on the same files; the R code is quoted in
// each case.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "io/source_reader.h"
#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* kNc = "nc-counties-sids/nc.gpkg";
const char* kTracts = "chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp";

std::string demo(const char* file) { return (test::sourceDir() / "geodata/demo" / file).string(); }

const json* legendEntry(const json& legend, const std::string& prefix) {
  for (const json& e : legend)
    if (e["label"].get<std::string>().rfind(prefix, 0) == 0) return &e;
  return nullptr;
}

}  // namespace

// R: d <- read.csv("geodata/demo/tract_acs.csv", colClasses = c(GEO_ID = "character"))
//    t <- st_read("geodata/demo/tracts.geojson"); m <- d[substr(d$GEO_ID, 10, 20) %in% t$GEOID, ]   # 306 rows
//    se <- function(m) m/1.645
//    z <- (m$black_nh - m$hispanic)/sqrt(se(m$black_nh_moe)^2 + se(m$hispanic_moe)^2); p <- 2*pnorm(-abs(z))
//    sum(abs(z) > 1.645) -> 186, sum(abs(z) <= 1.645) -> 120, sum(p.adjust(p, "BH") <= 0.10) -> 177,
//    sum(abs(z) > 2.576) -> 156
TEST_CASE("render --gap with ACS MOEs marks differences that are not significant") {
  fs::path dir = test::scratchDir("gap-significance");
  const std::string out = (dir / "gap.png").string();
  std::vector<std::string> args = {"render", demo("tracts.geojson"), "--join", demo("tract_acs.csv"), "--on", "GEOID=GEO_ID",
                                   "--gap", "black_nh,hispanic", "--moe", "black_nh=black_nh_moe,hispanic=hispanic_moe",
                                   "--significance", "0.90", "--out", out, "--json"};
  auto r = test::runMobmap(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["significant"] == 186);
  CHECK(j["not_significant"] == 120);
  CHECK(j["not_tested"] == 0);
  std::size_t inClasses = 0;
  for (const json& c : j["counts"]) inClasses += c.get<std::size_t>();
  CHECK(inClasses == 186);  // the classes count only significant areas
  const json* ns = legendEntry(j["legend"], "Difference not significant");
  REQUIRE(ns);
  CHECK((*ns)["count"] == 120);
  CHECK(j["method_text"].get<std::string>().find("no correction for multiple comparisons") != std::string::npos);

  args.push_back("--fdr");
  auto f = test::runMobmap(args);
  REQUIRE(f.exitCode == 0);
  json fj = json::parse(f.out);
  CHECK(fj["significant"] == 177);
  CHECK(fj["not_significant"] == 129);
  CHECK(fj["method_text"].get<std::string>().find("Benjamini–Hochberg false discovery rate over 306 areas") != std::string::npos);

  args.pop_back();
  args[args.size() - 4] = "0.99";
  auto s99 = test::runMobmap(args);
  REQUIRE(s99.exitCode == 0);
  CHECK(json::parse(s99.out)["significant"] == 156);
  CHECK(json::parse(s99.out)["critical_z"].get<double>() == 2.576);
}

// The same test saved in a project view (map = "gap", significance, fdr: docs/project-format.md), as the viewer's
// Save writes it: the counts of the R reference above (186 / 120 at 90%, 177 with BH).
TEST_CASE("a project view with a gap and its significance test renders the counts the options give") {
  fs::path dir = test::scratchDir("gap-significance-view");
  for (const char* f : {"tracts.geojson", "tract_acs.csv"}) fs::copy_file(demo(f), dir / f);
  auto write = [&](const std::string& extra) {
    std::ofstream(dir / "project.toml") << "format_version = 2\ntitle = \"Gap\"\n\n[[layer]]\nname = \"tracts\"\nsource = \"tracts.geojson\"\n\n"
                                           "[[table]]\nname = \"acs\"\nsource = \"tract_acs.csv\"\n\n"
                                           "[[join]]\nlayer = \"tracts\"\ntable = \"acs\"\non = \"GEOID=GEO_ID\"\n\n"
                                           "[[view]]\nname = \"gap\"\nlayer = \"tracts\"\nfield = \"black_nh\"\nmap = \"gap\"\n"
                                           "fields = [\"black_nh\", \"hispanic\"]\nsignificance = 0.90\n"
                                        << extra;
  };
  write("");
  auto r = test::runMobmap({"render", (dir / "project.toml").string(), "--view", "gap", "--out", (dir / "gap.png").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(json::parse(r.out)["significant"] == 186);
  CHECK(json::parse(r.out)["not_significant"] == 120);
  write("fdr = true\n");
  auto f = test::runMobmap({"render", (dir / "project.toml").string(), "--view", "gap", "--out", (dir / "gap.png").string(), "--json"});
  REQUIRE(f.exitCode == 0);
  CHECK(json::parse(f.out)["significant"] == 177);
}

// Urban's 95% bounds, each county against a learning rate of 1 (one grade level a year):
// R: mm <- read.csv("mobility-metrics/v2023.01/data/00_mobility-metrics_recent.csv",
//                   colClasses = c(state = "character", county = "character"))
//    co <- st_read("us-atlas/us-atlas-3.0.1/counties-10m.json", layer = "counties")
//    j <- mm[paste0(mm$state, mm$county) %in% co$id, ]                       # 3141 rows
//    s <- (j$rate_learning_ub - j$rate_learning_lb)/(2*1.96); z <- (j$rate_learning - 1)/s
//    ok <- is.finite(z); sum(ok) -> 3039; sum(abs(z[ok]) > 1.645) -> 905; ns -> 2134
//    sum(p.adjust(2*pnorm(-abs(z[ok])), "BH") <= 0.10) -> 477
//    with a reference MOE of 0.01: z2 <- (j$rate_learning - 1)/sqrt(s^2 + (0.01/1.645)^2); sum(abs(z2[ok]) > 1.645) -> 894
TEST_CASE("render --field against a reference with Urban's 95% bounds") {
  auto counties = test::sharedData("us-atlas/us-atlas-3.0.1/counties-10m.json");
  auto table = test::sharedData("mobility-metrics/v2023.01/data/00_mobility-metrics_recent.csv");
  if (!counties || !table) return;
  fs::path dir = test::scratchDir("reference-significance");
  std::vector<std::string> args = {"render", counties->string(), "--layer", "counties", "--join", table->string(),
                                   "--on", "id=state+county", "--field", "rate_learning", "--reference", "1",
                                   "--ci", "rate_learning=rate_learning_lb:rate_learning_ub", "--significance", "0.90",
                                   "--out", (dir / "learning.png").string(), "--json"};
  auto r = test::runMobmap(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["view"] == "reference");
  CHECK(j["significant"] == 905);
  CHECK(j["not_significant"] == 2134);
  args.push_back("--fdr");
  auto f = test::runMobmap(args);
  REQUIRE(f.exitCode == 0);
  CHECK(json::parse(f.out)["significant"] == 477);
  args.pop_back();
  args.insert(args.end() - 3, {"--reference-moe", "0.01"});
  auto m = test::runMobmap(args);
  REQUIRE(m.exitCode == 0);
  CHECK(json::parse(m.out)["significant"] == 894);
  // The bounds are found by name when --ci is left out.
  std::vector<std::string> byName = {"render", counties->string(), "--layer", "counties", "--join", table->string(),
                                     "--on", "id=state+county", "--field", "rate_learning", "--reference", "1",
                                     "--significance", "0.90", "--out", (dir / "learning2.png").string(), "--json"};
  auto n = test::runMobmap(byName);
  REQUIRE(n.exitCode == 0);
  CHECK(json::parse(n.out)["significant"] == 905);
}

TEST_CASE("significance: usage errors") {
  fs::path dir = test::scratchDir("significance-errors");
  const std::string out = (dir / "x.png").string();
  auto base = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = {"render", demo("tracts.geojson"), "--join", demo("tract_acs.csv"), "--on", "GEOID=GEO_ID", "--out", out};
    a.insert(a.end(), extra.begin(), extra.end());
    return test::runMobmap(a);
  };
  // A field without a MOE column of its own.
  CHECK(base({"--gap", "black_nh,NAME", "--significance", "0.9"}).exitCode != 0);
  CHECK(base({"--gap", "black_nh,hispanic", "--significance", "1.5"}).exitCode == 2);
  CHECK(base({"--gap", "black_nh,hispanic", "--fdr"}).exitCode == 2);
  CHECK(base({"--gap", "black_nh,hispanic", "--moe", "black_nh=black_nh_moe,white=x", "--significance", "0.9"}).exitCode == 2);
  CHECK(base({"--gap", "black_nh,hispanic", "--ci", "black_nh=lb", "--significance", "0.9"}).exitCode == 2);
  CHECK(base({"--field", "black_nh", "--reference", "median", "--significance", "0.9"}).exitCode == 2);
  CHECK(base({"--lisa", "black_nh", "--significance", "0.9"}).exitCode == 2);
  CHECK_FALSE(fs::exists(out));
  // Fields found by name: <field>_moe.
  auto ok = base({"--gap", "black_nh,hispanic", "--significance", "0.9", "--json"});
  REQUIRE(ok.exitCode == 0);
  CHECK(json::parse(ok.out)["significant"] == 186);
}

// R: nc <- st_read("nc-counties-sids/nc.gpkg"); eb <- EBest(nc$SID74, nc$BIR74)
//    eb$estmm[c(1, 4, 50, 100)] -> 0.00169729733085562 0.00201286808422126 0.00114902756587382 0.00214439557076939
//    sum(eb$estmm) -> 0.206845334455424; attr(eb, "parameters"): a 7.69293064701465e-07, b 0.00202144489365442
//    nb <- poly2nb(nc) (490 links); el <- EBlocal(nc$SID74, nc$BIR74, nb)
//    el$est[c(1, 4, 50, 100)] -> 0.000992227550851662 0.000760456273764259 0.00116509881764046 0.00293040293040293
//    sum(el$est) -> 0.207745748318614
//    EBImoran.mc(nc$SID74, nc$BIR74, nb2listw(nb, style = "W"), nsim = 99)$statistic -> 0.248746214263511
TEST_CASE("smooth and moran --eb on the NC SIDS counties match spdep") {
  auto nc = test::sharedData(kNc);
  if (!nc) return;
  fs::path dir = test::scratchDir("smooth-nc");
  const std::string global = (dir / "global.gpkg").string(), local = (dir / "local.csv").string();
  auto g = test::runMobmap({"smooth", nc->string(), "--rate", "SID74/BIR74", "--method", "eb-global", "--out", global, "--json"});
  INFO(g.err);
  REQUIRE(g.exitCode == 0);
  json gj = json::parse(g.out);
  CHECK(gj["prior_mean"].get<double>() == Approx(0.00202144489365442).epsilon(1e-12));
  CHECK(gj["prior_variance"].get<double>() == Approx(7.69293064701465e-07).epsilon(1e-9));
  Layer gl = io::readLayer(global);
  const Column& eb = gl.attributes.require("rate_eb", global);
  CHECK(eb.number(0) == Approx(0.00169729733085562).epsilon(1e-10));
  CHECK(eb.number(3) == Approx(0.00201286808422126).epsilon(1e-10));
  CHECK(eb.number(49) == Approx(0.00114902756587382).epsilon(1e-10));
  CHECK(eb.number(99) == Approx(0.00214439557076939).epsilon(1e-10));
  double sum = 0;
  for (std::size_t i = 0; i < eb.size(); ++i) sum += eb.number(i);
  CHECK(sum == Approx(0.206845334455424).epsilon(1e-10));
  CHECK(gl.attributes.require("rate_raw", global).number(0) == Approx(1.0 / 1091));  // Ashe: SID74 1, BIR74 1091

  auto l = test::runMobmap({"smooth", nc->string(), "--rate", "SID74/BIR74", "--method", "eb-local", "--out", local});
  INFO(l.err);
  REQUIRE(l.exitCode == 0);
  Layer ll = io::readLayer(local);
  const Column& le = ll.attributes.require("rate_eb", local);
  CHECK(le.number(0) == Approx(0.000992227550851662).epsilon(1e-9));
  CHECK(le.number(3) == Approx(0.000760456273764259).epsilon(1e-9));
  CHECK(le.number(49) == Approx(0.00116509881764046).epsilon(1e-9));
  CHECK(le.number(99) == Approx(0.00293040293040293).epsilon(1e-9));
  sum = 0;
  for (std::size_t i = 0; i < le.size(); ++i) sum += le.number(i);
  CHECK(sum == Approx(0.207745748318614).epsilon(1e-9));

  auto m = test::runMobmap({"moran", nc->string(), "--rate", "SID74/BIR74", "--eb", "--permutations", "99", "--json"});
  INFO(m.err);
  REQUIRE(m.exitCode == 0);
  json mj = json::parse(m.out);
  CHECK(mj["weights"]["links"] == 490);
  CHECK(mj["I"].get<double>() == Approx(0.248746214263511).epsilon(1e-9));

  CHECK(test::runMobmap({"smooth", nc->string(), "--rate", "SID74", "--out", global}).exitCode == 2);
  CHECK(test::runMobmap({"smooth", nc->string(), "--rate", "SID74/BIR74", "--method", "kriging", "--out", global}).exitCode == 2);
  CHECK(test::runMobmap({"smooth", nc->string(), "--rate", "SID74/nope", "--out", global}).exitCode == 1);
  CHECK(test::runMobmap({"moran", nc->string(), "--rate", "SID74/BIR74"}).exitCode == 2);
}

// R: tr <- st_read(Chi-SDOH.shp); coords <- st_coordinates(st_centroid(st_geometry(tr)))   (EPSG:3435, US feet)
//    k6 <- knn2nb(knearneigh(coords, k = 6)); lw6 <- nb2listw(k6, style = "W")
//    moran.test(tr$Pov14, lw6, randomisation = FALSE): I 0.611329391249679, var 0.00038159947962624, z 31.3595420966989
//    moran.test(tr$Pov14, lw6): var 0.0003816343883913, z 31.3581078078141
//    d <- dnearneigh(coords, 0, 5280): 10130 links, 5 areas without neighbours
//    moran.test(tr$Pov14, nb2listw(d, style = "W", zero.policy = TRUE), zero.policy = TRUE, randomisation = FALSE):
//      I 0.57307176981641, var 0.000285920721238866, z 33.9664786024183
//    idw <- nb2listw(d, glist = lapply(nbdists(d, coords), function(x) 1/x), style = "W", zero.policy = TRUE)
//    moran.test(tr$Pov14, idw, zero.policy = TRUE, randomisation = FALSE): I 0.586320936148002, z 33.199481225413
//    lm6 <- localmoran(tr$Pov14, lw6): rows 1, 100 Ii -0.0230889996175371, 1.27931821473851;
//      Z -1.97090238952998, 2.5120478426663; sum(lm6[, 4]) -> 1037.55314370215
TEST_CASE("moran and lisa with knn, distance and idw weights on Chicago tracts match spdep") {
  auto shp = test::sharedData(kTracts);
  if (!shp) return;
  auto k = test::runMobmap({"moran", shp->string(), "--field", "Pov14", "--weights", "knn:6", "--permutations", "0", "--json"});
  INFO(k.err);
  REQUIRE(k.exitCode == 0);
  json kj = json::parse(k.out);
  CHECK(kj["weights"]["links"] == 791 * 6);
  CHECK(kj["I"].get<double>() == Approx(0.611329391249679).epsilon(1e-9));
  CHECK(kj["normal"]["variance"].get<double>() == Approx(0.00038159947962624).epsilon(1e-9));
  CHECK(kj["normal"]["z"].get<double>() == Approx(31.3595420966989).epsilon(1e-9));
  CHECK(kj["randomisation"]["variance"].get<double>() == Approx(0.0003816343883913).epsilon(1e-9));
  CHECK(kj["randomisation"]["z"].get<double>() == Approx(31.3581078078141).epsilon(1e-9));

  auto d = test::runMobmap({"moran", shp->string(), "--field", "Pov14", "--weights", "distance:5280", "--permutations", "0", "--json"});
  REQUIRE(d.exitCode == 0);
  json dj = json::parse(d.out);
  CHECK(dj["weights"]["links"] == 10130);
  CHECK(dj["weights"]["islands"].size() == 5);
  CHECK(dj["I"].get<double>() == Approx(0.57307176981641).epsilon(1e-9));
  CHECK(dj["normal"]["variance"].get<double>() == Approx(0.000285920721238866).epsilon(1e-9));
  CHECK(dj["normal"]["z"].get<double>() == Approx(33.9664786024183).epsilon(1e-9));

  auto w = test::runMobmap({"moran", shp->string(), "--field", "Pov14", "--weights", "idw:5280", "--permutations", "0", "--json"});
  REQUIRE(w.exitCode == 0);
  json wj = json::parse(w.out);
  CHECK(wj["I"].get<double>() == Approx(0.586320936148002).epsilon(1e-9));
  CHECK(wj["normal"]["z"].get<double>() == Approx(33.199481225413).epsilon(1e-9));

  auto l = test::runMobmap({"lisa", shp->string(), "--field", "Pov14", "--weights", "knn:6", "--permutations", "0", "--json"});
  REQUIRE(l.exitCode == 0);
  json lj = json::parse(l.out);
  CHECK(lj["areas"][0]["Ii"].get<double>() == Approx(-0.0230889996175371).epsilon(1e-9));
  CHECK(lj["areas"][0]["z"].get<double>() == Approx(-1.97090238952998).epsilon(1e-9));
  CHECK(lj["areas"][99]["Ii"].get<double>() == Approx(1.27931821473851).epsilon(1e-9));
  CHECK(lj["areas"][99]["z"].get<double>() == Approx(2.5120478426663).epsilon(1e-9));
  double sumZ = 0;
  for (const json& a : lj["areas"]) sumZ += a["z"].get<double>();
  CHECK(sumZ == Approx(1037.55314370215).epsilon(1e-9));
  CHECK(test::runMobmap({"lisa", shp->string(), "--field", "Pov14", "--weights", "idw:5280"}).exitCode == 2);
}

// R: nbq <- poly2nb(tr); g <- localG(tr$Pov14, nb2listw(nbq, style = "B"))
//    g[c(1, 100, 500)] -> 0.357261039485973 -2.81395651357381 0.733940150963939; sum(g) -> 13.9521379388255
//    gs <- localG(tr$Pov14, nb2listw(include.self(nbq), style = "B"))
//    gs[c(1, 100, 500)] -> 0.324484534763522 -3.07425417397378 0.872513124291179; sum(gs) -> 12.9346200188654
//    p <- 2*pnorm(abs(gs), lower.tail = FALSE): hot (z > 0) with p <= 0.01: 114, (0.01, 0.05]: 49, (0.05, 0.10]: 23;
//    cold: 94, 72, 43
TEST_CASE("hotspots Gi and Gi* on Chicago tracts match spdep::localG") {
  auto shp = test::sharedData(kTracts);
  if (!shp) return;
  fs::path dir = test::scratchDir("hotspots");
  const std::string out = (dir / "gi.gpkg").string();
  auto g = test::runMobmap({"hotspots", shp->string(), "--field", "Pov14", "--out", out, "--json"});
  INFO(g.err);
  REQUIRE(g.exitCode == 0);
  Layer gl = io::readLayer(out);
  const Column& z = gl.attributes.require("gi_z", out);
  CHECK(z.number(0) == Approx(0.357261039485973).epsilon(1e-9));
  CHECK(z.number(99) == Approx(-2.81395651357381).epsilon(1e-9));
  CHECK(z.number(499) == Approx(0.733940150963939).epsilon(1e-9));
  double sum = 0;
  for (std::size_t i = 0; i < z.size(); ++i) sum += z.number(i);
  CHECK(sum == Approx(13.9521379388255).epsilon(1e-8));
  CHECK(gl.attributes.require("gi_class", out).text(99) == "cold spot 99%");
  CHECK(gl.attributes.require("gi_p", out).number(99) == Approx(0.00489).epsilon(0.01));

  auto s = test::runMobmap({"hotspots", shp->string(), "--field", "Pov14", "--star", "--out", out, "--json"});
  REQUIRE(s.exitCode == 0);
  json sj = json::parse(s.out);
  CHECK(sj["statistic"] == "Gi*");
  CHECK(sj["class_counts"]["hot spot 99%"] == 114);
  CHECK(sj["class_counts"]["hot spot 95%"] == 49);
  CHECK(sj["class_counts"]["hot spot 90%"] == 23);
  CHECK(sj["class_counts"]["cold spot 99%"] == 94);
  CHECK(sj["class_counts"]["cold spot 95%"] == 72);
  CHECK(sj["class_counts"]["cold spot 90%"] == 43);
  Layer sl = io::readLayer(out);
  const Column& sz = sl.attributes.require("gi_z", out);
  CHECK(sz.number(0) == Approx(0.324484534763522).epsilon(1e-9));
  CHECK(sz.number(99) == Approx(-3.07425417397378).epsilon(1e-9));
  sum = 0;
  for (std::size_t i = 0; i < sz.size(); ++i) sum += sz.number(i);
  CHECK(sum == Approx(12.9346200188654).epsilon(1e-8));

  // The same numbers drawn: render --hotspots (Gi*) counts its legend from the same classes.
  auto r = test::runMobmap({"render", shp->string(), "--hotspots", "Pov14", "--out", (dir / "hot.svg").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  json rj = json::parse(r.out);
  CHECK(rj["class_counts"] == sj["class_counts"]);
  const json* hot = legendEntry(rj["legend"], "Hot spot, 99%");
  REQUIRE(hot);
  CHECK((*hot)["count"] == 114);
}

// R: lwq <- nb2listw(poly2nb(tr), style = "W"); p <- localmoran(tr$Pov14, lwq)[, 5]
//    z <- tr$Pov14 - mean(tr$Pov14); lag <- lag.listw(lwq, z)
//    for each method: sig <- p.adjust(p, method) <= 0.05, then HH = sig & z > 0 & lag > 0 etc.:
//      none:       HH 136, LL 137, HL 3, LH 10
//      bonferroni: HH 25,  LL 0,   HL 0, LH 0
//      BH:         HH 100, LL 77,  HL 0, LH 5
TEST_CASE("lisa and render --lisa take --correction bonferroni|fdr") {
  auto shp = test::sharedData(kTracts);
  if (!shp) return;
  struct Case { const char* correction; int hh, ll, hl, lh; };
  for (const Case& c : {Case{"none", 136, 137, 3, 10}, Case{"bonferroni", 25, 0, 0, 0}, Case{"fdr", 100, 77, 0, 5}}) {
    INFO(c.correction);
    auto r = test::runMobmap({"lisa", shp->string(), "--field", "Pov14", "--permutations", "0", "--correction", c.correction, "--json"});
    REQUIRE(r.exitCode == 0);
    json j = json::parse(r.out);
    CHECK(j["cluster_counts"]["high-high"] == c.hh);
    CHECK(j["cluster_counts"]["low-low"] == c.ll);
    CHECK(j["cluster_counts"]["high-low"] == c.hl);
    CHECK(j["cluster_counts"]["low-high"] == c.lh);
    CHECK(j["comparisons"] == 791);
  }
  fs::path dir = test::scratchDir("lisa-correction");
  const std::string svg = (dir / "lisa.svg").string();
  auto r = test::runMobmap({"render", shp->string(), "--lisa", "Pov14", "--permutations", "0", "--correction", "fdr",
                            "--out", svg, "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  CHECK(j["correction"] == "fdr");
  CHECK(j["cluster_counts"]["high-high"] == 100);
  // The cluster map's source line names the correction.
  CHECK(j["method_text"].get<std::string>().find("Benjamini–Hochberg false discovery rate over 791 comparisons") != std::string::npos);
  CHECK(fs::exists(svg));
  CHECK(test::runMobmap({"lisa", shp->string(), "--field", "Pov14", "--correction", "holm"}).exitCode == 2);
}

// R: m <- d[substr(d$GEO_ID, 10, 20) %in% t$GEOID & !is.na(d$pov_below), ]    (306 tracts)
//    for (b in c(50, 100, 200)) mean(m$pov_below - m$pov_below_moe <= b & b <= m$pov_below + m$pov_below_moe)
//    -> 0.1405229 (43/306), 0.2058824 (63/306), 0.3366013 (103/306)
TEST_CASE("a choropleth reports how many 90% intervals cross each class limit") {
  fs::path dir = test::scratchDir("class-limits");
  auto r = test::runMobmap({"render", demo("tracts.geojson"), "--join", demo("tract_acs.csv"), "--on", "GEOID=GEO_ID",
                            "--field", "pov_below", "--method", "manual", "--breaks", "50,100,200",
                            "--out", (dir / "pov.svg").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  json j = json::parse(r.out);
  REQUIRE(j.contains("class_limits"));
  CHECK(j["class_limits"]["interval"] == "90%");
  const json& share = j["class_limits"]["share_crossing"];
  REQUIRE(share.size() == 3);
  CHECK(share[0].get<double>() == Approx(43.0 / 306));
  CHECK(share[1].get<double>() == Approx(63.0 / 306));
  CHECK(share[2].get<double>() == Approx(103.0 / 306));
}

// Derived values carry their own margin of error (ACS General Handbook 2020, ch. 8) into the hatching and the
// class-limit shares: a gap's MOE √(MOE_A² + MOE_B²), a ratio's √(MOE_A² + R²·MOE_B²) / B.
// R: d <- read.csv("geodata/demo/tract_acs.csv", colClasses = c(GEO_ID = "character"))
//    t <- st_read("geodata/demo/tracts.geojson"); m <- d[substr(d$GEO_ID, 10, 20) %in% t$GEOID, ]      # 306 rows
//    g <- m$black_nh - m$hispanic; moe <- sqrt(m$black_nh_moe^2 + m$hispanic_moe^2)
//    z <- g/(moe/1.645); cv <- (moe/1.645)/abs(g); sum(cv > 0.4 & abs(z) > 1.645) -> 29   # hatched significant gaps
//    r <- max(abs(g)); br <- seq(-r, r, length.out = 7)                                     # equal, symmetric
//    sapply(br[2:6], function(b) mean(g - moe <= b & b <= g + moe)) -> 0.003267974 0.03594771 0.3921569 0.03267974 0.01960784
//    ok <- m$hispanic > 0; R <- m$black_nh[ok]/m$hispanic[ok]                                # 303 ratios
//    rm <- sqrt(m$black_nh_moe[ok]^2 + R^2*m$hispanic_moe[ok]^2)/m$hispanic[ok]; sum((rm/1.645)/R > 0.4) -> 174
//    lr <- log2(R[R > 0]); mx <- max(abs(lr)); br <- 2^seq(-mx, mx, length.out = 7)
//    sapply(br[2:6], function(b) mean(R - rm <= b & b <= R + rm)) -> 0.3663366 0.4587459 0.3564356 0.09570957 0.0990099
TEST_CASE("gap and ratio maps carry the derived MOE and CV into hatching and the class-limit shares") {
  fs::path dir = test::scratchDir("derived-moe");
  auto gap = test::runMobmap({"render", demo("tracts.geojson"), "--join", demo("tract_acs.csv"), "--on", "GEOID=GEO_ID", "--gap",
                              "black_nh,hispanic", "--significance", "0.90", "--out", (dir / "gap.png").string(), "--json"});
  INFO(gap.err);
  REQUIRE(gap.exitCode == 0);
  const json g = json::parse(gap.out);
  CHECK(g["significant"] == 186);
  CHECK(g["low_quality"] == 29);
  const std::vector<double> gapShares = {0.003267974, 0.03594771, 0.3921569, 0.03267974, 0.01960784};
  REQUIRE(g["class_limits"]["share_crossing"].size() == gapShares.size());
  for (std::size_t k = 0; k < gapShares.size(); ++k)
    CHECK(g["class_limits"]["share_crossing"][k].get<double>() == Approx(gapShares[k]).epsilon(1e-6));
  const json* hatched = legendEntry(g["legend"], "Hatched: unreliable (CV > 40%)");
  REQUIRE(hatched);
  CHECK((*hatched)["count"] == 29);

  auto ratio = test::runMobmap({"render", demo("tracts.geojson"), "--join", demo("tract_acs.csv"), "--on", "GEOID=GEO_ID", "--ratio",
                                "black_nh,hispanic", "--out", (dir / "ratio.png").string(), "--json"});
  INFO(ratio.err);
  REQUIRE(ratio.exitCode == 0);
  const json r = json::parse(ratio.out);
  CHECK(r["low_quality"] == 174);
  const std::vector<double> ratioShares = {0.3663366, 0.4587459, 0.3564356, 0.09570957, 0.0990099};
  REQUIRE(r["class_limits"]["share_crossing"].size() == ratioShares.size());
  for (std::size_t k = 0; k < ratioShares.size(); ++k)
    CHECK(r["class_limits"]["share_crossing"][k].get<double>() == Approx(ratioShares[k]).epsilon(1e-6));
}

// A per-capita income averaged over each group's members is not the group's per-capita income: warned (stderr and
// JSON), as `aggregate` warns for a summed or averaged median; a poverty rate is not.
TEST_CASE("disparity warns when the field is a median or per-capita value") {
  auto areas = test::sharedData("chicago-tracts-community-areas/community_areas_acs2014/ComArea_ACS14_f.shp");
  if (!areas) return;
  auto r = test::runMobmap({"disparity", areas->string(), "--field", "PerCInc14", "--groups", "Wht14,Blk14,Hisp14", "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(r.err.find("warning: 'PerCInc14' looks like a per-capita value: it was averaged, weighted by each group's members, across "
                   "areas, and the result is not the per-capita value of the combined area") != std::string::npos);
  const json j = json::parse(r.out);
  REQUIRE(j["warnings"].size() == 1);
  CHECK(j["warnings"][0].get<std::string>().find("per-capita value") != std::string::npos);
  auto p = test::runMobmap({"disparity", areas->string(), "--field", "Pov50P", "--groups", "Wht14,Blk14,Hisp14", "--json"});
  REQUIRE(p.exitCode == 0);
  CHECK(json::parse(p.out)["warnings"].empty());
}

// Class separability (Sun, Wong & Kronenfeld 2015): limits where the areas on the two sides differ most surely,
// every class at least 5% of the areas. R, the criterion written out over all pairs:
//    ok <- !is.na(m$median_hh_income) & !is.na(m$median_hh_income_moe)     # m as above; 300 tracts
//    o <- order(m$median_hh_income[ok]); x <- m$median_hh_income[ok][o]; se <- m$median_hh_income_moe[ok][o]/1.645
//    n <- length(x); z <- outer(x, x, function(a, b) b - a)/sqrt(outer(se^2, se^2, "+"))
//    S <- sapply(1:(n - 1), function(p) min(z[1:p, (p + 1):n]))
//    cand <- which(x[-n] < x[-1]); cand <- cand[order(-S[cand], cand)]; m5 <- ceiling(0.05 * 300); chosen <- c()
//    for (p in cand) { if (length(chosen) == 4) break
//      lo <- max(c(0, chosen[chosen < p])) + 1; hi <- min(c(n, chosen[chosen > p]))
//      if (p + 1 - lo >= m5 && hi - p >= m5) chosen <- sort(c(chosen, p)) }
//    x[chosen] -> 39959 52408 56795 73363; 2*pnorm(S[chosen]) - 1 -> 0.2101158 0.05667398 0.07552662 0.09028651
//    table(cut(m$median_hh_income, c(-Inf, x[chosen], Inf))) -> 17 28 15 72 168
TEST_CASE("render --method separability places the limits by class separability and reports it") {
  fs::path dir = test::scratchDir("separability");
  auto r = test::runMobmap({"render", demo("tracts.geojson"), "--join", demo("tract_acs.csv"), "--on", "GEOID=GEO_ID", "--field",
                            "median_hh_income", "--method", "separability", "--out", (dir / "sep.png").string(), "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const json j = json::parse(r.out);
  CHECK(j["method"] == "separability");
  CHECK(j["class_limits"]["limits"] == json({39959.0, 52408.0, 56795.0, 73363.0}));
  CHECK(j["counts"] == json({17, 28, 15, 72, 168}));
  const std::vector<double> conf = {0.2101158, 0.05667398, 0.07552662, 0.09028651};
  REQUIRE(j["class_limits"]["separability"].size() == conf.size());
  for (std::size_t k = 0; k < conf.size(); ++k) CHECK(j["class_limits"]["separability"][k].get<double>() == Approx(conf[k]).epsilon(1e-6));
  // Without margins of error the method cannot work: a usage error saying what it needs.
  auto noMoe = test::runMobmap({"render", demo("tracts.geojson"), "--field", "ALAND", "--method", "separability", "--out",
                                (dir / "nomoe.png").string()});
  CHECK(noMoe.exitCode == 2);
  CHECK(noMoe.err.find("needs each area's margin of error") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "nomoe.png"));
}
