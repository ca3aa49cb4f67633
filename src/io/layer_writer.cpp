#include "io/layer_writer.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>

#include "core/error.h"
#include "core/text.h"
#include "io/gdal_session.h"
#include "io/geometry_conversion.h"
#include "io/ogr_fields.h"

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

class TemporaryFile {
 public:
  explicit TemporaryFile(std::filesystem::path final) : m_final(std::move(final)) {
    std::string name = ".";
    name.append(m_final.stem().string()).append(".partial-").append(std::to_string(::getpid()));
    name.append(m_final.extension().string());
    m_temp = m_final;
    m_temp.replace_filename(name);
  }
  ~TemporaryFile() {
    std::error_code ec;
    if (!m_committed) std::filesystem::remove(m_temp, ec);
  }
  const std::filesystem::path& path() const { return m_temp; }
  void commit() {
    std::error_code ec;
    std::filesystem::rename(m_temp, m_final, ec);
    if (ec) throw Error(m_final.string() + ": cannot write (" + ec.message() + ")");
    m_committed = true;
  }

 private:
  std::filesystem::path m_final, m_temp;
  bool m_committed = false;
};

}  // namespace

void writeLayer(const Layer& layer, const std::string& path) {
  ensureGdal();
  const std::string driverName = driverFor(path);
  std::filesystem::path parent = std::filesystem::absolute(path).parent_path();
  if (!std::filesystem::is_directory(parent)) throw Error(path + ": cannot write: folder " + parent.string() + " does not exist");

  TemporaryFile temp(path);
  {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName.c_str());
    CPLErrorReset();
    GDALDatasetUniquePtr ds(driver->Create(temp.path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
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
  temp.commit();
}

}  // namespace mobmap::io
