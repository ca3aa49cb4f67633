// GeoPackage tables read straight from SQLite (io/detail/geopackage_rows.h) against GDAL's own reading of the
// same files. Expected values: for every file, the rows GDAL's OGR features give (each geometry converted by
// io::appendGeometry, each field by OGR's GetFieldAs*), the path every other format takes. Files: the real
// nc.gpkg (R's sf package), real Census tract files written to GeoPackage by GDAL, GeoPackages GDAL writes with
// every geometry kind, and one geometry written byte by byte in the big-endian form the GeoPackage standard
// (OGC 12-128r18, §2.1.3) and ISO WKB allow, which GDAL never writes itself.
#include <catch2/catch.hpp>
#include <gdal_utils.h>
#include <sqlite3.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "fixtures.h"
#include "io/detail/geometry_conversion.h"
#include "io/detail/geopackage_rows.h"
#include "io/source_reader.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

struct OpenLayer {
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = nullptr;
};

OpenLayer openLayer(const std::string& path, const std::string& name, const std::vector<const char*>& ignored = {}) {
  GDALAllRegister();
  OpenLayer o;
  o.ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  REQUIRE(o.ds);
  o.layer = name.empty() ? o.ds->GetLayer(0) : o.ds->GetLayerByName(name.c_str());
  REQUIRE(o.layer);
  if (!ignored.empty()) {
    std::vector<const char*> list = ignored;
    list.push_back(nullptr);
    o.layer->SetIgnoredFields(list.data());
  }
  return o;
}

// The rows as GDAL's OGR features give them.
io::GeoPackageRows gdalRows(OGRLayer& layer, double spacing) {
  io::GeoPackageRows out;
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  std::vector<int> fields;
  std::vector<Column> columns;
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    OGRFieldDefn* fd = defn->GetFieldDefn(i);
    if (fd->IsIgnored()) continue;
    fields.push_back(i);
    const OGRFieldType t = fd->GetType();
    columns.emplace_back(fd->GetNameRef(), t == OFTReal ? FieldType::Real : t == OFTString ? FieldType::String : FieldType::Integer);
  }
  std::size_t rows = 0;
  layer.ResetReading();
  for (auto& f : layer) {
    ++rows;
    out.geometry.beginFeature();
    if (const OGRGeometry* g = f->GetGeometryRef()) io::appendGeometry(out.geometry, *g, spacing);
    for (std::size_t j = 0; j < fields.size(); ++j) {
      const int i = fields[j];
      if (!f->IsFieldSetAndNotNull(i)) columns[j].appendMissing();
      else if (columns[j].type() == FieldType::String) columns[j].appendText(f->GetFieldAsString(i));
      else if (columns[j].type() == FieldType::Integer) columns[j].appendNumber(double(f->GetFieldAsInteger64(i)));
      else columns[j].appendNumber(f->GetFieldAsDouble(i));
    }
  }
  out.attributes.setRowCountWithoutColumns(rows);
  for (Column& c : columns) out.attributes.addColumn(std::move(c));
  return out;
}

bool sameBits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// Every feature, part, ring and vertex (bit for bit), and every cell, the same.
void requireSame(const GeometryStore& a, const AttributeTable& ta, const GeometryStore& b, const AttributeTable& tb) {
  REQUIRE(a.featureCount() == b.featureCount());
  REQUIRE(a.partCount() == b.partCount());
  REQUIRE(a.ringCount() == b.ringCount());
  REQUIRE(a.pointCount() == b.pointCount());
  for (std::size_t f = 0; f < a.featureCount(); ++f) {
    REQUIRE(a.partsOf(f).size() == b.partsOf(f).size());
    for (std::size_t p : a.partsOf(f)) {
      REQUIRE(a.partKind(p) == b.partKind(p));
      REQUIRE(*a.ringsOf(p).begin() == *b.ringsOf(p).begin());
      REQUIRE(a.ringsOf(p).size() == b.ringsOf(p).size());
    }
  }
  std::size_t differing = 0;
  for (std::size_t r = 0; r < a.ringCount(); ++r) {
    REQUIRE(a.ring(r).size() == b.ring(r).size());
    for (std::size_t i = 0; i < a.ring(r).size(); ++i)
      if (!sameBits(a.ring(r)[i].x, b.ring(r)[i].x) || !sameBits(a.ring(r)[i].y, b.ring(r)[i].y)) ++differing;
  }
  CHECK(differing == 0);
  REQUIRE(ta.rowCount() == tb.rowCount());
  REQUIRE(ta.columns().size() == tb.columns().size());
  for (std::size_t c = 0; c < ta.columns().size(); ++c) {
    const Column& x = ta.columns()[c];
    const Column& y = tb.columns()[c];
    INFO("column " << x.name());
    REQUIRE(x.name() == y.name());
    REQUIRE(x.type() == y.type());
    std::size_t cells = 0;
    for (std::size_t r = 0; r < ta.rowCount(); ++r) {
      const bool same = x.isMissing(r) == y.isMissing(r) && x.missingReason(r) == y.missingReason(r) &&
                        (x.isMissing(r) || (x.isNumeric() ? sameBits(*x.optionalNumber(r), *y.optionalNumber(r))
                                                          : x.displayText(r) == y.displayText(r)));
      if (!same) ++cells;
    }
    CHECK(cells == 0);
  }
}

