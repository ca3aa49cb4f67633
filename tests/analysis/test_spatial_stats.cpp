// Contiguity weights, global Moran's I and local Moran's I (LISA) on small hand-built layouts.
// Expected values come from R 4.2 with spdep 1.2-7 (Debian r-cran-spdep); the script is quoted above each case.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>

#include "analysis/lisa.h"
#include "analysis/moran.h"
#include "analysis/spatial_weights.h"
#include "core/error.h"

using namespace mobmap;
using namespace mobmap::analysis;

namespace {

void addSquare(GeometryStore& g, double x, double y, double size = 1) {
  g.beginPart(PartKind::Polygon);
  g.beginRing();
  g.addPoint(x, y);
  g.addPoint(x + size, y);
  g.addPoint(x + size, y + size);
  g.addPoint(x, y + size);
  g.addPoint(x, y);
}

// A 3×3 grid of unit squares, row by row from (0,0), then an island square at (10,10).
GeometryStore gridWithIsland() {
  GeometryStore g;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      g.beginFeature();
      addSquare(g, c, r);
    }
  g.beginFeature();
  addSquare(g, 10, 10);
  return g;
}

const std::vector<double> kValues = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};

}  // namespace

// Counted by hand: corners touch 3 squares (queen) / 2 (rook), edge squares 5 / 3, the centre 8 / 4.
// spdep agrees: card(poly2nb(pl, queen=TRUE)) = 3 5 3 5 8 5 3 5 3 0, queen=FALSE gives 2 3 2 3 4 3 2 3 2 0.
TEST_CASE("queen and rook contiguity on a 3x3 grid with an island", "[spatial]") {
  GeometryStore g = gridWithIsland();
  SpatialWeights queen = contiguityWeights(g, Contiguity::Queen, kPoly2nbSnap);
  SpatialWeights rook = contiguityWeights(g, Contiguity::Rook, kPoly2nbSnap);
  const std::vector<std::size_t> queenCards = {3, 5, 3, 5, 8, 5, 3, 5, 3, 0};
  const std::vector<std::size_t> rookCards = {2, 3, 2, 3, 4, 3, 2, 3, 2, 0};
  for (std::size_t i = 0; i < 10; ++i) {
    CHECK(queen.cardinality(i) == queenCards[i]);
    CHECK(rook.cardinality(i) == rookCards[i]);
  }
  CHECK(queen.linkCount() == 40);
  CHECK(rook.linkCount() == 24);
  CHECK(queen.islands() == std::vector<std::size_t>{9});
  CHECK(queen.neighbours(0) == std::vector<std::size_t>{1, 3, 4});
  CHECK(rook.neighbours(4) == std::vector<std::size_t>{1, 3, 5, 7});
}

TEST_CASE("snapping joins vertices that nearly coincide, and only those", "[spatial]") {
  GeometryStore g;
  g.beginFeature();
  addSquare(g, 0, 0);
  g.beginFeature();
  addSquare(g, 1.0005, 0);  // a 0.0005 gap
  CHECK(contiguityWeights(g, Contiguity::Queen, kPoly2nbSnap).islands().size() == 2);
  CHECK(contiguityWeights(g, Contiguity::Rook, 0.001).linkCount() == 2);
  CHECK_THROWS_AS(contiguityWeights(g, Contiguity::Queen, -1), UsageError);
}

// A multipolygon: feature 0 has two parts, one beside feature 1 and one beside feature 2; 1 and 2 are far
// apart. Both parts count, so feature 0 neighbours both; holes and parts share the same vertex test.
TEST_CASE("every part of a multipolygon counts for contiguity", "[spatial]") {
  GeometryStore g;
  g.beginFeature();
  addSquare(g, 0, 0);
  addSquare(g, 5, 0);
  g.beginFeature();
  addSquare(g, 1, 0);
  g.beginFeature();
  addSquare(g, 6, 0);
  SpatialWeights w = contiguityWeights(g, Contiguity::Rook, kPoly2nbSnap);
  CHECK(w.neighbours(0) == std::vector<std::size_t>{1, 2});
  CHECK(w.neighbours(1) == std::vector<std::size_t>{0});
  CHECK(w.islands().empty());
}

TEST_CASE("subset drops areas and their links", "[spatial]") {
  SpatialWeights w = contiguityWeights(gridWithIsland(), Contiguity::Rook, kPoly2nbSnap);
  std::vector<bool> keep(10, true);
  keep[4] = false;  // drop the centre
  SpatialWeights s = w.subset(keep);
  CHECK(s.size() == 9);
  CHECK(s.linkCount() == 24 - 8);
  CHECK(s.neighbours(3) == std::vector<std::size_t>{0, 5});  // old 0 and old 6, renumbered 5
  CHECK_THROWS_AS(SpatialWeights({{1}, {}}), Error);       // not symmetric
}

