#pragma once
// The notes table's columns and the conversion between a Note and an OGR feature. Internal to notes: used by the
// stores and by import/export, so that every format carries the same fields under the same names.
#include <memory>
#include <string>
#include <vector>

#include "notes/note.h"

class OGRFeature;
class OGRFeatureDefn;
class OGRCoordinateTransformation;
class OGRSpatialReference;
class OGRGeometry;
class OGRLayer;

namespace mobmap::notes::detail {

// Which columns a table gets: a store's (all, import_key included), a staff export's (no import_key) or a public
// export's (no import_key, location_seed or public_wkt: what could undo a note's location privacy).
enum class Columns { Store, StaffExport, PublicExport };

// Adds the note columns (title, text, tags, source_type, ..., revision, area_ids) of `columns` to `layer`; throws
// Error naming `storeName` on failure.
void createNoteFields(OGRLayer& layer, const std::string& storeName, Columns columns = Columns::Store);

// Adds to a store's table the columns added since it was made (import_key; speaker, kind, location_mode, the
// jitter range, location_seed, public_wkt), with no value in existing rows: they read as the defaults (a
// paraphrase, at its exact location). Returns the names added; throws Error naming `storeName` on failure.
std::vector<std::string> addMissingNoteFields(OGRLayer& layer, const std::string& storeName);

// Sets every column of `feature` that its definition has from `note`, and its geometry.
void writeNoteToFeature(const Note& note, const OGRGeometry* geometry, OGRFeature& feature);

// The note held by `feature`. Missing columns leave defaults; `where` ("file.csv, row 3") prefixes errors on
// unknown source types or consent levels.
Note readNoteFromFeature(const OGRFeature& feature, const std::string& where);

// The geometry of `wkt` in EPSG:4326 (x = longitude): a point, polygon or multipolygon within longitude/latitude
// range. Throws Error naming `what` otherwise.
// With `checkAreas` (adding, updating, importing) an area whose outline crosses itself is refused as the viewer
// refuses it while drawing (notes::ringProblem), and so are areas GDAL finds invalid; without it (reading back,
// exporting what is stored) they pass.
std::unique_ptr<OGRGeometry> parseNoteGeometry(const std::string& wkt, const std::string& what, bool checkAreas = true);

// WKT of `geometry` with coordinates that read back exactly.
std::string geometryWkt(const OGRGeometry& geometry);

// A transformation from `srs` to WGS 84 longitude/latitude, or null when `srs` is null or already that.
// Throws mobmap::Error naming `path` when GDAL cannot build it.
std::unique_ptr<OGRCoordinateTransformation> toLonLatTransform(const OGRSpatialReference* srs, const std::string& path);

}  // namespace mobmap::notes::detail
