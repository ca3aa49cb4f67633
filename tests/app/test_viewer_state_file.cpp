// `--state-out`: the JSON a GUI test reads to observe the viewer. Written only when something changed (the clock
// aside), numbered by "seq", marked "exited" at the end, replaced whole, and an unwritable place is an error
// naming the file.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "app/viewer_state_file.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

nlohmann::json readJson(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

}  // namespace

TEST_CASE("viewer state file: written when the state changes, not when only the clock does") {
  const auto dir = test::scratchDir("state-file");
  const fs::path path = dir / "state.json";
  app::ViewerStateFile file(path.string());
  ui::ViewerState state;
  app::FrameFacts facts;
  facts.windowWidth = 1300;
  facts.windowHeight = 800;
  std::string error;

  REQUIRE(file.update(app::viewerStateJson(state, facts), false, error));
  auto first = readJson(path);
  CHECK(first["seq"] == 1);
  CHECK(first["exited"] == false);
  CHECK(first["ready"] == false);
  CHECK((first["view"].is_null() || first["view"] == ""));
  CHECK(first["window"] == nlohmann::json::array({1300, 800}));

  facts.seconds = 2.5;  // only the clock moved: not rewritten
  REQUIRE(file.update(app::viewerStateJson(state, facts), false, error));
  CHECK(readJson(path)["seq"] == 1);

  facts.ready = true;
  REQUIRE(file.update(app::viewerStateJson(state, facts), false, error));
  CHECK(readJson(path)["seq"] == 2);
  CHECK(readJson(path)["ready"] == true);

  REQUIRE(file.update(app::viewerStateJson(state, facts), true, error));  // the end: always written
  auto last = readJson(path);
  CHECK(last["seq"] == 3);
  CHECK(last["exited"] == true);
  CHECK_FALSE(fs::exists(path.string() + ".tmp"));
}

TEST_CASE("viewer state file: a folder that does not exist is an error naming the file, nothing is left") {
  const auto dir = test::scratchDir("state-file-missing");
  const fs::path path = dir / "no-such-folder" / "state.json";
  app::ViewerStateFile file(path.string());
  ui::ViewerState state;
  std::string error;
  CHECK_FALSE(file.update(app::viewerStateJson(state, {}), false, error));
  CHECK_THAT(error, Catch::Contains("state.json"));
  CHECK_THAT(error, Catch::Contains("cannot write the viewer state"));
  CHECK_FALSE(fs::exists(dir / "no-such-folder"));
}
