#include "session/place_fetch_job.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/text.h"
#include "fetch/place_project.h"

namespace mobmap::session {

namespace {

// Thrown from the build's message callback (plain C++ frames, never inside a transfer) to stop it.
struct Cancelled {};

}  // namespace

std::string PlaceFetchJob::start(const PlaceFetchRequest& request) {
  if (m_job.busy()) return "a download is already running";
  fetch::PlaceRequest req;
  if (request.level == "county")
    req.level = fetch::PlaceLevel::County;
  else if (request.level == "place")
    req.level = fetch::PlaceLevel::Place;
  else if (request.level == "state")
    req.level = fetch::PlaceLevel::State;
  else
    return "the level must be county, place or state";
  req.geoid = std::string(trim(request.geoid));
  try {
    fetch::checkPlaceGeoid(req.level, req.geoid);
  } catch (const std::exception& e) {
    return e.what();
  }
  if (request.year < 2010 || request.year > 2100) return "the year must be an ACS 5-year period end (2010 or later)";
  if (trim(request.outDir).empty()) return "choose an output folder for the project";
  req.year = request.year;
  req.outDir = std::string(trim(request.outDir));
  req.neighborhoods = std::string(trim(request.neighborhoods));
  if (!req.neighborhoods.empty() && !std::filesystem::exists(req.neighborhoods))
    return req.neighborhoods.string() + ": no such file (the neighborhoods layer is optional; leave it empty)";
  if (const char* key = std::getenv("CENSUS_API_KEY"); key && *key) req.censusApiKey = key;
  if (request.deadlineSeconds <= 0) return "the time limit must be a positive number of seconds";
  std::shared_ptr<const fetch::SourceCatalog> catalog;
  std::vector<std::string> httpMirrors;
  try {
    const std::string sources(trim(request.sourcesFile));
    fetch::SourceCatalog read = sources.empty() ? fetch::SourceCatalog::builtIn() : fetch::SourceCatalog::read(sources);
    httpMirrors = fetch::applySourceUrls(read, request.sourceUrls);
    catalog = std::make_shared<const fetch::SourceCatalog>(std::move(read));
  } catch (const std::exception& e) {
    return e.what();
  }
  const std::string cacheDir(trim(request.cacheDir));
  const bool offline = request.offline;
  const long deadlineSeconds = request.deadlineSeconds;

  m_job.start("Starting", [req = std::move(req), catalog, httpMirrors, cacheDir, offline, deadlineSeconds](JobControl& control) -> PlaceFetchResult {
    PlaceFetchResult r;
    try {
      fetch::DownloadOptions options;
      options.offline = offline;
      options.httpMirrors = httpMirrors;
      options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(deadlineSeconds);
      options.deadlineSeconds = deadlineSeconds;
      options.progress = [&control](const fetch::DownloadRequest& d, std::uint64_t done, std::uint64_t total) {
        control.setStage("Downloading " + d.what);
        control.progress.store(total > 0 ? static_cast<float>(static_cast<double>(done) / static_cast<double>(total)) : -1.0f);
      };
      options.message = [&control](const std::string& m) {
        control.setStage(m);
        control.progress.store(0);
      };
      fetch::DownloadCache cache(cacheDir.empty() ? fetch::DownloadCache::defaultDirectory() : std::filesystem::path(cacheDir),
                                 options);
      const fetch::PlaceProject p = fetch::buildPlaceProject(req, *catalog, cache,
                                                             [&control](const std::string& m) {
                                                               if (control.cancelled()) throw Cancelled{};
                                                               control.setStage(m);
                                                               control.progress.store(0);
                                                             });
      r.projectFile = p.projectFile.string();
      r.summary = std::to_string(p.tracts) + " tracts, " + std::to_string(p.acsRows) + " with ACS values, " +
                  std::to_string(p.mobilityRows) + " Mobility Metrics rows";
    } catch (const Cancelled&) {
      r.cancelled = true;
      r.error = "cancelled; files already downloaded stay in the cache, the project was not written";
    } catch (const std::exception& e) {
      r.error = e.what();
    }
    return r;
  });
  return {};
}

}  // namespace mobmap::session
