#pragma once
// The download sources of `mobmap get` as data (geodata/sources.toml): base URLs, URL templates, the ACS
// tables and derived percentages, the Mobility Metrics files, and the project's starting views.
//
// Usage:
//   fetch::SourceCatalog cat = fetch::SourceCatalog::builtIn();
//   cat.overrideBaseUrl("census_geo", "http://127.0.0.1:8080/geo");
//   std::string url = cat.url(cat.tracts, {{"year", "2022"}, {"state", "17"}});
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mobmap::fetch {

// A file: a base-URL name and a path template below it.
struct SourceFile {
  std::string source;   // a key of SourceCatalog::baseUrls
  std::string path;     // with {placeholders}
};

struct AcsVariable {
  std::string code;     // "B17001_002" (the API adds E for the estimate, M for the margin of error)
  std::string name;     // column name in the project ("pov_below"; the MOE column is name + "_moe")
};

struct AcsTable {
  std::string id;       // "B17001"
  std::string title;
  std::vector<AcsVariable> variables;
};

// A percentage 100 * numerator / denominator with its margin of error.
struct AcsDerived {
  std::string name;
  std::string numerator;
  std::string denominator;
};

struct StartingView {
  std::string name;
  std::string field;
  std::string title;
  std::string source;        // may hold {period}
  std::string legendTitle;   // the legend's heading (what the numbers are, with their unit)
  std::string map;           // map kind ("dot_density" for a count); empty = choropleth, which needs a rate
  std::string per;           // denominator: the map shows 100 x field / per
};

struct SourceCatalog {
  std::map<std::string, std::string> baseUrls;   // name -> URL without a trailing slash
  SourceFile tracts;
  SourceFile places;
  // Every county of the nation (one file), where a county's neighbours across a state line are found; optional:
  // without it only the home state's counties are comparison places.
  SourceFile counties;
  SourceFile acs;
  std::string acsLabel;
  std::vector<AcsTable> acsTables;
  std::vector<AcsDerived> acsDerived;
  // Total population of every county or place in the nation ({level} = county or place; {year} = the last year of
  // an ACS 5-year period), the weights of the Mobility Metrics benchmarks; empty path = no benchmarks.
  SourceFile population;
  std::string populationVariable;   // "B01003_001E"
  std::vector<SourceFile> mobilityCounty;
  std::vector<SourceFile> mobilityPlace;
  std::string mobilityLabel;   // who publishes the Mobility Metrics and which release ("... release v2025.01")
  std::vector<StartingView> views;

  // The catalog compiled into mobmap (geodata/sources.toml).
  static SourceCatalog builtIn();
  // Reads a catalog file. Throws mobmap::Error naming the file, line and key of a problem, also for a view that
  // would draw a count (a field no [[acs.derived]] makes a percentage) as a choropleth without `per` or `map`.
  static SourceCatalog read(const std::filesystem::path& file);
  // Parses catalog text; `origin` names it in messages.
  static SourceCatalog parse(std::string_view text, const std::string& origin);

  // Replaces a base URL. Throws mobmap::UsageError for an unknown name (listing the known ones).
  void overrideBaseUrl(const std::string& name, const std::string& url);
  // The full URL of a file with its placeholders filled. Throws mobmap::Error for an unknown source or an
  // unfilled placeholder.
  std::string url(const SourceFile& file, const std::map<std::string, std::string>& values) const;
  // The file's path below its base URL with the placeholders filled (the URL without the base).
  std::string relativeUrl(const SourceFile& file, const std::map<std::string, std::string>& values) const;
};

// Fills {name} placeholders in `text` from `values`; unknown placeholders stay as they are.
std::string fillTemplate(const std::string& text, const std::map<std::string, std::string>& values);

// Applies mirror overrides written NAME=URL (`get --source-url`, the viewer's Mirrors field): each replaces a
// base URL of `catalog`. Returns the plain-http ones (with a trailing slash): the only http addresses a download
// may use (DownloadOptions::httpMirrors). Throws mobmap::UsageError naming a malformed item or an unknown name.
std::vector<std::string> applySourceUrls(SourceCatalog& catalog, const std::vector<std::string>& nameEqualsUrl);

}  // namespace mobmap::fetch
