// `mobmap notes <add|list|update|delete|import|export> --store STORE ...`: place-based qualitative notes.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/text.h"
#include "notes/area_locator.h"
#include "notes/note_exchange.h"
#include "notes/note_store.h"

namespace mobmap::cli {

namespace {

using notes::Note;

struct NoteFieldOptions {
  double lon = 0;
  double lat = 0;
  std::string wkt;
  std::string title;
  std::string text;
  std::string textFile;
  std::string tags;
  std::string sourceType;
  std::string sourceName;
  std::string date;
  std::string author;
  std::string consent;
  std::string attachment;
};

struct AreaOptions {
  std::vector<std::string> files;
  std::vector<std::string> keys;
};

struct FilterOptions {
  std::string tag;
  std::string sourceType;
  std::string author;
  std::string from;
  std::string to;
  std::string consent;
  std::string inAreas;
  std::string areaLayer;
  std::string areaKey = "GEOID";
  std::string where;
};

struct NotesOptions {
  std::string store;
  bool json = false;
  std::int64_t id = 0;
  std::int64_t revision = 0;
  std::string file;
  std::string out;
  bool includeInternal = false;
  bool publicOnly = false;
  NoteFieldOptions fields;
  AreaOptions areas;
  FilterOptions filter;
};

nlohmann::json noteJson(const Note& n) {
  return {{"id", n.id},
          {"revision", n.revision},
          {"title", n.title},
          {"text", n.text},
          {"tags", n.tags},
          {"source_type", notes::sourceTypeName(n.sourceType)},
          {"source_name", n.sourceName},
          {"date_heard", n.dateHeard},
          {"author", n.author},
          {"consent", notes::consentName(n.consent)},
          {"attachment", n.attachment},
          {"created_at", n.createdAt},
          {"updated_at", n.updatedAt},
          {"area_ids", n.areaIds},
          {"geometry", n.geometryWkt}};
}

std::string noteLine(const Note& n) {
  std::string line = "#" + std::to_string(n.id) + " r" + std::to_string(n.revision) + " [" +
                     notes::consentName(n.consent) + "] " + (n.dateHeard.empty() ? "----------" : n.dateHeard) +
                     "  " + n.title;
  if (!n.author.empty()) line += " (" + n.author + ")";
  line += " — " + notes::sourceTypeName(n.sourceType);
  if (!n.sourceName.empty()) line += ": " + n.sourceName;
  if (!n.tags.empty()) line += "; tags: " + notes::joinTags(n.tags);
  if (!n.areaIds.empty()) line += "; in " + notes::joinTags(n.areaIds);
  return line;
}

std::string readTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the note text");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Adds the note field options to `cmd` (for add: required title and location are checked in the callback).
void addFieldOptions(CLI::App* cmd, NoteFieldOptions& f) {
  cmd->add_option("--lon", f.lon, "Longitude of a point note (degrees, with --lat)");
  cmd->add_option("--lat", f.lat, "Latitude of a point note (degrees, with --lon)");
  cmd->add_option("--wkt", f.wkt, "Location as WKT in longitude/latitude: POINT, POLYGON or MULTIPOLYGON");
  cmd->add_option("--title", f.title, "Short title");
  cmd->add_option("--text", f.text, "The quote or insight (any Unicode, several paragraphs)");
  cmd->add_option("--text-file", f.textFile, "Read the text from this UTF-8 file, exactly as it is");
  cmd->add_option("--tags", f.tags, "Theme tags separated by commas: free tags and pillar names");
  cmd->add_option("--source-type", f.sourceType,
                  "community meeting, interview, focus group, survey, site visit or document");
  cmd->add_option("--source-name", f.sourceName, "Which meeting, interview series, survey or document");
  cmd->add_option("--date", f.date, "Date heard, YYYY-MM-DD");
  cmd->add_option("--author", f.author, "Who recorded the note");
  cmd->add_option("--consent", f.consent, "public (may be quoted in published figures) or internal (coalition only)");
  cmd->add_option("--attachment", f.attachment, "Path of a photo or document");
}

void addAreaOptions(CLI::App* cmd, AreaOptions& a) {
  cmd->add_option("--areas", a.files, "Boundary file (tracts, neighborhoods) whose areas the note's GEOIDs come from; "
                                      "repeatable");
  cmd->add_option("--area-key", a.keys, "Field naming the areas of each --areas file (default GEOID); repeatable");
}

void addFilterOptions(CLI::App* cmd, FilterOptions& f, bool mapFilter) {
  cmd->add_option("--tag", f.tag, "Only notes with this tag");
  cmd->add_option("--source-type", f.sourceType, "Only notes from this kind of source");
  cmd->add_option("--author", f.author, "Only notes by this author");
  cmd->add_option("--from", f.from, "Only notes heard on or after this date (YYYY-MM-DD)");
  cmd->add_option("--to", f.to, "Only notes heard on or before this date (YYYY-MM-DD)");
  cmd->add_option("--consent", f.consent, "Only public or only internal notes");
  if (!mapFilter) return;
  cmd->add_option("--in-areas", f.inAreas, "Only notes falling in areas of this boundary file (see --where)");
  cmd->add_option("--area-layer", f.areaLayer, "Layer of --in-areas");
  cmd->add_option("--area-key", f.areaKey, "Field naming the areas of --in-areas (default GEOID)");
  cmd->add_option("--where", f.where, "Keep only the --in-areas areas passing this OGR SQL filter, e.g. \"pov_rate > 0.3\"");
}

notes::NoteFilter makeFilter(const FilterOptions& o) {
  notes::NoteFilter f;
  f.tag = o.tag;
  if (!o.sourceType.empty()) f.sourceType = notes::parseSourceType(o.sourceType);
  f.author = o.author;
  f.from = o.from;
  f.to = o.to;
  if (!o.consent.empty()) f.consent = notes::parseConsent(o.consent);
  if (!o.where.empty() && o.inAreas.empty()) throw UsageError("--where filters the areas of --in-areas: give --in-areas");
  return f;
}

std::vector<Note> applyMapFilter(std::vector<Note> notes, const FilterOptions& o) {
  if (o.inAreas.empty()) return notes;
  notes::AreaLocator areas(o.inAreas, o.areaLayer, o.areaKey, o.where);
  std::vector<Note> kept;
  for (Note& n : notes)
    if (!areas.locate(n.geometryWkt).empty()) kept.push_back(std::move(n));
  std::cerr << "mobmap: " << kept.size() << " of " << notes.size() << " notes fall in the " << areas.size()
            << " areas of " << o.inAreas << (o.where.empty() ? "" : " where " + o.where) << "\n";
  return kept;
}

std::vector<notes::AreaLocator> loadAreas(const AreaOptions& a) {
  std::vector<notes::AreaLocator> out;
  for (std::size_t i = 0; i < a.files.size(); ++i) {
    std::string key = i < a.keys.size() ? a.keys[i] : (a.keys.empty() ? "GEOID" : a.keys.back());
    out.emplace_back(a.files[i], "", key);
  }
  return out;
}

std::vector<std::string> locateAll(const std::vector<notes::AreaLocator>& areas, const std::string& wkt) {
  std::vector<std::string> ids;
  for (const notes::AreaLocator& l : areas)
    for (std::string& id : l.locate(wkt)) ids.push_back(std::move(id));
  return ids;
}

// Applies the field options given on the command line (`cmd->count`) to `note`.
void applyFields(const CLI::App& cmd, const NoteFieldOptions& f, Note& note) {
  bool hasLon = cmd.count("--lon") > 0, hasLat = cmd.count("--lat") > 0, hasWkt = cmd.count("--wkt") > 0;
  if (hasLon != hasLat) throw UsageError("give both --lon and --lat");
  if (hasLon && hasWkt) throw UsageError("give either --lon/--lat or --wkt, not both");
  if (hasLon) note.geometryWkt = notes::pointWkt(f.lon, f.lat);
  if (hasWkt) note.geometryWkt = f.wkt;
  if (cmd.count("--text") && cmd.count("--text-file")) throw UsageError("give either --text or --text-file");
  if (cmd.count("--title")) note.title = f.title;
  if (cmd.count("--text")) note.text = f.text;
  if (cmd.count("--text-file")) note.text = readTextFile(f.textFile);
  if (cmd.count("--tags")) note.tags = notes::parseTags(f.tags);
  if (cmd.count("--source-type")) note.sourceType = notes::parseSourceType(f.sourceType);
  if (cmd.count("--source-name")) note.sourceName = f.sourceName;
  if (cmd.count("--date")) note.dateHeard = f.date;
  if (cmd.count("--author")) note.author = f.author;
  if (cmd.count("--consent")) note.consent = notes::parseConsent(f.consent);
  if (cmd.count("--attachment")) note.attachment = f.attachment;
}

void printNote(const NotesOptions& o, const Note& n, const std::string& verb) {
  if (o.json)
    std::cout << noteJson(n).dump(2) << "\n";
  else
    std::cout << noteLine(n) << "\n";
  std::cerr << "mobmap: " << verb << " note " << n.id << " (revision " << n.revision << ")\n";
}

void runAdd(const CLI::App& cmd, const NotesOptions& o) {
  if (!cmd.count("--title")) throw UsageError("notes add: --title is required");
  if (!cmd.count("--wkt") && !cmd.count("--lon")) throw UsageError("notes add: give --lon and --lat, or --wkt");
  Note n;
  if (!cmd.count("--consent"))
    std::cerr << "mobmap: note: no --consent given, so the note is internal (coalition only)\n";
  applyFields(cmd, o.fields, n);
  n.areaIds = locateAll(loadAreas(o.areas), n.geometryWkt);
  auto store = notes::openNoteStore(o.store);
  printNote(o, store->add(n), "added");
}

void runList(const NotesOptions& o) {
  notes::NoteFilter filter = makeFilter(o.filter);
  auto store = notes::openNoteStore(o.store);
  std::vector<Note> found = applyMapFilter(store->list(filter), o.filter);
  if (o.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const Note& n : found) arr.push_back(noteJson(n));
    std::cout << nlohmann::json{{"store", store->description()}, {"count", found.size()}, {"notes", arr}}.dump(2) << "\n";
  } else {
    for (const Note& n : found) std::cout << noteLine(n) << "\n";
    std::cerr << "mobmap: " << found.size() << " notes\n";
  }
}

void runUpdate(const CLI::App& cmd, const NotesOptions& o) {
  auto store = notes::openNoteStore(o.store);
  std::optional<Note> stored = store->get(o.id);
  if (!stored) throw Error(store->description() + ": no note " + std::to_string(o.id));
  Note n = *stored;
  std::string oldWkt = n.geometryWkt;
  applyFields(cmd, o.fields, n);
  if (!o.areas.files.empty())
    n.areaIds = locateAll(loadAreas(o.areas), n.geometryWkt);
  else if (n.geometryWkt != oldWkt && !n.areaIds.empty()) {
    n.areaIds.clear();
    std::cerr << "mobmap: note: the location changed, so the note's areas were cleared (give --areas to derive them)\n";
  }
  n.revision = o.revision;
  printNote(o, store->update(n), "updated");
}

void runDelete(const NotesOptions& o) {
  auto store = notes::openNoteStore(o.store);
  store->remove(o.id, o.revision);
  if (o.json) std::cout << nlohmann::json{{"deleted", o.id}, {"revision", o.revision}}.dump() << "\n";
  std::cerr << "mobmap: deleted note " << o.id << "\n";
}

void runImport(const NotesOptions& o) {
  std::vector<Note> incoming = notes::readNotes(o.file);
  std::vector<notes::AreaLocator> areas = loadAreas(o.areas);
  auto store = notes::openNoteStore(o.store);
  // Notes already imported (same import key) are skipped, so an interrupted or repeated import only adds what
  // is missing.
  const std::set<std::string> present = store->importKeys();
  std::vector<std::int64_t> ids;
  std::size_t skipped = 0;
  for (std::size_t i = 0; i < incoming.size(); ++i) {
    Note& n = incoming[i];
    if (present.count(n.importKey)) {
      ++skipped;
      continue;
    }
    if (!areas.empty()) n.areaIds = locateAll(areas, n.geometryWkt);
    try {
      ids.push_back(store->add(n).id);  // one transaction per note: a stop keeps every note added so far
    } catch (const Error& e) {
      throw Error(std::string(e.what()) + " (imported " + std::to_string(ids.size()) + " of " +
                  std::to_string(incoming.size()) + " notes before this one; they are kept, and a re-run adds only the rest)");
    }
  }
  if (o.json) std::cout << nlohmann::json{{"imported", ids.size()}, {"skipped", skipped}, {"ids", ids}}.dump() << "\n";
  std::cerr << "mobmap: imported " << ids.size() << " notes from " << o.file << " into " << store->description();
  if (skipped) std::cerr << "; skipped " << skipped << " already imported";
  std::cerr << "\n";
}

void runExport(const NotesOptions& o) {
  notes::NoteFilter filter = makeFilter(o.filter);
  if (o.includeInternal && o.publicOnly) throw UsageError("give either --include-internal or --public-only");
  if (filter.consent == notes::Consent::Internal && !o.includeInternal)
    throw UsageError("--consent internal exports internal notes: add --include-internal to confirm");
  auto store = notes::openNoteStore(o.store);
  std::vector<Note> found = applyMapFilter(store->list(filter), o.filter);
  std::vector<Note> kept;
  std::size_t internal = 0;
  for (Note& n : found) {
    if (!notes::mayPublish(n) && !o.includeInternal)
      ++internal;
    else
      kept.push_back(std::move(n));
  }
  notes::writeNotes(kept, o.out);
  if (o.json)
    std::cout << nlohmann::json{{"out", o.out}, {"written", kept.size()}, {"internal_left_out", internal}}.dump() << "\n";
  std::cerr << "mobmap: wrote " << o.out << " (" << kept.size() << " notes";
  if (internal) std::cerr << "; " << internal << " internal notes left out, add --include-internal to export them";
  std::cerr << ")\n";
}

}  // namespace

