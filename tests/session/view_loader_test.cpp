// The viewer's loader (session/view_loader.h) on the demo project's files: a second load supersedes the first
// (only the newest view is handed over), and the custom-area job likewise.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "session/custom_area.h"
#include "session/view_loader.h"
#include "test_support.h"

using namespace mobmap;

namespace {

template <class Job>
auto waitForResult(Job& job) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (auto r = job.takeResult()) return r;
    if (std::chrono::steady_clock::now() > deadline) return decltype(job.takeResult()){};
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

session::ViewSpec demoSpec(const std::string& file, const std::string& field) {
  session::ViewSpec spec;
  spec.data = (test::sourceDir() / "geodata" / "demo" / file).string();
  spec.field = field;
  return spec;
}

}  // namespace

TEST_CASE("view loader: a second load supersedes the first, whose view is never handed over") {
  session::ViewLoader loader;
  loader.start(demoSpec("tracts.geojson", ""));
  loader.start(demoSpec("neighborhoods.geojson", ""));  // returns without waiting for the first
  CHECK(loader.busy());
  auto r = waitForResult(loader);
  REQUIRE(r);
  REQUIRE(r->view);
  CHECK(r->view->spec.data.ends_with("neighborhoods.geojson"));
  CHECK_FALSE(loader.busy());
  CHECK_FALSE(loader.takeResult());  // nothing more: the superseded load's view is dropped
}

TEST_CASE("view loader: a file that cannot be read comes back as an error naming it") {
  session::ViewLoader loader;
  loader.start(demoSpec("no_such_file.geojson", ""));
  auto r = waitForResult(loader);
  REQUIRE(r);
  CHECK_FALSE(r->view);
  CHECK_THAT(r->error, Catch::Contains("no_such_file.geojson"));
}

TEST_CASE("view loader: a discarded load is dropped at once and hands nothing over") {
  session::ViewLoader loader;
  loader.start(demoSpec("tracts.geojson", ""));
  loader.discard();
  CHECK_FALSE(loader.busy());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK_FALSE(loader.takeResult());
}
