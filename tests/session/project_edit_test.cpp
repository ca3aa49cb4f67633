// The viewer's view written into a project (session::projectWithView) and back: a saved project reopens to the
// same view spec. Expected values are the spec's, set here; the demo project is geodata/demo/project.toml.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "io/project_file.h"
#include "session/long_table.h"
#include "session/project_edit.h"
#include "session/view_spec.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

std::string demo() { return (test::sourceDir() / "geodata/demo/project.toml").string(); }

session::ViewSpec demoView(const std::string& name) {
  session::ViewSpec spec;
  spec.data = demo();
  session::applyProjectView(spec, name);
  return spec;
}

// The spec a view of `file` gives, as `mobmap render FILE --view NAME` and the viewer load it.
session::ViewSpec reopened(const std::string& file, const std::string& name) {
  session::ViewSpec spec;
  spec.data = file;
  session::applyProjectView(spec, name);
  return spec;
}

}  // namespace

TEST_CASE("an edited view saved into the project reopens to the same spec") {
  session::ViewSpec spec = demoView("poverty");
  spec.method = "quantile";
  spec.classes = 4;
  spec.ramp = "PuBu";
  spec.title = "Poverty by tract";
  spec.legendTitle = "Below poverty (%)";
  spec.source = "Synthetic ACS";
  spec.assignCrs = "EPSG:4269";
  const Project before = io::readProject(demo());
  const Project after = session::projectWithView(before, "poverty", spec);
  CHECK(after.layers.size() == before.layers.size());  // the same layers: none added for the view's own
  CHECK(after.joins == before.joins);
  CHECK(after.exportPresets == before.exportPresets);
  CHECK(after.findLayer("tracts")->crs == "EPSG:4269");

  const fs::path dir = test::scratchDir("project-edit");
  const std::string file = (dir / "saved.toml").string();
  io::writeProject(after, file);
  const session::ViewSpec back = reopened(file, "poverty");
  CHECK(back.method == "quantile");
  CHECK(back.classes == 4);
  CHECK(back.ramp == "PuBu");
  CHECK(back.title == "Poverty by tract");
  CHECK(back.legendTitle == "Below poverty (%)");
  CHECK(back.source == "Synthetic ACS");
  CHECK(back.assignCrs == "EPSG:4269");
  CHECK(back.per == spec.per);
  CHECK(fs::path(back.data) == fs::path(spec.data));
  CHECK(fs::path(back.join) == fs::path(spec.join));
  CHECK(back.on == spec.on);
  CHECK(back.calloutNotes == spec.calloutNotes);
  REQUIRE(back.context.size() == spec.context.size());
  for (std::size_t i = 0; i < back.context.size(); ++i) CHECK(fs::path(back.context[i].source) == fs::path(spec.context[i].source));
  // Unchanged, the view writes back the project it came from.
  CHECK(session::projectWithView(before, "poverty", demoView("poverty")) == before);
}

TEST_CASE("another year and subgroup of a long table and manual breaks are kept") {
  // The demo's county view joins the long Mobility Metrics table with `where = "year = 2023 AND subgroup = 'All'"`.
  const Project before = io::readProject(demo());
  const std::string viewName = "county metric";
  session::ViewSpec spec;
  spec.data = before.findLayer("county")->source.string();
  spec.join = before.findTable("mobility_metrics")->source.string();
  spec.on = "GEOID=state+county";
  spec.where = "year = 2023 AND subgroup = 'All'";
  spec.field = "share_debt_coll";
  session::retargetRows(spec, session::withYearAndSubgroup(spec.where, 2018, std::string("Black, Non-Hispanic")));
  spec.method = "manual";
  spec.breaks = {10, 20, 30};
  const Project after = session::projectWithView(before, viewName, spec);
  const fs::path dir = test::scratchDir("project-edit-rows");
  const std::string file = (dir / "saved.toml").string();
  io::writeProject(after, file);
  const session::ViewSpec back = reopened(file, viewName);
  CHECK(session::filterYear(back.where) == 2018);
  CHECK(session::filterSubgroup(back.where) == "Black, Non-Hispanic");
  CHECK(back.breaks == std::vector<double>{10, 20, 30});
  CHECK(back.method == "manual");
  // The year and subgroup live in the join's filter, where the project had them.
  const Project reread = io::readProject(file);
  REQUIRE(reread.joins.size() == before.joins.size());
  CHECK(reread.findView(viewName)->layer == "county");
  CHECK_FALSE(reread.findView(viewName)->year);
}

TEST_CASE("a data file opened without a project becomes a new project with its layer and view") {
  auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp");
  if (!shp) return;
  session::ViewSpec spec;
  spec.data = shp->string();
  spec.field = "Pov14";
  spec.classes = 6;
  const Project p = session::projectWithView(Project{}, session::defaultViewName(spec), spec, "/tmp/notes.gpkg");
  REQUIRE(p.layers.size() == 1);
  CHECK(p.layers[0].name == "Chi-SDOH");
  REQUIRE(p.views.size() == 1);
  CHECK(p.views[0].name == "Pov14");
  CHECK(p.views[0].layer == "Chi-SDOH");
  CHECK(p.views[0].classes == 6);
  CHECK(p.notesStore == "/tmp/notes.gpkg");
  CHECK(session::defaultProjectPath(shp->string()) ==
        (fs::absolute(*shp).lexically_normal().parent_path() / "Chi-SDOH-project.toml").string());
}