// R (spdep 1.2-7):
//   sq <- function(x, y) st_polygon(list(rbind(c(x,y), c(x+1,y), c(x+1,y+1), c(x,y+1), c(x,y))))
//   g <- list(); for (r in 0:2) for (c in 0:2) g[[length(g)+1]] <- sq(c, r); g[[10]] <- sq(10, 10)
//   x <- c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3)
//   lw <- nb2listw(poly2nb(st_sfc(g), queen=TRUE), style="W", zero.policy=TRUE)
//   moran.test(x, lw, zero.policy=TRUE, randomisation=FALSE); moran.test(x, lw, zero.policy=TRUE)
TEST_CASE("global Moran's I with an island matches spdep moran.test", "[moran]") {
  SpatialWeights w = contiguityWeights(gridWithIsland(), Contiguity::Queen, kPoly2nbSnap);
  GlobalMoran m = globalMoran(kValues, w);
  CHECK(m.islands == 1);
  CHECK(m.nAdjusted == 9);
  CHECK(m.I == Approx(0.126153612629022).epsilon(1e-12));
  CHECK(m.expected == Approx(-0.125).epsilon(1e-12));
  CHECK(m.normal.variance == Approx(0.0208626543209877).epsilon(1e-10));
  CHECK(m.normal.z == Approx(1.73882008640508).epsilon(1e-10));
  CHECK(m.normal.pGreater == Approx(0.0410332071443703).epsilon(1e-9));
  CHECK(m.randomisation.variance == Approx(0.019312338773577).epsilon(1e-10));
  CHECK(m.randomisation.z == Approx(1.80726564884068).epsilon(1e-10));
  CHECK(m.randomisation.pGreater == Approx(0.0353604346620923).epsilon(1e-9));
  CHECK_FALSE(m.pseudoP.has_value());
}

TEST_CASE("Moran permutations are seeded and give a pseudo p in range", "[moran]") {
  SpatialWeights w = contiguityWeights(gridWithIsland(), Contiguity::Queen, kPoly2nbSnap);
  GlobalMoran a = globalMoran(kValues, w, 499, 42), b = globalMoran(kValues, w, 499, 42), c = globalMoran(kValues, w, 499, 7);
  REQUIRE(a.pseudoP);
  CHECK(*a.pseudoP == *b.pseudoP);
  CHECK(*a.pseudoP >= 1.0 / 500);
  CHECK(*a.pseudoP <= 1.0);
  CHECK(a.I == c.I);  // the statistic does not depend on the seed
  // Permuted I centre on E[I] = -1/(n'-1) (about -0.125): far from the observed 0.126.
  CHECK(*a.permutationMean < 0.0);
  CHECK_THROWS_AS(globalMoran(std::vector<double>(10, 2.0), w), Error);  // constant: undefined
  CHECK_THROWS_AS(globalMoran({1, 2, 3}, w), Error);                     // wrong length
}

