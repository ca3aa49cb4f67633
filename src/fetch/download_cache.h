#pragma once
// Downloads kept in a cache folder by URL, so that a re-run works offline and an interrupted download
// resumes or restarts cleanly.
//
// Usage:
//   fetch::DownloadCache cache(fetch::DownloadCache::defaultDirectory());
//   fetch::CachedFile f = cache.fetch({.url = url, .what = "tract boundaries for Illinois (2022)"});
//   io::readLayer(f.path.string());
//
// Layout: <dir>/<sha256 of the URL><suffix> holds the bytes, <dir>/<sha256 of the URL>.sidecar.json the sidecar
// (URL, size, SHA-256 of the content, ETag, Last-Modified, time fetched, source name), <dir>/<sha256>.lock the
// lock a download of that URL holds. A download goes to
// <name>.part first and is renamed only when complete; an entry counts only when its sidecar exists and the
// file's size and checksum match it. A secret query part (an API key) is sent but never stored or shown.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fetch/content_check.h"
#include "fetch/http_download.h"

namespace mobmap::fetch {

struct DownloadRequest {
  std::string url;           // what is cached and shown; never holds a secret
  std::string secretQuery;   // "key=..." appended to the URL when requesting; never stored, never shown
  std::string what;          // what the file is, for messages ("tract boundaries for state 17, 2022")
  std::string hint;          // what the user can do when it fails (a --source-url to set, a year to try)
  std::string suffix;        // cache file suffix (".zip"); empty = taken from the URL's path
  Expect expect = Expect::Any;          // what the file must be before it is cached (fetch/content_check.h)
  std::vector<std::string> required;    // the variables (CensusTable) or columns (Csv) it must have
  std::string source;        // the sources file's base-URL name ("census_api"), for --refresh NAME and messages
  std::string relative;      // the URL below that base, to find the same file cached under another base URL
  std::string keyVariable;   // the environment variable secretQuery's key came from ("CENSUS_API_KEY"); set for
                             // the Census API, whose "Invalid Key" page is then reported as a rejected key
};

struct CachedFile {
  std::filesystem::path path;  // the complete file in the cache
  std::uint64_t size = 0;
  std::string sha256;
  bool fromCache = false;      // true when no download was needed
};

// How long a whole `get` run may take before it gives up (`get --deadline`, the viewer's Get data dialog).
constexpr long kDefaultGetDeadlineSeconds = 1800;

struct DownloadOptions {
  TransferSettings transfer;
  int retries = 3;             // further tries after a network failure (each resumes the partial file)
  bool refresh = false;        // download again even when cached
  std::set<std::string> refreshSources;  // download again the files of these sources (DownloadRequest::source)
  bool offline = false;        // never use the network; fail when not cached
  // URL prefixes of mirrors the user named explicitly (--source-url): the only URLs fetched over plain http.
  // Everything else must be https; file://, dict:// and other protocols are always refused.
  std::vector<std::string> httpMirrors;
  // Larger downloads are refused as implausible (and not cached).
  std::uint64_t maxBytes = std::uint64_t(4) << 30;
  // The whole run gives up at this time, also on a server that keeps a transfer alive with a byte now and then
  // (the stall timeout alone never fires then); `deadlineSeconds` is how it was given, for the message.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  long deadlineSeconds = 0;
  // Progress of one download: the request, bytes so far, total (0 when unknown). Called on this thread.
  std::function<void(const DownloadRequest&, std::uint64_t, std::uint64_t)> progress;
  // A line for the user ("using cached ...", "retrying ..."). Called on this thread.
  std::function<void(const std::string&)> message;
};

class DownloadCache {
 public:
  explicit DownloadCache(std::filesystem::path directory, DownloadOptions options = {});

  // The cached file for the request, downloading it when not cached (or when refresh is set). Throws
  // mobmap::Error naming request.what and request.url and saying what to do when the file cannot be had:
  // HTTP errors (404 names the missing file), network errors after the retries, the overall deadline passed,
  // offline without a cache entry (naming the same file cached under another base URL when there is one), a URL
  // that is not https (nor an http mirror named in httpMirrors), a response that is not what request.expect
  // asks for (an HTML page named by its title; the Census API's "Invalid Key" page as a rejected key), empty or
  // over maxBytes (never cached), a cache folder that cannot be written ("the disk is full", told apart from
  // network errors), and a cache entry that cannot be read (re-run with --refresh).
  // Two programs fetching the same URL into one cache take turns (a lock file per entry): the second finds the
  // first's complete entry instead of writing the same partial file.
  CachedFile fetch(const DownloadRequest& request);

  // The complete, verified entry for a URL, if any. Throws mobmap::Error saying to re-run with --refresh when
  // an entry exists but cannot be read.
  std::optional<CachedFile> lookup(const std::string& url, const std::string& suffix = {}) const;

  const std::filesystem::path& directory() const { return m_directory; }

  // $MOBMAP_CACHE_DIR, else $XDG_CACHE_HOME/mobmap, else ~/.cache/mobmap, else a folder in the temp dir.
  static std::filesystem::path defaultDirectory();

 private:
  std::filesystem::path dataPath(const std::string& url, const std::string& suffix) const;
  std::filesystem::path sidecarPath(const std::string& url) const;
  bool refreshes(const DownloadRequest& request) const;
  // The URL of a complete entry holding the same file from another base URL ("" when none), and when fetched.
  std::string sameFileElsewhere(const DownloadRequest& request, std::string& fetched) const;

  std::filesystem::path m_directory;
  DownloadOptions m_options;
};

// The file-name suffix of a URL's path (".zip", ".csv"); ".dat" when it has none that is short and plain.
std::string urlSuffix(const std::string& url);

}  // namespace mobmap::fetch
