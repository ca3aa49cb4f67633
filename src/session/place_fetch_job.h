#pragma once
// `mobmap get` for the viewer's "Get data for a place" dialog: builds a place project on a worker thread (a
// BackgroundJob) and
// reports the file being fetched, its progress and the outcome. Keeps libcurl and GDAL out of UI code.
//
// Usage:
//   session::PlaceFetchJob job;
//   PlaceFetchRequest r;  r.geoid = "17031";  r.outDir = "cook-2022";  job.start(r);
//   each frame: draw job.stage(), job.progress(); if (auto r = job.takeResult()) open r->projectFile or show r->error
#include <optional>
#include <string>
#include <vector>

#include "core/background_job.h"
#include "fetch/download_cache.h"

namespace mobmap::session {

struct PlaceFetchRequest {
  std::string level = "county";   // "county", "place" or "state"
  std::string geoid;
  int year = 2022;
  std::string outDir;
  std::string neighborhoods;      // optional vector source copied in as the neighborhood layer
  std::string cacheDir;           // download cache folder; empty = the default (as `get --cache`)
  std::string sourcesFile;        // a sources TOML file (mirrors) instead of the built-in one (as `get --sources`)
  std::vector<std::string> sourceUrls;  // NAME=URL mirrors of single sources (as `get --source-url`)
  bool offline = false;           // only the cache, never the network (as `get --offline`)
  long deadlineSeconds = fetch::kDefaultGetDeadlineSeconds;  // the whole run gives up after this (as `get --deadline`)
};

struct PlaceFetchResult {
  std::string projectFile;        // empty on failure
  std::string summary;            // "306 tracts, 306 with ACS values, 42 Mobility Metrics rows"
  std::string error;              // the message for the user on failure
  bool cancelled = false;
};

class PlaceFetchJob {
 public:
  // Checks the request (level, GEOID form, year, output folder, sources file) and starts the download and
  // project build on a worker thread; the Census API key is read from $CENSUS_API_KEY only.
  // Returns an error message (and starts nothing) when the request is malformed or a job is running.
  std::string start(const PlaceFetchRequest& request);
  // True from start() until the result has been taken.
  bool busy() const { return m_job.busy(); }
  // What is being fetched or written, and the current file's progress (0-1; -1 when its size is unknown).
  std::string stage() const { return m_job.stage(); }
  float progress() const { return m_job.progress(); }
  // Asks the job to stop; it stops before the next file (a file being downloaded finishes first), and its
  // result says it was cancelled.
  void cancel() { m_job.cancel(); }
  bool cancelling() const { return m_job.cancelling(); }
  // The result once the worker has finished (once), else nullopt without waiting.
  std::optional<PlaceFetchResult> takeResult() { return m_job.takeResult(); }

 private:
  BackgroundJob<PlaceFetchResult> m_job;
};

}  // namespace mobmap::session