// R (spdep 1.2-7), same x and lw as above: localmoran(x, lw, zero.policy=TRUE) columns Ii, E.Ii, Var.Ii,
// Z.Ii, Pr(z != E(Ii)); the island's row is 0, 0, 0, NaN, NaN.
TEST_CASE("local Moran matches spdep localmoran, island included", "[lisa]") {
  const double expected[9][5] = {
      {0.256830601092896, -0.0163934426229508, 0.0403117441547971, 1.36082763487954, 0.173568166555922},
      {-0.264116575591985, -0.170208459825946, 0.141237540029625, -0.24987801902177, 0.802681682382553},
      {0.0200364298724955, -0.000202388180530257, 0.000505868048886597, 0.899842541331695, 0.368204051489064},
      {0.264116575591985, -0.170208459825946, 0.141237540029625, 1.15568583797568, 0.247809682968195},
      {-0.00500910746812386, -0.0244889698441611, 0.00373269690627076, 0.318841263071994, 0.749846886564147},
      {0.278688524590164, -0.526411657559198, 0.249302424344976, 1.61245154965971, 0.106863714993379},
      {-0.034608378870674, -0.0730621331714228, 0.16931014466966, 0.0934538627031995, 0.925543001452022},
      {0.191256830601093, -0.0892531876138433, 0.0812870561146115, 0.983869910099907, 0.325179480098328},
      {0.554341226472374, -0.0244889698441611, 0.0597231505003322, 2.36853509710624, 0.0178586858814042}};
  SpatialWeights w = contiguityWeights(gridWithIsland(), Contiguity::Queen, kPoly2nbSnap);
  LocalMoran l = localMoran(kValues, w, 0, 1, 0.05);
  REQUIRE(l.areas.size() == 10);
  for (int i = 0; i < 9; ++i) {
    INFO("area " << i);
    const LocalMoranArea& a = l.areas[static_cast<std::size_t>(i)];
    CHECK(a.Ii == Approx(expected[i][0]).margin(1e-12));
    CHECK(a.expected == Approx(expected[i][1]).margin(1e-12));
    CHECK(a.variance == Approx(expected[i][2]).margin(1e-12));
    REQUIRE(a.z);
    CHECK(*a.z == Approx(expected[i][3]).margin(1e-10));
    CHECK(*a.p == Approx(expected[i][4]).margin(1e-10));
  }
  const LocalMoranArea& island = l.areas[9];
  CHECK(island.island);
  CHECK(island.Ii == 0);
  CHECK_FALSE(island.z);
  CHECK(island.cluster == LisaCluster::NotSignificant);
  // Without permutations the clusters use the analytical p: only area 8 (x = 5; its queen neighbours hold
  // 5, 9 and 6, all above the mean 3.9) has p < 0.05, and it is high-high.
  CHECK(l.areas[8].cluster == LisaCluster::HighHigh);
  CHECK(l.counts[static_cast<int>(LisaCluster::HighHigh)] == 1);
  CHECK(l.counts[static_cast<int>(LisaCluster::NotSignificant)] == 9);
}

TEST_CASE("LISA conditional permutations are seeded and labelled", "[lisa]") {
  SpatialWeights w = contiguityWeights(gridWithIsland(), Contiguity::Queen, kPoly2nbSnap);
  LocalMoran a = localMoran(kValues, w, 999, 3, 0.05), b = localMoran(kValues, w, 999, 3, 0.05);
  for (std::size_t i = 0; i < 9; ++i) {
    REQUIRE(a.areas[i].pseudoP);
    CHECK(*a.areas[i].pseudoP == *b.areas[i].pseudoP);
    CHECK(*a.areas[i].pseudoP >= 1.0 / 1000);
    CHECK(*a.areas[i].pseudoP <= 0.5 + 1.0 / 1000);  // folded
  }
  CHECK_FALSE(a.areas[9].pseudoP);
  CHECK(a.usedPseudoP);
  CHECK(lisaClusterLabel(LisaCluster::LowHigh) == "low-high");
  CHECK_THROWS_AS(localMoran(kValues, w, 99, 1, 1.5), UsageError);
}

namespace {

// A side × side grid of unit squares, row by row, with a value that rises to the north-east plus a
// repeating ripple (so LISA finds clusters and outliers).
GeometryStore squareGrid(int side) {
  GeometryStore g;
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) {
      g.beginFeature();
      addSquare(g, c, r);
    }
  return g;
}

std::vector<double> gridValues(int side) {
  std::vector<double> v;
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) v.push_back(r + c + (r * 7 + c * 13) % 11);
  return v;
}

}  // namespace

// A flag that stays false leaves the results exactly as without one (compared field by field with the
// flagless call on the 3×3 grid with an island, whose values are checked against spdep above).
TEST_CASE("an unset cancellation flag changes nothing", "[lisa][spatial]") {
  const std::atomic<bool> never{false};
  const SpatialWeights a = contiguityWeights(gridWithIsland(), Contiguity::Queen, kPoly2nbSnap);
  const SpatialWeights b = contiguityWeights(gridWithIsland(), Contiguity::Queen, kPoly2nbSnap, &never);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a.neighbours(i) == b.neighbours(i));
  const LocalMoran la = localMoran(kValues, a, 999, 7);
  const LocalMoran lb = localMoran(kValues, a, 999, 7, 0.05, &never);
  for (std::size_t i = 0; i < la.areas.size(); ++i) {
    CHECK(la.areas[i].Ii == lb.areas[i].Ii);
    CHECK(la.areas[i].pseudoP == lb.areas[i].pseudoP);
    CHECK(la.areas[i].cluster == lb.areas[i].cluster);
  }
}

