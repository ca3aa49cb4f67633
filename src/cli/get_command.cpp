// `mobmap get --county 17031 [--year 2022] [--out DIR]`: a ready project for a county, city or state from
// public downloads (tract boundaries, ACS tables, Mobility Metrics), cached for offline re-runs.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "fetch/download_cache.h"
#include "fetch/place_project.h"
#include "fetch/source_catalog.h"

namespace mobmap::cli {

namespace {

struct GetOptions {
  std::string county;
  std::string place;
  std::string state;
  int year = 2022;
  std::string out;
  std::string neighborhoods;
  std::vector<std::string> sourceUrls;
  std::string sourcesFile;
  std::string cacheDir;
  int retries = 3;
  int timeout = 60;
  long deadline = fetch::kDefaultGetDeadlineSeconds;
  std::vector<std::string> refresh;
  bool offline = false;
  bool quiet = false;
  bool json = false;
};

std::string megabytes(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / 1e6);
  return buf;
}

// Progress lines on stderr: redrawn in place on a terminal, else one line per quarter of a file.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool quiet) : m_quiet(quiet), m_tty(::isatty(2) != 0) {}

  void update(const fetch::DownloadRequest& req, std::uint64_t done, std::uint64_t total) {
    if (m_quiet) return;
    auto now = std::chrono::steady_clock::now();
    if (req.url != m_url) {
      finish();
      m_url = req.url;
      m_lastQuarter = -1;
      std::cerr << "mobmap: downloading " << req.what << "\n  " << req.url << "\n";
    }
    if (m_tty) {
      if (now - m_last < std::chrono::milliseconds(200) && !(total && done == total)) return;
      m_last = now;
      std::cerr << "\r  " << megabytes(done);
      if (total) std::cerr << " of " << megabytes(total) << " (" << (100 * done / total) << "%)";
      std::cerr << "   " << std::flush;
      m_open = true;
    } else if (total) {
      int quarter = int(4 * done / total);
      if (quarter > m_lastQuarter && done > 0) {
        m_lastQuarter = quarter;
        std::cerr << "  " << megabytes(done) << " of " << megabytes(total) << " (" << (100 * done / total) << "%)\n";
      }
    }
  }

  void finish() {
    if (m_open) std::cerr << "\n";
    m_open = false;
  }

  void message(const std::string& text) {
    if (m_quiet) return;
    finish();
    std::cerr << "mobmap: " << text << "\n";
  }

 private:
  bool m_quiet;
  bool m_tty;
  bool m_open = false;
  int m_lastQuarter = -1;
  std::string m_url;
  std::chrono::steady_clock::time_point m_last{};
};

