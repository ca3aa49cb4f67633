// The GeoPackage and PostgreSQL/PostGIS note stores, both through GDAL/OGR.
//
// Concurrency: update and delete first lock the note's row with a no-op "UPDATE notes SET revision = revision
// WHERE id = <integer>" inside the transaction (the only SQL text built here, from an integer), then read the
// stored revision, compare it with the caller's and write. In PostgreSQL the row lock makes a second writer wait
// until the first commits, after which it reads the new revision and is refused; in SQLite the statement takes
// the database's write lock before the read, so the read-compare-write cannot interleave with another writer.
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>
#include <type_traits>

#include "core/atomic_file.h"
#include "core/text.h"
#include "io/gdal_session.h"
#include "notes/detail/note_fields.h"
#include "notes/note_store.h"
#include "notes/publication.h"

namespace mobmap::notes {

namespace {

constexpr const char* kTable = "notes";
constexpr int kBusyTimeoutMs = 10000;
constexpr const char* kBusyWords = "store is busy";

// The connection string without its password, for messages.
std::string describePg(const std::string& spec) {
  std::string out;
  for (const std::string& part : split(spec.substr(3), ' ')) {
    if (part.empty() || toLower(part).starts_with("password=")) continue;
    out += (out.empty() ? "" : " ") + part;
  }
  return "PostgreSQL database (" + out + ")";
}

std::string gdalProblem(const std::string& fallback) {
  std::string e = io::takeGdalError();
  return e.empty() ? fallback : e;
}

class OgrNoteStore : public NoteStore {
 public:
  explicit OgrNoteStore(const std::string& spec) : m_pg(spec.starts_with("PG:")) {
    io::ensureGdal();
    m_name = m_pg ? describePg(spec) : "GeoPackage " + spec;
    if (m_pg) openPostgres(spec);
    else openGeoPackage(spec);
    m_layer = m_ds->GetLayerByName(kTable);
    io::takeGdalError();
    if (!m_layer && m_readOnly) throw Error(m_name + ": has no notes table and is read-only, so none can be made");
    if (!m_layer) createTable();  // a GeoPackage without one (made by another program, or half-made) gets it
    for (const char* column : {"title", "text", "revision", "consent"})
      if (m_layer->GetLayerDefn()->GetFieldIndex(column) < 0)
        throw Error(m_name + ": table 'notes' exists but is not a mobmap notes table (no '" + column + "' column)");
    // Stores made before a column existed (import keys; speakers, kinds and location privacy) get it on first
    // open for writing. Old consent values need no rewrite: "internal" and "public" are still levels.
    if (!m_readOnly) {
      try {
        detail::addMissingNoteFields(*m_layer, m_name);
      } catch (const Error& e) {
        throw Error(busyAware(e.what()));
      }
    }
    m_srs.SetWellKnownGeogCS("WGS84");
    m_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }

  Note add(const Note& input) override {
    checkWritable("add note '" + input.title + "'");
    Note n = withLocationPrivacy(input);
    validateNote(n);
    std::unique_ptr<OGRGeometry> geometry = detail::parseNoteGeometry(n.geometryWkt, "note '" + n.title + "'");
    geometry->assignSpatialReference(&m_srs);
    n.revision = 1;
    std::string now = utcNow();
    if (n.createdAt.empty()) n.createdAt = now;
    if (n.updatedAt.empty()) n.updatedAt = n.createdAt;
    Transaction tx(*this);
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(m_layer->GetLayerDefn()));
    detail::writeNoteToFeature(n, geometry.get(), *feature);
    if (m_layer->CreateFeature(feature.get()) != OGRERR_NONE)
      throw Error(m_name + ": cannot add note '" + n.title + "': " + busyAware(gdalProblem("write failed")));
    n.id = feature->GetFID();
    tx.commit();
    n.geometryWkt = detail::geometryWkt(*geometry);
    return n;
  }

  std::optional<Note> get(std::int64_t id) override {
    OGRFeatureUniquePtr f(m_layer->GetFeature(id));
    io::takeGdalError();
    if (!f) return std::nullopt;
    return detail::readNoteFromFeature(*f, m_name + ", note " + std::to_string(id));
  }

