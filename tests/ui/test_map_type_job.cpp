// The background map-type job: its result equals the synchronous computation (ui::buildMapOfType and
// ui::buildMoranScatterOf called directly on the same layer and spec), and a superseded request's result is
// never handed back or applied to the viewer state. Fixture: the render tests' 4 x 3 grid (value 1..12,
// feature 5 missing) with a second field b = 13 − value, as in test_map_type.cpp.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "../render/fixture_map.h"
#include "session/view_spec.h"
#include "ui/map_type_job.h"
#include "ui/viewer_state.h"

using namespace mobmap;

namespace {

std::shared_ptr<session::LoadedView> fixtureView() {
  auto v = std::make_shared<session::LoadedView>();
  v->data.layer = test::fixtureGrid();
  Column b("b", FieldType::Real);
  for (int i = 0; i < 12; ++i) b.appendNumber(13 - i - 1);
  v->data.layer.attributes.addColumn(std::move(b));
  v->spec.data = "fixture";
  v->spec.field = "value";
  return v;
}

// Takes the job's result, waiting up to a minute for it.
std::optional<ui::MapTypeResult> waitForResult(ui::MapTypeJob& job) {
  for (int i = 0; i < 600 && job.busy(); ++i) {
    if (auto r = job.takeResult()) return r;
    job.waitFor(std::chrono::milliseconds(100));
  }
  return job.takeResult();
}

}  // namespace

TEST_CASE("a map-type job gives what the synchronous build gives") {
  const auto view = fixtureView();
  ui::MapTypeJob job;
  // With the viewer's contiguity cache, as the viewer runs it; the synchronous build makes its own weights.
  const auto cache = std::make_shared<ui::ContiguityCache>();
  for (ui::MapType type : {ui::MapType::Lisa, ui::MapType::Gap, ui::MapType::Ratio, ui::MapType::Bivariate}) {
    CAPTURE(ui::mapTypeLabel(type));
    const std::uint64_t ticket = job.start({view, view->spec, type, "b", false, cache});
    CHECK(job.busy());
    auto r = waitForResult(job);
    REQUIRE(r);
    CHECK_FALSE(job.busy());
    CHECK(r->ticket == ticket);
    REQUIRE(r->map);
    CHECK(r->error.empty());
    const render::ThematicMap sync = ui::buildMapOfType(view->spec, view->data.layer, type, "b");
    CHECK(r->map->fillIndex == sync.fillIndex);
    REQUIRE(r->map->fills.size() == sync.fills.size());
    for (std::size_t i = 0; i < sync.fills.size(); ++i) CHECK(r->map->fills[i].color == sync.fills[i].color);
  }

  job.start({view, view->spec, ui::MapType::Choropleth, "", true, cache});
  auto r = waitForResult(job);
  REQUIRE(r);
  REQUIRE(r->scatter);
  const render::MoranScatter sync = ui::buildMoranScatterOf(view->spec, view->data.layer);
  REQUIRE(r->scatter->points.size() == sync.points.size());
  for (std::size_t i = 0; i < sync.points.size(); ++i) {
    CHECK(r->scatter->points[i].row == sync.points[i].row);
    CHECK(r->scatter->points[i].x == sync.points[i].x);
    CHECK(r->scatter->points[i].y == sync.points[i].y);
  }
  CHECK(r->scatter->global.I == sync.global.I);
}

TEST_CASE("a map-type job reports a failed build as an error") {
  const auto view = fixtureView();
  ui::MapTypeJob job;
  job.start({view, view->spec, ui::MapType::Gap, "", false, nullptr});  // gap needs a second field
  auto r = waitForResult(job);
  REQUIRE(r);
  CHECK_FALSE(r->map);
  CHECK(r->error.find("second field") != std::string::npos);
}