void addNotesCommand(CLI::App& app, int& exitCode) {
  CLI::App* notesCmd = app.add_subcommand(
      "notes", "Place-based qualitative notes (what residents said, where) in a GeoPackage or a shared PostGIS store.");
  notesCmd->require_subcommand(1);
  auto add = [&](const std::string& name, const std::string& help) {
    auto opts = std::make_shared<NotesOptions>();
    CLI::App* cmd = notesCmd->add_subcommand(name, help);
    cmd->add_option("--store", opts->store, "Notes store: a .gpkg file (created when missing) or a GDAL PostgreSQL "
                                            "connection string \"PG:host=... dbname=... user=...\"")
        ->required();
    cmd->add_flag("--json", opts->json, "Print machine-readable JSON on stdout");
    return std::make_pair(cmd, opts);
  };

  {
    auto [cmd, opts] = add("add", "Add a note at a point (--lon --lat) or an area (--wkt).");
    addFieldOptions(cmd, opts->fields);
    addAreaOptions(cmd, opts->areas);
    cmd->callback([cmd = cmd, opts = opts, &exitCode] {
      runAdd(*cmd, *opts);
      exitCode = 0;
    });
  }
  {
    auto [cmd, opts] = add("list", "List notes, filtered by tag, source, author, dates, consent or map areas.");
    addFilterOptions(cmd, opts->filter, true);
    cmd->callback([opts = opts, &exitCode] {
      runList(*opts);
      exitCode = 0;
    });
  }
  {
    auto [cmd, opts] = add("update", "Change the given fields of a note, if nobody changed it since --revision.");
    cmd->add_option("--id", opts->id, "The note's id")->required();
    cmd->add_option("--revision", opts->revision, "The revision you read (list shows it as rN)")->required();
    addFieldOptions(cmd, opts->fields);
    addAreaOptions(cmd, opts->areas);
    cmd->callback([cmd = cmd, opts = opts, &exitCode] {
      runUpdate(*cmd, *opts);
      exitCode = 0;
    });
  }
  {
    auto [cmd, opts] = add("delete", "Delete a note, if nobody changed it since --revision.");
    cmd->add_option("--id", opts->id, "The note's id")->required();
    cmd->add_option("--revision", opts->revision, "The revision you read (list shows it as rN)")->required();
    cmd->callback([opts = opts, &exitCode] {
      runDelete(*opts);
      exitCode = 0;
    });
  }
  {
    auto [cmd, opts] = add("import", "Add every note of a GeoJSON or CSV file (WKT or lon/lat columns).");
    cmd->add_option("FILE", opts->file, "Notes as .geojson or .csv")->required();
    addAreaOptions(cmd, opts->areas);
    cmd->callback([opts = opts, &exitCode] {
      runImport(*opts);
      exitCode = 0;
    });
  }
  {
    auto [cmd, opts] = add("export", "Write notes to GeoJSON or CSV; internal notes only with --include-internal.");
    cmd->add_option("--out", opts->out, "Output .geojson or .csv")->required();
    cmd->add_flag("--include-internal", opts->includeInternal, "Also export internal (coalition-only) notes");
    cmd->add_flag("--public-only", opts->publicOnly, "Only public notes (the default)");
    addFilterOptions(cmd, opts->filter, true);
    cmd->callback([opts = opts, &exitCode] {
      runExport(*opts);
      exitCode = 0;
    });
  }
}

}  // namespace mobmap::cli
