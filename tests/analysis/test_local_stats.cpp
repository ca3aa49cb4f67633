// Empirical Bayes rates, distance-based neighbours and Getis–Ord G on a hand-built layout: a 3×3 grid of unit
// squares (row by row from (0,0)) and an island square at (10,10). Expected values come from R 4.2 with spdep
// 1.2-7 and sf 1.0 (Debian r-cran-spdep, r-cran-sf):
//   sq <- function(x,y) st_polygon(list(rbind(c(x,y),c(x+1,y),c(x+1,y+1),c(x,y+1),c(x,y))))
//   g <- st_sfc(c(lapply(0:8, function(i) sq(i %% 3, i %/% 3)), list(sq(10,10)))); nb <- poly2nb(g)
//   r <- c(0, 30, 1, 7, 20, 0, 12, 40, 1, 5); n <- c(120, 900, 300, 2100, 450, 80, 4000, 1500, 220, 1300)
//   x <- c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3); coords <- st_coordinates(st_centroid(g))
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "analysis/distance_weights.h"
#include "analysis/empirical_bayes.h"
#include "analysis/getis_ord.h"
#include "analysis/lisa.h"
#include "analysis/lisa_correction.h"
#include "analysis/moran.h"
#include "core/error.h"

using namespace mobmap;
using namespace mobmap::analysis;

namespace {

GeometryStore gridWithIsland() {
  GeometryStore g;
  auto square = [&g](double x, double y) {
    g.beginFeature();
    g.beginPart(PartKind::Polygon);
    g.beginRing();
    for (auto [px, py] : {std::pair{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}) g.addPoint(px, py);
  };
  for (int i = 0; i < 9; ++i) square(i % 3, i / 3);
  square(10, 10);
  return g;
}

const std::vector<double> kCases = {0, 30, 1, 7, 20, 0, 12, 40, 1, 5};
const std::vector<double> kPopulation = {120, 900, 300, 2100, 450, 80, 4000, 1500, 220, 1300};
const std::vector<double> kX = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};

}  // namespace

// R: e <- EBest(r, n); e$estmm; attr(e, "parameters") -> a 0.000155846623654991, b 0.0105742935278031
TEST_CASE("global EB rates match spdep::EBest", "[eb]") {
  const std::vector<double> expected = {0.00381937798821715, 0.0317378232379247, 0.00466894008249172, 0.00355996509063281,
                                        0.0400066561921201,  0.00485268509509901, 0.00312633715606092, 0.025970249657685,
                                        0.00596654082262058, 0.00417989540044397};
  const EbEstimate e = ebGlobal(kCases, kPopulation);
  CHECK(e.mean == Approx(0.0105742935278031).epsilon(1e-12));
  CHECK(e.variance == Approx(0.000155846623654991).epsilon(1e-10));
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(e.smoothed[i] == Approx(expected[i]).epsilon(1e-10));
  CHECK(e.raw[1] == Approx(30.0 / 900));
  CHECK_THROWS_AS(ebGlobal({1, 2}, {10, 0}), Error);
  CHECK_THROWS_AS(ebGlobal({1, -2}, {10, 10}), Error);
  CHECK(parseEbMethod("EB-LOCAL") == EbMethod::Local);
  CHECK_THROWS_AS(parseEbMethod("kriging"), UsageError);
}

// R: EBlocal(r, n, nb, zero.policy = TRUE)$est (the island keeps its raw rate 5/1300)
TEST_CASE("local EB rates match spdep::EBlocal", "[eb]") {
  const std::vector<double> expected = {0.00540880275574246, 0.0323556849949491, 0.00731577091252712, 0.00361604202322,
                                        0.0406303830580153,  0.011776946895688,  0.0031075273838603,  0.0260319902330925,
                                        0.00949289761339096, 0.00384615384615385};
  const SpatialWeights w = contiguityWeights(gridWithIsland(), Contiguity::Queen, kPoly2nbSnap);
  const EbEstimate e = ebLocal(kCases, kPopulation, w);
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(e.smoothed[i] == Approx(expected[i]).epsilon(1e-10));
}

// R: EBImoran.mc(r, n, nb2listw(nb, style = "W", zero.policy = TRUE), nsim = 9, zero.policy = TRUE)$statistic
//    -> -0.404955937224376
TEST_CASE("EB Moran's I matches spdep::EBImoran.mc", "[eb]") {
  const SpatialWeights w = contiguityWeights(gridWithIsland(), Contiguity::Queen, kPoly2nbSnap);
  const EbMoran m = ebMoran(kCases, kPopulation, w, 99, 3);
  CHECK(m.I == Approx(-0.404955937224376).epsilon(1e-10));
  REQUIRE(m.pseudoP);
  CHECK(*m.pseudoP > 0);
  CHECK(ebMoran(kCases, kPopulation, w, 99, 3).pseudoP == m.pseudoP);
}

