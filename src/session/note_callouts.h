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
#include "crs/display_crs.h"
#include "notes/note.h"
#include "render/note_callouts.h"

namespace mobmap::session {

class MapProbe;

// True when `spec` names a GeoJSON or CSV file of notes (an exchange file: readable, not a store to edit).
bool isNoteExchangeFile(const std::string& spec);

// Every note of `spec`: a GeoPackage or PostGIS store (read through notes::openNoteStore) or a GeoJSON/CSV
// exchange file (notes numbered 1, 2, ... in file order). Throws mobmap::Error naming the file when a file
// path does not exist (a store is never created here) or cannot be read.
std::vector<notes::Note> readNoteSource(const std::string& spec);

// A note's place in longitude/latitude: the point, or the centre of an area's bounding box; nullopt when the
// WKT holds no coordinates.
std::optional<Point> noteLonLat(const notes::Note& note);

// The callouts for a figure in `displayCrs`: each note as notes::noteFor lets the public see it (notes the gate
// withholds never appear; a generalised or jittered note is placed at its protected location, never the recorded
// one), in the given order: titled by the note title, its text (quoted only for quotes), credited with source and
// date (and the speaker, when attributed); an area note carries its outline. Notes whose place cannot be
// projected are left out. `shownNotes`, when given, receives the published notes called out, in the same order.
// `insets`: a composite national map's insets, so notes in Alaska, Hawaii, ... are placed in theirs.
std::vector<render::NoteCallout> publicNoteCallouts(const std::vector<notes::Note>& notes, const std::string& displayCrs,
                                                    std::vector<notes::Note>* shownNotes = nullptr,
                                                    const std::vector<crs::Inset>& insets = {});

// The callout of `shown` (a note as noteFor returned it) placed with `probe`'s display CRS.
render::NoteCallout calloutOf(const notes::Note& shown, const MapProbe& probe);

// The notes a view's figure calls out: the notes the public may see whose title is in `titles` (every such note
// when `titles` is empty), in store order. `internalLeftOut`, when given, receives how many notes the consent
// level kept out (internal and coalition notes).
std::vector<notes::Note> notesToCallOut(const std::vector<notes::Note>& all, const std::vector<std::string>& titles,
                                        std::size_t* internalLeftOut = nullptr);

}  // namespace mobmap::session