int runGet(const GetOptions& o) {
  int chosen = !o.county.empty() + !o.place.empty() + !o.state.empty();
  if (chosen != 1) throw UsageError("get: give exactly one of --county SSCCC, --place SSPPPPP or --state SS");
  fetch::PlaceRequest req;
  req.level = !o.county.empty() ? fetch::PlaceLevel::County : !o.place.empty() ? fetch::PlaceLevel::Place : fetch::PlaceLevel::State;
  req.geoid = !o.county.empty() ? o.county : !o.place.empty() ? o.place : o.state;
  fetch::checkPlaceGeoid(req.level, req.geoid);
  if (o.year < 2013 || o.year > 2100) throw UsageError("get: --year " + std::to_string(o.year) + " is out of range (2013 or later)");
  req.year = o.year;
  req.outDir = o.out.empty() ? "mobmap-" + req.geoid + "-" + std::to_string(o.year) : o.out;
  req.neighborhoods = o.neighborhoods;
  if (const char* key = std::getenv("CENSUS_API_KEY"); key && *key) req.censusApiKey = key;

  fetch::SourceCatalog catalog = o.sourcesFile.empty() ? fetch::SourceCatalog::builtIn() : fetch::SourceCatalog::read(o.sourcesFile);
  const std::vector<std::string> httpMirrors = fetch::applySourceUrls(catalog, o.sourceUrls);

  ProgressPrinter printer(o.quiet);
  fetch::DownloadOptions dl;
  dl.retries = o.retries;
  for (const std::string& name : o.refresh) {
    if (name.empty() || name == "all") dl.refresh = true;
    else if (!catalog.baseUrls.count(name)) {
      std::string known;
      for (const auto& [k, v] : catalog.baseUrls) known += (known.empty() ? "" : ", ") + k;
      throw UsageError("--refresh " + name + ": not a source of the sources file (known: " + known + ")");
    } else dl.refreshSources.insert(name);
  }
  if (o.deadline <= 0) throw UsageError("get: --deadline must be a positive number of seconds");
  dl.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.deadline);
  dl.deadlineSeconds = o.deadline;
  dl.offline = o.offline;
  dl.httpMirrors = httpMirrors;  // a mirror named explicitly may be plain http; every other download must be https
  dl.transfer.stallTimeoutS = o.timeout;
  dl.transfer.connectTimeoutS = std::min(o.timeout, 30);
  dl.progress = [&](const fetch::DownloadRequest& r, std::uint64_t done, std::uint64_t total) { printer.update(r, done, total); };
  dl.message = [&](const std::string& m) { printer.message(m); };
  fetch::DownloadCache cache(o.cacheDir.empty() ? fetch::DownloadCache::defaultDirectory() : std::filesystem::path(o.cacheDir), dl);

  fetch::PlaceProject p;
  try {
    p = fetch::buildPlaceProject(req, catalog, cache, [&](const std::string& m) { printer.message(m); });
  } catch (...) {
    printer.finish();
    throw;
  }
  printer.finish();
  if (o.json) {
    nlohmann::json j = {{"project", p.projectFile.string()}, {"title", p.title},       {"tracts", p.tracts},
                        {"acs_rows", p.acsRows},            {"mobility_rows", p.mobilityRows}, {"home_mobility_rows", p.homeMobilityRows},
                        {"metric_views", p.metricViews},
                        {"mobility_year", p.mobilityYear ? nlohmann::json(p.mobilityYear) : nlohmann::json(nullptr)},
                        {"files", p.files},                 {"views", p.views},        {"cache", cache.directory().string()}};
    j["kept_edited_project"] = p.keptEditedProject;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cerr << "wrote " << p.projectFile.string() << " (" << p.title << ")\n"
              << "  open it with: mobmap " << p.projectFile.string() << "\n";
  }
  return 0;
}

}  // namespace

void addGetCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<GetOptions>();
  CLI::App* cmd = app.add_subcommand(
      "get", "Download tract boundaries, ACS tables and the Mobility Metrics for a county, city or state and write a "
             "ready project (cached: a re-run works offline).");
  cmd->add_option("--county", o->county, "County FIPS code, state + county (5 digits, e.g. 17031)");
  cmd->add_option("--place", o->place, "City (Census place) code, state + place (7 digits, e.g. 1714000)");
  cmd->add_option("--state", o->state, "State FIPS code (2 digits, e.g. 17)");
  cmd->add_option("--year", o->year, "Data year: the last year of the ACS 5-year period and the boundary vintage")
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Output folder (default mobmap-GEOID-YEAR)");
  cmd->add_option("--neighborhoods", o->neighborhoods, "A neighborhood layer (any GDAL vector source) to copy into the project");
  cmd->add_option("--source-url", o->sourceUrls, "NAME=URL: replace a base URL of the sources file (census_geo, census_api, "
                                                  "urban_mobility), e.g. for a mirror; repeatable");
  cmd->add_option("--sources", o->sourcesFile, "Read the download sources from this TOML file instead of the built-in one");
  cmd->add_option("--cache", o->cacheDir, "Download cache folder (default $MOBMAP_CACHE_DIR, else ~/.cache/mobmap)");
  cmd->add_option("--retries", o->retries, "Further tries after a network failure, each resuming the download")->capture_default_str();
  cmd->add_option("--timeout", o->timeout, "Seconds without data before a download gives up")->capture_default_str();
  cmd->add_option("--refresh", o->refresh,
                  "Download again even when cached: every file, or with NAME only that source's files (census_geo, "
                  "census_api, urban_mobility); repeatable")
      ->expected(0, 1)
      ->default_str("all");
  cmd->add_option("--deadline", o->deadline, "Seconds the whole run may take before it gives up (a stalled server)")
      ->capture_default_str();
  cmd->add_flag("--offline", o->offline, "Use only the cache; fail when a file is not cached");
  cmd->add_flag("--quiet", o->quiet, "No progress messages");
  cmd->add_flag("--json", o->json, "Print machine-readable JSON on stdout");
  cmd->callback([o, &exitCode] { exitCode = runGet(*o); });
}

}  // namespace mobmap::cli