  std::vector<Note> list(const NoteFilter& filter) override {
    std::vector<Note> out;
    m_layer->ResetReading();
    while (OGRFeatureUniquePtr f{m_layer->GetNextFeature()}) {
      Note n = detail::readNoteFromFeature(*f, m_name + ", note " + std::to_string(f->GetFID()));
      if (filter.matches(n)) out.push_back(std::move(n));
    }
    m_layer->ResetReading();
    if (std::string e = io::takeGdalError(); !e.empty()) throw Error(m_name + ": cannot read notes: " + busyAware(e));
    std::sort(out.begin(), out.end(), [](const Note& a, const Note& b) { return a.id < b.id; });
    return out;
  }

  Note update(const Note& in) override {
    checkWritable("update note " + std::to_string(in.id));
    const Note input = withLocationPrivacy(in);
    validateNote(input);
    std::unique_ptr<OGRGeometry> geometry = detail::parseNoteGeometry(input.geometryWkt, "note '" + input.title + "'");
    geometry->assignSpatialReference(&m_srs);
    return retryWhileBusy([&] { return updateOnce(input, *geometry); });
  }

  void remove(std::int64_t id, std::int64_t expectedRevision) override {
    checkWritable("delete note " + std::to_string(id));
    retryWhileBusy([&] {
      removeOnce(id, expectedRevision);
      return 0;
    });
  }

  std::set<std::string> importKeys() override {
    std::set<std::string> keys;
    const int field = m_layer->GetLayerDefn()->GetFieldIndex("import_key");
    if (field < 0) return keys;
    m_layer->ResetReading();
    while (OGRFeatureUniquePtr f{m_layer->GetNextFeature()})
      if (f->IsFieldSetAndNotNull(field) && *f->GetFieldAsString(field)) keys.insert(f->GetFieldAsString(field));
    m_layer->ResetReading();
    if (std::string e = io::takeGdalError(); !e.empty()) throw Error(m_name + ": cannot read notes: " + busyAware(e));
    return keys;
  }

  std::string description() const override { return m_name; }

 private:
  // `note` with what location privacy needs filled in: a jittered note without a range gets the default one and
  // one without a seed a new one (kept from then on, so the note stays where figures showed it); a generalised
  // note whose area no longer holds its location loses that area (it is withheld from public outputs until
  // given one again), and a note that is not generalised keeps none.
  static Note withLocationPrivacy(const Note& note) {
    Note n = note;
    if (n.location == LocationMode::Jittered) {
      if (n.jitterMinM == 0 && n.jitterMaxM == 0) {
        n.jitterMinM = kDefaultJitterMinM;
        n.jitterMaxM = kDefaultJitterMaxM;
      }
      if (trim(n.locationSeed).empty()) n.locationSeed = newLocationSeed();
    }
    if (n.location != LocationMode::Generalised) n.publicWkt.clear();
    if (n.location == LocationMode::Generalised && !trim(n.publicWkt).empty() && !trim(n.geometryWkt).empty()) {
      std::unique_ptr<OGRGeometry> area = detail::parseNoteGeometry(n.publicWkt, "note '" + n.title + "' public area", false);
      const std::optional<Point> at = labelPoint(n.geometryWkt);
      OGRPoint p(at ? at->x : 0, at ? at->y : 0);
      if (wkbFlatten(area->getGeometryType()) == wkbPoint || !at || !area->Intersects(&p)) n.publicWkt.clear();
      io::takeGdalError();
    }
    return n;
  }

  // Thrown inside a change when SQLite refuses a lock at once (its deadlock avoidance between two deferred
  // transactions ignores busy_timeout); the change is rolled back and tried again.
  struct LockRefused {
    std::string message;
  };

  // Runs `change` (one transaction), retrying for up to about kBusyTimeoutMs while the store refuses locks.
  template <typename F>
  std::invoke_result_t<F&> retryWhileBusy(F&& change) {
    std::mt19937 jitter(static_cast<unsigned>(::getpid()));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    while (true) {
      try {
        return change();
      } catch (const LockRefused& refused) {
        if (std::chrono::steady_clock::now() > deadline) throw Error(refused.message);
        std::this_thread::sleep_for(std::chrono::milliseconds(5 + jitter() % 45));
      }
    }
  }

