#include "notes/area_locator.h"

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "core/error.h"
#include "core/geoid.h"
#include "io/gdal_session.h"
#include "notes/note_fields.h"

namespace mobmap::notes {

struct AreaLocator::Impl {
  struct Area {
    std::string key;
    std::unique_ptr<OGRGeometry> geometry;  // in lon/lat
    OGREnvelope envelope;
  };
  std::vector<Area> areas;
};

AreaLocator::AreaLocator(const std::string& path, const std::string& layerName, const std::string& keyField,
                         const std::string& where)
    : m_impl(std::make_unique<Impl>()) {
  io::ensureGdal();
  io::checkReadable(path);
  std::string gdalPath = io::gdalPathFor(path);
  GDALDatasetUniquePtr ds(GDALDataset::Open(gdalPath.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw Error(path + ": cannot open: " + io::takeGdalError());
  OGRLayer* layer = layerName.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layerName.c_str());
  if (!layer) throw Error(path + ": no layer '" + layerName + "'");
  int keyIndex = layer->GetLayerDefn()->GetFieldIndex(keyField.c_str());
  if (keyIndex < 0) throw Error(path + ": no field '" + keyField + "' to name the areas by");
  if (!where.empty() && layer->SetAttributeFilter(where.c_str()) != OGRERR_NONE)
    throw Error(path + ": cannot filter with '" + where + "': " + io::takeGdalError());
  const std::unique_ptr<OGRCoordinateTransformation> toLonLat = detail::toLonLatTransform(layer->GetSpatialRef(), path);
  layer->ResetReading();
  while (OGRFeatureUniquePtr f{layer->GetNextFeature()}) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) continue;
    Impl::Area area;
    area.key = canonicalKeyPart(f->GetFieldAsString(keyIndex));  // "17031839100.0" -> "17031839100"
    area.geometry.reset(g->clone());
    if (toLonLat && area.geometry->transform(toLonLat.get()) != OGRERR_NONE)
      throw Error(path + ": cannot transform area '" + area.key + "' to longitude/latitude");
    area.geometry->getEnvelope(&area.envelope);
    m_impl->areas.push_back(std::move(area));
  }
  if (std::string e = io::takeGdalError(); !e.empty() && !where.empty())
    throw Error(path + ": cannot filter with '" + where + "': " + e);
}

AreaLocator::~AreaLocator() = default;
AreaLocator::AreaLocator(AreaLocator&&) noexcept = default;
AreaLocator& AreaLocator::operator=(AreaLocator&&) noexcept = default;

std::vector<std::string> AreaLocator::locate(const std::string& geometryWkt) const {
  std::unique_ptr<OGRGeometry> g = detail::parseNoteGeometry(geometryWkt, "note", false);
  OGREnvelope env;
  g->getEnvelope(&env);
  const bool isPoint = wkbFlatten(g->getGeometryType()) == wkbPoint;
  std::vector<std::string> keys;
  for (const Impl::Area& a : m_impl->areas) {
    if (!a.envelope.Intersects(env)) continue;
    if (!a.geometry->Intersects(g.get())) continue;
    if (!isPoint && a.geometry->Touches(g.get())) continue;  // an area note sharing only an edge is not in it
    bool seen = false;
    for (const std::string& k : keys) seen = seen || k == a.key;
    if (!seen) keys.push_back(a.key);
  }
  return keys;
}

std::set<std::string> AreaLocator::keys() const {
  std::set<std::string> out;
  for (const Impl::Area& a : m_impl->areas) out.insert(a.key);
  return out;
}

std::size_t AreaLocator::size() const { return m_impl->areas.size(); }

}  // namespace mobmap::notes
