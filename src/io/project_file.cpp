#include "io/project_file.h"

#include <toml++/toml.h>

#include "core/error.h"
#include "core/text.h"

namespace mobmap::io {

namespace {

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
    if (*version != Project::kFormatVersion)
      fail(*root.get("format_version"), "format_version",
           "project format version " + std::to_string(*version) + " is not supported (this mobmap reads version " +
               std::to_string(Project::kFormatVersion) + (*version > Project::kFormatVersion ? "; it was written by a newer mobmap" : "") + ")");
    project.formatVersion = static_cast<int>(*version);
    project.title = optionalString(root, "title");
    project.description = optionalString(root, "description");

    forEachTable(root, "layer", [&](const toml::table& t) {
      project.layers.push_back({requiredString(t, "layer", "name"), resolve(requiredString(t, "layer", "source")),
                                optionalString(t, "source_layer"), optionalString(t, "description")});
    });
    forEachTable(root, "table", [&](const toml::table& t) {
      project.tables.push_back({requiredString(t, "table", "name"), resolve(requiredString(t, "table", "source")),
                                optionalString(t, "source_layer"), optionalString(t, "description")});
    });
    forEachTable(root, "join", [&](const toml::table& t) {
      ProjectJoin j{requiredString(t, "join", "layer"), requiredString(t, "join", "table"),
                    requiredString(t, "join", "on"), optionalString(t, "where")};
      if (!project.findLayer(j.layer)) fail(t, "join.layer", "join names unknown layer '" + j.layer + "'");
      if (!project.findTable(j.table)) fail(t, "join.table", "join names unknown table '" + j.table + "'");
      if (j.on.find('=') == std::string::npos) fail(t, "join.on", "'on' must read LEFT=RIGHT, got '" + j.on + "'");
      project.joins.push_back(std::move(j));
    });
    forEachTable(root, "view", [&](const toml::table& t) {
      ProjectView v;
      v.name = requiredString(t, "view", "name");
      v.layer = requiredString(t, "view", "layer");
      v.field = requiredString(t, "view", "field");
      v.title = optionalString(t, "title");
      v.subtitle = optionalString(t, "subtitle");
      v.style = optionalString(t, "style");
      v.method = optionalString(t, "method");
      if (auto n = t["classes"].value<int64_t>()) v.classes = static_cast<int>(*n);
      v.ramp = optionalString(t, "ramp");
      v.reference = optionalString(t, "reference");
      v.contextLayer = optionalString(t, "context_layer");
      v.source = optionalString(t, "source");
      if (!project.findLayer(v.layer)) fail(t, "view.layer", "view '" + v.name + "' names unknown layer '" + v.layer + "'");
      project.views.push_back(std::move(v));
    });
    return project;
  }

 private:
  [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& message) const {
    throw Error(m_file.string() + ":" + std::to_string(node.source().begin.line) + ": " + key + ": " + message);
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
    if (p.is_absolute() || source.starts_with("/vsi") || source.starts_with("PG:")) return p;
    return (std::filesystem::absolute(m_file).parent_path() / p).lexically_normal();
  }

  std::filesystem::path m_file;
};

}  // namespace

Project readProject(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) throw Error(file.string() + ": no such file or directory");
  return ProjectParser(file).parse();
}

bool isProjectFile(const std::filesystem::path& path) { return toLower(path.extension().string()) == ".toml"; }

}  // namespace mobmap::io
