#include "io/project_file.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/text.h"

namespace mobmap::io {

namespace {

// True for "#rrggbb" (hex digits of either case).
bool isHexColor(const std::string& text) {
  return text.size() == 7 && text[0] == '#' &&
         std::all_of(text.begin() + 1, text.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// True for sources that are not files: GDAL virtual paths and connection strings.
bool isConnection(const std::string& source) {
  return source.starts_with("/vsi") || source.starts_with("PG:") || source.starts_with("postgresql://");
}

class ProjectParser {
 public:
  explicit ProjectParser(std::filesystem::path file) : m_file(std::move(file)) {}

  Project parse() {
    toml::table root;
    try {
      root = toml::parse_file(m_file.string());
    } catch (const toml::parse_error& e) {
      throw Error(m_file.string() + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
    }
    Project project;
    project.file = std::filesystem::absolute(m_file);
    auto version = root["format_version"].value<int64_t>();
    if (!version) fail(root, "format_version", "missing 'format_version' (this mobmap writes version " +
                                                   std::to_string(Project::kFormatVersion) + ")");
    if (*version < Project::kOldestFormatVersion || *version > Project::kFormatVersion)
      fail(*root.get("format_version"), "format_version",
           "project format version " + std::to_string(*version) + " is not supported (this mobmap reads versions " +
               std::to_string(Project::kOldestFormatVersion) + " to " + std::to_string(Project::kFormatVersion) +
               (*version > Project::kFormatVersion ? "; the file was written by a newer mobmap: update mobmap to open it"
                                                   : "; the file predates the first released format") +
               ")");
    project.formatVersion = static_cast<int>(*version);
    const bool v2 = project.formatVersion >= 2;
    std::set<std::string> rootKeys = {"format_version", "title", "description", "layer", "table", "join", "view"};
    if (v2) rootKeys.insert({"data_vintage", "notes", "export"});
    checkKeys(root, "", rootKeys);
    project.title = optionalString(root, "title");
    project.description = optionalString(root, "description");
    project.dataVintage = optionalString(root, "data_vintage");
    if (const toml::node* n = root.get("notes")) {
      const toml::table* t = n->as_table();
      if (!t) fail(*n, "notes", "must be a table ([notes])");
      checkKeys(*t, "notes", {"store", "small_area_residents", "population_field", "import_maps", "themes"});
      project.notesStore = resolve(requiredString(*t, "notes", "store"));
      project.smallAreaResidents = optionalNumber(*t, "notes", "small_area_residents");
      if (project.smallAreaResidents && *project.smallAreaResidents < 0)
        fail(*t->get("small_area_residents"), "notes", "small_area_residents must be 0 or more");
      project.populationField = optionalString(*t, "population_field");
      if (const toml::node* m = t->get("import_maps")) {
        const toml::table* maps = m->as_table();
        if (!maps) fail(*m, "notes", "import_maps must be a table of name = \"title=COLUMN,text=COLUMN,...\"");
        for (const auto& [name, value] : *maps) {
          if (!value.is_string()) fail(value, "notes", "import map '" + std::string(name.str()) + "' must be a string");
          project.noteImportMaps.emplace_back(std::string(name.str()), *value.value<std::string>());
        }
      }
      if (const toml::node* th = t->get("themes")) {
        const toml::array* themes = th->as_array();
        if (!themes) fail(*th, "notes.themes", "must be a list of tables ([[notes.themes]] name = ..., pillar = ...)");
        for (const toml::node& item : *themes) {
          const toml::table* theme = item.as_table();
          if (!theme) fail(item, "notes.themes", "each theme must be a table with name, pillar, predictor, description");
          checkKeys(*theme, "notes.themes", {"name", "pillar", "predictor", "description"});
          NoteTheme nt{requiredString(*theme, "notes.themes", "name"), optionalString(*theme, "pillar"),
                       optionalString(*theme, "predictor"), optionalString(*theme, "description")};
          if (!nt.predictor.empty() && nt.pillar.empty())
            fail(item, "notes.themes", "theme '" + nt.name + "' names a predictor but no pillar");
          project.noteThemes.push_back(std::move(nt));
        }
      }
    }

    forEachTable(root, "layer", [&](const toml::table& t) {
      checkKeys(t, "layer", v2 ? std::set<std::string>{"name", "source", "source_layer", "description", "vintage", "color",
                                                       "line_width_pt", "crs"}
                               : std::set<std::string>{"name", "source", "source_layer", "description"});
      ProjectLayer l{requiredString(t, "layer", "name"), resolve(requiredString(t, "layer", "source")),
                     optionalString(t, "source_layer"), optionalString(t, "description"), optionalString(t, "vintage"),
                     optionalString(t, "color"), optionalNumber(t, "layer", "line_width_pt"), optionalString(t, "crs")};
      if (!l.color.empty() && !isHexColor(l.color)) fail(*t.get("color"), "layer.color", "must be a colour \"#rrggbb\", e.g. \"#3a7dbf\"");
      if (project.findLayer(l.name)) fail(t, "layer.name", "a layer named '" + l.name + "' is already defined");
      project.layers.push_back(std::move(l));
    });
    forEachTable(root, "table", [&](const toml::table& t) {
      checkKeys(t, "table", v2 ? std::set<std::string>{"name", "source", "source_layer", "description", "vintage"}
                               : std::set<std::string>{"name", "source", "source_layer", "description"});
      ProjectTable tb{requiredString(t, "table", "name"), resolve(requiredString(t, "table", "source")),
                      optionalString(t, "source_layer"), optionalString(t, "description"), optionalString(t, "vintage")};
      if (project.findTable(tb.name)) fail(t, "table.name", "a table named '" + tb.name + "' is already defined");
      project.tables.push_back(std::move(tb));
    });
    forEachTable(root, "join", [&](const toml::table& t) {
      checkKeys(t, "join", {"layer", "table", "on", "where"});
      ProjectJoin j{requiredString(t, "join", "layer"), requiredString(t, "join", "table"),
                    requiredString(t, "join", "on"), optionalString(t, "where")};
      if (!project.findLayer(j.layer)) fail(t, "join.layer", "join names unknown layer '" + j.layer + "'");
      if (!project.findTable(j.table)) fail(t, "join.table", "join names unknown table '" + j.table + "'");
      if (j.on.find('=') == std::string::npos) fail(t, "join.on", "'on' must read LEFT=RIGHT, got '" + j.on + "'");
      project.joins.push_back(std::move(j));
    });
    forEachTable(root, "view", [&](const toml::table& t) {
      std::set<std::string> keys = {"name",   "layer",     "field",  "title",         "subtitle", "style",
                                    "method", "classes",   "ramp",   "reference",     "context_layer", "source"};
      if (v2) keys.insert({"overlays", "per", "year", "subgroup", "extent", "notes", "legend_title", "map", "fields",
                           "change_years", "change_as", "breaks", "significance", "fdr"});
      checkKeys(t, "view", keys);
      ProjectView v;
      v.name = requiredString(t, "view", "name");
      v.layer = requiredString(t, "view", "layer");
      v.field = requiredString(t, "view", "field");
      v.title = optionalString(t, "title");
      v.subtitle = optionalString(t, "subtitle");
      v.legendTitle = optionalString(t, "legend_title");
      v.style = optionalString(t, "style");
      v.method = optionalString(t, "method");
      if (auto n = optionalInteger(t, "view", "classes")) v.classes = static_cast<int>(*n);
      if (const toml::node* b = t.get("breaks")) {
        const toml::array* a = b->as_array();
        if (!a || a->empty()) fail(*b, "view.breaks", "must be a list of numbers, e.g. [10, 20, 30]");
        for (const toml::node& n : *a) {
          if (!n.is_number()) fail(n, "view.breaks", "must be a list of numbers, e.g. [10, 20, 30]");
          v.breaks.push_back(n.is_integer() ? static_cast<double>(n.value_or<std::int64_t>(0)) : n.value_or(0.0));
        }
      }
      v.ramp = optionalString(t, "ramp");
      v.reference = optionalString(t, "reference");
      if (std::string ctx = optionalString(t, "context_layer"); !ctx.empty()) v.overlays.push_back(ctx);
      for (std::string& o : stringList(t, "view", "overlays")) v.overlays.push_back(std::move(o));
      v.source = optionalString(t, "source");
      v.per = optionalString(t, "per");
      if (auto y = optionalInteger(t, "view", "year")) v.year = static_cast<int>(*y);
      v.subgroup = optionalString(t, "subgroup");
      if (const toml::node* e = t.get("extent")) v.extent = readExtent(*e);
      v.notes = stringList(t, "view", "notes");
      v.map = optionalString(t, "map");
      v.mapFields = stringList(t, "view", "fields");
      v.changeAs = optionalString(t, "change_as");
      v.significance = optionalNumber(t, "view", "significance");
      if (v.significance && *v.significance >= 1)
        fail(*t.get("significance"), "view.significance", "must be a confidence level below 1, e.g. 0.90");
      if (const toml::node* f = t.get("fdr")) {
        if (!f->is_boolean()) fail(*f, "view.fdr", "must be true or false");
        v.fdr = f->value_or(false);
      }
      if (const toml::node* y = t.get("change_years")) {
        const toml::array* a = y->as_array();
        if (!a || a->size() != 2 || !(*a)[0].is_integer() || !(*a)[1].is_integer())
          fail(*y, "view.change_years", "must be two years, e.g. [2018, 2023]");
        for (const toml::node& n : *a) v.changeYears.push_back(static_cast<int>(n.value_or<std::int64_t>(0)));
      }
      if (project.findView(v.name)) fail(t, "view.name", "a view named '" + v.name + "' is already defined");
      if (!project.findLayer(v.layer)) fail(t, "view.layer", "view '" + v.name + "' names unknown layer '" + v.layer + "'");
      for (const std::string& o : v.overlays)
        if (!project.findLayer(o))
          fail(t.get("overlays") ? *t.get("overlays") : *t.get("context_layer"), "view.overlays",
               "view '" + v.name + "' names unknown overlay layer '" + o + "'");
      if (v.classes && (*v.classes < 2 || *v.classes > 12)) fail(*t.get("classes"), "view.classes", "must be 2 to 12");
      project.views.push_back(std::move(v));
    });
    forEachTable(root, "export", [&](const toml::table& t) {
      checkKeys(t, "export", {"name", "formats", "views", "width_in", "dpi"});
      ExportPreset p;
      p.name = requiredString(t, "export", "name");
      p.formats = stringList(t, "export", "formats");
      for (const std::string& f : p.formats)
        if (f != "png" && f != "svg" && f != "pdf") fail(*t.get("formats"), "export.formats", "unknown format '" + f + "' (use png, svg, pdf)");
      p.views = stringList(t, "export", "views");
      for (const std::string& v : p.views)
        if (!project.findView(v)) fail(*t.get("views"), "export.views", "preset '" + p.name + "' names unknown view '" + v + "'");
      p.widthIn = optionalNumber(t, "export", "width_in");
      p.dpi = optionalNumber(t, "export", "dpi");
      if (project.findExportPreset(p.name)) fail(t, "export.name", "an export preset named '" + p.name + "' is already defined");
      project.exportPresets.push_back(std::move(p));
    });
    return project;
  }

 private:
  [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& message) const {
    throw Error(m_file.string() + ":" + std::to_string(node.source().begin.line) + ": " + key + ": " + message);
  }

  // Refuses keys this format version does not define (a typo would otherwise be ignored silently).
  void checkKeys(const toml::table& t, const std::string& section, const std::set<std::string>& known) const {
    for (const auto& [key, node] : t) {
      const std::string k(key.str());
      if (known.count(k)) continue;
      std::string list;
      for (const std::string& n : known) list += (list.empty() ? "" : ", ") + n;
      fail(node, section.empty() ? k : section + "." + k,
           "unknown key '" + k + "'" + (section.empty() ? "" : " in [[" + section + "]]") + " (known keys: " + list + ")");
    }
  }

  std::string requiredString(const toml::table& t, const std::string& section, const std::string& key) const {
    const toml::node* n = t.get(key);
    if (!n) fail(t, section + "." + key, "missing required key '" + key + "'");
    if (!n->is_string()) fail(*n, section + "." + key, "must be a string");
    return std::string(*n->value<std::string>());
  }

  std::string optionalString(const toml::table& t, const std::string& key) const {
    const toml::node* n = t.get(key);
    if (!n) return {};
    if (!n->is_string()) fail(*n, key, "must be a string");
    return std::string(*n->value<std::string>());
  }

  std::optional<int64_t> optionalInteger(const toml::table& t, const std::string& section, const std::string& key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_integer()) fail(*n, section + "." + key, "must be a whole number");
    return *n->value<int64_t>();
  }

  std::optional<double> optionalNumber(const toml::table& t, const std::string& section, const std::string& key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_number()) fail(*n, section + "." + key, "must be a number");
    double v = *n->value<double>();
    if (!(v > 0)) fail(*n, section + "." + key, "must be greater than 0");
    return v;
  }

  std::vector<std::string> stringList(const toml::table& t, const std::string& section, const std::string& key) const {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* arr = n->as_array();
    if (!arr) fail(*n, section + "." + key, "must be a list of strings, e.g. [\"a\", \"b\"]");
    for (const toml::node& item : *arr) {
      if (!item.is_string()) fail(item, section + "." + key, "must be a list of strings, e.g. [\"a\", \"b\"]");
      out.push_back(std::string(*item.value<std::string>()));
    }
    return out;
  }

  std::array<double, 4> readExtent(const toml::node& n) const {
    const toml::array* arr = n.as_array();
    const std::string message = "must be [min lon, min lat, max lon, max lat] in degrees";
    if (!arr || arr->size() != 4) fail(n, "view.extent", message);
    std::array<double, 4> e{};
    for (std::size_t i = 0; i < 4; ++i) {
      if (!(*arr)[i].is_number()) fail(n, "view.extent", message);
      e[i] = *(*arr)[i].value<double>();
    }
    if (!(e[0] < e[2] && e[1] < e[3]) || e[0] < -180 || e[2] > 180 || e[1] < -90 || e[3] > 90)
      fail(n, "view.extent", message + ", min below max");
    return e;
  }

  template <typename F>
  void forEachTable(const toml::table& root, const std::string& key, F&& f) const {
    const toml::node* n = root.get(key);
    if (!n) return;
    const toml::array* arr = n->as_array();
    if (!arr) fail(*n, key, "must be an array of tables ([[" + key + "]])");
    for (const toml::node& item : *arr) {
      if (!item.is_table()) fail(item, key, "each entry must be a table ([[" + key + "]])");
      f(*item.as_table());
    }
  }

  std::filesystem::path resolve(const std::string& source) const {
    std::filesystem::path p(source);
    if (p.is_absolute() || isConnection(source)) return p;
    return (std::filesystem::absolute(m_file).parent_path() / p).lexically_normal();
  }

  std::filesystem::path m_file;
};

// A TOML basic string: quotes, backslashes and control characters escaped; UTF-8 kept as it is.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// The shortest text that reads back as the same double, always with a decimal point or exponent.
std::string number(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, ec == std::errc() ? end : buf);
  if (s.find_first_of(".eE") == std::string::npos && s.find("inf") == std::string::npos && s.find("nan") == std::string::npos) s += ".0";
  return s;
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quoted(items[i]);
  return out + "]";
}

// A path as the project file should hold it: relative to `dir` when it lies under it or near it.
std::string relativePath(const std::filesystem::path& p, const std::filesystem::path& dir) {
  const std::string s = p.string();
  if (!p.is_absolute() || isConnection(s)) return p.generic_string();
  std::filesystem::path rel = p.lexically_normal().lexically_relative(dir);
  return rel.empty() ? p.generic_string() : rel.generic_string();
}

class ProjectWriter {
 public:
  ProjectWriter(const Project& project, std::filesystem::path dir) : m_p(project), m_dir(std::move(dir)) {}

