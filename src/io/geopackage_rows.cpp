#include "io/detail/geopackage_rows.h"

#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "io/detail/geometry_conversion.h"

namespace mobmap::io {

namespace {

// Bytes of one blob, read from the front; every read says whether the bytes were there.
class ByteReader {
 public:
  ByteReader(const unsigned char* data, std::size_t size) : m_at(data), m_end(data + size) {}

  bool byte(std::uint8_t& out) {
    if (m_at == m_end) return false;
    out = *m_at++;
    return true;
  }
  bool u32(bool littleEndian, std::uint32_t& out) {
    if (remaining() < 4) return false;
    std::memcpy(&out, m_at, 4);
    if (littleEndian != (std::endian::native == std::endian::little)) out = __builtin_bswap32(out);
    m_at += 4;
    return true;
  }
  // Skips `count` items of `itemBytes` each, returning where they start (null when they are not all there).
  const unsigned char* take(std::size_t count, std::size_t itemBytes) {
    if (itemBytes != 0 && count > remaining() / itemBytes) return nullptr;
    const unsigned char* start = m_at;
    m_at += count * itemBytes;
    return start;
  }
  std::size_t remaining() const { return static_cast<std::size_t>(m_end - m_at); }

 private:
  const unsigned char* m_at;
  const unsigned char* m_end;
};

double doubleAt(const unsigned char* at, bool littleEndian) {
  std::uint64_t bits;
  std::memcpy(&bits, at, 8);
  if (littleEndian != (std::endian::native == std::endian::little)) bits = __builtin_bswap64(bits);
  return std::bit_cast<double>(bits);
}

// The vertex list at `at`: `n` vertices of `dims` doubles, x and y first.
struct Vertices {
  const unsigned char* at;
  std::size_t n;
  std::size_t dims;
  bool littleEndian;
  Point operator()(std::size_t i) const {
    const unsigned char* v = at + i * dims * 8;
    return {doubleAt(v, littleEndian), doubleAt(v + 8, littleEndian)};
  }
};

enum WkbType : std::uint32_t { kPoint = 1, kLine, kPolygon, kMultiPoint, kMultiLine, kMultiPolygon, kCollection };

// Appends the WKB geometry at the front of `in` to the current feature of `store` as appendGeometry appends the
// OGR geometry GDAL makes of it (ISO and GDAL's older Z/M type codes; x and y kept). `required` is the element
// type a multi-geometry allows (0: any). False when the bytes are not such a geometry.
bool appendWkb(GeometryStore& store, ByteReader& in, double spacing, std::uint32_t required, int depth) {
  std::uint8_t order = 0;
  std::uint32_t code = 0;
  if (depth > 16 || !in.byte(order) || order > 1) return false;
  const bool le = order == 1;
  if (!in.u32(le, code)) return false;
  std::size_t dims = 2 + ((code & 0x80000000u) ? 1 : 0) + ((code & 0x40000000u) ? 1 : 0);
  code &= 0x3fffffffu;
  const std::uint32_t iso = code / 1000, type = code % 1000;
  if (iso > 3 || (dims > 2 && iso != 0)) return false;
  dims += iso == 3 ? 2 : iso == 0 ? 0 : 1;  // 1000s: Z, 2000s: M, 3000s: ZM
  if (required != 0 && type != required) return false;
  std::uint32_t count = 0;
  switch (type) {
    case kPoint: {
      const unsigned char* at = in.take(1, dims * 8);
      if (!at) return false;
      const Point p = Vertices{at, 1, dims, le}(0);
      if (std::isnan(p.x) && std::isnan(p.y)) return true;  // POINT EMPTY
      store.beginPart(PartKind::Point);
      store.beginRing();
      store.addPoint(p.x, p.y);
      return true;
    }
    case kLine: {
      if (!in.u32(le, count)) return false;
      const unsigned char* at = in.take(count, dims * 8);
      if (!at) return false;
      store.beginPart(PartKind::Line);
      appendVertices(store, count, Vertices{at, count, dims, le}, spacing, false);
      return true;
    }
    case kPolygon: {
      if (!in.u32(le, count)) return false;
      thread_local std::vector<Vertices> rings;
      rings.clear();
      bool empty = true;
      for (std::uint32_t r = 0; r < count; ++r) {
        std::uint32_t n = 0;
        if (!in.u32(le, n)) return false;
        const unsigned char* at = in.take(n, dims * 8);
        if (!at) return false;
        rings.push_back({at, n, dims, le});
        empty = empty && n == 0;
      }
      if (empty) return true;  // OGR's empty polygon: no part
      store.beginPart(PartKind::Polygon);
      for (const Vertices& ring : rings) appendVertices(store, ring.n, ring, spacing, true);
      return true;
    }
    case kMultiPoint:
    case kMultiLine:
    case kMultiPolygon:
    case kCollection: {
      if (!in.u32(le, count)) return false;
      const std::uint32_t element = type == kCollection ? 0 : type - 3;
      for (std::uint32_t i = 0; i < count; ++i)
        if (!appendWkb(store, in, spacing, element, depth + 1)) return false;
      return true;
    }
    default: return false;  // curves, surfaces, TINs: GDAL linearises them
  }
}

// Appends a GeoPackage binary geometry (§2.1.3.1.1: "GP", version 0, flags, srs_id, envelope, WKB).
bool appendGeoPackageGeometry(GeometryStore& store, const unsigned char* blob, std::size_t size, double spacing) {
  if (size < 8 || blob[0] != 'G' || blob[1] != 'P' || blob[2] != 0) return false;
  const std::uint8_t flags = blob[3];
  if (flags & 0x20) return false;  // ExtendedGeoPackageBinary
  static constexpr std::size_t kEnvelopeBytes[] = {0, 32, 48, 48, 64};
  const unsigned envelope = (flags >> 1) & 7u;
  if (envelope > 4 || size < 8 + kEnvelopeBytes[envelope]) return false;
  const std::size_t header = 8 + kEnvelopeBytes[envelope];
  ByteReader wkb(blob + header, size - header);
  return appendWkb(store, wkb, spacing, 0, 0);
}

std::string quoted(const std::string& identifier) {
  std::string out = "\"";
  for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

Statement prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return nullptr;
  }
  return Statement(s);
}

bool isTable(sqlite3* db, const std::string& name) {
  Statement s = prepare(db, "SELECT type FROM sqlite_master WHERE name = ?");
  if (!s || sqlite3_bind_text(s.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT) != SQLITE_OK) return false;
  return sqlite3_step(s.get()) == SQLITE_ROW &&
         std::strcmp(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)), "table") == 0;
}

}  // namespace

