#pragma once
// The notes table's columns and the conversion between a Note and an OGR feature. Internal to notes: used by the
// stores and by import/export, so that every format carries the same fields under the same names.
#include <memory>
#include <string>

#include "notes/note.h"

class OGRFeature;
class OGRFeatureDefn;
class OGRCoordinateTransformation;
class OGRSpatialReference;
class OGRGeometry;
class OGRLayer;

namespace mobmap::notes::detail {

// Adds the note columns (title, text, tags, source_type, ..., revision, area_ids) to `layer`; throws Error
// naming `storeName` on failure. A store (`store`) also gets import_key, which exports leave out.
void createNoteFields(OGRLayer& layer, const std::string& storeName, bool store = true);

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
