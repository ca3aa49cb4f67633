#include "notes/detail/note_fields.h"

#include "io/gdal_session.h"

#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/text.h"
#include "notes/note_geometry.h"
#include "notes/note.h"
#include <utility>

namespace mobmap::notes::detail {

namespace {

struct Column {
  const char* name;
  OGRFieldType type;
};

// The columns, in table order (note_id only in exports). In a store the id is the FID column.
constexpr std::array<Column, 22> kColumns = {{{"title", OFTString},
                                             {"text", OFTString},
                                             {"tags", OFTString},
                                             {"source_type", OFTString},
                                             {"source_name", OFTString},
                                             {"date_heard", OFTString},
                                             {"author", OFTString},
                                             {"speaker", OFTString},
                                             {"kind", OFTString},
                                             {"consent", OFTString},
                                             {"location_mode", OFTString},
                                             {"jitter_min_m", OFTReal},
                                             {"jitter_max_m", OFTReal},
                                             {"location_seed", OFTString},
                                             {"public_wkt", OFTString},
                                             {"attachment", OFTString},
                                             {"created_at", OFTString},
                                             {"updated_at", OFTString},
                                             {"revision", OFTInteger64},
                                             {"area_ids", OFTString},
                                             {"import_key", OFTString},
                                             {"note_id", OFTInteger64}}};

std::string number(double v) {
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc() ? std::string(buf.data(), end) : formatNumber(v);
}

void ringText(const OGRSimpleCurve& ring, std::string& out) {
  out += '(';
  for (int i = 0; i < ring.getNumPoints(); ++i) {
    if (i) out += ", ";
    out += number(ring.getX(i)) + " " + number(ring.getY(i));
  }
  out += ')';
}

void polygonText(const OGRPolygon& poly, std::string& out) {
  out += '(';
  ringText(*poly.getExteriorRing(), out);
  for (int i = 0; i < poly.getNumInteriorRings(); ++i) {
    out += ", ";
    ringText(*poly.getInteriorRing(i), out);
  }
  out += ')';
}

std::string stringField(const OGRFeature& f, int i) {
  if (i < 0 || !f.IsFieldSetAndNotNull(i)) return "";
  const OGRFieldDefn* defn = f.GetFieldDefnRef(i);
  if (defn->GetType() == OFTDate || defn->GetType() == OFTDateTime) {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
    float ss = 0;
    f.GetFieldAsDateTime(i, &y, &m, &d, &hh, &mm, &ss, &tz);
    std::array<char, 40> buf{};
    if (defn->GetType() == OFTDate)
      std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d", y, m, d);
    else
      std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, static_cast<int>(ss));
    return buf.data();
  }
  if (defn->GetType() == OFTStringList) {
    std::string joined;
    for (char** item = f.GetFieldAsStringList(i); item && *item; ++item) joined += (joined.empty() ? "" : ", ") + std::string(*item);
    return joined;
  }
  return f.GetFieldAsString(i);
}

}  // namespace

bool isPrivateColumn(const std::string& name) { return name == "location_seed" || name == "public_wkt"; }

void createNoteFields(OGRLayer& layer, const std::string& storeName, Columns columns) {
  for (const Column& c : kColumns) {
    if (std::string(c.name) == "note_id") continue;         // only in exports (added by writeNotes)
    if (columns != Columns::Store && std::string(c.name) == "import_key") continue;  // only in stores
    if (columns == Columns::PublicExport && isPrivateColumn(c.name)) continue;
    OGRFieldDefn defn(c.name, c.type);
    if (layer.CreateField(&defn) != OGRERR_NONE)
      throw Error(storeName + ": cannot create the notes column '" + c.name + "'");
  }
}

std::vector<std::string> addMissingNoteFields(OGRLayer& layer, const std::string& storeName) {
  std::vector<std::string> added;
  for (const Column& c : kColumns) {
    if (std::string(c.name) == "note_id" || layer.GetLayerDefn()->GetFieldIndex(c.name) >= 0) continue;
    OGRFieldDefn defn(c.name, c.type);
    if (layer.CreateField(&defn) != OGRERR_NONE)
      throw Error(storeName + ": cannot add the notes column '" + c.name + "': " + io::takeGdalError());
    added.push_back(c.name);
  }
  return added;
}