  Note updateOnce(const Note& input, OGRGeometry& geometryIn) {
    OGRGeometry* geometry = &geometryIn;
    Transaction tx(*this);
    OGRFeatureUniquePtr stored = lockAndCheck(input.id, input.revision);
    Note n = input;
    n.revision = input.revision + 1;
    n.createdAt = stored->GetFieldAsString(stored->GetFieldIndex("created_at"));
    n.updatedAt = utcNow();
    detail::writeNoteToFeature(n, geometry, *stored);
    if (m_layer->SetFeature(stored.get()) != OGRERR_NONE)
      throw Error(m_name + ": cannot update note " + std::to_string(n.id) + ": " + busyAware(gdalProblem("write failed")));
    tx.commit();
    n.geometryWkt = detail::geometryWkt(*geometry);
    return n;
  }

  void removeOnce(std::int64_t id, std::int64_t expectedRevision) {
    Transaction tx(*this);
    lockAndCheck(id, expectedRevision);
    if (m_layer->DeleteFeature(id) != OGRERR_NONE)
      throw Error(m_name + ": cannot delete note " + std::to_string(id) + ": " + busyAware(gdalProblem("delete failed")));
    tx.commit();
  }

  // Rolls back unless committed; one per change.
  class Transaction {
   public:
    explicit Transaction(OgrNoteStore& store) : m_store(store) {
      if (m_store.m_ds->StartTransaction(FALSE) != OGRERR_NONE)
        throw Error(m_store.m_name + ": cannot start a transaction: " + m_store.busyAware(gdalProblem("unknown error")));
    }
    ~Transaction() {
      if (!m_done) {
        m_store.m_ds->RollbackTransaction();
        io::takeGdalError();
      }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
      m_done = true;
      if (m_store.m_ds->CommitTransaction() != OGRERR_NONE) {
        std::string why = gdalProblem("commit failed");
        m_store.m_ds->RollbackTransaction();
        io::takeGdalError();
        throw Error(m_store.m_name + ": change not saved: " + m_store.busyAware(why));
      }
    }

   private:
    OgrNoteStore& m_store;
    bool m_done = false;
  };

  void openGeoPackage(const std::string& path) {
    const char* const drivers[] = {"GPKG", nullptr};
    namespace fs = std::filesystem;
    std::error_code ec;
    // An empty file is what a creation interrupted before its first write leaves (by older versions, or by
    // hand): it holds no notes, so it is made again.
    if (fs::exists(path, ec) && fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0 && ::access(path.c_str(), W_OK) == 0)
      fs::remove(path, ec);
    if (!fs::exists(path, ec)) createGeoPackage(path);
    else removeStaleTemporaries(path);  // a creation killed after its store was moved into place
    m_ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
    if (!m_ds && (::access(path.c_str(), W_OK) != 0 || ::access(fs::absolute(path).parent_path().c_str(), W_OK) != 0)) {
      // A store on a read-only disk or without write permission can still be listed and exported.
      io::takeGdalError();
      m_ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
      m_readOnly = true;
    }
    if (!m_ds) {
      std::string why = gdalProblem("not a GeoPackage");
      throw Error(m_name + ": cannot open: it is not a complete GeoPackage (" + why +
                  "); if it was left by a crash while being created, move it aside and run again to make a new store");
    }
    // A second writer waits for the first instead of failing at once.
    const std::string pragma = "PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs);
    if (OGRLayer* r = m_ds->ExecuteSQL(pragma.c_str(), nullptr, nullptr)) m_ds->ReleaseResultSet(r);
    io::takeGdalError();
  }

  // Makes a complete store (the GeoPackage and its notes table) under a temporary name and moves it into place,
  // so a crash never leaves a half-made store at `path`. When another program created the store meanwhile, its
  // store is kept and used.
  void createGeoPackage(const std::string& path) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw Error("GDAL has no GeoPackage driver");
    AtomicFile temp(path);
    m_ds.reset(driver->Create(temp.tempPath().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!m_ds) throw Error(m_name + ": cannot create: " + gdalProblem("create failed"));
    createTable();
    m_layer = nullptr;
    GDALDataset* ds = m_ds.release();
    CPLErrorReset();
    GDALClose(GDALDataset::ToHandle(ds));
    if (CPLGetLastErrorType() >= CE_Failure) throw Error(m_name + ": cannot create: " + gdalProblem("write failed"));
    temp.commitIfAbsent();
  }