// R: k2 <- knn2nb(knearneigh(coords, k = 2)) -> 2-4 1-3 2-6 1-5 2-4 3-5 4-8 5-7 6-8 6-9 (1-based)
//    moran.test(x, nb2listw(k2, style = "W"), randomisation = FALSE) -> I 0.0828779599271403, var 0.0558361391694725
TEST_CASE("k nearest neighbours match knearneigh + knn2nb, and Moran's I on them moran.test", "[weights]") {
  const std::vector<Point> c = featureCentroids(gridWithIsland());
  CHECK(c[0].x == 0.5);
  CHECK(c[9].y == 10.5);
  const SpatialWeights w = knnWeights(c, 2);
  const std::vector<std::vector<std::size_t>> expected = {{1, 3}, {0, 2}, {1, 5}, {0, 4}, {1, 3},
                                                          {2, 4}, {3, 7}, {4, 6}, {5, 7}, {5, 8}};
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(w.neighbours(i) == expected[i]);
  CHECK_FALSE(w.binarySymmetric());
  const GlobalMoran m = globalMoran(kX, w);
  CHECK(m.I == Approx(0.0828779599271403).epsilon(1e-10));
  CHECK(m.normal.variance == Approx(0.0558361391694725).epsilon(1e-10));
  CHECK_THROWS_AS(knnWeights(c, 10), UsageError);
}

// R: d <- dnearneigh(coords, 0, 1.5); card(d) -> 3 5 3 5 8 5 3 5 3 0
//    idw <- nb2listw(d, glist = lapply(nbdists(d, coords), function(v) 1/v), style = "W", zero.policy = TRUE)
//    moran.test(x, idw, randomisation = FALSE, zero.policy = TRUE) -> I 0.150020694317289, var 0.0235467713950688
TEST_CASE("distance bands match dnearneigh, inverse-distance weights nb2listw with 1/d", "[weights]") {
  const std::vector<Point> c = featureCentroids(gridWithIsland());
  const SpatialWeights d = distanceWeights(c, 1.5, false);
  const std::size_t card[] = {3, 5, 3, 5, 8, 5, 3, 5, 3, 0};
  for (std::size_t i = 0; i < 10; ++i) CHECK(d.cardinality(i) == card[i]);
  CHECK(d.binarySymmetric());
  const GlobalMoran m = globalMoran(kX, distanceWeights(c, 1.5, true));
  CHECK(m.I == Approx(0.150020694317289).epsilon(1e-10));
  CHECK(m.normal.variance == Approx(0.0235467713950688).epsilon(1e-10));
  CHECK(parseWeightsSpec("knn:6").k == 6);
  CHECK(parseWeightsSpec("idw:5280").kind == WeightsKind::InverseDistance);
  CHECK(weightsSpecText(parseWeightsSpec("Distance:1500")) == "distance:1500");
  CHECK_THROWS_AS(parseWeightsSpec("knn:0"), UsageError);
  CHECK_THROWS_AS(parseWeightsSpec("distance:-1"), UsageError);
  CHECK_THROWS_AS(parseWeightsSpec("bishop"), UsageError);
}

// R: localG(x, nb2listw(nb, style = "B", zero.policy = TRUE), zero.policy = TRUE)            (Gi; island NaN)
//    localG(x, nb2listw(include.self(nb), style = "B", zero.policy = TRUE), zero.policy = TRUE)   (Gi*)
TEST_CASE("Getis-Ord Gi and Gi* match spdep::localG", "[hotspots]") {
  const std::vector<double> gi = {-1.36082763487954, 0.24987801902177, 0.899842541331695, -1.15568583797568, 0.318841263071994,
                                  1.61245154965971,  -0.0934538627031992, 0.983869910099908, 2.36853509710624};
  const std::vector<double> gis = {-1.46358344577009, -0.104541674697863, 0.888604234931838, -1.41131260842115,
                                   0.384110639798687, 1.72493763251475,   -0.418166698791453, 1.20222925902543,
                                   2.45672935539979,  -0.384110639798688};
  const SpatialWeights w = contiguityWeights(gridWithIsland(), Contiguity::Queen, kPoly2nbSnap);
  const LocalG g = localG(kX, w, false);
  for (std::size_t i = 0; i < gi.size(); ++i) {
    REQUIRE(g.z[i]);
    CHECK(*g.z[i] == Approx(gi[i]).epsilon(1e-10));
  }
  CHECK_FALSE(g.z[9]);
  CHECK(g.cls[9] == "no neighbours");
  CHECK(g.cls[8] == "hot spot 95%");  // z 2.37, p 0.018
  const LocalG s = localG(kX, w, true);
  for (std::size_t i = 0; i < gis.size(); ++i) CHECK(*s.z[i] == Approx(gis[i]).epsilon(1e-10));
  CHECK(s.cls[5] == "hot spot 90%");  // z 1.72, p 0.085
  CHECK(hotSpotClass(-2.7, 0.007) == "cold spot 99%");
  CHECK(hotSpotClass(1.0, 0.3) == "not significant");
}

TEST_CASE("LISA corrections recompute clusters from adjusted p", "[lisa]") {
  const SpatialWeights w = contiguityWeights(gridWithIsland(), Contiguity::Queen, kPoly2nbSnap);
  LocalMoran l = localMoran(kX, w, 0, 1, 0.05);
  const std::size_t significantBefore = l.areas.size() - l.counts[0];
  correctLocalMoran(l, kX, PCorrection::Bonferroni);
  CHECK(l.comparisons == 9);  // the island is not tested
  for (const LocalMoranArea& a : l.areas) {
    if (a.island) continue;
    REQUIRE(a.pAdjusted);
    CHECK(*a.pAdjusted == Approx(std::min(1.0, 9 * *a.p)));
    if (a.cluster != LisaCluster::NotSignificant) CHECK(*a.pAdjusted <= 0.05);
  }
  CHECK(l.areas.size() - l.counts[0] <= significantBefore);
}
