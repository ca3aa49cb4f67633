// Project files: the demo project parses; errors name the line and the key.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "fixtures.h"
#include "io/project_file.h"
#include "test_support.h"

using namespace mobmap;

TEST_CASE("the demo project parses and resolves paths") {
  Project p = io::readProject(test::sourceDir() / "geodata/demo/project.toml");
  CHECK(p.title.find("synthetic demo data") != std::string::npos);
  REQUIRE(p.findLayer("tracts"));
  CHECK(std::filesystem::exists(p.findLayer("tracts")->source));
  CHECK(p.joins.size() == 2);
}

TEST_CASE("project errors name the line and key") {
  auto dir = test::scratchDir("io-project");
  auto message = [&](const std::string& text) {
    std::string path = (dir / "p.toml").string();
    test::writeText(path, text);
    try {
      io::readProject(path);
    } catch (const Error& e) {
      return std::string(e.what()).substr(path.size());
    }
    return std::string("no error");
  };
  CHECK(message("format_version = 1\n[[layer]]\nname = \"a\"\n") == ":2: layer.source: missing required key 'source'");
  CHECK(message("format_version = 7\n").find(":1: format_version: project format version 7 is not supported") == 0);
  CHECK(message("format_version = 1\ntitle = \"x\n").starts_with(":2: "));
  CHECK(message("format_version = 1\n[[join]]\nlayer = \"t\"\ntable = \"m\"\non = \"a=b\"\n") ==
        ":2: join.layer: join names unknown layer 't'");
}
