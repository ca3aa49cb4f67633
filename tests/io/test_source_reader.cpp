// Reading sources: formats, zipped shapefiles, CRS identification and the lon/lat fallback, bad inputs.
// Expected values: the fixtures written here, and ../shared/data/chicago-tracts-community-areas/SOURCE.md
// (791 tracts, EPSG:3435) for the real file.
#include <catch2/catch.hpp>
#include <cpl_conv.h>
#include <cpl_vsi.h>

#include <filesystem>

#include "core/error.h"
#include "fixtures.h"
#include "io/source_reader.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

TEST_CASE("shapefile: geometry, typed attributes and identified CRS") {
  fs::path dir = test::scratchDir("io-shp");
  std::string shp = (dir / "squares.shp").string();
  test::writeSquaresShapefile(shp, "EPSG:4269");
  Layer layer = io::readLayer(shp);
  CHECK(layer.featureCount() == 2);
  CHECK(layer.crs == "EPSG:4269");
  CHECK(layer.crsIsGeographic);
  CHECK_FALSE(layer.crsAssumed);
  CHECK(layer.attributes.require("GEOID", "t").text(1) == "17031010200");
  CHECK(layer.attributes.require("pop", "t").type() == FieldType::Integer);
  CHECK(layer.geometry.ring(0).size() == 5);
  CHECK(layer.geometry.extent().minX == Approx(-88));
}

TEST_CASE("zipped shapefile is read through /vsizip/") {
  fs::path dir = test::scratchDir("io-zip");
  test::writeSquaresShapefile((dir / "squares.shp").string(), "EPSG:4326");
  std::string zip = (dir / "squares.zip").string();
  void* z = CPLCreateZip(zip.c_str(), nullptr);
  REQUIRE(z);
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj"}) {
    std::string member = std::string("squares") + ext;
    std::ifstream in(dir / member, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    REQUIRE(CPLCreateFileInZip(z, member.c_str(), nullptr) == CE_None);
    REQUIRE(CPLWriteFileInZip(z, bytes.data(), static_cast<int>(bytes.size())) == CE_None);
    CPLCloseFileInZip(z);
  }
  CPLCloseZip(z);
  Layer layer = io::readLayer(zip);
  CHECK(layer.featureCount() == 2);
  CHECK(layer.crs == "EPSG:4326");
}

TEST_CASE("a .prj that is not a CRS (RTF-wrapped) falls back to lon/lat with a warning") {
  fs::path dir = test::scratchDir("io-rtf");
  std::string shp = (dir / "nyc.shp").string();
  test::writeSquaresShapefile(shp, "");
  test::writeText((dir / "nyc.prj").string(), "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} GEOGCS[\"GCS_WGS_1984\"}");
  Layer layer = io::readLayer(shp);
  CHECK(layer.crsAssumed);
  CHECK(layer.crsDefinition == "EPSG:4326");
  REQUIRE_FALSE(layer.warnings.empty());
  CHECK(layer.warnings.front().find(".prj file could not be read") != std::string::npos);
}

TEST_CASE("multi-layer GeoPackage: pick a layer by name, unknown names are listed") {
  fs::path dir = test::scratchDir("io-gpkg");
  std::string gpkg = (dir / "two.gpkg").string();
  GDALAllRegister();
  {
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    for (const char* name : {"tracts", "areas"}) {
      OGRLayer* l = ds->CreateLayer(name, nullptr, wkbPoint, nullptr);
      OGRFeature f(l->GetLayerDefn());
      OGRPoint p(1, 2);
      f.SetGeometry(&p);
      test::mustSucceed(l->CreateFeature(&f));
    }
  }
  CHECK(io::readLayer(gpkg, "areas").name == "areas");
  CHECK(io::describeSource(gpkg).size() == 2);
  try {
    io::readLayer(gpkg, "nope");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("no layer named 'nope' (layers: tracts, areas)") != std::string::npos);
  }
  Layer first = io::readLayer(gpkg);  // no name: the first, with a warning naming both
  CHECK(first.name == "tracts");
  CHECK(first.warnings.size() == 1);
}

TEST_CASE("CSV table: IDs keep zeros, NA is missing, numbers are numbers") {
  fs::path dir = test::scratchDir("io-csv");
  std::string csv = (dir / "m.csv").string();
  test::writeText(csv, "\"year\",\"state\",\"county\",\"subgroup\",\"share\"\n2023,01,001,\"Black, Non-Hispanic\",0.25\n2023,06,037,All,NA\n");
  AttributeTable t = io::readTable(csv);
  CHECK(t.rowCount() == 2);
  CHECK(t.require("state", csv).text(0) == "01");
  CHECK(t.require("county", csv).text(1) == "037");
  CHECK(t.require("year", csv).type() == FieldType::Integer);
  CHECK(t.require("subgroup", csv).text(0) == "Black, Non-Hispanic");
  CHECK(t.require("share", csv).number(0) == 0.25);
  CHECK(t.require("share", csv).isMissing(1));
}

