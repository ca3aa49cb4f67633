// The viewer's map types: each kind gives the same per-area colours as the view builder `mobmap render` uses
// for it (buildLisaMap, buildComparisonMap, buildBivariateMap called directly on the same layer), and the
// two-field kinds refuse to build without a second field. Fixture: the render tests' 4 x 3 grid (value 1..12,
// feature 5 missing) with a second field b = 13 − value.
#include <catch2/catch.hpp>

#include "../render/fixture_map.h"
#include "core/error.h"
#include "render/bivariate_map.h"
#include "render/comparison_map.h"
#include "render/lisa_map.h"
#include "session/view_spec.h"
#include "ui/map_type.h"
#include "ui/viewer_state.h"

#include <chrono>
#include <memory>

using namespace mobmap;

namespace {

session::LoadedView fixtureView() {
  session::LoadedView v;
  v.data.layer = test::fixtureGrid();
  Column b("b", FieldType::Real);
  for (int i = 0; i < 12; ++i) b.appendNumber(13 - i - 1);
  v.data.layer.attributes.addColumn(std::move(b));
  v.spec.data = "fixture";
  v.spec.field = "value";
  return v;
}

}  // namespace

TEST_CASE("map types parse by name and say which need a second field") {
  CHECK(ui::parseMapType("LISA") == ui::MapType::Lisa);
  CHECK(ui::parseMapType("choropleth") == ui::MapType::Choropleth);
  CHECK(ui::parseMapType("bivariate") == ui::MapType::Bivariate);
  CHECK_FALSE(ui::parseMapType("hexbin"));
  CHECK(ui::needsSecondField(ui::MapType::Gap));
  CHECK(ui::needsSecondField(ui::MapType::Bivariate));
  CHECK_FALSE(ui::needsSecondField(ui::MapType::Lisa));
}

TEST_CASE("each map type colours the areas as its view builder does") {
  const session::LoadedView v = fixtureView();
  const Layer& layer = v.data.layer;

  render::LisaMapRequest lr;
  lr.field = "value";
  const render::ThematicMap lisa = ui::buildMapOfType(v, ui::MapType::Lisa, "");
  CHECK(lisa.fillIndex == render::buildLisaMap(layer, lr, "fixture").map.fillIndex);
  CHECK(lisa.fillIndex[5] == render::kLisaNoData);

  render::ComparisonRequest cr{"value", "b", render::Comparison::Gap, session::thematicRequest(v.spec)};
  const render::ThematicMap gap = ui::buildMapOfType(v, ui::MapType::Gap, "b");
  CHECK(gap.fillIndex == render::buildComparisonMap(layer.attributes, cr, "fixture").map.fillIndex);

  render::BivariateRequest br{"value", "b", "", "choropleth", ""};
  const render::ThematicMap bi = ui::buildMapOfType(v, ui::MapType::Bivariate, "b");
  CHECK(bi.fillIndex == render::buildBivariateMap(layer.attributes, br, "fixture").map.fillIndex);
  REQUIRE(bi.legend.grid);

  const render::ThematicMap choropleth = ui::buildMapOfType(v, ui::MapType::Choropleth, "");
  CHECK(choropleth.fillIndex == render::buildThematicMap(layer.attributes, session::thematicRequest(v.spec), "fixture").fillIndex);

  CHECK_THROWS_AS(ui::buildMapOfType(v, ui::MapType::Ratio, ""), UsageError);
}

TEST_CASE("a view opened shows the map its project saved, and the first view after --map-type keeps that type") {
  ui::ViewerState state;
  auto gapView = std::make_unique<session::LoadedView>(fixtureView());
  gapView->spec.map.kind = ui::MapType::Gap;
  gapView->spec.map.fields = {"value", "b"};
  ui::installView(state, std::move(gapView));
  ui::adoptViewMapKind(state);
  CHECK(state.mapType == ui::MapType::Gap);
  CHECK(state.secondField == "b");
  CHECK(state.view->spec.field == "value");

  ui::installView(state, std::make_unique<session::LoadedView>(fixtureView()));  // a choropleth view next
  ui::adoptViewMapKind(state);
  CHECK(state.mapType == ui::MapType::Choropleth);

  state.mapType = ui::MapType::Lisa;  // --map-type lisa, then the first view (a choropleth view)
  state.mapTypeFromOptions = true;
  ui::installView(state, std::make_unique<session::LoadedView>(fixtureView()));
  ui::adoptViewMapKind(state);
  CHECK(state.mapType == ui::MapType::Lisa);
  CHECK_FALSE(state.mapTypeFromOptions);
  ui::waitForMapJobs(state, std::chrono::milliseconds(10000));
}