void writeNoteToFeature(const Note& note, const OGRGeometry* geometry, OGRFeature& feature) {
  auto set = [&](const char* name, const std::string& value) {
    int i = feature.GetFieldIndex(name);
    if (i >= 0) feature.SetField(i, value.c_str());
  };
  set("title", note.title);
  set("text", note.text);
  set("tags", joinTags(note.tags));
  set("source_type", sourceTypeName(note.sourceType));
  set("source_name", note.sourceName);
  set("date_heard", note.dateHeard);
  set("author", note.author);
  set("speaker", note.speaker);
  set("kind", noteKindName(note.kind));
  set("consent", consentName(note.consent));
  set("location_mode", locationModeName(note.location));
  set("location_seed", note.locationSeed);
  set("public_wkt", note.publicWkt);
  for (auto [name, value] : {std::pair{"jitter_min_m", note.jitterMinM}, std::pair{"jitter_max_m", note.jitterMaxM}})
    if (int i = feature.GetFieldIndex(name); i >= 0) {
      if (note.location == LocationMode::Jittered) feature.SetField(i, value);
      else feature.SetFieldNull(i);
    }
  set("attachment", note.attachment);
  set("created_at", note.createdAt);
  set("updated_at", note.updatedAt);
  set("area_ids", joinTags(note.areaIds));
  set("import_key", note.importKey);
  if (int i = feature.GetFieldIndex("revision"); i >= 0) feature.SetField(i, static_cast<GIntBig>(note.revision));
  if (int i = feature.GetFieldIndex("note_id"); i >= 0) feature.SetField(i, static_cast<GIntBig>(note.id));
  if (geometry) feature.SetGeometry(geometry);
}

Note readNoteFromFeature(const OGRFeature& feature, const std::string& where) {
  auto get = [&](const char* name) { return stringField(feature, feature.GetFieldIndex(name)); };
  Note n;
  n.id = feature.GetFID() == OGRNullFID ? 0 : feature.GetFID();
  n.title = get("title");
  n.text = get("text");
  n.tags = parseTags(get("tags"));
  try {
    if (std::string s = get("source_type"); !s.empty()) n.sourceType = parseSourceType(s);
    if (std::string c = get("consent"); !c.empty()) n.consent = parseConsent(c);
    if (std::string k = get("kind"); !k.empty()) n.kind = parseNoteKind(k);
    if (std::string m = get("location_mode"); !m.empty()) n.location = parseLocationMode(m);
    for (auto [name, target] : {std::pair{"jitter_min_m", &n.jitterMinM}, std::pair{"jitter_max_m", &n.jitterMaxM}})
      if (std::string v = get(name); !v.empty()) {
        std::optional<double> d = parseNumber(v);
        if (!d) throw Error(std::string(name) + " '" + v + "' is not a number");
        *target = *d;
      }
  } catch (const Error& e) {
    throw Error(where + ": " + e.what());
  }
  n.sourceName = get("source_name");
  n.dateHeard = get("date_heard");
  n.author = get("author");
  n.speaker = get("speaker");
  n.locationSeed = get("location_seed");
  n.publicWkt = get("public_wkt");
  n.attachment = get("attachment");
  n.createdAt = get("created_at");
  n.updatedAt = get("updated_at");
  n.areaIds = parseTags(get("area_ids"));
  n.importKey = get("import_key");
  if (int i = feature.GetFieldIndex("revision"); i >= 0 && feature.IsFieldSetAndNotNull(i))
    n.revision = feature.GetFieldAsInteger64(i);
  if (const OGRGeometry* g = feature.GetGeometryRef()) n.geometryWkt = geometryWkt(*g);
  return n;
}