// The direct read, required to be taken, equal to GDAL's.
void requireSameAsGdal(const std::string& path, const std::string& layerName, double spacing,
                       const std::vector<const char*>& ignored = {}) {
  OpenLayer direct = openLayer(path, layerName, ignored);
  std::optional<io::GeoPackageRows> rows = io::readGeoPackageRows(path, *direct.layer, spacing);
  REQUIRE(rows);
  OpenLayer viaGdal = openLayer(path, layerName, ignored);
  io::GeoPackageRows expected = gdalRows(*viaGdal.layer, spacing);
  requireSame(rows->geometry, rows->attributes, expected.geometry, expected.attributes);
}

OGRGeometry* fromWkt(const char* wkt) {
  OGRGeometry* g = nullptr;
  REQUIRE(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g) == OGRERR_NONE);
  return g;
}

}  // namespace

TEST_CASE("GeoPackage rows: R's nc.gpkg read directly equals GDAL's reading, whole and generalised") {
  auto nc = test::sharedData("nc-counties-sids/nc.gpkg");
  if (!nc) return;
  requireSameAsGdal(nc->string(), "", 0);
  requireSameAsGdal(nc->string(), "", 0.02);  // vertices closer than 0.02 degrees dropped, as appendGeometry does
  requireSameAsGdal(nc->string(), "", 0, {"AREA", "NAME", "FIPS"});  // only the fields not ignored
  // Through the public reader: the same layer as before.
  Layer layer = io::readLayer(nc->string());
  CHECK(layer.featureCount() == 100);
  CHECK(layer.crs == "EPSG:4267");
}

