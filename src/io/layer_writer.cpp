#include "io/layer_writer.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <cpl_vsi.h>

#include <filesystem>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/text.h"
#include "io/gdal_session.h"
#include "io/detail/geometry_conversion.h"
#include "io/detail/ogr_fields.h"

namespace mobmap::io {

namespace {

std::string driverFor(const std::string& path) {
  std::string ext = toLower(std::filesystem::path(path).extension().string());
  if (ext == ".gpkg") return "GPKG";
  if (ext == ".geojson" || ext == ".json") return "GeoJSON";
  if (ext == ".fgb") return "FlatGeobuf";
  if (ext == ".csv") return "CSV";
  throw UsageError(path + ": unsupported output extension '" + ext +
                   "' (use .gpkg, .geojson, .fgb or .csv; a Shapefile needs several files and cuts field names)");
}

OGRwkbGeometryType layerTypeOf(const GeometryStore& g) {
  for (std::size_t p = 0; p < g.partCount(); ++p) {
    switch (g.partKind(p)) {
      case PartKind::Polygon: return wkbMultiPolygon;
      case PartKind::Line: return wkbMultiLineString;
      case PartKind::Point: return wkbMultiPoint;
    }
  }
  return wkbUnknown;
}

}  // namespace

void writeLayer(const Layer& layer, const std::string& path) {
  ensureGdal();
  const std::string driverName = driverFor(path);
  AtomicFile temp(path);
  // GDAL's GeoJSON and CSV drivers do not check their writes (a full disk gives a truncated file and no error):
  // those are written in memory and copied to disk with every write checked. SQLite and FlatGeobuf report theirs.
  const bool viaMemory = driverName == "GeoJSON" || driverName == "CSV";
  const std::string gdalPath = viaMemory ? memoryPathFor(temp.target().filename().string()) : temp.tempPath().string();
  struct MemoryCleanup {
    const std::string* path;
    bool active;
    ~MemoryCleanup() {
      if (active) removeMemoryFile(*path);
    }
  } cleanup{&gdalPath, viaMemory};
  try {
    {
      GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName.c_str());
      CPLErrorReset();
      GDALDatasetUniquePtr ds(driver->Create(gdalPath.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!ds) throw Error(path + ": cannot write (" + takeGdalError() + ")");

      OGRSpatialReference srs;
      bool haveSrs = false;
      if (!layer.crsDefinition.empty() && srs.SetFromUserInput(layer.crsDefinition.c_str()) == OGRERR_NONE) {
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        haveSrs = true;
      }
      const bool hasGeometry = layer.geometry.featureCount() > 0;
      char** options = nullptr;
      if (driverName == "CSV" && hasGeometry) options = CSLSetNameValue(options, "GEOMETRY", "AS_WKT");
      OGRLayer* out = ds->CreateLayer(layer.name.empty() ? "layer" : layer.name.c_str(), haveSrs ? &srs : nullptr,
                                      hasGeometry ? layerTypeOf(layer.geometry) : wkbNone, options);
      CSLDestroy(options);
      if (!out) throw Error(path + ": cannot create layer (" + takeGdalError() + ")");

      const AttributeTable& table = layer.attributes;
      for (const Column& c : table.columns()) {
        OGRFieldDefn defn(c.name().c_str(), ogrFieldType(c.type()));
        if (out->CreateField(&defn) != OGRERR_NONE)
          throw Error(path + ": cannot create field '" + c.name() + "' (" + takeGdalError() + ")");
      }
      const bool transaction = ds->StartTransaction() == OGRERR_NONE;
      for (std::size_t r = 0; r < table.rowCount(); ++r) {
        OGRFeature feature(out->GetLayerDefn());
        for (std::size_t i = 0; i < table.columnCount(); ++i) setOgrField(feature, static_cast<int>(i), table.column(i), r);
        if (hasGeometry && r < layer.geometry.featureCount())
          if (auto g = toOgrGeometry(layer.geometry, r)) feature.SetGeometryDirectly(g.release());
        if (out->CreateFeature(&feature) != OGRERR_NONE)
          throw Error(path + ": cannot write feature " + std::to_string(r + 1) + " (" + takeGdalError() + ")");
      }
      if (transaction && ds->CommitTransaction() != OGRERR_NONE) throw Error(path + ": cannot write (" + takeGdalError() + ")");
      CPLErrorReset();
      GDALClose(GDALDataset::ToHandle(ds.release()));
      if (CPLGetLastErrorType() == CE_Failure) throw Error(path + ": cannot write (" + takeGdalError() + ")");
    }
    if (viaMemory) {
      cleanup.active = false;
      saveMemoryFile(gdalPath, temp.tempPath(), path);
    }
  } catch (const UsageError&) {
    throw;
  } catch (const Error&) {
    // GDAL's drivers word a full disk in many ways ("no such table", "I/O failure"); say it plainly.
    std::error_code ec;
    const auto space = std::filesystem::space(std::filesystem::absolute(temp.target()).parent_path(), ec);
    if (!ec && space.available < 64 * 1024) throw Error(path + ": cannot write (the disk is full)");
    throw;
  }
  temp.commit();
}

}  // namespace mobmap::io
