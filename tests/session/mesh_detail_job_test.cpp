// The background detail job of a large layer (session/mesh_detail_job.h): it builds only what the view asks for
// (the coarsest level within the asked tolerance, else full detail), hands each mesh over once, and a job
// waiting for a request stops when superseded or dropped. Expected meshes are render::buildMeshLevels and
// render::tessellateFullDetail of the same geometry on this thread (the job must hand over exactly those).
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "render/mesh_levels.h"
#include "render/tessellation.h"
#include "session/mesh_detail_job.h"

using namespace mobmap;

namespace {

// A 40 x 40 grid of squares, each ring with 40 vertices per side (wiggled), so that simplification removes some.
GeometryStore wigglyGrid() {
  GeometryStore g;
  for (int i = 0; i < 40; ++i)
    for (int j = 0; j < 40; ++j) {
      g.beginFeature();
      g.beginPart(PartKind::Polygon);
      g.beginRing();
      const double x0 = i * 100, y0 = j * 100;
      for (int side = 0; side < 4; ++side)
        for (int k = 0; k < 40; ++k) {
          const double t = k * 2.5, w = (k % 2) * 0.3;
          if (side == 0) g.addPoint(x0 + t, y0 + w);
          if (side == 1) g.addPoint(x0 + 100 - w, y0 + t);
          if (side == 2) g.addPoint(x0 + 100 - t, y0 + 100 - w);
          if (side == 3) g.addPoint(x0 + w, y0 + 100 - t);
        }
    }
  return g;
}

// Waits (up to a minute) until the job is idle, collecting the levels it hands over.
std::vector<render::MeshLevel> levelsUntilIdle(session::MeshDetailJob& job) {
  std::vector<render::MeshLevel> got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (auto levels = job.takeLevels())
      for (auto& l : *levels) got.push_back(std::move(l));
    if (job.idle() || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return got;
}

template <class Take>
auto waitFor(Take take) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (auto r = take()) return r;
    if (std::chrono::steady_clock::now() > deadline) return decltype(take()){};
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

TEST_CASE("mesh detail job: builds only what is asked for, the coarsest level fine enough, then full detail") {
  const GeometryStore g = wigglyGrid();
  session::MeshDetailJob job;
  job.start(g, {0.5, 1.0, 2.0});
  job.go();
  // Nothing asked: nothing built.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(job.idle());
  CHECK_FALSE(job.takeLevels());
  CHECK_FALSE(job.takeResult());

  job.needDetail(1.5);  // expected: the 1.0 level (the coarsest within 1.5), not 0.5 or 2.0
  CHECK_FALSE(job.idle());
  std::vector<render::MeshLevel> got = levelsUntilIdle(job);
  REQUIRE(got.size() == 1);
  const std::vector<double> one = {1.0};
  const render::MeshLevel expected = render::buildMeshLevels(g, one, {}).front();
  CHECK(got[0].tolerance == 1.0);
  CHECK(got[0].indices == expected.indices);
  CHECK(got[0].segments.size() == expected.segments.size());

  job.needDetail(1.2);  // within what was built: nothing more
  CHECK(levelsUntilIdle(job).empty());
  job.needDetail(0.7);  // expected: the 0.5 level
  got = levelsUntilIdle(job);
  REQUIRE(got.size() == 1);
  CHECK(got[0].tolerance == 0.5);
  CHECK_FALSE(job.takeResult());
  CHECK(job.seconds() == 0);

  job.needDetail(0.1);  // finer than every level: full detail
  auto full = waitFor([&] { return job.takeResult(); });
  REQUIRE(full);
  const render::LayerMesh expectedFull = render::tessellateFullDetail(g);
  CHECK(full->indices == expectedFull.indices);
  CHECK(full->featureFirstSegment == expectedFull.featureFirstSegment);
  CHECK_FALSE(job.takeResult());  // handed over once: the job keeps no copy
  CHECK(levelsUntilIdle(job).empty());
  CHECK(job.idle());
}

TEST_CASE("mesh detail job: full detail asked for at once comes without levels, and a waiting job stops when superseded or dropped") {
  const GeometryStore g = wigglyGrid();
  {
    session::MeshDetailJob job;
    job.start(g, {1.0});
    job.needDetail(0);  // as with --full-detail: before the work begins
    job.go();
    auto full = waitFor([&] { return job.takeResult(); });
    REQUIRE(full);
    CHECK(full->hasFullDetail);
    CHECK_FALSE(job.takeLevels());
  }
  // A job waiting for a request, superseded: the new job's levels are its own; then dropped while waiting
  // (this scope ends; a hang fails the test by its time limit).
  session::MeshDetailJob job;
  job.start(g, {1.0});
  job.go();
  job.start(g, {2.0});
  job.go();
  job.needDetail(3.0);
  std::vector<render::MeshLevel> got = levelsUntilIdle(job);
  REQUIRE(got.size() == 1);
  CHECK(got.front().tolerance == 2.0);
}
