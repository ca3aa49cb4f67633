// `mobmap notes <add|list|update|delete|import|export> --store STORE ...`: place-based qualitative notes.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/text.h"
#include "notes/area_locator.h"
#include "notes/note_exchange.h"
#include "notes/note_store.h"
#include "notes/publication.h"
#include "notes/note_import.h"
#include "notes/codebook.h"
#include "session/note_metrics.h"
#include "style/metric_catalog.h"
#include "io/layer_writer.h"
#include "io/project_file.h"
#include "io/source_reader.h"
#include "core/geoid.h"
#include "core/project.h"

namespace mobmap::cli {

namespace {

using notes::Note;
using mobmap::NoteTheme;

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
  std::string speaker;
  std::string kind;
  std::string location;
  double jitterMin = 0;
  double jitterMax = 0;
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
  std::string pillar;
  std::string theme;
};

struct NotesOptions {
  std::string store;
  std::string project;
  std::string audience;
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
  std::string populationField;
  double minResidents = -1;  // < 0: the project's, else notes::kDefaultSmallAreaResidents
  // import
  std::string map;
  std::string mapName;
  bool saveMap = false;
  bool dryRun = false;
  std::string consentValues;
  std::string defaultConsent;
  std::string importSourceType;
  std::string importSourceName;
  std::string skipEmpty;
  // export: metric values of the notes' areas
  std::string metrics;
  std::string metricsKey;
  std::string metricsWhere;
};

// The codebook of --project's [[notes.themes]], checked against the metric catalog's pillars and predictors;
// empty without --project. Throws Error naming the project and each theme that names no pillar or predictor.
std::vector<NoteTheme> codebookOf(const NotesOptions& o) {
  if (o.project.empty()) return {};
  const Project p = io::readProject(o.project);
  std::vector<std::pair<std::string, std::string>> predictors;
  for (const style::MetricInfo& m : style::MetricCatalog::builtin().metrics()) predictors.emplace_back(m.pillar, m.predictor);
  const std::vector<std::string> problems = notes::codebookProblems(p.noteThemes, predictors);
  if (!problems.empty()) {
    std::string all;
    for (const std::string& problem : problems) all += "\n  " + problem;
    throw Error(o.project + ": [[notes.themes]]:" + all);
  }
  return p.noteThemes;
}

// The store of --store, else of --project's [notes]; a usage error when neither names one.
std::string storeSpec(const NotesOptions& o) {
  if (!o.store.empty()) return o.store;
  if (!o.project.empty()) {
    const Project p = io::readProject(o.project);
    if (p.notesStore.empty()) throw UsageError(o.project + ": the project has no [notes] store; give --store");
    return p.notesStore.string();
  }
  throw UsageError("give --store STORE (a .gpkg or PG: connection) or --project PROJECT.toml");
}

// The small-area threshold and population field: the options, else --project's [notes] keys, else the defaults.
std::pair<double, std::string> smallAreaRule(const NotesOptions& o) {
  double threshold = notes::kDefaultSmallAreaResidents;
  std::string field;
  if (!o.project.empty()) {
    const Project p = io::readProject(o.project);
    if (p.smallAreaResidents) threshold = *p.smallAreaResidents;
    field = p.populationField;
  }
  if (o.minResidents >= 0) threshold = o.minResidents;
  if (!o.populationField.empty()) field = o.populationField;
  return {threshold, field};
}

nlohmann::json noteJson(const Note& n, const std::vector<NoteTheme>& codebook = {}) {
  nlohmann::json j = {{"id", n.id},
          {"revision", n.revision},
          {"title", n.title},
          {"text", n.text},
          {"tags", n.tags},
          {"source_type", notes::sourceTypeName(n.sourceType)},
          {"source_name", n.sourceName},
          {"date_heard", n.dateHeard},
          {"author", n.author},
          {"speaker", n.speaker},
          {"kind", notes::noteKindName(n.kind)},
          {"consent", notes::consentName(n.consent)},
          {"location_mode", notes::locationModeName(n.location)},
          {"jitter_min_m", n.jitterMinM},
          {"jitter_max_m", n.jitterMaxM},
          {"public_geometry", n.publicWkt},
          {"attachment", n.attachment},
          {"created_at", n.createdAt},
          {"updated_at", n.updatedAt},
          {"area_ids", n.areaIds},
          {"geometry", n.geometryWkt}};
  j["pillars"] = notes::notePillars(n, codebook);
  if (!codebook.empty()) {
    j["themes"] = notes::noteThemes(n, codebook);
    j["predictors"] = notes::notePredictors(n, codebook);
  }
  return j;
}

std::string noteLine(const Note& n) {
  std::string line = "#" + std::to_string(n.id) + " r" + std::to_string(n.revision) + " [" +
                     notes::consentName(n.consent) + ", " + notes::locationModeName(n.location) + "] " +
                     (n.dateHeard.empty() ? "----------" : n.dateHeard) + "  " + n.title + " (" +
                     notes::noteKindName(n.kind) + ")";
  if (!n.speaker.empty()) line += " said by " + n.speaker;
  if (!n.author.empty()) line += ", recorded by " + n.author;
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
                  "community meeting, interview, focus group, survey, site visit, document or data walk");
  cmd->add_option("--source-name", f.sourceName, "Which meeting, interview series, survey or document");
  cmd->add_option("--date", f.date, "Date heard, YYYY-MM-DD");
  cmd->add_option("--author", f.author, "Who recorded the note");
  cmd->add_option("--consent", f.consent,
                  "internal (staff only; the default), coalition (members), public (published, unattributed) or "
                  "public-attributed (published with the speaker's name)");
  cmd->add_option("--attachment", f.attachment, "Path of a photo or document");
  cmd->add_option("--speaker", f.speaker, "Who said it; named in published outputs only when --consent public-attributed");
  cmd->add_option("--kind", f.kind, "quote (the speaker's words: printed in quotation marks), paraphrase (the default) or observation");
  cmd->add_option("--location", f.location,
                  "exact (the default), generalised (published at its area: needs --areas, the first file's area is "
                  "shown) or jittered (published moved by a random distance, fixed per note)");
  cmd->add_option("--jitter-min", f.jitterMin, "Jittered notes: least distance moved, metres (default 100)");
  cmd->add_option("--jitter-max", f.jitterMax, "Jittered notes: greatest distance moved, metres (default 400)");
}

