#pragma once
// The project model: what a project file names (layers, tables, joins, views), with paths resolved
// against the project file's folder. Reading and writing the file lives in io/project_file.h.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mobmap {

struct ProjectLayer {
  std::string name;                 // name used by joins and views
  std::filesystem::path source;     // absolute after loading
  std::string sourceLayer;          // layer inside a multi-layer source; empty = the only/first one
  std::string description;
};

struct ProjectTable {
  std::string name;
  std::filesystem::path source;
  std::string sourceLayer;          // sheet of a spreadsheet
  std::string description;
};

struct ProjectJoin {
  std::string layer;                // ProjectLayer::name
  std::string table;                // ProjectTable::name
  std::string on;                   // "LEFT=RIGHT", RIGHT may be composite ("state+county")
  std::string where;                // row filter on the table (GDAL attribute-filter syntax), may be empty
};

struct ProjectView {
  std::string name;
  std::string layer;
  std::string field;
  std::string title;
  std::string subtitle;
  std::string style;                // style name from styles/
  std::string method;               // classification overrides; empty = the style's
  std::optional<int> classes;
  std::string ramp;
  std::string reference;
  std::string contextLayer;         // drawn over the map as outlines (e.g. neighborhoods)
  std::string source;               // source line text (data source and year)
};

struct Project {
  static constexpr int kFormatVersion = 1;

  int formatVersion = kFormatVersion;
  std::filesystem::path file;       // the project file itself
  std::string title;
  std::string description;
  std::vector<ProjectLayer> layers;
  std::vector<ProjectTable> tables;
  std::vector<ProjectJoin> joins;
  std::vector<ProjectView> views;

  const ProjectLayer* findLayer(const std::string& name) const;
  const ProjectTable* findTable(const std::string& name) const;
  const ProjectView* findView(const std::string& name) const;
};

}  // namespace mobmap
