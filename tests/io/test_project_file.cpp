// Project files: the demo project parses; read -> write -> read gives an equal project; version 1 files still
// read; errors name the line and the key. Expected values are the demo project's text (geodata/demo/project.toml)
// and the messages documented in docs/project-format.md.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

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
  // The demo gives the atlas several views (geodata/demo/project.toml) and a notes store.
  CHECK(p.views.size() >= 4);
  CHECK(p.notesStore.filename() == "notes.geojson");
  REQUIRE(p.findView("poverty"));
  CHECK(p.findView("poverty")->per == "pov_universe");
  CHECK(p.findView("poverty")->overlays == std::vector<std::string>{"neighborhoods", "river"});
  REQUIRE(p.findExportPreset("report"));
  CHECK(p.findExportPreset("report")->formats == std::vector<std::string>{"png", "pdf"});
}

TEST_CASE("the demo project survives a write and a read unchanged") {
  Project original = io::readProject(test::sourceDir() / "geodata/demo/project.toml");
  // Written into another folder: the paths must be rewritten relative to the new file and still resolve.
  auto dir = test::scratchDir("io-project-roundtrip") / "elsewhere";
  std::filesystem::create_directories(dir);
  io::writeProject(original, dir / "copy.toml");
  Project copy = io::readProject(dir / "copy.toml");
  CHECK(copy == original);
  CHECK(copy.findLayer("tracts")->source == original.findLayer("tracts")->source);
  // Written a second time, the text is identical (the writer is deterministic).
  io::writeProject(copy, dir / "copy2.toml");
  std::ifstream a(dir / "copy.toml"), b(dir / "copy2.toml");
  std::stringstream sa, sb;
  sa << a.rdbuf();
  sb << b.rdbuf();
  CHECK(sa.str() == sb.str());
  // Paths are written relative to the project file, never as absolute paths.
  CHECK(sa.str().find("source = \"/") == std::string::npos);
  CHECK(sa.str().find("store = \"/") == std::string::npos);
  CHECK(sa.str().find("/geodata/demo/tracts.geojson\"") != std::string::npos);
  // No temporary file is left beside it.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  CHECK(files == 2);
}

TEST_CASE("every field of the model survives a write and a read") {
  auto dir = test::scratchDir("io-project-fields");
  Project p;
  p.title = "Quotes \" and \\ backslash, ñ, tab\t";
  p.description = "Two lines\nsecond";
  p.dataVintage = "ACS 2019-2023";
  p.notesStore = dir / "notes.gpkg";
  p.layers.push_back({"tracts", dir / "data" / "tracts.shp", "tracts", "desc", "2020 tracts", "#3a7dbf", 1.25, "EPSG:3435"});
  p.layers.push_back({"db", "PG:dbname=x", "", "", "", "", std::nullopt, ""});
  p.tables.push_back({"acs", dir / "acs.xlsx", "Sheet 1", "", "2023"});
  p.joins.push_back({"tracts", "acs", "GEOID=state+county+tract", "year = 2023 AND subgroup = 'All'"});
  ProjectView v;
  v.name = "a view";
  v.layer = "tracts";
  v.field = "pov";
  v.per = "pop";
  v.year = 2021;
  v.subgroup = "Black, Non-Hispanic";
  v.legendTitle = "People in poverty (%), \"all ages\"";
  v.classes = 7;
  v.extent = std::array<double, 4>{-88.1, 41.5, -87.2, 42.25};
  v.overlays = {"db", "tracts"};
  v.notes = {"Bus cuts", "Clinic \"hours\""};
  v.reference = "median";
  p.views.push_back(v);
  ProjectView gap;
  gap.name = "gap";
  gap.layer = "tracts";
  gap.field = "black";
  gap.map = "gap";
  gap.mapFields = {"black", "white"};
  gap.significance = 0.95;
  gap.fdr = true;
  p.views.push_back(gap);
  p.exportPresets.push_back({"report", {"png", "pdf"}, {"a view"}, 7.5, 300});
  io::writeProject(p, dir / "p.toml");
  Project back = io::readProject(dir / "p.toml");
  CHECK(back == p);
  CHECK(back.layers[1].source == "PG:dbname=x");
}