void addAreaOptions(CLI::App* cmd, AreaOptions& a) {
  cmd->add_option("--areas", a.files, "Boundary file (tracts, neighborhoods) whose areas the note's GEOIDs come from; "
                                      "repeatable");
  cmd->add_option("--area-key", a.keys, "Field naming the areas of each --areas file (default GEOID); repeatable");
}

void addSmallAreaOptions(CLI::App* cmd, NotesOptions& o) {
  cmd->add_option("--population-field", o.populationField,
                  "Residents field of the --areas files (default: the project's population_field, else population, "
                  "pop, total_pop, B01003_001E, P1_001N, ...)");
  cmd->add_option("--min-residents", o.minResidents,
                  "Warn when a public note lies in an area with fewer residents (default: the project's "
                  "small_area_residents, else 100)");
}

void addFilterOptions(CLI::App* cmd, FilterOptions& f, bool mapFilter) {
  cmd->add_option("--tag", f.tag, "Only notes with this tag");
  cmd->add_option("--source-type", f.sourceType, "Only notes from this kind of source");
  cmd->add_option("--author", f.author, "Only notes by this author");
  cmd->add_option("--from", f.from, "Only notes heard on or after this date (YYYY-MM-DD)");
  cmd->add_option("--to", f.to, "Only notes heard on or before this date (YYYY-MM-DD)");
  cmd->add_option("--consent", f.consent, "Only notes of this consent level (internal, coalition, public, public-attributed)");
  cmd->add_option("--pillar", f.pillar, "Only notes speaking to this pillar (its name or the start of it): tagged with it, "
                                        "or with a theme the --project codebook ties to it");
  cmd->add_option("--theme", f.theme, "Only notes tagged with this theme");
  if (!mapFilter) return;
  cmd->add_option("--in-areas", f.inAreas, "Only notes falling in areas of this boundary file (see --where)");
  cmd->add_option("--area-layer", f.areaLayer, "Layer of --in-areas");
  cmd->add_option("--area-key", f.areaKey, "Field naming the areas of --in-areas (default GEOID)");
  cmd->add_option("--where", f.where, "Keep only the --in-areas areas passing this OGR SQL filter, e.g. \"pov_rate > 0.3\"");
}

