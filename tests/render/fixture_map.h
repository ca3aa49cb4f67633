#pragma once
// A small fixture map for render tests: a 4 x 3 grid of 1 km squares in UTM zone 16N (EPSG:26916) with a
// value field 1..12 (feature 5 missing) and an Urban-style quality flag (feature 10 weak).
#include "core/layer.h"

namespace mobmap::test {

inline Layer fixtureGrid() {
  Layer l;
  l.name = "grid";
  l.source = "fixture";
  l.crs = l.crsDefinition = "EPSG:26916";
  Column value("value", FieldType::Real), quality("value_quality", FieldType::Integer), name("name", FieldType::String);
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 4; ++col) {
      const int i = row * 4 + col;
      const double x = 440000 + col * 1000.0, y = 4640000 + row * 1000.0;
      l.geometry.beginFeature();
      l.geometry.beginPart(PartKind::Polygon);
      l.geometry.beginRing();
      for (auto [dx, dy] : {std::pair{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}, {0, 0}}) l.geometry.addPoint(x + dx, y + dy);
      i == 5 ? value.appendMissing() : value.appendNumber(i + 1);
      quality.appendNumber(i == 10 ? 3 : 1);
      name.appendText("Area <" + std::to_string(i + 1) + "> & 'co'");
    }
  l.attributes.addColumn(std::move(value));
  l.attributes.addColumn(std::move(quality));
  l.attributes.addColumn(std::move(name));
  return l;
}

}  // namespace mobmap::test