TEST_CASE("a superseded map-type request's result is not handed back") {
  const auto view = fixtureView();
  ui::MapTypeJob job;
  const std::uint64_t first = job.start({view, view->spec, ui::MapType::Lisa, "", false, nullptr});
  // Let the first finish before it is superseded: a finished but untaken result must be dropped too.
  job.waitFor(std::chrono::seconds(60));
  const std::uint64_t second = job.start({view, view->spec, ui::MapType::Gap, "b", false, nullptr});
  CHECK(second > first);
  auto r = waitForResult(job);
  REQUIRE(r);
  CHECK(r->ticket == second);
  REQUIRE(r->map);
  CHECK(r->map->fillIndex == ui::buildMapOfType(view->spec, view->data.layer, ui::MapType::Gap, "b").fillIndex);
  CHECK_FALSE(job.takeResult());  // nothing more: the first request's result is gone

  job.start({view, view->spec, ui::MapType::Lisa, "", false, nullptr});
  job.discard();
  CHECK_FALSE(job.busy());
  for (int i = 0; i < 600 && job.staleRunning() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK_FALSE(job.takeResult());
}

TEST_CASE("the viewer state keeps the map drawn until the job's result, and never applies a superseded one") {
  ui::ViewerState state;
  state.view = fixtureView();
  ui::rebuildMap(state);
  REQUIRE(state.map);
  const render::ThematicMap choropleth = *state.map;
  const auto lisa = ui::buildMapOfType(state.view->spec, state.view->data.layer, ui::MapType::Lisa, "");
  const auto gap = ui::buildMapOfType(state.view->spec, state.view->data.layer, ui::MapType::Gap, "b");
  REQUIRE(lisa.fillIndex != choropleth.fillIndex);  // else the checks below could not tell them apart
  REQUIRE(gap.fillIndex != lisa.fillIndex);

  // LISA asked for: the choropleth stays until the result is applied.
  state.mapType = ui::MapType::Lisa;
  ui::requestMap(state);
  CHECK(ui::mapJobsBusy(state));
  CHECK(ui::mapJobsStage(state).starts_with("Computing LISA clusters"));
  REQUIRE(state.map);
  CHECK(state.map->fillIndex == choropleth.fillIndex);
  state.mapJob->waitFor(std::chrono::seconds(60));
  ui::updateMapJobs(state);
  CHECK_FALSE(ui::mapJobsBusy(state));
  REQUIRE(state.map);
  CHECK(state.map->fillIndex == lisa.fillIndex);

  // LISA again, then the gap map before the first result is applied: only the gap map is ever shown.
  ui::requestMap(state);
  state.mapJob->waitFor(std::chrono::seconds(60));  // finished, not yet applied
  state.mapType = ui::MapType::Gap;
  state.secondField = "b";
  ui::requestMap(state);
  state.mapJob->waitFor(std::chrono::seconds(60));
  ui::updateMapJobs(state);
  REQUIRE(state.map);
  CHECK(state.map->fillIndex == gap.fillIndex);

  // A slow type asked for, then the choropleth built at once: the slow result, when it comes, is dropped.
  state.mapType = ui::MapType::Lisa;
  ui::requestMap(state);
  state.mapType = ui::MapType::Choropleth;
  ui::requestMap(state);
  CHECK_FALSE(ui::mapJobsBusy(state));
  for (int i = 0; i < 600 && state.mapJob->staleRunning() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ui::updateMapJobs(state);
  REQUIRE(state.map);
  CHECK(state.map->fillIndex == choropleth.fillIndex);
}

TEST_CASE("the Moran scatter is built in the background once shown, for the view and field shown") {
  ui::ViewerState state;
  state.view = fixtureView();
  ui::updateMapJobs(state);
  CHECK_FALSE(ui::mapJobsBusy(state));  // hidden: nothing computed
  state.showMoranScatter = true;
  ui::updateMapJobs(state);
  // A job was started; on a small fixture it may already have finished and been taken in that same update.
  REQUIRE(state.scatterJob);
  state.scatterJob->waitFor(std::chrono::seconds(60));
  ui::updateMapJobs(state);
  REQUIRE(state.scatter);
  CHECK(state.scatterGeneration == state.viewGeneration);
  CHECK(state.scatter->points.size() == ui::buildMoranScatterOf(state.view->spec, state.view->data.layer).points.size());
  ui::updateMapJobs(state);
  CHECK_FALSE(ui::mapJobsBusy(state));  // same view and field: not rebuilt
}

namespace {

// A side × side grid of 100 m squares with a value rising to the north-east plus a repeating ripple.
std::shared_ptr<session::LoadedView> largeGridView(int side) {
  auto v = std::make_shared<session::LoadedView>();
  Layer& l = v->data.layer;
  l.name = "large grid";
  l.source = "fixture";
  l.crs = l.crsDefinition = "EPSG:26916";
  Column value("value", FieldType::Real);
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) {
      const double x = 440000 + c * 100.0, y = 4640000 + r * 100.0;
      l.geometry.beginFeature();
      l.geometry.beginPart(PartKind::Polygon);
      l.geometry.beginRing();
      for (auto [dx, dy] : {std::pair{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}}) l.geometry.addPoint(x + dx, y + dy);
      value.appendNumber(r + c + (r * 7 + c * 13) % 11);
    }
  l.attributes.addColumn(std::move(value));
  v->spec.data = "fixture";
  v->spec.field = "value";
  return v;
}

}  // namespace

// A superseded or abandoned LISA run ends without handing anything back, and a later request with the same
// contiguity cache still gets the whole map (equal to the one computed on this thread). That the run stops
// early rather than at its end is shown without clocks: core/test_background_job.cpp proves discard() and the
// destructor set the run's cancel flag, the test below proves computeMapType honours a set flag, and
// analysis/test_spatial_stats.cpp proves the LISA permutations poll it while running.
TEST_CASE("a discarded or abandoned LISA run ends without a result and leaves the cache usable") {
  const auto view = largeGridView(80);
  const ui::MapTypeResult full = ui::computeMapType({view, view->spec, ui::MapType::Lisa, "", false, nullptr});
  REQUIRE(full.map);

  const auto cache = std::make_shared<ui::ContiguityCache>();
  {
    ui::MapTypeJob job;
    job.start({view, view->spec, ui::MapType::Lisa, "", false, cache});
    job.discard();
    for (int i = 0; i < 6000 && job.staleRunning() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(job.staleRunning() == 0);
    CHECK_FALSE(job.busy());
    CHECK_FALSE(job.takeResult());

    // The same cache after the cancelled run: the next request gets the whole map.
    job.start({view, view->spec, ui::MapType::Lisa, "", false, cache});
    auto r = waitForResult(job);
    REQUIRE(r);
    REQUIRE(r->map);
    CHECK(r->map->fillIndex == full.map->fillIndex);
  }
  {
    auto job = std::make_unique<ui::MapTypeJob>();
    job->start({view, view->spec, ui::MapType::Lisa, "", false, std::make_shared<ui::ContiguityCache>()});
    job.reset();  // the destructor cancels the run and waits for it to stop
  }
}

// computeMapType with a set flag reports the cancellation as the result's error (no map).
TEST_CASE("a cancelled map-type computation reports it") {
  const auto view = fixtureView();
  const std::atomic<bool> cancel{true};
  const ui::MapTypeResult r = ui::computeMapType({view, view->spec, ui::MapType::Lisa, "", false, nullptr}, &cancel);
  CHECK_FALSE(r.map);
  CHECK(r.error.find("cancelled") != std::string::npos);
}