// A flag set before the call stops both steps at once with mobmap::Cancelled (not a data error), whose message
// says so.
TEST_CASE("a flag set before the call stops the weights and the permutations with Cancelled", "[lisa][spatial]") {
  const int side = 20;
  const GeometryStore g = squareGrid(side);
  const std::atomic<bool> cancel{true};
  CHECK_THROWS_AS(contiguityWeights(g, Contiguity::Queen, kPoly2nbSnap, &cancel), Cancelled);
  const SpatialWeights w = contiguityWeights(g, Contiguity::Queen, kPoly2nbSnap);
  CHECK_THROWS_AS(localMoran(gridValues(side), w, 999, 1, 0.05, &cancel), Cancelled);
  try {
    localMoran(gridValues(side), w, 999, 1, 0.05, &cancel);
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("cancelled") != std::string::npos);
  }
}

// A flag set from another thread while the permutations run stops them. The work is far longer than the
// millisecond before the flag is set (99,999 permutations over a 200 × 200 grid: 3 × 10^10 neighbour sums, tens of
// seconds uncancelled), so the outcome does not depend on the machine's speed or load: the call must end with
// Cancelled; work that never looked at the flag would return normally and fail the check. (The weights of even a
// 500 × 500 grid are built in a few hundredths of a second, too quick to be cancelled mid-run reliably; the test
// above shows they look at the flag.)
TEST_CASE("a flag set while the permutations run stops them", "[lisa][spatial]") {
  const int side = 200;
  const SpatialWeights w = contiguityWeights(squareGrid(side), Contiguity::Queen, kPoly2nbSnap);
  std::atomic<bool> cancel{false};
  std::thread setter([&cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    cancel.store(true);
  });
  CHECK_THROWS_AS(localMoran(gridValues(side), w, 99'999, 1, 0.05, &cancel), Cancelled);
  setter.join();
}

namespace {

// spdep::poly2nb's rule applied literally, as the reference for the grid search in contiguityWeights: every
// pair of vertices of different features compared (O(V²)), each feature's vertices without exact repeats.
std::vector<std::vector<std::size_t>> bruteForceNeighbours(const GeometryStore& g, Contiguity rule, double snap) {
  const std::size_t n = g.featureCount();
  std::vector<std::vector<Point>> own(n);
  for (std::size_t f = 0; f < n; ++f) {
    for (std::size_t p : g.partsOf(f))
      for (std::size_t r : g.ringsOf(p))
        for (const Point& q : g.ring(r)) {
          bool repeat = false;
          for (const Point& o : own[f]) repeat = repeat || (o.x == q.x && o.y == q.y);
          if (!repeat) own[f].push_back(q);
        }
  }
  std::vector<std::vector<std::size_t>> lists(n);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) {
      std::size_t ab = 0, ba = 0;  // vertices of a near b, of b near a
      auto near = [snap](const Point& u, const Point& v) {
        const double ex = v.x - u.x, ey = v.y - u.y;
        return ex * ex + ey * ey <= snap * snap;
      };
      for (const Point& u : own[a])
        for (const Point& v : own[b])
          if (near(u, v)) {
            ++ab;
            break;
          }
      for (const Point& v : own[b])
        for (const Point& u : own[a])
          if (near(u, v)) {
            ++ba;
            break;
          }
      if (std::max(ab, ba) >= (rule == Contiguity::Queen ? 1u : 2u)) {
        lists[a].push_back(b);
        lists[b].push_back(a);
      }
    }
  return lists;
}

// A 24 × 20 grid of quadrilaterals on jittered corners, each side with a shared midpoint; some cells' copies of
// a corner are moved by a fraction or a multiple of `snap` (near misses and near hits), some rings repeat a
// vertex, one cell has a hole, one feature has two parts far apart, and one square is an island.
GeometryStore jitteredGrid(double snap) {
  const int cols = 24, rows = 20;
  auto jitter = [](int r, int c, int salt) {
    unsigned h = static_cast<unsigned>(r * 7919 + c * 104729 + salt * 1299709);
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    return (static_cast<double>(h % 1000) / 1000.0 - 0.5) * 0.4;
  };
  auto corner = [&](int r, int c) { return Point{c + jitter(r, c, 1), r + jitter(r, c, 2)}; };
  auto mid = [](Point a, Point b) { return Point{(a.x + b.x) / 2, (a.y + b.y) / 2}; };
  GeometryStore g;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      Point p0 = corner(r, c), p1 = corner(r, c + 1), p2 = corner(r + 1, c + 1), p3 = corner(r + 1, c);
      const int k = r * cols + c;
      if (k % 5 == 0) p2.x += 0.6 * snap;   // still within snap of the neighbours' copies
      if (k % 7 == 0) p2.y += 1.3 * snap;   // just outside: this corner no longer touches
      if (k % 11 == 0) p1.x -= 0.99 * snap;
      g.beginFeature();
      g.beginPart(PartKind::Polygon);
      g.beginRing();
      for (Point q : {p0, mid(corner(r, c), corner(r, c + 1)), p1, mid(corner(r, c + 1), corner(r + 1, c + 1)), p2,
                      mid(corner(r + 1, c + 1), corner(r + 1, c)), p3, mid(corner(r + 1, c), corner(r, c)), p0}) {
        g.addPoint(q.x, q.y);
        if (k % 13 == 0) g.addPoint(q.x, q.y);  // a repeated vertex counts once
      }
      if (k == 100) {  // a hole whose vertices touch nothing else
        g.beginRing();
        const Point centre = mid(p0, p2);
        for (Point q : {Point{centre.x - 0.1, centre.y - 0.1}, Point{centre.x + 0.1, centre.y - 0.1},
                        Point{centre.x, centre.y + 0.1}, Point{centre.x - 0.1, centre.y - 0.1}})
          g.addPoint(q.x, q.y);
      }
      if (k == 50) addSquare(g, 100, 100, 1);  // a second part, beside the last feature below
    }
  g.beginFeature();
  addSquare(g, 101, 100, 1);
  g.beginFeature();
  addSquare(g, -50, -50, 1);  // an island
  return g;
}

}  // namespace