std::unique_ptr<OGRGeometry> parseNoteGeometry(const std::string& wkt, const std::string& what, bool checkAreas) {
  OGRGeometry* raw = nullptr;
  const char* rest = wkt.c_str();
  if (OGRGeometryFactory::createFromWkt(&rest, nullptr, &raw) != OGRERR_NONE || !raw)
    throw Error(what + ": location '" + wkt + "' is not WKT (e.g. POINT (-89.07 40.39))");
  std::unique_ptr<OGRGeometry> g(raw);
  // GDAL stops at the end of the geometry: anything after it but blanks is a typing mistake, not to be dropped.
  while (*rest == ' ' || *rest == '\t' || *rest == '\n' || *rest == '\r') ++rest;
  if (*rest != '\0' || static_cast<std::size_t>(rest - wkt.c_str()) != wkt.size())
    throw Error(what + ": location '" + wkt + "' has text after the geometry ('" + std::string(rest).substr(0, 40) +
                "'); give one POINT, POLYGON or MULTIPOLYGON");
  OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
  if (type != wkbPoint && type != wkbPolygon && type != wkbMultiPolygon)
    throw Error(what + ": location must be a POINT, POLYGON or MULTIPOLYGON, not " +
                std::string(OGRGeometryTypeToName(g->getGeometryType())));
  if (g->IsEmpty()) throw Error(what + ": location is empty");
  OGREnvelope env;
  g->getEnvelope(&env);
  if (!std::isfinite(env.MinX) || env.MinX < -180 || env.MaxX > 180 || env.MinY < -90 || env.MaxY > 90)
    throw Error(what + ": location is outside longitude/latitude range (give lon/lat in degrees, EPSG:4326)");
  if (g->Is3D()) g->flattenTo2D();
  if (checkAreas && type != wkbPoint) {
    // The rule the viewer applies while an area is drawn, ring by ring; then GDAL's validity check for what a
    // single ring cannot show (rings of one area crossing each other).
    auto checkPolygon = [&](const OGRPolygon& polygon, int part) {
      for (int r = 0; r <= polygon.getNumInteriorRings(); ++r) {
        const OGRLinearRing* ring = r == 0 ? polygon.getExteriorRing() : polygon.getInteriorRing(r - 1);
        if (!ring) continue;
        std::vector<Point> points;
        for (int i = 0; i < ring->getNumPoints(); ++i) points.push_back({ring->getX(i), ring->getY(i)});
        if (std::string why = ringProblem(points); !why.empty())
          throw Error(what + ": the area cannot be stored: " + (part > 0 ? "polygon " + std::to_string(part) + ", " : "") +
                      (r == 0 ? "outer ring" : "hole " + std::to_string(r)) + ": " + why);
      }
    };
    if (type == wkbPolygon) checkPolygon(*g->toPolygon(), 0);
    else
      for (int i = 0; i < g->toMultiPolygon()->getNumGeometries(); ++i) checkPolygon(*g->toMultiPolygon()->getGeometryRef(i), i + 1);
    CPLErrorReset();
    const bool valid = g->IsValid();
    io::takeGdalError();
    if (!valid) throw Error(what + ": the area cannot be stored: its rings cross or overlap each other");
  }
  return g;
}

std::string geometryWkt(const OGRGeometry& geometry) {
  std::string out;
  switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPoint: {
      const OGRPoint& p = *geometry.toPoint();
      return p.IsEmpty() ? "POINT EMPTY" : "POINT (" + number(p.getX()) + " " + number(p.getY()) + ")";
    }
    case wkbPolygon:
      out = "POLYGON ";
      polygonText(*geometry.toPolygon(), out);
      return out;
    case wkbMultiPolygon: {
      const OGRMultiPolygon& mp = *geometry.toMultiPolygon();
      out = "MULTIPOLYGON (";
      for (int i = 0; i < mp.getNumGeometries(); ++i) {
        if (i) out += ", ";
        polygonText(*mp.getGeometryRef(i), out);
      }
      return out + ")";
    }
    default: {
      char* wkt = nullptr;
      geometry.exportToWkt(&wkt, wkbVariantIso);
      std::string s = wkt ? wkt : "";
      CPLFree(wkt);
      return s;
    }
  }
}

std::unique_ptr<OGRCoordinateTransformation> toLonLatTransform(const OGRSpatialReference* srs, const std::string& path) {
  if (!srs) return nullptr;
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference source(*srs);
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (source.IsSame(&wgs84)) return nullptr;
  std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&source, &wgs84));
  if (!t) throw Error(path + ": cannot transform its CRS to longitude/latitude: " + io::takeGdalError());
  return t;
}

}  // namespace mobmap::notes::detail