notes::NoteFilter makeFilter(const FilterOptions& o, std::vector<NoteTheme> codebook = {}) {
  notes::NoteFilter f;
  f.theme = o.theme;
  if (!o.pillar.empty()) f.pillar = notes::canonicalPillar(o.pillar);
  f.codebook = std::move(codebook);
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
  if (cmd.count("--speaker")) note.speaker = f.speaker;
  if (cmd.count("--kind")) note.kind = notes::parseNoteKind(f.kind);
  if (cmd.count("--location")) note.location = notes::parseLocationMode(f.location);
  const bool range = cmd.count("--jitter-min") || cmd.count("--jitter-max");
  if (range && note.location != notes::LocationMode::Jittered)
    throw UsageError("--jitter-min and --jitter-max apply to jittered notes: add --location jittered");
  if (range) {
    if (note.jitterMinM == 0 && note.jitterMaxM == 0) {
      note.jitterMinM = notes::kDefaultJitterMinM;
      note.jitterMaxM = notes::kDefaultJitterMaxM;
    }
    if (cmd.count("--jitter-min")) note.jitterMinM = f.jitterMin;
    if (cmd.count("--jitter-max")) note.jitterMaxM = f.jitterMax;
    if (!(note.jitterMinM > 0 && note.jitterMaxM >= note.jitterMinM))
      throw UsageError("jitter range " + formatNumber(note.jitterMinM) + " to " + formatNumber(note.jitterMaxM) +
                       " m: give 0 < --jitter-min <= --jitter-max");
    if (range) note.locationSeed.clear();  // a new range: a new displacement
  }
}

// Sets a generalised note's published area from the first --areas file (the areas it falls in, merged); warns
// about public notes in areas with few residents. Refuses a generalised note without areas to show.
void protectLocation(Note& n, const std::vector<notes::AreaLocator>& areas, const NotesOptions& o, bool locationChanged) {
  if (n.location == notes::LocationMode::Generalised) {
    if (!areas.empty()) {
      n.publicWkt = areas.front().outlineWkt(areas.front().locate(n.geometryWkt));
      if (n.publicWkt.empty())
        throw Error("note '" + n.title + "' is generalised but lies in no area of " + areas.front().path() +
                    ", so there is no area to show instead of its location");
    } else if (n.publicWkt.empty() || locationChanged) {
      throw UsageError("note '" + n.title + "': --location generalised publishes the note at its area: give --areas FILE "
                       "(tracts or neighbourhoods; the first --areas file is the one shown)");
    }
  }
  const auto [threshold, field] = smallAreaRule(o);
  for (const notes::AreaLocator& a : areas)
    for (const std::string& w : notes::smallAreaWarnings(n, a, field, threshold)) std::cerr << "mobmap: warning: " << w << "\n";
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
  const std::vector<notes::AreaLocator> areas = loadAreas(o.areas);
  n.areaIds = locateAll(areas, n.geometryWkt);
  protectLocation(n, areas, o, true);
  auto store = notes::openNoteStore(storeSpec(o));
  printNote(o, store->add(n), "added");
}

