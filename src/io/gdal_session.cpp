#include "io/gdal_session.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <mutex>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/text.h"

namespace mobmap::io {

namespace {

void setOptions() {
  static std::once_flag once;
  std::call_once(once, [] {
    CPLSetErrorHandler(CPLQuietErrorHandler);
    // Spreadsheet cells come in as text so that mobmap types them itself (IDs keep their leading zeros).
    CPLSetConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
    CPLSetConfigOption("OGR_ODS_FIELD_TYPES", "STRING");
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetConfigOption("OGR_ODS_HEADERS", "FORCE");
  });
}

}  // namespace

void ensureGdal() {
  setOptions();
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

void ensureCommonVectorDrivers() {
  setOptions();
  static std::once_flag once;
  // GeoPackage before SQLite, so that a .gpkg opens as a GeoPackage.
  std::call_once(once, [] {
    RegisterOGRGeoPackage();
    RegisterOGRShape();
    RegisterOGRGeoJSON();
    RegisterOGRGeoJSONSeq();
    RegisterOGRESRIJSON();
    RegisterOGRTopoJSON();
    RegisterOGRFlatGeobuf();
    RegisterOGRCSV();
    RegisterOGRXLSX();
    RegisterOGRODS();
    RegisterOGRKML();
    RegisterOGRSQLite();
    RegisterOGRMEM();
  });
}

std::string gdalPathFor(const std::string& path) {
  if (path.starts_with("/vsi") || path.starts_with("PG:")) return path;
  std::string lower = toLower(path);
  if (lower.ends_with(".zip")) return "/vsizip/" + path;
  if (lower.ends_with(".gz") && !lower.ends_with(".tar.gz")) return "/vsigzip/" + path;
  return path;
}

std::string takeGdalError() {
  // One line: GDAL's multi-line messages (SQL errors with a caret line) are joined, spaces collapsed.
  std::string msg;
  for (const char* c = CPLGetLastErrorMsg(); *c; ++c) {
    char ch = (*c == '\n' || *c == '\r' || *c == '\t') ? ' ' : *c;
    if (ch == ' ' && (msg.empty() || msg.back() == ' ')) continue;
    msg += ch;
  }
  CPLErrorReset();
  return std::string(trim(msg));
}

void checkReadable(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.starts_with("/vsi") || path.starts_with("PG:")) return;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(path + ": no such file or directory");
  std::string lower = toLower(path);
  if (lower.ends_with(".shp")) {
    fs::path p(path);
    bool hasShx = fs::exists(fs::path(p).replace_extension(".shx"), ec) ||
                  fs::exists(fs::path(p).replace_extension(".SHX"), ec);
    if (!hasShx)
      throw Error(path + ": shapefile has no .shx index file beside it (copy all of its .shp, .shx, .dbf and .prj "
                         "files together)");
  }
}

std::string memoryPathFor(const std::string& fileName) {
  static std::atomic<unsigned> counter{0};
  const std::string dir = "/vsimem/mobmap-out-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  VSIMkdir(dir.c_str(), 0755);  // the CSV driver opens the folder of the file it creates
  return dir + "/" + fileName;
}

void removeMemoryFile(const std::string& memoryPath) {
  VSIUnlink(memoryPath.c_str());
  VSIRmdir(CPLGetPath(memoryPath.c_str()));
}

void saveMemoryFile(const std::string& memoryPath, const std::filesystem::path& diskPath, const std::string& what) {
  vsi_l_offset length = 0;
  GByte* data = VSIGetMemFileBuffer(memoryPath.c_str(), &length, FALSE);
  try {
    if (!data) throw Error(what + ": cannot write (the output was not produced)");
    writeBytesChecked(diskPath, std::string_view(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length)), what);
  } catch (...) {
    removeMemoryFile(memoryPath);
    throw;
  }
  removeMemoryFile(memoryPath);
}

}  // namespace mobmap::io