std::optional<GeoPackageRows> readGeoPackageRows(const std::string& path, OGRLayer& layer, double vertexSpacing) {
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  const std::string geometryColumn = layer.GetGeometryColumn();
  if (geometryColumn.empty() || defn->GetGeomFieldCount() != 1) return std::nullopt;
  // The fields read, typed as GDAL's reader types them; any other type is left to GDAL.
  std::vector<int> fields;
  std::vector<OGRFieldType> types;
  std::vector<Column> columns;
  std::string sql = "SELECT " + quoted(geometryColumn);
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    OGRFieldDefn* fd = defn->GetFieldDefn(i);
    if (fd->IsIgnored()) continue;
    const OGRFieldType t = fd->GetType();
    if (t != OFTInteger && t != OFTInteger64 && t != OFTReal && t != OFTString) return std::nullopt;
    fields.push_back(i);
    types.push_back(t);
    columns.emplace_back(fd->GetNameRef(), t == OFTString ? FieldType::String : t == OFTReal ? FieldType::Real : FieldType::Integer);
    sql += ", " + quoted(fd->GetNameRef());
  }
  sql += " FROM " + quoted(layer.GetName());

  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(raw);
  if (opened != SQLITE_OK || !isTable(db.get(), layer.GetName())) return std::nullopt;
  Statement rows = prepare(db.get(), sql);
  if (!rows) return std::nullopt;

  GeoPackageRows out;
  const long long expectedRows = layer.GetFeatureCount(FALSE);
  if (expectedRows > 0)
    for (Column& c : columns) c.reserve(static_cast<std::size_t>(expectedRows));
  std::size_t read = 0;
  int step = SQLITE_ROW;
  while ((step = sqlite3_step(rows.get())) == SQLITE_ROW) {
    sqlite3_stmt* row = rows.get();
    ++read;
    reserveAfterSample(out.geometry, read, expectedRows);
    out.geometry.beginFeature();
    switch (sqlite3_column_type(row, 0)) {
      case SQLITE_NULL: break;
      case SQLITE_BLOB: {
        const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(row, 0));
        if (!appendGeoPackageGeometry(out.geometry, blob, static_cast<std::size_t>(sqlite3_column_bytes(row, 0)), vertexSpacing))
          return std::nullopt;
        break;
      }
      default: return std::nullopt;
    }
    for (std::size_t j = 0; j < fields.size(); ++j) {
      const int c = static_cast<int>(j) + 1;
      Column& column = columns[j];
      if (sqlite3_column_type(row, c) == SQLITE_NULL) {
        column.appendMissing();
        continue;
      }
      switch (types[j]) {
        case OFTInteger: column.appendNumber(static_cast<double>(sqlite3_column_int(row, c))); break;
        case OFTInteger64: column.appendNumber(static_cast<double>(sqlite3_column_int64(row, c))); break;
        case OFTReal: column.appendNumber(sqlite3_column_double(row, c)); break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row, c));
          if (!text) return std::nullopt;
          column.appendText(text);  // up to a NUL, as GDAL's copy of it
        }
      }
    }
  }
  if (step != SQLITE_DONE) return std::nullopt;
  out.attributes.setRowCountWithoutColumns(read);
  for (Column& c : columns) out.attributes.addColumn(std::move(c));
  return out;
}

}  // namespace mobmap::io