void runList(const NotesOptions& o) {
  const std::vector<NoteTheme> codebook = codebookOf(o);
  notes::NoteFilter filter = makeFilter(o.filter, codebook);
  auto store = notes::openNoteStore(storeSpec(o));
  std::vector<Note> found = applyMapFilter(store->list(filter), o.filter);
  if (o.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const Note& n : found) arr.push_back(noteJson(n, codebook));
    std::cout << nlohmann::json{{"store", store->description()}, {"count", found.size()}, {"notes", arr}}.dump(2) << "\n";
  } else {
    for (const Note& n : found) std::cout << noteLine(n) << "\n";
    std::cerr << "mobmap: " << found.size() << " notes\n";
  }
}

// How often the notes matching the filters were raised per area: the --areas layer written to --out with a
// column `notes` counting the notes that fall in each area where `audience` may see them (for the public: at
// their protected locations; notes the gate withholds are not counted).
void runCount(const NotesOptions& o) {
  if (o.areas.files.size() != 1) throw UsageError("notes count needs one --areas FILE: the areas to count the notes in");
  if (o.out.empty()) throw UsageError("notes count needs --out FILE (.gpkg, .geojson, .fgb or .csv)");
  const notes::Audience audience = o.audience.empty() ? notes::Audience::Public : notes::parseAudience(o.audience);
  const std::vector<NoteTheme> codebook = codebookOf(o);
  notes::NoteFilter filter = makeFilter(o.filter, codebook);
  auto store = notes::openNoteStore(storeSpec(o));
  const std::vector<Note> found = applyMapFilter(store->list(filter), o.filter);
  const std::vector<notes::AreaLocator> areas = loadAreas(o.areas);
  std::map<std::string, std::size_t> count;
  std::size_t counted = 0, withheld = 0, outside = 0;
  for (const Note& n : found) {
    const std::optional<Note> shown = notes::noteFor(n, audience);
    if (!shown) {
      ++withheld;
      continue;
    }
    const std::vector<std::string> in = areas.front().locate(shown->geometryWkt);
    if (in.empty()) ++outside;
    else ++counted;
    for (const std::string& k : in) ++count[k];
  }
  Layer layer = io::readLayer(o.areas.files.front());
  const std::string keyField = o.areas.keys.empty() ? "GEOID" : o.areas.keys.front();
  const Column& key = layer.attributes.require(keyField, o.areas.files.front());
  Column notesColumn("notes", FieldType::Integer);
  for (std::size_t r = 0; r < layer.attributes.rowCount(); ++r) {
    const auto it = key.isMissing(r) ? count.end() : count.find(canonicalKeyPart(key.displayText(r)));
    notesColumn.appendNumber(it == count.end() ? 0.0 : static_cast<double>(it->second));
  }
  if (layer.attributes.find("notes")) throw Error(o.areas.files.front() + ": already has a field named 'notes'");
  layer.attributes.addColumn(std::move(notesColumn));
  io::writeLayer(layer, o.out);
  if (o.json)
    std::cout << nlohmann::json{{"out", o.out}, {"areas", layer.featureCount()}, {"notes_counted", counted},
                                {"notes_withheld", withheld}, {"notes_outside", outside}, {"audience", notes::audienceName(audience)}}
                     .dump(2)
              << "\n";
  std::cerr << "mobmap: counted " << counted << " notes in the areas of " << o.areas.files.front() << " for the "
            << notes::audienceName(audience) << " (" << withheld << " withheld by consent, " << outside
            << " outside every area); wrote " << o.out << " (field notes)\n";
}

void runUpdate(const CLI::App& cmd, const NotesOptions& o) {
  auto store = notes::openNoteStore(storeSpec(o));
  std::optional<Note> stored = store->get(o.id);
  if (!stored) throw Error(store->description() + ": no note " + std::to_string(o.id));
  Note n = *stored;
  std::string oldWkt = n.geometryWkt;
  applyFields(cmd, o.fields, n);
  const std::vector<notes::AreaLocator> areas = loadAreas(o.areas);
  protectLocation(n, areas, o, n.geometryWkt != oldWkt || (cmd.count("--location") && stored->location != n.location));
  if (!o.areas.files.empty())
    n.areaIds = locateAll(areas, n.geometryWkt);
  else if (n.geometryWkt != oldWkt && !n.areaIds.empty()) {
    n.areaIds.clear();
    std::cerr << "mobmap: note: the location changed, so the note's areas were cleared (give --areas to derive them)\n";
  }
  n.revision = o.revision;
  printNote(o, store->update(n), "updated");
}

