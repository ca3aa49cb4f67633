// An area's value as the viewer's tooltip and inspector and the figures' callouts show it
// (session::areaValueText). Expected values: nc.gpkg's row for Pitt County (BIR74 5094, a real field: ogrinfo)
// and the DC tract file's first tract (ALAND, an integer field), at the decimals the rule gives: the
// choropleth legend's when the map classifies the field, the value's own otherwise (a LISA map's classes are
// clusters, not values of the field).
#include <catch2/catch.hpp>

#include "io/source_reader.h"
#include "render/number_format.h"
#include "session/area_value.h"
#include "session/map_kind.h"
#include "test_support.h"

using namespace mobmap;

namespace {

std::size_t rowOf(const Layer& layer, const std::string& column, const std::string& value) {
  const Column& c = layer.attributes.require(column, "test");
  for (std::size_t r = 0; r < c.size(); ++r)
    if (c.displayText(r) == value) return r;
  FAIL("no row with " << column << " = " << value);
  return 0;
}

session::ViewSpec specOf(const std::string& data, const std::string& field, session::MapKind kind) {
  session::ViewSpec spec;
  spec.data = data;
  spec.field = field;
  spec.map.kind = kind;
  if (kind != session::MapKind::Choropleth) spec.map.fields = {field};
  return spec;
}

}  // namespace

TEST_CASE("area values: a LISA map shows the field at the value's own decimals, a choropleth at its legend's") {
  auto nc = test::sharedData("nc-counties-sids/nc.gpkg");
  auto dc = test::sharedData("us-tracts-cb2018-500k-partial/cb_2018_11_tract_500k.json");
  if (!nc || !dc) return;
  const Layer counties = io::readLayer(nc->string());
  const std::size_t pitt = rowOf(counties, "NAME", "Pitt");
  {
    const session::ViewSpec choropleth = specOf(nc->string(), "BIR74", session::MapKind::Choropleth);
    const session::BuiltMap built = session::buildMap(choropleth, counties);
    // The legend's breaks of BIR74 need one decimal (4,450.4 ...): the value takes the same.
    CHECK(render::formatForBreaks("", built.map.classification.breaks).decimals == 1);
    CHECK(session::areaValueText(choropleth, counties, &built.map, pitt) == "5,094.0");
  }
  {
    const session::ViewSpec lisa = specOf(nc->string(), "BIR74", session::MapKind::Lisa);
    const session::BuiltMap built = session::buildMap(lisa, counties);
    // A real field: one decimal at least (it was "5,094.00", the default for a map without breaks of the field).
    CHECK(session::areaValueText(lisa, counties, &built.map, pitt) == "5,094.0");
  }
  const Layer tracts = io::readLayer(dc->string());
  REQUIRE(tracts.attributes.require("ALAND", "dc").type() == FieldType::Integer);
  const std::size_t first = 0;
  const double aland = tracts.attributes.require("ALAND", "dc").number(first);
  const std::string whole = render::NumberFormat{"", 0}.format(aland);
  const session::ViewSpec lisa = specOf(dc->string(), "ALAND", session::MapKind::Lisa);
  const session::BuiltMap built = session::buildMap(lisa, tracts);
  CHECK(session::areaValueText(lisa, tracts, &built.map, first) == whole);  // an integer field: no decimals
  CHECK(session::areaValueText(lisa, tracts, nullptr, first) == whole);
}