TEST_CASE("a version 1 project reads, and is written as the current version") {
  auto dir = test::scratchDir("io-project-v1");
  test::writeText((dir / "t.geojson").string(), "{}");
  test::writeText((dir / "p.toml").string(),
                  "format_version = 1\n[[layer]]\nname = \"t\"\nsource = \"t.geojson\"\n[[layer]]\nname = \"n\"\n"
                  "source = \"t.geojson\"\n[[view]]\nname = \"v\"\nlayer = \"t\"\nfield = \"f\"\ncontext_layer = \"n\"\n");
  Project p = io::readProject(dir / "p.toml");
  CHECK(p.formatVersion == 1);
  // Version 1's context_layer is the first overlay.
  CHECK(p.views.at(0).overlays == std::vector<std::string>{"n"});
  io::writeProject(p, dir / "p2.toml");
  Project p2 = io::readProject(dir / "p2.toml");
  CHECK(p2.formatVersion == Project::kFormatVersion);
  p.formatVersion = Project::kFormatVersion;
  CHECK(p2 == p);
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
  CHECK(message("format_version = 7\n").find("written by a newer mobmap") != std::string::npos);
  CHECK(message("format_version = 0\n").find(":1: format_version: project format version 0 is not supported") == 0);
  // A typo in a hand-edited key names the line and the key.
  CHECK(message("format_version = 2\n[[layer]]\nname = \"a\"\nsource = \"a.shp\"\n[[view]]\nname = \"v\"\nlayer = \"a\"\n"
                "feild = \"x\"\nfield = \"x\"\n")
            .starts_with(":8: view.feild: unknown key 'feild' in [[view]]"));
  // A significance level is a confidence level below 1; fdr is true or false.
  CHECK(message("format_version = 2\n[[layer]]\nname = \"a\"\nsource = \"a.shp\"\n[[view]]\nname = \"v\"\nlayer = \"a\"\n"
                "field = \"x\"\nsignificance = 90\n") == ":9: view.significance: must be a confidence level below 1, e.g. 0.90");
  CHECK(message("format_version = 2\n[[layer]]\nname = \"a\"\nsource = \"a.shp\"\n[[view]]\nname = \"v\"\nlayer = \"a\"\n"
                "field = \"x\"\nfdr = \"yes\"\n") == ":9: view.fdr: must be true or false");
  // Keys new in version 2 are refused in a version 1 file rather than silently ignored.
  CHECK(message("format_version = 1\ndata_vintage = \"2023\"\n").starts_with(":2: data_vintage: unknown key"));
  CHECK(message("format_version = 2\n[[layer]]\nname = \"a\"\nsource = \"a.shp\"\n[[view]]\nname = \"v\"\nlayer = \"a\"\n"
                "field = \"x\"\nyear = \"2023\"\n") == ":9: view.year: must be a whole number");
  CHECK(message("format_version = 2\n[[layer]]\nname = \"a\"\nsource = \"a.shp\"\ncolor = \"blue\"\n") ==
        ":5: layer.color: must be a colour \"#rrggbb\", e.g. \"#3a7dbf\"");
  CHECK(message("format_version = 2\n[[layer]]\nname = \"a\"\nsource = \"a.shp\"\nline_width_pt = 0\n") ==
        ":5: layer.line_width_pt: must be greater than 0");
  CHECK(message("format_version = 2\n[[layer]]\nname = \"a\"\nsource = \"a.shp\"\n[[view]]\nname = \"v\"\nlayer = \"a\"\n"
                "field = \"x\"\n\nextent = [1, 2, 3]\n")
            .starts_with(":10: view.extent: must be [min lon, min lat, max lon, max lat]"));
  CHECK(message("format_version = 2\n[[layer]]\nname = \"a\"\nsource = \"a.shp\"\n[[view]]\nname = \"v\"\nlayer = \"a\"\n"
                "field = \"x\"\noverlays = [\"rivers\"]\n") == ":9: view.overlays: view 'v' names unknown overlay layer 'rivers'");
  CHECK(message("format_version = 2\n[[export]]\nname = \"r\"\nformats = [\"png\", \"tiff\"]\n")
            .starts_with(":4: export.formats: unknown format 'tiff'"));
  CHECK(message("format_version = 1\ntitle = \"x\n").starts_with(":2: "));
  CHECK(message("format_version = 1\n[[join]]\nlayer = \"t\"\ntable = \"m\"\non = \"a=b\"\n") ==
        ":2: join.layer: join names unknown layer 't'");
}