void runDelete(const NotesOptions& o) {
  auto store = notes::openNoteStore(storeSpec(o));
  store->remove(o.id, o.revision);
  if (o.json) std::cout << nlohmann::json{{"deleted", o.id}, {"revision", o.revision}}.dump() << "\n";
  std::cerr << "mobmap: deleted note " << o.id << "\n";
}

// The import mapping of --map, else the project's import map --map-name; saves --map under --map-name in the
// project with --save-map. Empty when neither is given.
std::optional<notes::ImportMapping> importMapping(const NotesOptions& o) {
  if (o.saveMap && (o.project.empty() || o.mapName.empty() || o.map.empty()))
    throw UsageError("--save-map saves --map under --map-name in --project: give all three");
  std::string text = o.map;
  if (text.empty() && !o.mapName.empty()) {
    if (o.project.empty()) throw UsageError("--map-name reads the import map from a project: give --project");
    const Project p = io::readProject(o.project);
    for (const auto& [name, map] : p.noteImportMaps)
      if (name == o.mapName) text = map;
    if (text.empty()) throw UsageError(o.project + ": no import map '" + o.mapName + "' under [notes.import_maps]");
  }
  if (text.empty()) return std::nullopt;
  notes::ImportMapping m = notes::parseImportMapping(text);
  if (!o.consentValues.empty()) {
    m.consentValues = notes::parseValueMap(o.consentValues);
    for (const auto& [answer, level] : m.consentValues) notes::parseConsent(level);  // a usage error names a bad level
  }
  if (!o.defaultConsent.empty()) m.defaultConsent = notes::consentName(notes::parseConsent(o.defaultConsent));
  m.sourceType = o.importSourceType;
  m.sourceName = o.importSourceName;
  m.skipEmpty = o.skipEmpty;
  if (o.saveMap && !o.dryRun) {
    Project p = io::readProject(o.project);
    bool replaced = false;
    for (auto& [name, map] : p.noteImportMaps)
      if (name == o.mapName) {
        map = notes::formatImportMapping(m);
        replaced = true;
      }
    if (!replaced) p.noteImportMaps.emplace_back(o.mapName, notes::formatImportMapping(m));
    io::writeProject(p, o.project);
    std::cerr << "mobmap: saved import map '" << o.mapName << "' in " << o.project << "\n";
  }
  return m;
}

