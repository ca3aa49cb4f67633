#pragma once
// Community input brought in from survey tools and any table: a CSV or GeoJSON file read through a field mapping
// into notes, with every row either accepted or refused with its reason, before anything is stored.
//
// Usage:
//   ImportMapping m = parseImportMapping("title=q_title,text=q_story,geopoint=where,consent=may_we_quote");
//   m.consentValues = parseValueMap("yes=public,no=internal");
//   ImportPlan plan = planImport("survey.csv", m);        // Kobo/ODK exports are recognised by their columns
//   for (const ImportRow& r : plan.rows) if (r.refused.empty()) store->add(r.note);
//
// Published forms read: KoboToolbox CSV exports (fields separated by ';' or ',', every field quoted; metadata
// columns _id, _uuid, _submission_time, _validation_status, ...; a geopoint question NAME as the column NAME
// "lat lon alt precision" and the columns _NAME_latitude, _NAME_longitude, _NAME_altitude, _NAME_precision; group
// paths joined with '/'), ODK Central CSV exports (SubmissionDate, meta-instanceID, the fields with group paths
// joined with '-', a geopoint as NAME-Latitude, NAME-Longitude, NAME-Altitude, NAME-Accuracy, then KEY,
// SubmitterID, SubmitterName, ...), GeoJSON feature collections (Kobo's and any other: properties are the columns,
// the feature's point or polygon is the location), and any CSV with the columns named in the mapping.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "notes/note.h"

namespace mobmap::notes {

// Where the note fields come from. Keys of `columns`: title, text, lat, lon, geopoint ("lat lon [alt acc]" in one
// column, as Kobo and ODK write a geopoint), wkt, date, consent, speaker, kind, tags, source_type, source_name,
// author, location (exact/generalised/jittered), id (a column identifying the submission). Names match columns
// exactly, else ignoring case.
struct ImportMapping {
  std::map<std::string, std::string> columns;
  std::map<std::string, std::string> consentValues;  // a form's answer -> a consent level ("yes" -> "public")
  std::string defaultConsent = "internal";           // rows without a consent answer
  std::string sourceType;                            // every imported note's source type, unless mapped ("survey")
  std::string sourceName;                            // and source name, unless mapped
  std::string skipEmpty;                             // rows with nothing in this column are left out as blank
                                                     // (a data walk's feedback rows nobody wrote on)
};

// The note fields a mapping may name, in the order listed above.
const std::vector<std::string>& importFields();

// The mapping written "field=COLUMN,field=COLUMN,..." (column names may hold spaces, '/' and '-'; a ',' inside one
// is written "\,"). Throws mobmap::UsageError naming an unknown field or a piece without '='.
ImportMapping parseImportMapping(const std::string& text);
// `mapping.columns` written as parseImportMapping reads it.
std::string formatImportMapping(const ImportMapping& mapping);
// "a=b,c=d" read into a map (keys lower-cased); throws mobmap::UsageError on a piece without '='.
std::map<std::string, std::string> parseValueMap(const std::string& text);

// One row of the source file, as it will be imported or why it is refused.
struct ImportRow {
  std::size_t row = 0;   // data row (CSV: 1 = the line after the header) or feature number (GeoJSON), from 1
  Note note;             // with its importKey; meaningful when not refused
  std::string refused;   // why the row cannot become a note ("" = it can)
};

struct ImportPlan {
  std::string form;      // "kobo", "odk", "geojson" or "csv": what the file was read as
  char separator = ',';  // CSV: the separator found in the header line
  std::vector<std::string> columns;      // the source's columns (or properties), in order
  std::map<std::string, std::string> resolved;  // note field -> the column actually read (defaults included)
  std::vector<ImportRow> rows;
  std::size_t blank = 0;                 // rows left out for an empty ImportMapping::skipEmpty column
};

// Reads `path` (.csv or .geojson/.json) with `mapping`. Kobo and ODK exports are recognised by their metadata
// columns and fill what the mapping leaves out: the submission id (_uuid, KEY) as the import identity, the
// submission time as the date heard, the first geopoint as the location, "survey" as the source type. A row is
// refused, with its reason, when it has no title, no location or one out of range, a consent answer no level or
// --consent-values entry names, a date that is not YYYY-MM-DD (or an ISO timestamp), an unknown kind or source
// type, the same submission id as an earlier row, or text the store would refuse. Each accepted note's import key
// is its submission id ("kobo:UUID", "odk:KEY", "id:VALUE") when there is one, else the content hash of
// assignImportKeys, so a re-run finds the notes already imported. Throws mobmap::Error naming the file when it
// cannot be read at all, or a mapped column it does not have.
ImportPlan planImport(const std::string& path, const ImportMapping& mapping);

}  // namespace mobmap::notes