  std::string text() {
    m_out << "# mobmap project file (format documented in docs/project-format.md).\n"
             "# Paths are relative to this file's folder. Edit by hand freely; mobmap names the line of any error.\n";
    m_out << "format_version = " << Project::kFormatVersion << "\n";
    str("title", m_p.title);
    str("description", m_p.description);
    str("data_vintage", m_p.dataVintage);
    if (!m_p.notesStore.empty()) {
      m_out << "\n# Where community notes are kept (GeoPackage, GeoJSON or a PostGIS connection string).\n[notes]\n";
      m_out << "store = " << quoted(relativePath(m_p.notesStore, m_dir)) << "\n";
      if (m_p.smallAreaResidents) m_out << "small_area_residents = " << formatNumber(*m_p.smallAreaResidents) << "\n";
      str("population_field", m_p.populationField);
      for (const NoteTheme& t : m_p.noteThemes) {
        m_out << "\n[[notes.themes]]\nname = " << quoted(t.name) << "\n";
        str("pillar", t.pillar);
        str("predictor", t.predictor);
        str("description", t.description);
      }
      if (!m_p.noteImportMaps.empty()) {
        m_out << "\n# Field mappings of `mobmap notes import --map-name NAME`: note field = source column.\n[notes.import_maps]\n";
        for (const auto& [name, map] : m_p.noteImportMaps) m_out << quoted(name) << " = " << quoted(map) << "\n";
      }
    }
    if (!m_p.layers.empty()) m_out << "\n# Layers: vector sources drawn on the map; joins and views refer to them by name.\n";
    for (const ProjectLayer& l : m_p.layers) {
      m_out << "\n[[layer]]\n";
      m_out << "name = " << quoted(l.name) << "\nsource = " << quoted(relativePath(l.source, m_dir)) << "\n";
      str("source_layer", l.sourceLayer);
      str("description", l.description);
      str("vintage", l.vintage);
      str("color", l.color);
      if (l.lineWidthPt) m_out << "line_width_pt = " << number(*l.lineWidthPt) << "\n";
      str("crs", l.crs);
    }
    if (!m_p.tables.empty()) m_out << "\n# Tables: attribute data (CSV, spreadsheets, any vector source) joined to layers.\n";
    for (const ProjectTable& t : m_p.tables) {
      m_out << "\n[[table]]\n";
      m_out << "name = " << quoted(t.name) << "\nsource = " << quoted(relativePath(t.source, m_dir)) << "\n";
      str("source_layer", t.sourceLayer);
      str("description", t.description);
      str("vintage", t.vintage);
    }
    if (!m_p.joins.empty()) m_out << "\n# Joins: a table joined to a layer on a key (LEFT=RIGHT); a view of the layer uses the first.\n";
    for (const ProjectJoin& j : m_p.joins) {
      m_out << "\n[[join]]\n";
      m_out << "layer = " << quoted(j.layer) << "\ntable = " << quoted(j.table) << "\non = " << quoted(j.on) << "\n";
      str("where", j.where);
    }
    if (!m_p.views.empty())
      m_out << "\n# Views: saved maps, rendered by `mobmap render PROJECT --view NAME` and `mobmap export PROJECT`.\n";
    for (const ProjectView& v : m_p.views) {
      m_out << "\n[[view]]\n";
      m_out << "name = " << quoted(v.name) << "\nlayer = " << quoted(v.layer) << "\nfield = " << quoted(v.field) << "\n";
      str("per", v.per);
      if (v.year) m_out << "year = " << *v.year << "\n";
      str("subgroup", v.subgroup);
      str("title", v.title);
      str("subtitle", v.subtitle);
      str("legend_title", v.legendTitle);
      str("style", v.style);
      str("method", v.method);
      if (v.classes) m_out << "classes = " << *v.classes << "\n";
      if (!v.breaks.empty()) {
        m_out << "breaks = [";
        for (std::size_t i = 0; i < v.breaks.size(); ++i) m_out << (i ? ", " : "") << number(v.breaks[i]);
        m_out << "]\n";
      }
      str("ramp", v.ramp);
      str("reference", v.reference);
      if (!v.overlays.empty()) m_out << "overlays = " << list(v.overlays) << "\n";
      if (v.extent)
        m_out << "extent = [" << number((*v.extent)[0]) << ", " << number((*v.extent)[1]) << ", " << number((*v.extent)[2])
              << ", " << number((*v.extent)[3]) << "]\n";
      if (!v.notes.empty()) m_out << "notes = " << list(v.notes) << "\n";
      str("map", v.map);
      if (!v.mapFields.empty()) m_out << "fields = " << list(v.mapFields) << "\n";
      if (v.changeYears.size() == 2) m_out << "change_years = [" << v.changeYears[0] << ", " << v.changeYears[1] << "]\n";
      str("change_as", v.changeAs);
      if (v.significance) m_out << "significance = " << number(*v.significance) << "\n";
      if (v.fdr) m_out << "fdr = true\n";
      str("source", v.source);
    }
    if (!m_p.exportPresets.empty()) m_out << "\n# Export presets: `mobmap export PROJECT --out-dir DIR --preset NAME`.\n";
    for (const ExportPreset& e : m_p.exportPresets) {
      m_out << "\n[[export]]\nname = " << quoted(e.name) << "\n";
      if (!e.formats.empty()) m_out << "formats = " << list(e.formats) << "\n";
      if (!e.views.empty()) m_out << "views = " << list(e.views) << "\n";
      if (e.widthIn) m_out << "width_in = " << number(*e.widthIn) << "\n";
      if (e.dpi) m_out << "dpi = " << number(*e.dpi) << "\n";
    }
    return m_out.str();
  }

 private:
  void str(const char* key, const std::string& value) {
    if (!value.empty()) m_out << key << " = " << quoted(value) << "\n";
  }

  const Project& m_p;
  std::filesystem::path m_dir;
  std::ostringstream m_out;
};

}  // namespace

Project readProject(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) throw Error(file.string() + ": no such file or directory");
  return ProjectParser(file).parse();
}

void writeProject(const Project& project, const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  const fs::path target = fs::absolute(file);
  if (!fs::is_directory(target.parent_path()))
    throw Error(file.string() + ": cannot write: folder " + target.parent_path().string() + " does not exist");
  const std::string text = ProjectWriter(project, target.parent_path()).text();
  writeFileAtomically(target, text);
}

bool isProjectFile(const std::filesystem::path& path) { return toLower(path.extension().string()) == ".toml"; }

}  // namespace mobmap::io
