#include "notes/note_exchange.h"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/sha256.h"
#include "core/text.h"
#include "io/gdal_session.h"
#include "notes/detail/note_fields.h"

namespace mobmap::notes {

namespace {

enum class Format { GeoJson, Csv };

Format formatOf(const std::string& path) {
  std::string lower = toLower(path);
  if (lower.ends_with(".geojson") || lower.ends_with(".json")) return Format::GeoJson;
  if (lower.ends_with(".csv")) return Format::Csv;
  throw UsageError(path + ": notes are read and written as .geojson or .csv");
}

}  // namespace


namespace {

int findColumn(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
  for (const char* name : names)
    for (std::size_t c = 0; c < header.size(); ++c)
      if (equalsIgnoreCase(trim(header[c]), name)) return static_cast<int>(c);
  return -1;
}

Note checkedNote(Note n, const std::string& where, bool hasConsent) {
  n.id = 0;
  n.revision = 0;
  if (!hasConsent) n.consent = Consent::Internal;
  if (n.geometryWkt.empty()) throw Error(where + ": note '" + n.title + "' has no location");
  try {
    validateNote(n);
    n.geometryWkt = detail::geometryWkt(*detail::parseNoteGeometry(n.geometryWkt, "note '" + n.title + "'"));
  } catch (const Error& e) {
    throw Error(where + ": " + e.what());
  }
  return n;
}

std::vector<Note> readCsvNotes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  std::vector<std::vector<std::string>> rows = parseCsvRecords(ss.str(), path);
  if (rows.empty()) throw Error(path + ": empty file");
  const std::vector<std::string>& header = rows[0];
  if (findColumn(header, {"title"}) < 0) throw Error(path + ": no 'title' column, so these are not notes");
  int wkt = findColumn(header, {"WKT", "geometry", "geom", "wkt_geom"});
  int lon = findColumn(header, {"lon", "longitude", "lng", "x"});
  int lat = findColumn(header, {"lat", "latitude", "y"});
  if (wkt < 0 && (lon < 0 || lat < 0))
    throw Error(path + ": no location columns (a WKT column, or lon and lat columns)");
  OGRFeatureDefn* defn = new OGRFeatureDefn("notes");
  defn->Reference();
  for (const std::string& name : header) {
    OGRFieldDefn f(std::string(trim(name)).c_str(), OFTString);
    defn->AddFieldDefn(&f);
  }
  std::vector<Note> notes;
  try {
    for (std::size_t r = 1; r < rows.size(); ++r) {
      std::string where = path + ", row " + std::to_string(r);
      const std::vector<std::string>& row = rows[r];
      if (row.size() > header.size())
        throw Error(where + ": " + std::to_string(row.size()) + " fields but the header has " + std::to_string(header.size()));
      // The row goes through an OGR feature, whose strings end at a NUL: refuse one rather than cut the text.
      for (std::size_t c = 0; c < row.size(); ++c)
        if (row[c].find('\0') != std::string::npos) {
          const int t = findColumn(header, {"title"});
          const std::string title = t >= 0 && static_cast<std::size_t>(t) < row.size() ? row[t].substr(0, row[t].find('\0')) : "";
          throw Error(where + ": note '" + title + "': the column '" + std::string(trim(header[c])) +
                      "' holds a NUL byte (character 0); it would cut the text short, so nothing was imported: remove "
                      "it and try again");
        }
      OGRFeature feature(defn);
      for (std::size_t c = 0; c < row.size(); ++c) feature.SetField(static_cast<int>(c), row[c].c_str());
      Note n = detail::readNoteFromFeature(feature, where);
      auto cell = [&](int c) { return c >= 0 && static_cast<std::size_t>(c) < row.size() ? std::string(trim(row[c])) : ""; };
      if (wkt >= 0 && !cell(wkt).empty()) {
        n.geometryWkt = cell(wkt);
      } else if (lon >= 0 && lat >= 0 && !cell(lon).empty()) {
        std::optional<double> x = parseNumber(cell(lon)), y = parseNumber(cell(lat));
        if (!x || !y) throw Error(where + ": longitude/latitude '" + cell(lon) + "', '" + cell(lat) + "' are not numbers");
        n.geometryWkt = pointWkt(*x, *y);
      }
      notes.push_back(checkedNote(std::move(n), where, findColumn(header, {"consent"}) >= 0));
    }
  } catch (...) {
    defn->Release();
    throw;
  }
  defn->Release();
  return notes;
}

// GDAL reads a GeoJSON string up to its first NUL ("\u0000"), silently dropping the rest. A file that holds one
// is looked at with a JSON parser that keeps it, and the first feature with a NUL in a property is refused.
void refuseNulInGeoJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (raw.find('\0') == std::string::npos && toLower(raw).find("\\u0000") == std::string::npos) return;
  nlohmann::json doc = nlohmann::json::parse(raw, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("features") || !doc["features"].is_array())
    throw Error(path + ": holds a NUL byte (character 0), which cannot be kept in a note's text");
  std::size_t row = 0;
  for (const nlohmann::json& f : doc["features"]) {
    ++row;
    if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object()) continue;
    for (const auto& [key, value] : f["properties"].items()) {
      if (!value.is_string() || value.get_ref<const std::string&>().find('\0') == std::string::npos) continue;
      std::string title = f["properties"].value("title", std::string());
      title = title.substr(0, title.find('\0'));
      throw Error(path + ", feature " + std::to_string(row) + ": note '" + title + "': the property '" + key +
                  "' holds a NUL byte (character 0); it would cut the text short, so nothing was imported: remove it "
                  "and try again");
    }
  }
}

}  // namespace

