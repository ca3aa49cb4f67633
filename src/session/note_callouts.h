#pragma once
// Community notes for figures and the viewer: reading a notes store or exchange file, a note's place, and the
// numbered callouts of a figure, which only ever hold public notes.
//
// Usage:
//   std::vector<notes::Note> all = readNoteSource("notes.gpkg");          // or notes.geojson, "PG:..."
//   fo.callouts = publicNoteCallouts(all, data.displayCrs);
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "notes/note.h"
#include "render/note_callouts.h"

namespace mobmap::session {

// True when `spec` names a GeoJSON or CSV file of notes (an exchange file: readable, not a store to edit).
bool isNoteExchangeFile(const std::string& spec);

// Every note of `spec`: a GeoPackage or PostGIS store (read through notes::openNoteStore) or a GeoJSON/CSV
// exchange file (notes numbered 1, 2, ... in file order). Throws mobmap::Error naming the file when a file
// path does not exist (a store is never created here) or cannot be read.
std::vector<notes::Note> readNoteSource(const std::string& spec);

// A note's place in longitude/latitude: the point, or the centre of an area's bounding box; nullopt when the
// WKT holds no coordinates.
std::optional<Point> noteLonLat(const notes::Note& note);

// The callouts for a figure in `displayCrs`: the public notes only (internal ones never appear in figures), in
// the given order, titled by the note title with the text as the quote. Notes whose place cannot be projected
// are left out.
std::vector<render::NoteCallout> publicNoteCallouts(const std::vector<notes::Note>& notes, const std::string& displayCrs);

// The notes a view's figure calls out: the public notes whose title is in `titles` (every public note when
// `titles` is empty), in store order. `internalLeftOut`, when given, receives how many internal notes there were.
std::vector<notes::Note> notesToCallOut(const std::vector<notes::Note>& all, const std::vector<std::string>& titles,
                                        std::size_t* internalLeftOut = nullptr);

}  // namespace mobmap::session
