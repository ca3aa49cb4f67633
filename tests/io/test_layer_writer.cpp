// Writing layers: round trip through GeoPackage (values compared with what was written), and no partial
// file on failure.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/error.h"
#include "fixtures.h"
#include "io/layer_writer.h"
#include "io/source_reader.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

TEST_CASE("GeoPackage round trip keeps geometry, CRS, types and missing values") {
  fs::path dir = test::scratchDir("io-write");
  test::writeSquaresShapefile((dir / "in.shp").string(), "EPSG:4269");
  Layer layer = io::readLayer((dir / "in.shp").string());
  Column extra("note", FieldType::String);
  extra.appendText("quote \" and 'apostrophe', comma");
  extra.appendMissing();
  layer.attributes.addColumn(std::move(extra));
  std::string out = (dir / "out.gpkg").string();
  io::writeLayer(layer, out);
  Layer back = io::readLayer(out);
  CHECK(back.featureCount() == 2);
  CHECK(back.crs == "EPSG:4269");
  CHECK(back.attributes.require("note", out).text(0) == "quote \" and 'apostrophe', comma");
  CHECK(back.attributes.require("note", out).isMissing(1));
  CHECK(back.attributes.require("pop", out).number(1) == 2000);
  CHECK(back.geometry.extent().maxX == Approx(-87.8));
  // No temporary file left beside it.
  std::size_t files = 0;
  for (auto& e : fs::directory_iterator(dir)) files += e.path().filename().string().starts_with(".");
  CHECK(files == 0);
}

TEST_CASE("unwritable or unsupported output leaves nothing behind") {
  fs::path dir = test::scratchDir("io-write-bad");
  test::writeSquaresShapefile((dir / "in.shp").string(), "EPSG:4326");
  Layer layer = io::readLayer((dir / "in.shp").string());
  CHECK_THROWS_AS(io::writeLayer(layer, (dir / "missing-folder" / "x.gpkg").string()), Error);
  CHECK_THROWS_AS(io::writeLayer(layer, (dir / "x.shp").string()), UsageError);
  CHECK_FALSE(fs::exists(dir / "x.shp"));
}
