#pragma once
// Where notes live: a GeoPackage file (default, one per project) or a shared PostgreSQL + PostGIS database.
//
// Usage:
//   std::unique_ptr<NoteStore> store = openNoteStore("notes.gpkg");     // or "PG:host=... dbname=..."
//   Note added = store->add(note);                 // id, revision 1, timestamps assigned
//   Note edited = added; edited.text = "...";
//   store->update(edited);                         // refused with ConflictError if someone else changed it
//   store->remove(edited.id, edited.revision + 1);
// Every change is one transaction: a crash leaves each note in its old or its new state. Values go to the
// database through bound fields, never through SQL text. A GeoPackage written by two programs at once makes the
// second wait (up to a few seconds), then fail with "store is busy".
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "notes/note.h"
#include "notes/note_filter.h"

namespace mobmap::notes {

// An update or delete based on a revision that is no longer the stored one (someone else changed or deleted the
// note since it was read).
class ConflictError : public Error {
 public:
  ConflictError(const std::string& message, std::int64_t expected, std::int64_t stored)
      : Error(message), m_expected(expected), m_stored(stored) {}
  // The revision the caller had read.
  std::int64_t expectedRevision() const { return m_expected; }
  // The revision now stored (0 when the note was deleted).
  std::int64_t storedRevision() const { return m_stored; }

 private:
  std::int64_t m_expected;
  std::int64_t m_stored;
};

class NoteStore {
 public:
  virtual ~NoteStore() = default;

  // Stores a new note in one transaction and returns it as stored: with its id, revision 1 and created/updated
  // times (kept when the note already has them, as when importing an export). Throws Error on invalid notes.
  virtual Note add(const Note& note) = 0;

  // The note with this id, or nullopt.
  virtual std::optional<Note> get(std::int64_t id) = 0;

  // Every note passing `filter`, by id.
  virtual std::vector<Note> list(const NoteFilter& filter = {}) = 0;

  // Replaces the stored note `note.id` with `note` when the stored revision is still `note.revision`; returns the
  // stored note with revision + 1 and a new updated time. Throws ConflictError when the revision differs or the
  // note is gone; nothing is written then.
  virtual Note update(const Note& note) = 0;

  // Deletes note `id` when its stored revision is `expectedRevision`; throws ConflictError otherwise.
  virtual void remove(std::int64_t id, std::int64_t expectedRevision) = 0;

  // The import keys of the stored notes (Note::importKey; notes added by hand have none).
  virtual std::set<std::string> importKeys() = 0;

  // "GeoPackage notes.gpkg" or "PostgreSQL database ..." for messages (no password).
  virtual std::string description() const = 0;
};

// Opens the store named by `spec`, creating the notes table (and the GeoPackage file) when missing: a GDAL
// PostgreSQL connection string ("PG:host=127.0.0.1 port=5432 dbname=coalition user=...") or a GeoPackage path.
// Throws Error naming the store when it cannot be opened.
std::unique_ptr<NoteStore> openNoteStore(const std::string& spec);

}  // namespace mobmap::notes