TEST_CASE("XLSX and ODS sheets are typed like CSV") {
  fs::path dir = test::scratchDir("io-xlsx");
  GDALAllRegister();
  for (const char* driverName : {"XLSX", "ODS"}) {
    std::string path = (dir / (std::string("t.") + (std::string(driverName) == "XLSX" ? "xlsx" : "ods"))).string();
    {
      GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName(driverName)->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      OGRLayer* l = ds->CreateLayer("Sheet1", nullptr, wkbNone, nullptr);
      OGRFieldDefn fips("fips", OFTString), v("value", OFTString);
      test::mustSucceed(l->CreateField(&fips));
      test::mustSucceed(l->CreateField(&v));
      for (auto [a, b] : {std::pair{"06037", "1.5"}, {"17031", "NA"}}) {
        OGRFeature f(l->GetLayerDefn());
        f.SetField(0, a);
        f.SetField(1, b);
        test::mustSucceed(l->CreateFeature(&f));
      }
    }
    INFO(driverName);
    AttributeTable t = io::readTable(path);
    REQUIRE(t.rowCount() == 2);
    CHECK(t.require("fips", path).text(0) == "06037");
    CHECK(t.require("value", path).type() == FieldType::Real);
    CHECK(t.require("value", path).isMissing(1));
  }
}

TEST_CASE("bad inputs name the file and the problem") {
  fs::path dir = test::scratchDir("io-bad");
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string missing = (dir / "nope.geojson").string();
  CHECK(message([&] { io::readLayer(missing); }) == missing + ": no such file or directory");

  std::string shp = (dir / "noshx.shp").string();
  test::writeSquaresShapefile(shp, "EPSG:4326");
  fs::remove(dir / "noshx.shx");
  CHECK(message([&] { io::readLayer(shp); }).find("shapefile has no .shx index file") != std::string::npos);

  std::string junk = (dir / "junk.geojson").string();
  test::writeText(junk, "this is not json");
  CHECK(message([&] { io::readLayer(junk); }).starts_with(junk + ": not a vector source or table GDAL can read"));
}

TEST_CASE("real data: Chicago tracts (791, EPSG:3435), us-atlas TopoJSON layers") {
  if (auto shp = test::sharedData("chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp")) {
    auto info = io::describeSource(shp->string());
    REQUIRE(info.size() == 1);
    CHECK(info[0].featureCount == 791);
    CHECK(info[0].crs == "EPSG:3435");
    Layer layer = io::readLayer(shp->string());
    CHECK(layer.featureCount() == 791);
    CHECK(layer.attributes.require("Pov14", "x").type() == FieldType::Real);
  }
  if (auto topo = test::sharedData("us-atlas/us-atlas-2023-4.0.0/counties-10m.json")) {
    Layer counties = io::readLayer(topo->string(), "counties");
    CHECK(counties.featureCount() == 3233);
    CHECK(counties.crsAssumed);  // us-atlas declares no CRS; coordinates are lon/lat
    CHECK(counties.attributes.require("id", "x").text(0).size() == 5);
  }
}

TEST_CASE("FlatGeobuf and KML sources read like the others") {
  fs::path dir = test::scratchDir("io-fgb-kml");
  test::writeSquaresShapefile((dir / "in.shp").string(), "EPSG:4326");
  for (const char* driverName : {"FlatGeobuf", "KML"}) {
    const std::string path = (dir / (std::string("out.") + (std::string(driverName) == "KML" ? "kml" : "fgb"))).string();
    {
      GDALDatasetUniquePtr in(GDALDataset::Open((dir / "in.shp").c_str(), GDAL_OF_VECTOR));
      GDALDatasetUniquePtr out(GetGDALDriverManager()->GetDriverByName(driverName)->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      REQUIRE(out->CopyLayer(in->GetLayer(0), "squares") != nullptr);
    }
    INFO(driverName);
    Layer layer = io::readLayer(path);
    CHECK(layer.featureCount() == 2);
    CHECK(layer.crs == "EPSG:4326");
    CHECK(layer.geometry.extent().minX == Approx(-88));
  }
}