void assignImportKeys(std::vector<Note>& notes) {
  std::map<std::string, int> seen;
  for (Note& n : notes) {
    Sha256 h;
    for (const std::string& field : {n.title, n.text, joinTags(n.tags), sourceTypeName(n.sourceType), n.sourceName,
                                     n.dateHeard, n.author, consentName(n.consent), n.attachment, n.geometryWkt}) {
      h.update(std::to_string(field.size()) + ":");
      h.update(field);
    }
    // Fields added after import keys existed count only when set, so notes imported before keep their keys.
    std::vector<std::string> later;
    if (!n.speaker.empty()) later.push_back("speaker=" + n.speaker);
    if (n.kind != NoteKind::Paraphrase) later.push_back("kind=" + noteKindName(n.kind));
    if (n.location != LocationMode::Exact) later.push_back("location=" + locationModeName(n.location));
    for (const std::string& field : later) {
      h.update(std::to_string(field.size()) + ":");
      h.update(field);
    }
    std::string key = "sha256:" + h.hexDigest();
    const int copy = ++seen[key];
    n.importKey = copy == 1 ? key : key + "#" + std::to_string(copy);
  }
}

std::vector<Note> readNotes(const std::string& path) {
  io::ensureGdal();
  io::checkReadable(path);
  if (formatOf(path) == Format::Csv) {
    std::vector<Note> notes = readCsvNotes(path);
    assignImportKeys(notes);
    return notes;
  }
  refuseNulInGeoJson(path);
  CPLStringList open;
  open.SetNameValue("DATE_AS_STRING", "YES");
  const char* const geojson[] = {"GeoJSON", nullptr};
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, geojson, open.List(), nullptr));
  if (!ds || ds->GetLayerCount() < 1) throw Error(path + ": cannot read notes: " + io::takeGdalError());
  OGRLayer* layer = ds->GetLayer(0);
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  if (defn->GetFieldIndex("title") < 0) throw Error(path + ": no 'title' property, so these are not notes");
  const std::unique_ptr<OGRCoordinateTransformation> toLonLat = detail::toLonLatTransform(layer->GetSpatialRef(), path);
  std::vector<Note> notes;
  std::size_t row = 0;
  layer->ResetReading();
  while (OGRFeatureUniquePtr f{layer->GetNextFeature()}) {
    std::string where = path + ", feature " + std::to_string(++row);
    if (toLonLat && f->GetGeometryRef()) f->GetGeometryRef()->transform(toLonLat.get());
    notes.push_back(checkedNote(detail::readNoteFromFeature(*f, where), where, defn->GetFieldIndex("consent") >= 0));
  }
  assignImportKeys(notes);
  return notes;
}