// Returns the exit status: 1 when rows were refused (the others are imported), else 0.
int runImport(const NotesOptions& o) {
  const std::optional<notes::ImportMapping> mapping = importMapping(o);
  std::vector<notes::AreaLocator> areas = loadAreas(o.areas);
  auto store = notes::openNoteStore(storeSpec(o));
  // Notes already imported (same import key) are skipped, so an interrupted or repeated import only adds what
  // is missing.
  const std::set<std::string> present = store->importKeys();
  std::vector<notes::ImportRow> rows;
  std::string form = "mobmap";
  std::size_t blank = 0;
  if (mapping) {
    notes::ImportPlan plan = notes::planImport(o.file, *mapping);
    form = plan.form;
    blank = plan.blank;
    std::cerr << "mobmap: " << o.file << " read as " << (plan.form == "kobo" ? "a KoboToolbox export"
                                                        : plan.form == "odk" ? "an ODK Central export"
                                                                             : "a " + plan.form + " table")
              << "; columns:";
    for (const std::string& field : notes::importFields())
      if (auto it = plan.resolved.find(field); it != plan.resolved.end()) std::cerr << " " << field << "=" << it->second;
    std::cerr << "\n";
    rows = std::move(plan.rows);
  } else {
    std::size_t i = 0;
    for (Note& n : notes::readNotes(o.file)) rows.push_back({++i, std::move(n), ""});
  }
  const auto [threshold, field] = smallAreaRule(o);
  for (notes::ImportRow& r : rows) {
    if (!r.refused.empty() || present.count(r.note.importKey)) continue;
    if (!areas.empty()) r.note.areaIds = locateAll(areas, r.note.geometryWkt);
    // A generalised note gets its area from --areas; one read from a staff export keeps the area it had.
    if (r.note.location == notes::LocationMode::Generalised && (!areas.empty() || r.note.publicWkt.empty())) {
      r.note.publicWkt = areas.empty() ? "" : areas.front().outlineWkt(areas.front().locate(r.note.geometryWkt));
      if (r.note.publicWkt.empty())
        r.refused = areas.empty() ? "generalised, but no --areas to publish it at"
                                  : "generalised, but it lies in no area of " + areas.front().path();
    }
    for (const notes::AreaLocator& a : areas)
      for (const std::string& w : notes::smallAreaWarnings(r.note, a, field, threshold))
        std::cerr << "mobmap: warning: row " << r.row << ": " << w << "\n";
  }

  nlohmann::json added = nlohmann::json::array(), refused = nlohmann::json::array(), skipped = nlohmann::json::array();
  std::vector<std::int64_t> ids;
  const std::string unit = form == "geojson" ? "feature " : "row ";
  for (notes::ImportRow& r : rows) {
    if (!r.refused.empty()) {
      refused.push_back({{"row", r.row}, {"reason", r.refused}});
      std::cerr << "mobmap: " << o.file << ", " << unit << r.row << ": refused: " << r.refused << "\n";
      continue;
    }
    if (present.count(r.note.importKey)) {
      skipped.push_back({{"row", r.row}, {"title", r.note.title}});
      if (o.dryRun) std::cerr << "mobmap: " << unit << r.row << ": already imported: " << r.note.title << "\n";
      continue;
    }
    nlohmann::json entry = {{"row", r.row},
                            {"title", r.note.title},
                            {"consent", notes::consentName(r.note.consent)},
                            {"location_mode", notes::locationModeName(r.note.location)},
                            {"date_heard", r.note.dateHeard},
                            {"geometry", r.note.geometryWkt},
                            {"import_key", r.note.importKey}};
    if (o.dryRun) {
      std::cerr << "mobmap: " << unit << r.row << ": will import: " << r.note.title << " [" << notes::consentName(r.note.consent)
                << ", " << notes::locationModeName(r.note.location) << "] " << r.note.geometryWkt << "\n";
      added.push_back(entry);
      continue;
    }
    try {
      entry["id"] = store->add(r.note).id;  // one transaction per note: a stop keeps every note added so far
      ids.push_back(entry["id"]);
      added.push_back(entry);
    } catch (const Error& e) {
      throw Error(o.file + ", " + unit + std::to_string(r.row) + ": " + e.what() + " (imported " + std::to_string(ids.size()) +
                  " notes before this one; they are kept, and a re-run adds only the rest)");
    }
  }
  if (o.json)
    std::cout << nlohmann::json{{"dry_run", o.dryRun},  {"form", form},
                                {"imported", o.dryRun ? 0 : added.size()},
                                {"would_import", o.dryRun ? added.size() : 0},
                                {"skipped", skipped.size()}, {"blank", blank}, {"refused", refused},
                                {"ids", ids},           {"notes", added}}
                     .dump()
              << "\n";
  std::cerr << "mobmap: " << (o.dryRun ? "would import " : "imported ") << added.size() << " notes from " << o.file
            << (o.dryRun ? " (dry run: nothing stored)" : " into " + store->description());
  if (!skipped.empty()) std::cerr << "; skipped " << skipped.size() << " already imported";
  if (blank > 0) std::cerr << "; left out " << blank << " rows with nothing in " << o.skipEmpty;
  if (!refused.empty()) std::cerr << "; refused " << refused.size() << " rows (listed above; fix them and run again: only they are added)";
  std::cerr << "\n";
  return refused.empty() ? 0 : 1;
}

