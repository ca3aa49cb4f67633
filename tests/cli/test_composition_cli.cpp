// `mobmap render --dot-density` and `--plurality` on Chicago's 2014 tracts (../shared/data; skipped without
// it): race shares (Wht14P, Blk14P, Hisp14P, percent) times Pop2014 as counts. Expected dot totals and
// majority / plurality counts are computed here from the shapefile's values read with GDAL, by the rules the
// README states (round(group total / N) dots per group; majority = over half of Pop2014).
#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* kGroups[] = {"Wht14P", "Blk14P", "Hisp14P"};

// Per tract: the three groups' people (share / 100 * Pop2014) and Pop2014.
struct Tract {
  double people[3];
  double pop;
};

std::vector<Tract> readTracts(const fs::path& shp) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(shp.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  REQUIRE(ds);
  OGRLayer* l = ds->GetLayer(0);
  std::vector<Tract> out;
  for (auto& f : *l) {
    Tract t{};
    t.pop = f->GetFieldAsDouble("Pop2014");
    for (int g = 0; g < 3; ++g) t.people[g] = f->GetFieldAsDouble(kGroups[g]) / 100 * t.pop;
    out.push_back(t);
  }
  return out;
}

std::string readBytes(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("render --dot-density on Chicago: each group keeps round(people / N) dots, same seed, same PNG") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  const std::vector<Tract> tracts = readTracts(*shp);
  REQUIRE(tracts.size() == 791);
  const fs::path dir = test::scratchDir("cli-composition");
  const std::string a = (dir / "dots_a.png").string(), b = (dir / "dots_b.png").string();
  const std::vector<std::string> args = {"render", shp->string(), "--dot-density", "Wht14P,Blk14P,Hisp14P",
                                         "--group-labels", "White,Black,Hispanic", "--total", "Pop2014", "--percent",
                                         "--per", "100", "--seed", "5", "--size", "900x700", "--json"};
  auto r1 = test::runMobmap([&] { auto v = args; v.insert(v.end(), {"--out", a}); return v; }());
  auto r2 = test::runMobmap([&] { auto v = args; v.insert(v.end(), {"--out", b}); return v; }());
  INFO(r1.err);
  REQUIRE(r1.exitCode == 0);
  REQUIRE(r2.exitCode == 0);
  const json j = json::parse(r1.out);
  CHECK(j["view"] == "dot_density");
  // The 2014 race shares include Hispanic residents in each race, so in many tracts the three groups add up past
  // Pop2014. There each group is scaled by Pop2014 / (sum of groups), so a tract's dots never stand for more
  // people than live there (issue rule: groups that exceed the total by more than max(0.5, 0.5%)).
  std::size_t overlapping = 0;
  double expected[3] = {0, 0, 0};
  for (const Tract& t : tracts) {
    const double sum = t.people[0] + t.people[1] + t.people[2];
    const bool over = sum - t.pop > std::max(0.5, 0.005 * std::fabs(t.pop));
    overlapping += over;
    for (int g = 0; g < 3; ++g) expected[g] += over ? t.people[g] * t.pop / sum : t.people[g];
  }
  CHECK(overlapping > 0);
  CHECK(r1.err.find("the groups overlap: in " + std::to_string(overlapping) + " areas") != std::string::npos);
  std::size_t total = 0;
  for (int g = 0; g < 3; ++g) {
    const double people = expected[g];
    CHECK(j["groups"][g]["people"].get<double>() == Approx(people).epsilon(1e-9));
    CHECK(j["groups"][g]["dots"].get<long long>() == std::llround(people / 100));
    total += j["groups"][g]["dots"].get<std::size_t>();
  }
  CHECK(j["dots"].get<std::size_t>() == total);
  CHECK(j["unplaced"] == 0);
  CHECK(readBytes(a) == readBytes(b));
}

TEST_CASE("render --plurality on Chicago: majority and largest-only counts as computed from the shares") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  const std::vector<Tract> tracts = readTracts(*shp);
  std::size_t majority[3] = {0, 0, 0}, plurality[3] = {0, 0, 0}, ties = 0, none = 0;
  for (const Tract& t : tracts) {
    int best = 0;
    for (int g = 1; g < 3; ++g)
      if (t.people[g] > t.people[best]) best = g;
    int atBest = 0;
    for (int g = 0; g < 3; ++g) atBest += t.people[g] == t.people[best];
    if (!(t.people[best] > 0) || !(t.pop > 0)) ++none;
    else if (atBest > 1) ++ties;
    else if (t.people[best] > t.pop / 2) ++majority[best];
    else ++plurality[best];
  }
  const std::string png = (test::scratchDir("cli-composition") / "plurality.png").string();
  auto r = test::runMobmap({"render", shp->string(), "--plurality", "Wht14P,Blk14P,Hisp14P", "--group-labels",
                            "White,Black,Hispanic", "--total", "Pop2014", "--percent", "--out", png, "--json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  const json j = json::parse(r.out);
  for (int g = 0; g < 3; ++g) {
    CHECK(j["groups"][g]["majority"] == majority[g]);
    CHECK(j["groups"][g]["plurality"] == plurality[g]);
  }
  CHECK(j["ties"] == ties);
  CHECK(j["no_people"] == none);
  // Every tract is counted once in the legend.
  std::size_t sum = 0;
  for (const json& e : j["legend"]) sum += e["count"].get<std::size_t>();
  CHECK(sum == 791);
  // Chicago in 2014 had hundreds of majority-Black tracts; a sanity floor against a mislabelled group.
  CHECK(majority[1] > 200);
}