TEST_CASE("GeoPackage rows: Census tract files written to GeoPackage by GDAL (polygons and multipolygons)") {
  auto dc = test::sharedData("us-tracts-cb2018-500k-partial/cb_2018_11_tract_500k.json");
  auto hi = test::sharedData("us-tracts-cb2018-500k-partial/cb_2018_15_tract_500k.json");
  if (!dc || !hi) return;
  const fs::path dir = test::scratchDir("io-gpkg-rows-tracts");
  const std::string gpkg = (dir / "tracts.gpkg").string();
  GDALAllRegister();
  for (const fs::path& src : {*dc, *hi}) {
    // As bench/us_tracts.sh merges them: ogr2ogr -f GPKG -append -nln tracts -nlt MULTIPOLYGON.
    GDALDatasetH in = GDALOpenEx(src.string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    REQUIRE(in);
    const bool first = !fs::exists(gpkg);
    std::vector<const char*> argv = {"-f", "GPKG", "-nln", "tracts", "-nlt", "MULTIPOLYGON"};
    if (!first) argv.push_back("-append");
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(const_cast<char**>(argv.data()), nullptr);
    GDALDatasetH out = GDALVectorTranslate(gpkg.c_str(), nullptr, 1, &in, options, nullptr);
    GDALVectorTranslateOptionsFree(options);
    REQUIRE(out);
    GDALClose(out);
    GDALClose(in);
  }
  requireSameAsGdal(gpkg, "tracts", 0);
  requireSameAsGdal(gpkg, "tracts", 0.001);
  CHECK(io::readLayer(gpkg, "tracts").featureCount() == 179 + 331);  // DC and Hawaii, SOURCE.md
}

namespace {

// A GeoPackage written by GDAL with one feature per geometry (null for none) and fields of every type read
// directly: 32-bit and 64-bit integers, reals (one a Census annotation value), UTF-8 text, and nulls.
void writeEveryKind(const std::string& path, const std::vector<const char*>& wkts) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  REQUIRE(ds);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  // No spatial index: its triggers call SQL functions only GDAL's connection has, and setGeometryBlob writes
  // with plain SQLite.
  const char* options[] = {"SPATIAL_INDEX=NO", nullptr};
  OGRLayer* layer = ds->CreateLayer("kinds", &wgs84, wkbUnknown, const_cast<char**>(options));
  REQUIRE(layer);
  const std::pair<const char*, OGRFieldType> defs[] = {
      {"small", OFTInteger}, {"big", OFTInteger64}, {"share", OFTReal}, {"name", OFTString}};
  for (const auto& [name, type] : defs) {
    OGRFieldDefn fd(name, type);
    test::mustSucceed(layer->CreateField(&fd));
  }
  for (std::size_t i = 0; i < wkts.size(); ++i) {
    OGRFeature f(layer->GetLayerDefn());
    if (i % 3 != 2) f.SetField(0, static_cast<int>(i) - 7);
    f.SetField(1, static_cast<GIntBig>(5'000'000'000LL + static_cast<long long>(i)));
    if (i % 4 != 1) f.SetField(2, i == 3 ? -666666666.0 : 0.1 * static_cast<double>(i));
    if (i % 5 != 4) f.SetField(3, i % 2 ? "Doña Ana" : "");
    if (wkts[i]) f.SetGeometryDirectly(fromWkt(wkts[i]));
    test::mustSucceed(layer->CreateFeature(&f));
  }
}

// GeoPackage binary for a polygon, in big-endian byte order throughout (flags bit 0 clear: the header's
// srs_id big-endian; WKB byte order 0), with an xy envelope.
std::vector<unsigned char> bigEndianPolygonBlob(const std::vector<std::vector<std::pair<double, double>>>& rings) {
  std::vector<unsigned char> b = {'G', 'P', 0, 0x02};  // version 0; flags: envelope [minx, maxx, miny, maxy]
  auto u32 = [&](std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<unsigned char>(v >> s));
  };
  auto f64 = [&](double d) {
    const auto v = std::bit_cast<std::uint64_t>(d);
    for (int s = 56; s >= 0; s -= 8) b.push_back(static_cast<unsigned char>(v >> s));
  };
  u32(4326);
  double minX = 1e300, maxX = -1e300, minY = 1e300, maxY = -1e300;
  for (const auto& r : rings)
    for (auto [x, y] : r) minX = std::min(minX, x), maxX = std::max(maxX, x), minY = std::min(minY, y), maxY = std::max(maxY, y);
  for (double d : {minX, maxX, minY, maxY}) f64(d);
  b.push_back(0);  // WKB big-endian
  u32(3);          // Polygon
  u32(static_cast<std::uint32_t>(rings.size()));
  for (const auto& r : rings) {
    u32(static_cast<std::uint32_t>(r.size()));
    for (auto [x, y] : r) f64(x), f64(y);
  }
  return b;
}

void setGeometryBlob(const std::string& path, const char* table, long long fid, const std::vector<unsigned char>& blob) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  const std::string sql = std::string("UPDATE ") + table + " SET geom = ? WHERE fid = ?";
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  sqlite3_bind_blob(s, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 2, fid);
  CHECK(sqlite3_step(s) == SQLITE_DONE);
  sqlite3_finalize(s);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("GeoPackage rows: every geometry kind, Z and M, empties, nulls and typed fields equal GDAL's reading") {
  const fs::path dir = test::scratchDir("io-gpkg-rows-kinds");
  const std::string gpkg = (dir / "kinds.gpkg").string();
  writeEveryKind(gpkg, {"POINT (1 2)", "POINT EMPTY", "LINESTRING (0 0,1 1,2 0)", "LINESTRING EMPTY",
                        "POLYGON ((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1))", "POLYGON EMPTY", nullptr,
                        "MULTIPOINT ((1 1),(2 2))", "MULTILINESTRING ((0 0,1 0),(5 5,6 6,7 5))",
                        "MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5),(5.2 5.1,5.8 5.1,5.8 5.7,5.2 5.1)))",
                        "GEOMETRYCOLLECTION (POINT (3 3),POLYGON ((0 0,1 0,1 1,0 0)),LINESTRING (9 9,8 8))",
                        "POLYGON Z ((0 0 10,4 0 11,4 4 12,0 0 10))", "MULTIPOLYGON ZM (((0 0 1 2,1 0 1 2,1 1 1 2,0 0 1 2)))",
                        "LINESTRING M (0 0 5,3 4 6)", "MULTIPOLYGON EMPTY", "POINT (-0.0 1e-300)"});
  requireSameAsGdal(gpkg, "kinds", 0);
  requireSameAsGdal(gpkg, "kinds", 0.5);
}

TEST_CASE("GeoPackage rows: a big-endian geometry written in the standard's byte form reads as GDAL reads it") {
  const fs::path dir = test::scratchDir("io-gpkg-rows-be");
  const std::string gpkg = (dir / "be.gpkg").string();
  writeEveryKind(gpkg, {"POINT (0 0)", "POINT (1 1)"});
  setGeometryBlob(gpkg, "kinds", 2,
                  bigEndianPolygonBlob({{{-88.5, 41.25}, {-87.5, 41.25}, {-87.5, 42.125}, {-88.5, 41.25}},
                                        {{-88.0, 41.5}, {-87.75, 41.5}, {-87.75, 41.75}, {-88.0, 41.5}}}));
  requireSameAsGdal(gpkg, "kinds", 0);
  OpenLayer o = openLayer(gpkg, "kinds");
  auto rows = io::readGeoPackageRows(gpkg, *o.layer, 0);
  REQUIRE(rows);
  REQUIRE(rows->geometry.ringCount() == 3);  // the point's, then the polygon's two
  CHECK(rows->geometry.ring(1)[2].y == 42.125);
}

TEST_CASE("GeoPackage rows: curves, dates and undecodable blobs are left to GDAL, and readLayer still reads them") {
  const fs::path dir = test::scratchDir("io-gpkg-rows-fallback");
  SECTION("a curve") {
    const std::string gpkg = (dir / "curve.gpkg").string();
    writeEveryKind(gpkg, {"POINT (0 0)", "CIRCULARSTRING (0 0,1 1,2 0)"});
    OpenLayer o = openLayer(gpkg, "kinds");
    CHECK_FALSE(io::readGeoPackageRows(gpkg, *o.layer, 0));
    Layer layer = io::readLayer(gpkg, "kinds");  // GDAL's reading, its arc linearised
    CHECK(layer.featureCount() == 2);
    CHECK(layer.geometry.pointCount() > 3);
  }
  SECTION("a date field") {
    const std::string gpkg = (dir / "date.gpkg").string();
    {
      GDALAllRegister();
      GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      OGRLayer* layer = ds->CreateLayer("dated", nullptr, wkbPoint, nullptr);
      OGRFieldDefn day("surveyed", OFTDate);
      test::mustSucceed(layer->CreateField(&day));
      OGRFeature f(layer->GetLayerDefn());
      f.SetField(0, 2024, 5, 17);
      f.SetGeometryDirectly(fromWkt("POINT (1 2)"));
      test::mustSucceed(layer->CreateFeature(&f));
    }
    OpenLayer o = openLayer(gpkg, "dated");
    CHECK_FALSE(io::readGeoPackageRows(gpkg, *o.layer, 0));
    CHECK(io::readLayer(gpkg, "dated").attributes.require("surveyed", gpkg).displayText(0) == "2024/05/17");  // OGR's form
  }
  SECTION("a truncated blob") {
    const std::string gpkg = (dir / "cut.gpkg").string();
    writeEveryKind(gpkg, {"POINT (0 0)", "POINT (1 1)"});
    std::vector<unsigned char> blob = bigEndianPolygonBlob({{{0, 0}, {1, 0}, {1, 1}, {0, 0}}});
    blob.resize(blob.size() - 5);
    setGeometryBlob(gpkg, "kinds", 2, blob);
    OpenLayer o = openLayer(gpkg, "kinds");
    CHECK_FALSE(io::readGeoPackageRows(gpkg, *o.layer, 0));
    CHECK(io::readLayer(gpkg, "kinds").featureCount() == 2);  // GDAL reads the cut one as having no geometry
  }
}
