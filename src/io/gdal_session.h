#pragma once
// GDAL set-up shared by the io module: drivers registered once, GDAL's own printing silenced (we report
// errors ourselves), and helpers that turn GDAL failures into mobmap::Error messages naming the file.
#include <filesystem>
#include <string>

namespace mobmap::io {

// Registers GDAL drivers and sets mobmap's GDAL options; safe to call many times and from any thread.
void ensureGdal();

// Registers only the vector drivers of the formats mobmap names (Shapefile, GeoPackage, GeoJSON, TopoJSON,
// Esri JSON, FlatGeobuf, KML, CSV, XLSX, ODS, SQLite, Memory) and sets the options: registering every GDAL
// driver costs about 8 MiB of memory that reading these does not need. A reader that cannot open a source
// with them calls ensureGdal() and tries again.
void ensureCommonVectorDrivers();

// The path GDAL should open: zipped sources go through /vsizip/, gzipped ones through /vsigzip/.
std::string gdalPathFor(const std::string& path);

// GDAL's last error message on one line ("" when none), then clears it.
std::string takeGdalError();

// Throws mobmap::Error when `path` (a plain file path, not a /vsi path or a connection string) does not exist,
// or is a shapefile whose .shx index is missing.
void checkReadable(const std::string& path);

// A unique /vsimem/ path ending in `fileName`, for a GDAL text driver (GeoJSON, CSV) whose writes to disk are not
// checked: write there, then hand it to saveMemoryFile.
std::string memoryPathFor(const std::string& fileName);

// Deletes the in-memory file `memoryPath` (from memoryPathFor) and its folder; nothing when they are gone.
void removeMemoryFile(const std::string& memoryPath);

// Moves the in-memory file `memoryPath` (written through GDAL and closed) to `diskPath` with every write checked
// (mobmap::writeBytesChecked), then deletes it from memory even on failure. Throws mobmap::Error naming `what`.
void saveMemoryFile(const std::string& memoryPath, const std::filesystem::path& diskPath, const std::string& what);

}  // namespace mobmap::io
