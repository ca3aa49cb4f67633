// The viewer's scripted-run options are checked before any window opens: bad values exit 2 with a message
// naming the option (what parseViewerOptions promises in app/viewer.h).
#include <catch2/catch.hpp>

#include "run_mobmap.h"
#include "test_support.h"

using namespace mobmap::test;

TEST_CASE("bad --run-seconds and --state-out uses are usage errors", "[cli][viewer]") {
  const std::string project = (sourceDir() / "geodata/demo/project.toml").string();
  for (const char* bad : {"0", "-3", "ten", "1e9"}) {
    const RunResult r = runMobmap({project, "--run-seconds", bad});
    INFO(bad << ": " << r.err);
    CHECK(r.exitCode == 2);
    CHECK(r.err.find("--run-seconds must be a number of seconds above 0") != std::string::npos);
  }
  RunResult r = runMobmap({project, "--state-out"});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("--state-out needs a value") != std::string::npos);
  r = runMobmap({project, "--run-seconds", "5", "--timings"});
  CHECK(r.exitCode == 2);
  CHECK(r.err.find("do not go together") != std::string::npos);
  // Without a display, an interactive run falls back to the headless summary (as the plain viewer does).
  r = runMobmap({project, "--run-seconds", "5", "--state-out", "/nonexistent/state.json"});
  CHECK(r.exitCode == 0);
  CHECK(r.err.find("no display available") != std::string::npos);
}