void writeNotes(const std::vector<Note>& notes, const std::string& path, Audience audience, const ExtraColumns& extra) {
  io::ensureGdal();
  io::takeGdalError();
  Format format = formatOf(path);
  AtomicFile file(path);
  // GDAL's GeoJSON and CSV drivers do not check their writes: the file is made in memory and put on disk with
  // every write checked.
  const std::string temp = io::memoryPathFor(file.target().filename().string());
  struct MemoryCleanup {
    const std::string& path;
    ~MemoryCleanup() { io::removeMemoryFile(path); }
  } cleanup{temp};
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format == Format::Csv ? "CSV" : "GeoJSON");
  if (!driver) throw Error("GDAL has no driver to write " + path);
  {
    GDALDatasetUniquePtr ds(driver->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw Error(path + ": cannot write: " + io::takeGdalError());
    OGRSpatialReference srs;
    srs.SetWellKnownGeogCS("WGS84");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    CPLStringList options;
    if (format == Format::Csv) {
      options.SetNameValue("GEOMETRY", "AS_WKT");
      options.SetNameValue("STRING_QUOTING", "ALWAYS");
    } else {
      options.SetNameValue("RFC7946", "NO");
      options.SetNameValue("SIGNIFICANT_FIGURES", "17");
      options.SetNameValue("WRITE_NAME", "NO");
    }
    OGRLayer* layer = ds->CreateLayer("notes", &srs, wkbUnknown, options.List());
    if (!layer) throw Error(path + ": cannot write: " + io::takeGdalError());
    OGRFieldDefn idField("note_id", OFTInteger64);
    if (layer->CreateField(&idField) != OGRERR_NONE) throw Error(path + ": cannot write: " + io::takeGdalError());
    detail::createNoteFields(*layer, path,
                             audience == Audience::Public ? detail::Columns::PublicExport : detail::Columns::StaffExport);
    std::vector<int> extraIndex;
    for (std::size_t c = 0; c < extra.names.size(); ++c) {
      OGRFieldDefn f(extra.names[c].c_str(), c < extra.numeric.size() && extra.numeric[c] ? OFTReal : OFTString);
      if (layer->CreateField(&f) != OGRERR_NONE) throw Error(path + ": cannot write the column '" + extra.names[c] + "'");
      extraIndex.push_back(layer->GetLayerDefn()->GetFieldIndex(extra.names[c].c_str()));
    }
    std::size_t row = 0;
    for (const Note& n : notes) {
      std::unique_ptr<OGRGeometry> g = detail::parseNoteGeometry(n.geometryWkt, "note " + std::to_string(n.id), false);
      g->assignSpatialReference(&srs);
      OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      detail::writeNoteToFeature(n, g.get(), *f);
      for (std::size_t c = 0; row < extra.rows.size() && c < extraIndex.size() && c < extra.rows[row].size(); ++c) {
        const std::string& v = extra.rows[row][c];
        if (v.empty() || extraIndex[c] < 0) continue;
        if (extra.numeric[c]) {
          if (std::optional<double> d = parseNumber(v)) f->SetField(extraIndex[c], *d);
        } else {
          f->SetField(extraIndex[c], v.c_str());
        }
      }
      ++row;
      if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
        std::string why = io::takeGdalError();
        throw Error(path + ": cannot write note " + std::to_string(n.id) + ": " + why);
      }
    }
    ds->FlushCache();
    if (CPLGetLastErrorType() >= CE_Failure) {
      std::string why = io::takeGdalError();
      throw Error(path + ": cannot write: " + why);
    }
  }
  io::saveMemoryFile(temp, file.tempPath(), path);
  file.commit();
}

}  // namespace mobmap::notes
