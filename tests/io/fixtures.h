#pragma once
// Small fixture files written with GDAL for the io tests.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace mobmap::test {

// Fails the fixture set-up loudly when GDAL refuses a write.
inline void mustSucceed(OGRErr err) {
  if (err != OGRERR_NONE) throw std::runtime_error("fixture: GDAL write failed");
}

// Writes a text file.
inline void writeText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Two unit squares with a GEOID field, as a shapefile in `crs` ("" for none), through GDAL.
inline void writeSquaresShapefile(const std::string& path, const char* crs) {
  GDALAllRegister();
  GDALDriver* d = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
  GDALDatasetUniquePtr ds(d->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference srs;
  if (*crs) {
    srs.SetFromUserInput(crs);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  OGRLayer* layer = ds->CreateLayer("squares", *crs ? &srs : nullptr, wkbPolygon, nullptr);
  OGRFieldDefn geoid("GEOID", OFTString);
  mustSucceed(layer->CreateField(&geoid));
  OGRFieldDefn pop("pop", OFTInteger);
  mustSucceed(layer->CreateField(&pop));
  const char* wkts[] = {"POLYGON ((-88 41,-87.9 41,-87.9 41.1,-88 41.1,-88 41))",
                        "POLYGON ((-87.9 41,-87.8 41,-87.8 41.1,-87.9 41.1,-87.9 41))"};
  for (int i = 0; i < 2; ++i) {
    OGRFeature f(layer->GetLayerDefn());
    f.SetField(0, i == 0 ? "17031010100" : "17031010200");
    f.SetField(1, 1000 * (i + 1));
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(wkts[i], nullptr, &g);
    f.SetGeometryDirectly(g);
    mustSucceed(layer->CreateFeature(&f));
  }
}

}  // namespace mobmap::test
