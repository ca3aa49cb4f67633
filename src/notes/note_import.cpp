#include "notes/note_import.h"

#include <ogr_api.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "io/gdal_session.h"
#include "notes/note_exchange.h"
#include "notes/detail/note_fields.h"

namespace mobmap::notes {

namespace {

// One source record: its cells by column index, and (GeoJSON) the feature's own location.
struct Record {
  std::vector<std::string> cells;
  std::string geometryWkt;
  std::string geometryProblem;
};

struct Table {
  std::vector<std::string> columns;
  std::vector<Record> records;
};

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The separator of a CSV: the one of ',', ';' and tab found most often outside quotes in the header line.
char detectSeparator(const std::string& text) {
  std::size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r')) break;
    else if (!quoted && c == ',') ++commas;
    else if (!quoted && c == ';') ++semicolons;
    else if (!quoted && c == '\t') ++tabs;
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

Table readCsvTable(const std::string& path, char& separator) {
  const std::string text = readAll(path);
  separator = detectSeparator(text);
  std::vector<std::vector<std::string>> rows = parseCsvRecords(text, path, separator);
  if (rows.empty()) throw Error(path + ": empty file");
  Table t;
  for (const std::string& c : rows[0]) t.columns.emplace_back(trim(c));
  for (std::size_t r = 1; r < rows.size(); ++r) t.records.push_back({std::move(rows[r]), "", ""});
  return t;
}

std::string jsonText(const nlohmann::ordered_json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {  // a select-multiple answer or a list of tags
    std::string out;
    for (const auto& item : v) out += (out.empty() ? "" : ", ") + jsonText(item);
    return out;
  }
  return v.dump();
}

Table readGeoJsonTable(const std::string& path) {
  io::ensureGdal();
  const nlohmann::ordered_json doc = nlohmann::ordered_json::parse(readAll(path), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("features") || !doc["features"].is_array())
    throw Error(path + ": not a GeoJSON FeatureCollection");
  Table t;
  std::map<std::string, std::size_t> index;
  for (const auto& f : doc["features"])
    if (f.is_object() && f.contains("properties") && f["properties"].is_object())
      for (const auto& [key, value] : f["properties"].items())
        if (index.emplace(key, t.columns.size()).second) t.columns.push_back(key);
  for (const auto& f : doc["features"]) {
    Record rec;
    rec.cells.assign(t.columns.size(), "");
    if (f.is_object() && f.contains("properties") && f["properties"].is_object())
      for (const auto& [key, value] : f["properties"].items()) rec.cells[index[key]] = jsonText(value);
    if (f.is_object() && f.contains("geometry") && f["geometry"].is_object()) {
      OGRGeometryH g = OGR_G_CreateGeometryFromJson(f["geometry"].dump().c_str());
      io::takeGdalError();
      if (!g) rec.geometryProblem = "its geometry is not GeoJSON";
      else {
        std::unique_ptr<OGRGeometry> geometry(OGRGeometry::FromHandle(g));
        if (geometry->Is3D()) geometry->flattenTo2D();  // Kobo writes [lon, lat, altitude]
        rec.geometryWkt = detail::geometryWkt(*geometry);
      }
    }
    t.records.push_back(std::move(rec));
  }
  return t;
}

int columnIndex(const std::vector<std::string>& columns, const std::string& name) {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (equalsIgnoreCase(columns[i], name)) return static_cast<int>(i);
  return -1;
}

bool has(const std::vector<std::string>& columns, const std::string& name) { return columnIndex(columns, name) >= 0; }

// The first geopoint of an export: Kobo's _NAME_latitude/_NAME_longitude, ODK's NAME-Latitude/NAME-Longitude.
std::pair<std::string, std::string> firstGeopoint(const std::vector<std::string>& columns, const std::string& form) {
  for (const std::string& c : columns) {
    if (form == "kobo" && c.size() > 10 && c.front() == '_' && c.ends_with("_latitude")) {
      const std::string lon = c.substr(0, c.size() - 9) + "_longitude";
      if (has(columns, lon)) return {c, lon};
    }
    if (form == "odk" && c.ends_with("-Latitude")) {
      const std::string lon = c.substr(0, c.size() - 9) + "-Longitude";
      if (has(columns, lon)) return {c, lon};
    }
  }
  return {"", ""};
}

// YYYY-MM-DD from a date or an ISO timestamp ("2017-10-23T09:41:19", "2018-01-01T00:00:00.000Z"); "" otherwise.
std::string isoDate(const std::string& value) {
  const std::string v(trim(value));
  if (v.size() < 10) return "";
  const std::string d = v.substr(0, 10);
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return "";
  if (d[4] != '-' || d[7] != '-') return "";
  if (v.size() > 10 && v[10] != 'T' && v[10] != ' ') return "";
  return d;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

const std::vector<std::string>& importFields() {
  static const std::vector<std::string> fields = {"title",    "text", "lat",  "lon",         "geopoint",    "wkt",
                                                  "date",     "consent", "speaker", "kind",   "tags",        "source_type",
                                                  "source_name", "author", "location", "id"};
  return fields;
}

std::map<std::string, std::string> parseValueMap(const std::string& text) {
  std::map<std::string, std::string> out;
  std::string piece;
  auto flush = [&] {
    const std::string p(trim(piece));
    piece.clear();
    if (p.empty()) return;
    const std::size_t eq = p.find('=');
    if (eq == std::string::npos) throw UsageError("'" + p + "' is not NAME=VALUE");
    out[toLower(trim(p.substr(0, eq)))] = std::string(trim(p.substr(eq + 1)));
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == ',') {
      piece += ',';
      ++i;
    } else if (text[i] == ',') {
      flush();
    } else {
      piece += text[i];
    }
  }
  flush();
  return out;
}

ImportMapping parseImportMapping(const std::string& text) {
  ImportMapping m;
  for (auto& [field, column] : parseValueMap(text)) {
    if (std::find(importFields().begin(), importFields().end(), field) == importFields().end())
      throw UsageError("--map: unknown note field '" + field + "' (use " + joined(importFields()) + ")");
    if (column.empty()) throw UsageError("--map: no column given for '" + field + "'");
    m.columns[field] = column;
  }
  return m;
}

std::string formatImportMapping(const ImportMapping& mapping) {
  std::string out;
  for (const std::string& field : importFields()) {
    auto it = mapping.columns.find(field);
    if (it == mapping.columns.end()) continue;
    std::string column;
    for (char c : it->second) column += c == ',' ? std::string("\\,") : std::string(1, c);
    out += (out.empty() ? "" : ",") + field + "=" + column;
  }
  return out;
}

ImportPlan planImport(const std::string& path, const ImportMapping& mapping) {
  io::checkReadable(path);
  ImportPlan plan;
  const std::string lower = toLower(path);
  Table table;
  if (lower.ends_with(".geojson") || lower.ends_with(".json")) {
    table = readGeoJsonTable(path);
    plan.form = "geojson";
    if (has(table.columns, "_uuid") && has(table.columns, "_submission_time")) plan.form = "kobo";
  } else if (lower.ends_with(".csv") || lower.ends_with(".txt") || lower.ends_with(".tsv")) {
    table = readCsvTable(path, plan.separator);
    plan.form = "csv";
    if (has(table.columns, "_uuid") && has(table.columns, "_submission_time")) plan.form = "kobo";
    else if (has(table.columns, "KEY") && has(table.columns, "SubmissionDate")) plan.form = "odk";
  } else {
    throw UsageError(path + ": community input is read from .csv or .geojson files");
  }
  plan.columns = table.columns;

  // The columns read: the mapping's, then what a Kobo or ODK export says by itself.
  std::map<std::string, std::string>& use = plan.resolved;
  for (const auto& [field, column] : mapping.columns) {
    const int i = columnIndex(table.columns, column);
    if (i < 0)
      throw Error(path + ": --map " + field + "=" + column + ": no column '" + column + "' (columns: " + joined(table.columns) + ")");
    use[field] = table.columns[static_cast<std::size_t>(i)];
  }
  int blankColumn = -1;
  if (!mapping.skipEmpty.empty()) {
    blankColumn = columnIndex(table.columns, mapping.skipEmpty);
    if (blankColumn < 0)
      throw Error(path + ": --skip-empty " + mapping.skipEmpty + ": no column '" + mapping.skipEmpty + "' (columns: " +
                  joined(table.columns) + ")");
  }
  const bool form = plan.form == "kobo" || plan.form == "odk";
  if (!use.contains("id")) {
    if (plan.form == "kobo") use["id"] = table.columns[static_cast<std::size_t>(columnIndex(table.columns, "_uuid"))];
    if (plan.form == "odk") use["id"] = "KEY";
  }
  if (!use.contains("date") && form) use["date"] = plan.form == "kobo" ? "_submission_time" : "SubmissionDate";
  const bool located = use.contains("lat") || use.contains("lon") || use.contains("geopoint") || use.contains("wkt");
  if (!located && form) {
    const auto [lat, lon] = firstGeopoint(table.columns, plan.form);
    if (!lat.empty()) {
      use["lat"] = lat;
      use["lon"] = lon;
    } else if (plan.form == "kobo" && has(table.columns, "_geolocation")) {
      use["geopoint"] = "_geolocation";
    }
  }
  if (!located && !form && plan.form == "csv") {
    // Plain tables: the usual names, as `notes import` reads its own CSV.
    for (const char* name : {"lat", "latitude", "y"})
      if (!use.contains("lat") && has(table.columns, name)) use["lat"] = table.columns[static_cast<std::size_t>(columnIndex(table.columns, name))];
    for (const char* name : {"lon", "longitude", "lng", "x"})
      if (!use.contains("lon") && has(table.columns, name)) use["lon"] = table.columns[static_cast<std::size_t>(columnIndex(table.columns, name))];
    for (const char* name : {"WKT", "geometry", "geom"})
      if (!use.contains("wkt") && has(table.columns, name)) use["wkt"] = table.columns[static_cast<std::size_t>(columnIndex(table.columns, name))];
  }
  if (use.contains("lat") != use.contains("lon"))
    throw UsageError(path + ": --map needs both lat= and lon= (or geopoint=COLUMN holding \"lat lon\")");
  if (!use.contains("title"))
    throw UsageError(path + ": --map needs title=COLUMN (the column holding each note's title)");

  auto cellOf = [&](const Record& rec, const std::string& field) -> std::string {
    auto it = use.find(field);
    if (it == use.end()) return "";
    const int i = columnIndex(table.columns, it->second);
    return i >= 0 && static_cast<std::size_t>(i) < rec.cells.size() ? rec.cells[static_cast<std::size_t>(i)] : "";
  };

  std::map<std::string, std::size_t> seenIds;
  std::vector<std::size_t> hashed;  // rows whose key is the content hash
  for (std::size_t r = 0; r < table.records.size(); ++r) {
    const Record& rec = table.records[r];
    if (blankColumn >= 0 && (static_cast<std::size_t>(blankColumn) >= rec.cells.size() ||
                             trim(rec.cells[static_cast<std::size_t>(blankColumn)]).empty())) {
      ++plan.blank;
      continue;
    }
    ImportRow row;
    row.row = r + 1;
    Note& n = row.note;
    auto refuse = [&](const std::string& why) {
      if (row.refused.empty()) row.refused = why;
    };
    n.title = std::string(trim(cellOf(rec, "title")));
    n.text = cellOf(rec, "text");
    n.speaker = std::string(trim(cellOf(rec, "speaker")));
    n.author = std::string(trim(cellOf(rec, "author")));
    n.sourceName = use.contains("source_name") ? std::string(trim(cellOf(rec, "source_name"))) : mapping.sourceName;
    if (n.title.empty()) refuse("no title (column '" + use["title"] + "' is empty)");
    // Tags: survey tools write a select-multiple answer as space-separated choices.
    const std::string tags = cellOf(rec, "tags");
    n.tags = parseTags(form ? [&] {
      std::string t = tags;
      std::replace(t.begin(), t.end(), ' ', ',');
      return t;
    }()
                            : tags);
    try {
      const std::string st = use.contains("source_type") ? std::string(trim(cellOf(rec, "source_type")))
                             : !mapping.sourceType.empty() ? mapping.sourceType
                             : form                        ? "survey"
                                                           : "";
      if (!st.empty()) n.sourceType = parseSourceType(st);
    } catch (const Error& e) {
      refuse(e.what());
    }
    try {
      if (const std::string k(trim(cellOf(rec, "kind"))); !k.empty()) n.kind = parseNoteKind(k);
    } catch (const Error& e) {
      refuse(e.what());
    }
    try {
      if (const std::string m(trim(cellOf(rec, "location"))); !m.empty()) n.location = parseLocationMode(m);
    } catch (const Error& e) {
      refuse(e.what());
    }
    // Consent: the answer, through --consent-values, else a level's own name; no answer: the default level.
    const std::string answer(trim(cellOf(rec, "consent")));
    try {
      if (answer.empty()) n.consent = parseConsent(mapping.defaultConsent);
      else if (auto it = mapping.consentValues.find(toLower(answer)); it != mapping.consentValues.end())
        n.consent = parseConsent(it->second);
      else
        n.consent = parseConsent(answer);
    } catch (const Error&) {
      refuse("consent answer '" + answer + "' names no consent level (use internal, coalition, public or " +
             "public-attributed, or map answers with --consent-values \"yes=public,no=internal\")");
    }
    const std::string date(trim(cellOf(rec, "date")));
    if (!date.empty()) {
      n.dateHeard = isoDate(date);
      if (n.dateHeard.empty()) refuse("date '" + date + "' is not YYYY-MM-DD or an ISO timestamp");
    }
    // Location.
    if (use.contains("wkt") && !trim(cellOf(rec, "wkt")).empty()) {
      n.geometryWkt = std::string(trim(cellOf(rec, "wkt")));
    } else if (use.contains("lat") || use.contains("geopoint")) {
      std::string latText, lonText;
      if (use.contains("lat")) {
        latText = std::string(trim(cellOf(rec, "lat")));
        lonText = std::string(trim(cellOf(rec, "lon")));
      } else {
        // "lat lon alt accuracy" (Kobo and ODK geopoints) or "[lat, lon]" (Kobo's _geolocation).
        std::string g = cellOf(rec, "geopoint");
        for (char& c : g)
          if (c == '[' || c == ']' || c == ',') c = ' ';
        std::vector<std::string> parts;
        for (const std::string& p : split(std::string(trim(g)), ' '))
          if (!p.empty()) parts.push_back(p);
        if (parts.size() >= 2) {
          latText = parts[0];
          lonText = parts[1];
        }
      }
      if (latText.empty() || lonText.empty() || latText == "null" || lonText == "null") {
        refuse("no location (" + (use.contains("lat") ? "columns '" + use["lat"] + "' and '" + use["lon"] + "' are"
                                                      : "column '" + use["geopoint"] + "' is") + " empty)");
      } else {
        const std::optional<double> lat = parseNumber(latText), lon = parseNumber(lonText);
        if (!lat || !lon) refuse("latitude/longitude '" + latText + "', '" + lonText + "' are not numbers");
        else if (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
          refuse("latitude " + latText + ", longitude " + lonText + " are out of range (latitude first, in degrees)");
        else n.geometryWkt = pointWkt(*lon, *lat);
      }
    } else if (!rec.geometryWkt.empty()) {
      n.geometryWkt = rec.geometryWkt;
    } else if (!rec.geometryProblem.empty()) {
      refuse(rec.geometryProblem);
    } else {
      refuse(plan.form == "geojson" || plan.form == "kobo" ? "no location (the feature has no geometry)"
                                                           : "no location (map lat= and lon=, geopoint= or wkt=)");
    }
    if (row.refused.empty()) {
      try {
        validateNote(n);
        n.geometryWkt = detail::geometryWkt(*detail::parseNoteGeometry(n.geometryWkt, "note '" + n.title + "'"));
      } catch (const Error& e) {
        refuse(e.what());
      }
    }
    // Identity: the submission id when there is one.
    const std::string id(trim(cellOf(rec, "id")));
    if (!id.empty()) {
      const std::string prefix = plan.form == "kobo" ? "kobo:" : plan.form == "odk" ? "odk:" : "id:";
      n.importKey = prefix + id;
      auto [it, first] = seenIds.emplace(id, row.row);
      if (!first) refuse("same submission id '" + id + "' as row " + std::to_string(it->second));
    } else if (row.refused.empty()) {
      hashed.push_back(plan.rows.size());
    }
    plan.rows.push_back(std::move(row));
  }
  // Rows without an id get the content-hash key, numbered among themselves as one file's notes are.
  std::vector<Note> byContent;
  for (std::size_t i : hashed) byContent.push_back(plan.rows[i].note);
  assignImportKeys(byContent);
  for (std::size_t k = 0; k < hashed.size(); ++k) plan.rows[hashed[k]].note.importKey = byContent[k].importKey;
  return plan;
}

}  // namespace mobmap::notes
