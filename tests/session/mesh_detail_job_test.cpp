// The background detail job of a large layer (session/mesh_detail_job.h): the finer levels come one at a time
// and each only once, full detail only after it is asked for, and a job waiting to be asked stops when dropped.
// Expected meshes are render::buildMeshLevels and render::tessellateFullDetail of the same geometry on this
// thread (the job must hand over exactly what they build).
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

TEST_CASE("mesh detail job: levels one at a time, full detail only when asked for, each handed over once") {
  const GeometryStore g = wigglyGrid();
  const std::vector<double> tolerances = {0.5, 1.0, 2.0};
  session::MeshDetailJob job;
  job.start(g, tolerances);
  job.go();
  std::vector<render::MeshLevel> got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!job.levelsDone() && std::chrono::steady_clock::now() < deadline) {
    if (auto levels = job.takeLevels())
      for (auto& l : *levels) got.push_back(std::move(l));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(job.levelsDone());
  CHECK_FALSE(job.takeLevels());  // each level once
  // Expected: the levels buildMeshLevels makes of the same tolerances, in their order.
  const std::vector<render::MeshLevel> expected = render::buildMeshLevels(g, tolerances, {});
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CHECK(got[i].tolerance == expected[i].tolerance);
    CHECK(got[i].indices == expected[i].indices);
    CHECK(got[i].segments.size() == expected[i].segments.size());
  }
  // Nothing asked for full detail: none is built.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(job.takeResult());
  CHECK(job.seconds() == 0);
  job.needFullDetail();
  auto full = waitFor([&] { return job.takeResult(); });
  REQUIRE(full);
  const render::LayerMesh expectedFull = render::tessellateFullDetail(g);
  CHECK(full->indices == expectedFull.indices);
  CHECK(full->featureFirstSegment == expectedFull.featureFirstSegment);
  CHECK_FALSE(job.takeResult());  // handed over once: the job keeps no copy
}

TEST_CASE("mesh detail job: full detail asked for before the work begins comes first, and a waiting job stops when dropped") {
  const GeometryStore g = wigglyGrid();
  {
    session::MeshDetailJob job;
    job.start(g, {1.0});
    job.needFullDetail();
    job.go();
    auto full = waitFor([&] { return job.takeResult(); });
    REQUIRE(full);
    CHECK(full->hasFullDetail);
  }
  // A job that built its levels and waits to be asked for full detail: destroyed without being asked, it stops
  // (this scope ends; a hang fails the test by its time limit).
  session::MeshDetailJob job;
  job.start(g, {1.0});
  job.go();
  while (!job.levelsDone()) {
    job.takeLevels();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  job.start(g, {2.0});  // superseded while waiting: the new job's levels are its own
  job.go();
  auto levels = waitFor([&] { return job.takeLevels(); });
  REQUIRE(levels);
  REQUIRE(levels->size() == 1);
  CHECK(levels->front().tolerance == 2.0);
}