void runExport(const NotesOptions& o) {
  notes::NoteFilter filter = makeFilter(o.filter, codebookOf(o));
  if (!o.metrics.empty() && o.metricsKey.empty())
    throw UsageError("--metrics needs --metrics-key, the table's area key (e.g. GEOID, or state+county for Urban's county files)");
  if (o.includeInternal + o.publicOnly + !o.audience.empty() > 1)
    throw UsageError("give one of --include-internal, --public-only and --audience");
  const notes::Audience audience = o.includeInternal ? notes::Audience::Staff
                                   : o.audience.empty() ? notes::Audience::Public
                                                        : notes::parseAudience(o.audience);
  Note level;
  if (filter.consent) level.consent = *filter.consent;
  if (filter.consent && !notes::mayShow(level, audience) && !o.includeInternal)
    throw UsageError("--consent " + notes::consentName(*filter.consent) + " notes are not shown to " +
                     notes::audienceName(audience) + " exports: add --include-internal (or --audience staff) to confirm");
  auto store = notes::openNoteStore(storeSpec(o));
  std::vector<Note> found = applyMapFilter(store->list(filter), o.filter);
  std::vector<Note> kept;
  std::size_t leftOut = 0, withheld = 0;
  for (const Note& n : found) {
    // The consent gate decides what leaves, and where a public note is placed.
    if (std::optional<Note> shown = notes::noteFor(n, audience)) kept.push_back(std::move(*shown));
    else if (notes::mayShow(n, audience)) {
      ++withheld;
      std::cerr << "mobmap: note " << n.id << " '" << n.title << "' left out: " << notes::withheldReason(n, audience) << "\n";
    } else
      ++leftOut;
  }
  notes::ExtraColumns metrics;
  if (!o.metrics.empty()) {
    std::vector<std::string> warnings;
    metrics = session::noteMetricColumns(kept, o.metrics, o.metricsKey, o.metricsWhere, warnings);
    for (const std::string& w : warnings) std::cerr << "mobmap: warning: " << w << "\n";
  }
  notes::writeNotes(kept, o.out, audience, metrics);
  if (o.json)
    std::cout << nlohmann::json{{"out", o.out},
                                {"audience", notes::audienceName(audience)},
                                {"written", kept.size()},
                                {"internal_left_out", leftOut},
                                {"withheld_location", withheld}}
                     .dump()
              << "\n";
  std::cerr << "mobmap: wrote " << o.out << " for " << notes::audienceName(audience) << " (" << kept.size() << " notes";
  if (leftOut)
    std::cerr << "; " << leftOut << " notes left out by their consent level, add --audience coalition or --include-internal "
                 "to export them";
  if (withheld) std::cerr << "; " << withheld << " withheld: no protected location to publish";
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
                                            "connection string \"PG:host=... dbname=... user=...\"");
    cmd->add_option("--project", opts->project, "Project file: its [notes] store (when --store is not given), "
                                                "small_area_residents, population_field and import maps");
    cmd->add_flag("--json", opts->json, "Print machine-readable JSON on stdout");
    return std::make_pair(cmd, opts);
  };

  {
    auto [cmd, opts] = add("add", "Add a note at a point (--lon --lat) or an area (--wkt).");
    addFieldOptions(cmd, opts->fields);
    addAreaOptions(cmd, opts->areas);
    addSmallAreaOptions(cmd, *opts);
    cmd->callback([cmd = cmd, opts = opts, &exitCode] {
      runAdd(*cmd, *opts);
      exitCode = 0;
    });
  }
  {
    auto [cmd, opts] = add("count", "Count the notes matching the filters (e.g. a theme) in each area of --areas, written as "
                                    "field notes of a copy of the areas: a map of how often something was raised.");
    addFilterOptions(cmd, opts->filter, false);
    addAreaOptions(cmd, opts->areas);
    cmd->add_option("--out", opts->out, "Output areas with the counts (.gpkg, .geojson, .fgb or .csv)")->required();
    cmd->add_option("--audience", opts->audience, "Whose view of the notes to count: public (default: only notes the "
                                                  "public may see, at their protected locations), coalition or staff");
    cmd->callback([opts = opts, &exitCode] {
      runCount(*opts);
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
    addSmallAreaOptions(cmd, *opts);
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
    auto [cmd, opts] = add("import", "Add the notes of a GeoJSON or CSV file: mobmap's own notes, or any table, "
                                     "KoboToolbox or ODK Central export through a field mapping (--map).");
    cmd->add_option("FILE", opts->file, "Notes as .geojson or .csv")->required();
    addAreaOptions(cmd, opts->areas);
    addSmallAreaOptions(cmd, *opts);
    cmd->add_option("--map", opts->map, "Field mapping: title=COL,text=COL,lat=COL,lon=COL (or geopoint=COL, wkt=COL),"
                                        "date=COL,consent=COL,speaker=COL,kind=COL,tags=COL,source_type=COL,"
                                        "source_name=COL,author=COL,location=COL,id=COL");
    cmd->add_option("--map-name", opts->mapName, "Use the import map of this name from --project ([notes.import_maps])");
    cmd->add_flag("--save-map", opts->saveMap, "Save --map in --project under --map-name, for the next import");
    cmd->add_flag("--dry-run", opts->dryRun, "List what would be imported and what is refused and why; store nothing");
    cmd->add_option("--consent-values", opts->consentValues,
                    "How the consent answers map to levels, e.g. \"yes=public,no=internal,name=public-attributed\"");
    cmd->add_option("--default-consent", opts->defaultConsent, "Level of rows without a consent answer (default internal)");
    cmd->add_option("--source-type", opts->importSourceType, "Source type of every imported note (default: survey for "
                                                             "Kobo/ODK exports)");
    cmd->add_option("--source-name", opts->importSourceName, "Source name of every imported note, e.g. the form's title");
    cmd->add_option("--skip-empty", opts->skipEmpty, "Leave out rows with nothing in this column (with --map), e.g. the "
                                                     "reaction column of a data walk's feedback.csv");
    cmd->callback([opts = opts, &exitCode] {
      exitCode = runImport(*opts);
    });
  }
  {
    auto [cmd, opts] = add("export", "Write notes to GeoJSON or CSV for an audience: by default the public (public and "
                                     "public-attributed notes, at their protected locations).");
    cmd->add_option("--out", opts->out, "Output .geojson or .csv")->required();
    cmd->add_flag("--include-internal", opts->includeInternal, "Every note as recorded (same as --audience staff)");
    cmd->add_flag("--public-only", opts->publicOnly, "Only what the public may see (the default)");
    cmd->add_option("--metrics", opts->metrics,
                    "Add the metric values, with quality, of the areas each note falls in, from this table (Urban's "
                    "county or place file, or any table of Mobility Metrics keyed by GEOID); needs the notes' area ids (--areas)");
    cmd->add_option("--metrics-key", opts->metricsKey, "Area key of --metrics: GEOID, or state+county for Urban's county files");
    cmd->add_option("--metrics-where", opts->metricsWhere, "Rows of --metrics to use, e.g. \"year = 2023 AND subgroup = 'All'\"");
    cmd->add_option("--audience", opts->audience,
                    "public (default: generalised and jittered notes at their protected locations, speakers only "
                    "when attributed), coalition (coalition, public and public-attributed notes as recorded) or staff");
    addFilterOptions(cmd, opts->filter, true);
    cmd->callback([opts = opts, &exitCode] {
      runExport(*opts);
      exitCode = 0;
    });
  }
}

}  // namespace mobmap::cli
