// The viewer's background-job type: a newer run supersedes an older one without waiting for it, the older one is
// told to stop (its result never comes back), discard cancels, and stage and progress describe the run. Each check
// waits on what the workers signal, never on timing.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/background_job.h"

using namespace mobmap;

namespace {

template <class R>
std::optional<R> waitForResult(BackgroundJob<R>& job, std::uint64_t* ticket = nullptr) {
  for (;;) {
    if (auto r = job.takeResult(ticket)) return r;
    if (!job.busy()) return std::nullopt;
    job.waitFor(std::chrono::milliseconds(20));
  }
}

}  // namespace

TEST_CASE("a newer run supersedes an older one, which is cancelled and never handed back") {
  BackgroundJob<int> job;
  std::atomic<bool> firstStarted{false}, firstSawCancel{false};
  const std::uint64_t t1 = job.start("first", [&](JobControl& c) {
    firstStarted = true;
    while (!c.cancelled()) std::this_thread::yield();  // runs until told to stop
    firstSawCancel = true;
    return 1;
  });
  while (!firstStarted) std::this_thread::yield();
  CHECK(job.busy());
  CHECK(job.stage().starts_with("first ("));
  const std::uint64_t t2 = job.start("second", [](JobControl& c) {
    c.progress = 0.5;
    return 2;
  });  // returns at once although the first has not stopped yet
  CHECK(t2 == t1 + 1);
  std::uint64_t ticket = 0;
  auto r = waitForResult(job, &ticket);
  REQUIRE(r);
  CHECK(*r == 2);
  CHECK(ticket == t2);
  CHECK_FALSE(job.busy());
  CHECK_FALSE(job.takeResult());  // once
  while (job.staleRunning() > 0) std::this_thread::yield();
  CHECK(firstSawCancel);
}

TEST_CASE("discard cancels the run going and leaves nothing to take") {
  BackgroundJob<std::string> job;
  std::atomic<bool> started{false};
  job.start("export", [&](JobControl& c) {
    started = true;
    c.progress = 0.25;
    while (!c.cancelled()) std::this_thread::yield();
    return std::string("cancelled late");
  });
  while (!started) std::this_thread::yield();
  while (job.progress() < 0.2) std::this_thread::yield();
  CHECK(job.stage().starts_with("export (25%, "));
  job.discard();
  CHECK_FALSE(job.busy());
  CHECK_FALSE(job.takeResult());
  CHECK(job.stage().empty());
}
