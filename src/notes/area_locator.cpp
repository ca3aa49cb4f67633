#include "notes/area_locator.h"

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "core/error.h"
#include "core/geoid.h"
#include "core/text.h"
#include "io/gdal_session.h"
#include "notes/detail/note_fields.h"

namespace mobmap::notes {

struct AreaLocator::Impl {
  struct Area {
    std::string key;
    std::unique_ptr<OGRGeometry> geometry;  // in lon/lat
    OGREnvelope envelope;
    std::vector<std::string> values;        // every field, as text, in `fields` order
  };
  std::vector<Area> areas;
  std::vector<std::string> fields;
  std::string path;

  const Area* find(const std::string& key) const {
    for (const Area& a : areas)
      if (a.key == key) return &a;
    return nullptr;
  }
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
  m_impl->path = path;
  for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i)
    m_impl->fields.emplace_back(layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
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
    for (int i = 0; i < static_cast<int>(m_impl->fields.size()); ++i)
      area.values.emplace_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
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

std::string AreaLocator::outlineWkt(const std::vector<std::string>& keys) const {
  std::unique_ptr<OGRGeometry> merged;
  for (const std::string& key : keys) {
    const Impl::Area* a = m_impl->find(key);
    if (!a) continue;
    if (!merged) {
      merged.reset(a->geometry->clone());
      continue;
    }
    std::unique_ptr<OGRGeometry> u(merged->Union(a->geometry.get()));
    io::takeGdalError();
    if (!u) throw Error(m_impl->path + ": cannot merge the outlines of areas " + key + " and those before it");
    merged = std::move(u);
  }
  if (!merged) return "";
  const OGRwkbGeometryType t = wkbFlatten(merged->getGeometryType());
  if (t != wkbPolygon && t != wkbMultiPolygon) {
    // A union that came back as a collection: keep its polygons.
    if (t != wkbGeometryCollection) return "";
    auto polygons = std::make_unique<OGRMultiPolygon>();
    for (const OGRGeometry* part : *merged->toGeometryCollection()) {
      if (wkbFlatten(part->getGeometryType()) == wkbPolygon) polygons->addGeometry(part);
      else if (wkbFlatten(part->getGeometryType()) == wkbMultiPolygon)
        for (const OGRPolygon* p : *part->toMultiPolygon()) polygons->addGeometry(p);
    }
    if (polygons->IsEmpty()) return "";
    merged = std::move(polygons);
  }
  if (merged->Is3D()) merged->flattenTo2D();
  return detail::geometryWkt(*merged);
}

std::optional<std::string> AreaLocator::value(const std::string& key, const std::string& field) const {
  int index = -1;
  for (std::size_t i = 0; i < m_impl->fields.size(); ++i)
    if (equalsIgnoreCase(m_impl->fields[i], field)) index = static_cast<int>(i);
  const Impl::Area* a = m_impl->find(key);
  if (index < 0 || !a) return std::nullopt;
  return a->values[static_cast<std::size_t>(index)];
}

std::string AreaLocator::findField(const std::vector<std::string>& candidates) const {
  for (const std::string& c : candidates)
    for (const std::string& f : m_impl->fields)
      if (equalsIgnoreCase(f, c)) return f;
  return "";
}

const std::string& AreaLocator::path() const { return m_impl->path; }

const std::vector<std::string>& populationFieldNames() {
  static const std::vector<std::string> names = {"population", "pop", "total_pop", "totpop", "pop_total",
                                                 "B01003_001E", "P1_001N", "POP100"};
  return names;
}

std::vector<std::string> smallAreaWarnings(const Note& note, const AreaLocator& areas, const std::string& populationField,
                                           double minResidents) {
  std::vector<std::string> out;
  if (!mayPublish(note)) return out;
  const std::string field = populationField.empty() ? areas.findField(populationFieldNames()) : areas.findField({populationField});
  if (field.empty()) {
    if (!populationField.empty())
      out.push_back(areas.path() + " has no field '" + populationField + "', so small areas cannot be checked");
    return out;
  }
  for (const std::string& key : areas.locate(note.geometryWkt)) {
    const std::optional<std::string> v = areas.value(key, field);
    const std::optional<double> residents = v ? parseNumber(*v) : std::nullopt;
    if (residents && *residents < minResidents)
      out.push_back("note '" + note.title + "' is " + consentName(note.consent) + " and lies in area " + key + " of " +
                    areas.path() + ", where " + field + " counts " + formatNumber(*residents) + " residents (fewer than " +
                    formatNumber(minResidents) + "): a quote from so few people could identify who said it");
  }
  return out;
}

}  // namespace mobmap::notes