// The grid search must find exactly the pairs spdep's all-pairs rule finds: compared with the brute force above
// on a layout built to put vertices near cell borders, just inside and just outside the snapping distance, at
// the default snap (sub-cell), a snap of a few cells' width, and a snap as wide as a fifth of a polygon.
TEST_CASE("contiguity weights equal the all-pairs rule of poly2nb", "[spatial]") {
  for (double snap : {kPoly2nbSnap, 1e-3, 0.2}) {
    const GeometryStore g = jitteredGrid(snap);
    for (Contiguity rule : {Contiguity::Queen, Contiguity::Rook}) {
      INFO("snap " << snap << ", " << contiguityName(rule));
      const SpatialWeights w = contiguityWeights(g, rule, snap);
      const SpatialWeights expected(bruteForceNeighbours(g, rule, snap));
      REQUIRE(w.size() == expected.size());
      std::size_t differing = 0;
      for (std::size_t i = 0; i < w.size(); ++i)
        if (w.neighbours(i) != expected.neighbours(i)) ++differing;
      CHECK(differing == 0);
      CHECK(w.linkCount() == expected.linkCount());
      CHECK(w.islands() == std::vector<std::size_t>{w.size() - 1});
    }
  }
  // The near misses matter: at the default snap, cells 5 and 30 meet only at the corner (1, 6), which cell 5
  // moved by 0.6·snap (still neighbours), and cells 7 and 32 only at (1, 8), which cell 7 moved by 1.3·snap.
  const SpatialWeights queen = contiguityWeights(jitteredGrid(kPoly2nbSnap), Contiguity::Queen, kPoly2nbSnap);
  auto linked = [&](std::size_t a, std::size_t b) {
    return std::binary_search(queen.neighbours(a).begin(), queen.neighbours(a).end(), b);
  };
  CHECK(linked(5, 30));
  CHECK_FALSE(linked(7, 32));
  CHECK(linked(50, 480));  // through its far part
}

// With one neighbour per area the conditional permutation distribution is exact: the neighbour's value is
// replaced by one of the other n − 1 areas' values, uniformly. Five squares in a row, x = 5 4 1 2 3
// (z = 2 1 −2 −1 0): area 0 (z > 0) has neighbour area 1 (z = 1), and a draw gives I ≥ the observed I when
// the drawn z ≥ 1, which only area 1 of the four others has: P = 1/4. Drawing from all five areas (itself
// included) would give 2/5, and a draw table not shifted past the area itself would give 1/2.
TEST_CASE("LISA conditional permutations draw from the other areas only", "[lisa]") {
  GeometryStore g;
  for (int c = 0; c < 5; ++c) {
    g.beginFeature();
    addSquare(g, c, 0);
  }
  const SpatialWeights w = contiguityWeights(g, Contiguity::Rook, kPoly2nbSnap);
  REQUIRE(w.neighbours(0) == std::vector<std::size_t>{1});
  const LocalMoran l = localMoran({5, 4, 1, 2, 3}, w, 9999, 11, 0.05);
  REQUIRE(l.areas[0].pseudoP);
  CHECK(*l.areas[0].pseudoP == Approx(0.25).margin(0.015));  // binomial sd with 9999 draws: 0.0043
  // Area 4 (z = 0): every draw gives I = 0 = the observed I, so all count as "at least": folded p = 1/(N+1).
  CHECK(*l.areas[4].pseudoP == Approx(1.0 / 10000));
}