  void openPostgres(const std::string& spec) {
    // Plain INSERTs (not COPY), so that each note gets its id at once and lands in the open transaction.
    CPLSetConfigOption("PG_USE_COPY", "NO");
    const char* const drivers[] = {"PostgreSQL", nullptr};
    m_ds.reset(GDALDataset::Open(spec.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
    if (!m_ds) throw Error(m_name + ": cannot connect: " + gdalProblem("connection failed"));
    // A second writer waits for the first's row lock as long as a GeoPackage writer waits, then is told the
    // store is busy in the same words.
    const std::string timeout = "SET lock_timeout = " + std::to_string(kBusyTimeoutMs);
    if (OGRLayer* r = m_ds->ExecuteSQL(timeout.c_str(), nullptr, nullptr)) m_ds->ReleaseResultSet(r);
    io::takeGdalError();
  }

  void createTable() {
    OGRSpatialReference srs;
    srs.SetWellKnownGeogCS("WGS84");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    CPLStringList options;
    options.SetNameValue("FID", "id");
    options.SetNameValue("GEOMETRY_NAME", "geom");
    if (m_pg) options.SetNameValue("GEOM_TYPE", "geometry");
    Transaction tx(*this);
    m_layer = m_ds->CreateLayer(kTable, &srs, wkbUnknown, options.List());
    if (!m_layer) throw Error(m_name + ": cannot create the notes table: " + gdalProblem("create failed"));
    detail::createNoteFields(*m_layer, m_name);
    tx.commit();
    m_layer = m_ds->GetLayerByName(kTable);
    if (!m_layer) throw Error(m_name + ": the notes table was created but cannot be read: " + gdalProblem("unknown"));
  }

  // Inside a transaction: takes the write lock on note `id`, then returns it when its revision is `expected`.
  OGRFeatureUniquePtr lockAndCheck(std::int64_t id, std::int64_t expected) {
    const std::string lock = std::string("UPDATE ") + kTable + " SET revision = revision WHERE id = " + std::to_string(id);
    io::takeGdalError();
    if (OGRLayer* r = m_ds->ExecuteSQL(lock.c_str(), nullptr, nullptr)) m_ds->ReleaseResultSet(r);
    if (std::string e = io::takeGdalError(); !e.empty()) {
      std::string message = m_name + ": cannot lock note " + std::to_string(id) + ": " + busyAware(e);
      if (message.find("store is busy") != std::string::npos) throw LockRefused{message};
      throw Error(message);
    }
    OGRFeatureUniquePtr stored(m_layer->GetFeature(id));
    io::takeGdalError();
    if (!stored)
      throw ConflictError("note " + std::to_string(id) + " was deleted by someone else since you opened it (revision " +
                              std::to_string(expected) + " → deleted); nothing was changed",
                          expected, 0);
    std::int64_t now = stored->GetFieldAsInteger64(stored->GetFieldIndex("revision"));
    if (now != expected)
      throw ConflictError("note " + std::to_string(id) + " was changed by someone else since you opened it (revision " +
                              std::to_string(expected) + " → " + std::to_string(now) +
                              "); nothing was changed: reload it, then apply your edit again",
                          expected, now);
    return stored;
  }

  std::string busyAware(const std::string& message) const {
    std::string lower = toLower(message);
    if (lower.find("locked") != std::string::npos || lower.find("busy") != std::string::npos ||
        lower.find("lock timeout") != std::string::npos || lower.find("could not obtain lock") != std::string::npos)
      return std::string(kBusyWords) + " (another program kept it locked for " + std::to_string(kBusyTimeoutMs / 1000) +
             " seconds); try again (" + message + ")";
    return message;
  }

  // Throws when the store was opened read-only: it can be listed and exported, not changed.
  void checkWritable(const std::string& change) const {
    if (m_readOnly)
      throw Error(m_name + ": cannot " + change + ": the store is read-only (no permission to write it or its folder); "
                           "its notes can still be listed and exported");
  }

  bool m_pg;
  bool m_readOnly = false;
  std::string m_name;
  GDALDatasetUniquePtr m_ds;
  OGRLayer* m_layer = nullptr;
  OGRSpatialReference m_srs;
};

}  // namespace

std::unique_ptr<NoteStore> openNoteStore(const std::string& spec) {
  if (trim(spec).empty()) throw UsageError("no notes store given (a .gpkg path or a PG: connection string)");
  return std::make_unique<OgrNoteStore>(spec);
}

}  // namespace mobmap::notes
