// The contiguity cache of the map-type jobs: it hands back analysis::contiguityWeights of the view's layer
// (queen, the poly2nb snap: what buildLisaMap builds itself), the same object again for the same view, new
// weights for another view; and a LISA map or Moran scatter built with the cached weights equals one built
// without them. Fixture: the render tests' 4 x 3 grid (value 1..12, feature 5 missing).
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "../render/fixture_map.h"
#include "core/error.h"
#include "ui/contiguity_cache.h"
#include "ui/map_type.h"

using namespace mobmap;

namespace {

std::shared_ptr<const session::LoadedView> gridView() {
  auto v = std::make_shared<session::LoadedView>();
  v->data.layer = test::fixtureGrid();
  v->spec.data = "fixture";
  v->spec.field = "value";
  return v;
}

}  // namespace

TEST_CASE("the contiguity cache builds a view's queen weights once") {
  ui::ContiguityCache cache;
  const auto a = gridView(), b = gridView();
  const auto wa = cache.queen(a);
  REQUIRE(wa);
  const analysis::SpatialWeights direct =
      analysis::contiguityWeights(a->data.layer.geometry, analysis::Contiguity::Queen, analysis::kPoly2nbSnap);
  REQUIRE(wa->size() == direct.size());
  for (std::size_t i = 0; i < direct.size(); ++i) CHECK(wa->neighbours(i) == direct.neighbours(i));
  CHECK(cache.queen(a) == wa);  // the same view: the same weights, not rebuilt
  const auto wb = cache.queen(b);
  CHECK(wb != wa);              // another view: its own
  CHECK(cache.queen(b) == wb);

  const render::ThematicMap cached = ui::buildMapOfType(a->spec, a->data.layer, ui::MapType::Lisa, "", wa);
  const render::ThematicMap built = ui::buildMapOfType(a->spec, a->data.layer, ui::MapType::Lisa, "");
  CHECK(cached.fillIndex == built.fillIndex);
  const render::MoranScatter sc = ui::buildMoranScatterOf(a->spec, a->data.layer, wa);
  const render::MoranScatter sb = ui::buildMoranScatterOf(a->spec, a->data.layer);
  CHECK(sc.global.I == sb.global.I);
  REQUIRE(sc.points.size() == sb.points.size());
  for (std::size_t i = 0; i < sb.points.size(); ++i) CHECK(sc.points[i].y == sb.points[i].y);
}

TEST_CASE("threads asking the contiguity cache for one view at once share one build") {
  const auto a = gridView();
  for (int round = 0; round < 20; ++round) {
    ui::ContiguityCache cache;
    std::shared_ptr<const analysis::SpatialWeights> w1, w2;
    std::thread t1([&] { w1 = cache.queen(a); });
    std::thread t2([&] { w2 = cache.queen(a); });
    t1.join();
    t2.join();
    REQUIRE(w1);
    CHECK(w1 == w2);  // the second waited for the first's weights instead of building its own
  }
}

// A build stopped by its cancellation flag throws mobmap::Cancelled and is not remembered: the next request
// for the same view gets the weights (equal to contiguityWeights called directly).
TEST_CASE("the contiguity cache forgets a cancelled build") {
  ui::ContiguityCache cache;
  const auto a = gridView();
  const std::atomic<bool> cancel{true};
  CHECK_THROWS_AS(cache.queen(a, &cancel), Cancelled);
  const auto w = cache.queen(a);
  REQUIRE(w);
  const analysis::SpatialWeights direct =
      analysis::contiguityWeights(a->data.layer.geometry, analysis::Contiguity::Queen, analysis::kPoly2nbSnap);
  REQUIRE(w->size() == direct.size());
  for (std::size_t i = 0; i < direct.size(); ++i) CHECK(w->neighbours(i) == direct.neighbours(i));
}

// A thread without a cancellation flag that waits for a build which is then cancelled builds the weights
// itself instead of reporting the other thread's cancellation; the cancelled thread gets either Cancelled or
// (when it came second and waited) the other's weights.
TEST_CASE("a cancelled build does not fail another thread's request for the same view") {
  const auto a = gridView();
  const std::atomic<bool> cancel{true};
  for (int round = 0; round < 20; ++round) {
    ui::ContiguityCache cache;
    std::shared_ptr<const analysis::SpatialWeights> w1, w2;
    bool cancelled = false;
    std::thread t1([&] {
      try {
        w1 = cache.queen(a, &cancel);
      } catch (const Cancelled&) {
        cancelled = true;
      }
    });
    std::thread t2([&] { w2 = cache.queen(a); });
    t1.join();
    t2.join();
    REQUIRE(w2);
    CHECK(w2->size() == a->data.layer.featureCount());
    if (!cancelled) CHECK(w1 == w2);
  }
}
