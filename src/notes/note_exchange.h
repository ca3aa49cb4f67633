#pragma once
// Notes in and out of files: GeoJSON and CSV (a WKT column, or lon/lat columns for points).
//
// Usage:
//   std::vector<Note> incoming = readNotes("geodata/demo/notes.geojson");
//   writeNotes(store->list(filter), "public_notes.csv");
// Columns and properties: title, text, tags ("a, b" or a JSON array), source_type, source_name, date_heard,
// author, speaker, kind, consent, location_mode, jitter_min_m, jitter_max_m, location_seed, public_wkt, attachment,
// created_at, updated_at; exports add note_id, revision and area_ids. Text is
// written and read back byte for byte (quotes, commas, newlines, '<', emoji).
#include <string>
#include <vector>

#include "notes/note.h"

namespace mobmap::notes {

// The notes in a GeoJSON or CSV file (CSV geometry from a WKT/geometry column, or lon/lat, longitude/latitude or
// x/y columns). Notes without a consent column are internal. Ids and revisions in the file are not kept (a store
// assigns its own). Each note carries its import key (assignImportKeys). Throws Error naming the file and the
// feature or row; a NUL byte or invalid UTF-8 in a note is refused naming the note.
std::vector<Note> readNotes(const std::string& path);

// The import key of each of `notes` read from one file: "sha256:" + a hash of everything the note says (title,
// text, tags, source, date, author, consent, attachment, location), with "#2", "#3", ... for repeated identical
// notes. It does not depend on the file's name or the order of its features, so re-running an interrupted or
// repeated import finds the notes already added.
void assignImportKeys(std::vector<Note>& notes);

// Columns added to an export after the note's own: per column a name, whether it holds numbers, and per note
// (in the order of the notes written) its value as text ("" = no value).
struct ExtraColumns {
  std::vector<std::string> names;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> rows;  // rows[note][column]
};

// Writes `notes` to a .geojson/.json or .csv file (WKT column "WKT" in CSV), replacing it only when the whole
// file was written. Throws Error naming the file. The notes are written as given: pass what noteFor returned for
// `audience`; a file for the public has no location_seed or public_wkt column.
void writeNotes(const std::vector<Note>& notes, const std::string& path, Audience audience = Audience::Staff,
                const ExtraColumns& extra = {});

}  // namespace mobmap::notes
