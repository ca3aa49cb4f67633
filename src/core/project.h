#pragma once
// The project model: what a project file names (layers, tables, joins, views, the notes store, export
// presets), with paths resolved against the project file's folder. Reading and writing the file lives in
// io/project_file.h.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mobmap {

struct ProjectLayer {
  std::string name;                 // name used by joins and views
  std::filesystem::path source;     // absolute after loading
  std::string sourceLayer;          // layer inside a multi-layer source; empty = the only/first one
  std::string description;
  std::string vintage;              // what year(s) the data describe, e.g. "2020 tracts"
  std::string color;                // "#rrggbb" of its lines when drawn over a map; empty = the map style's
  std::optional<double> lineWidthPt;  // their width in points; unset = the map style's
  std::string crs;                  // its CRS ("EPSG:3435") in place of the one the source declares or lacks; empty = the source's

  bool operator==(const ProjectLayer&) const = default;
};

struct ProjectTable {
  std::string name;
  std::filesystem::path source;
  std::string sourceLayer;          // sheet of a spreadsheet
  std::string description;
  std::string vintage;              // e.g. "ACS 2019-2023 5-year estimates"

  bool operator==(const ProjectTable&) const = default;
};

struct ProjectJoin {
  std::string layer;                // ProjectLayer::name
  std::string table;                // ProjectTable::name
  std::string on;                   // "LEFT=RIGHT", RIGHT may be composite ("state+county")
  std::string where;                // row filter on the table (GDAL attribute-filter syntax), may be empty

  bool operator==(const ProjectJoin&) const = default;
};

struct ProjectView {
  std::string name;
  std::string layer;
  std::string field;
  std::string title;
  std::string subtitle;
  std::string legendTitle;          // legend heading; empty = the metric's label
  std::string style;                // style name from styles/
  std::string method;               // classification overrides; empty = the style's
  std::optional<int> classes;
  std::vector<double> breaks;       // the class breaks of method "manual"
  std::string ramp;
  std::string reference;
  std::vector<std::string> overlays; // layer names drawn over the map as outlines (e.g. neighborhoods)
  std::string source;               // source line text (data source and year)
  std::string per;                  // denominator field: the map shows 100 × field / per (a percentage)
  std::optional<int> year;          // keeps only the joined table's rows with this `year`
  std::string subgroup;             // keeps only the joined table's rows with this `subgroup`
  std::optional<std::array<double, 4>> extent;  // lon/lat box shown: min lon, min lat, max lon, max lat
  std::vector<std::string> notes;   // note callouts: titles of notes listed with the view
  std::string map;                  // the map kind ("lisa", "gap", "change", ...; see session/map_kind.h); empty = choropleth
  std::vector<std::string> mapFields;  // the kind's fields (`fields`); empty = `field` alone
  std::vector<int> changeYears;     // a change map's two years (`change_years`)
  std::string changeAs;             // a change map's measure (`change_as`): difference, points or percent
  std::optional<double> significance;  // the test of a gap, ratio, change or reference map (`significance`: 0.90)
  bool fdr = false;                 // with it, Benjamini-Hochberg across the areas (`fdr`)

  bool operator==(const ProjectView&) const = default;
};

// A theme of the project's notes codebook: a tag, optionally tied to one of Urban's five pillars and one of its
// predictors (as the metric catalog names them), so notes can be read next to the metrics of that pillar.
struct NoteTheme {
  std::string name;                 // the tag notes carry
  std::string pillar;               // empty = not tied to a pillar
  std::string predictor;            // empty = the pillar as a whole
  std::string description;

  bool operator==(const NoteTheme&) const = default;
};

// A named set of export settings for `mobmap export --preset NAME`.
struct ExportPreset {
  std::string name;
  std::vector<std::string> formats; // "png", "svg", "pdf"; empty = png
  std::vector<std::string> views;   // empty = every view
  std::optional<double> widthIn;    // figure width in inches
  std::optional<double> dpi;        // PNG resolution

  bool operator==(const ExportPreset&) const = default;
};

struct Project {
  static constexpr int kFormatVersion = 2;      // written by this mobmap
  static constexpr int kOldestFormatVersion = 1; // oldest version still read

  int formatVersion = kFormatVersion;
  std::filesystem::path file;       // the project file itself
  std::string title;
  std::string description;
  std::string dataVintage;          // date of the data, shown on the atlas title page
  std::filesystem::path notesStore; // notes store (file or connection string); empty = none
  std::optional<double> smallAreaResidents;  // [notes] small_area_residents: public notes in areas with fewer residents are warned about (unset = 100)
  std::string populationField;      // [notes] population_field: the areas' residents field; empty = guessed
  std::vector<std::pair<std::string, std::string>> noteImportMaps;
  std::vector<NoteTheme> noteThemes;  // [[notes.themes]]: the codebook  // [notes.import_maps] name = "title=COL,text=COL,..."
  std::vector<ProjectLayer> layers;
  std::vector<ProjectTable> tables;
  std::vector<ProjectJoin> joins;
  std::vector<ProjectView> views;
  std::vector<ExportPreset> exportPresets;

  const ProjectLayer* findLayer(const std::string& name) const;
  const ProjectTable* findTable(const std::string& name) const;
  const ProjectView* findView(const std::string& name) const;
  const ExportPreset* findExportPreset(const std::string& name) const;

  // Same content: every member but `file` (where the project was read from) compares equal.
  bool operator==(const Project& other) const;
};

}  // namespace mobmap
