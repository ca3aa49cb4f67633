#pragma once
// Building a ready project for one county, city or state from public downloads: the library behind
// `mobmap get` (and the viewer's "Get data" dialog).
//
// Usage:
//   fetch::DownloadCache cache(fetch::DownloadCache::defaultDirectory(), options);
//   fetch::PlaceRequest req{fetch::parsePlaceLevel("county"), "17031", 2022, "cook-2022"};
//   fetch::PlaceProject p = fetch::buildPlaceProject(req, fetch::SourceCatalog::builtIn(), cache, log);
//   // p.projectFile opens with io::readProject
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fetch/download_cache.h"
#include "fetch/source_catalog.h"

namespace mobmap::fetch {

enum class PlaceLevel { County, Place, State };

struct PlaceRequest {
  PlaceLevel level = PlaceLevel::County;
  std::string geoid;                     // county 5 digits, place 7, state 2
  int year = 2022;                       // ACS 5-year period end and boundary vintage
  std::filesystem::path outDir;
  std::filesystem::path neighborhoods;   // optional: any GDAL vector source, copied in as neighborhoods.gpkg
  std::string censusApiKey;              // optional; sent to the Census API, never written anywhere
};

struct PlaceProject {
  std::filesystem::path projectFile;
  std::string title;
  std::size_t tracts = 0;
  std::size_t acsRows = 0;               // tracts with ACS values
  std::size_t mobilityRows = 0;          // Mobility Metrics rows (years x subgroups) of the place and its comparison places
  std::size_t homeMobilityRows = 0;      // of those, the place's own rows for subgroup All (one a year)
  int mobilityYear = 0;                  // the year the area's Mobility Metrics join uses (0 when none)
  std::vector<std::string> files;        // files written, relative to outDir
  std::vector<std::string> views;        // starting views written
  std::vector<std::string> metricViews;  // of those, the Mobility Metrics views over the comparison places
  bool keptEditedProject = false;        // project.toml was edited, so projectFile is project.new.toml
};

// True when `projectFile` exists and is not exactly what mobmap get wrote (its first line carries a checksum of
// the rest): a re-run must not replace it.
bool projectFileEdited(const std::filesystem::path& projectFile);

// Checks the GEOID's form for the level (digits, 5 / 7 / 2 long). Throws mobmap::UsageError otherwise.
void checkPlaceGeoid(PlaceLevel level, const std::string& geoid);

// Downloads (or takes from the cache) what the request needs and writes the project into outDir: tracts.gpkg,
// county.gpkg (or place.gpkg), the comparison places (state_counties.gpkg: the state's counties with the
// neighbours marked; state_cities.gpkg: the state's cities in the Mobility Metrics release), tract_acs.csv,
// mobility_metrics.csv (the place's and its comparison places' rows), neighborhoods.gpkg when asked, and
// project.toml (current format, with the vintage of every layer and table; project.new.toml when project.toml
// was edited since; see projectFileEdited). The project is built in a folder beside outDir and moved into it
// only when complete: a failed run leaves outDir as it was. Throws mobmap::Error naming the file or URL and
// what to do.
PlaceProject buildPlaceProject(const PlaceRequest& request, const SourceCatalog& catalog, DownloadCache& cache,
                               const std::function<void(const std::string&)>& message = {});

}  // namespace mobmap::fetch
