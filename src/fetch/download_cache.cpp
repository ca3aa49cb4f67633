#include "fetch/download_cache.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/sha256.h"

namespace mobmap::fetch {

namespace fs = std::filesystem;

namespace {

std::string nowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Removes every occurrence of `secret` from a message (servers and libraries may echo the request URL).
std::string scrub(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
    text.replace(at, secret.size(), "***");
  return text;
}

std::string oneLine(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.size() > 300) text = text.substr(0, 300) + "...";
  return text;
}

std::string httpAdvice(long status) {
  if (status == 404 || status == 410) return "the server has no such file";
  if (status == 401 || status == 403) return "the server refused access";
  if (status == 429) return "the server asks to slow down; wait a minute and run again";
  if (status >= 500) return "the server had a problem; try again later";
  return "the server refused the request";
}

// "" when `url` may be fetched: https, or http under a mirror the user named. Otherwise why not.
std::string urlRefusal(const std::string& url, const std::vector<std::string>& httpMirrors, bool& allowHttp) {
  allowHttp = false;
  const std::size_t colon = url.find("://");
  std::string scheme = colon == std::string::npos ? "" : url.substr(0, colon);
  for (char& c : scheme) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "https") return "";
  if (scheme == "http") {
    for (const std::string& m : httpMirrors)
      if (!m.empty() && url.rfind(m, 0) == 0) {
        allowHttp = true;
        return "";
      }
    return "plain http is only used for a mirror named with --source-url NAME=http://...; use https";
  }
  return scheme.empty() ? "not a web address" : "the " + scheme + ":// protocol is not allowed (only https)";
}

// "" when the first bytes of a download fit the kind its suffix promises; otherwise what they look like.
std::string wrongKind(const fs::path& file, const std::string& suffix) {
  std::ifstream in(file, std::ios::binary);
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  std::string lower;
  for (char c : head) lower += char(std::tolower(static_cast<unsigned char>(c)));
  const std::size_t start = lower.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  const bool html = start != std::string::npos && (lower.compare(start, 9, "<!doctype") == 0 || lower.compare(start, 5, "<html") == 0);
  std::string ext;
  for (char c : suffix) ext += char(std::tolower(static_cast<unsigned char>(c)));
  const std::string title = html ? htmlPageTitle(head) : "";
  const std::string page = "an HTML page" + (title.empty() ? std::string() : " (\"" + title + "\")");
  if (ext == ".zip" && head.rfind("PK\x03\x04", 0) != 0 && head.rfind("PK\x05\x06", 0) != 0)
    return html ? page + " instead of a ZIP archive" : "something that is not a ZIP archive";
  if (ext == ".json" && (start == std::string::npos || (lower[start] != '{' && lower[start] != '[')))
    return html ? page + " instead of JSON" : "something that is not JSON";
  if (ext == ".csv" && (html || head.find('\0') != std::string::npos))
    return html ? page + " instead of CSV" : "binary data instead of CSV text";
  return "";
}

std::string megabytes(std::uint64_t bytes) { return std::to_string((bytes + 524288) / 1048576) + " MB"; }

}  // namespace

std::string urlSuffix(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  std::size_t slash = path.find_last_of('/');
  std::string last = slash == std::string::npos ? path : path.substr(slash + 1);
  std::size_t dot = last.find_last_of('.');
  if (dot == std::string::npos || dot == 0) return ".dat";
  std::string ext = last.substr(dot);
  if (ext.size() > 8) return ".dat";
  for (std::size_t i = 1; i < ext.size(); ++i)
    if (!std::isalnum(static_cast<unsigned char>(ext[i]))) return ".dat";
  return ext;
}

DownloadCache::DownloadCache(fs::path directory, DownloadOptions options)
    : m_directory(std::move(directory)), m_options(std::move(options)) {}

fs::path DownloadCache::defaultDirectory() {
  if (const char* d = std::getenv("MOBMAP_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "mobmap";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache" / "mobmap";
  return fs::temp_directory_path() / "mobmap-cache";
}

fs::path DownloadCache::dataPath(const std::string& url, const std::string& suffix) const {
  return m_directory / (sha256Hex(url) + (suffix.empty() ? urlSuffix(url) : suffix));
}

fs::path DownloadCache::sidecarPath(const std::string& url) const { return m_directory / (sha256Hex(url) + ".sidecar.json"); }

std::optional<CachedFile> DownloadCache::lookup(const std::string& url, const std::string& suffix) const {
  fs::path side = sidecarPath(url);
  fs::path data = dataPath(url, suffix);
  std::error_code ec;
  if (!fs::exists(side, ec) || !fs::exists(data, ec)) return std::nullopt;
  const std::string advice = "; re-run with --refresh to download it again";
  nlohmann::json j;
  {
    std::ifstream in(side);
    if (!in) throw Error(side.string() + ": the download cache entry for " + url + " cannot be read (" + std::strerror(errno) + ")" + advice);
    try {
      j = nlohmann::json::parse(in);
    } catch (const std::exception&) {
      throw Error(side.string() + ": the download cache entry for " + url + " is damaged (not JSON)" + advice);
    }
  }
  if (!j.is_object() || j.value("url", "") != url) return std::nullopt;
  std::uint64_t size = j.value("size", std::uint64_t(0));
  std::string sum = j.value("sha256", "");
  if (fs::file_size(data, ec) != size || ec) return std::nullopt;
  std::string actual;
  try {
    actual = sha256OfFile(data);
  } catch (const Error& e) {
    throw Error(data.string() + ": the cached copy of " + url + " cannot be read (" + e.what() + ")" + advice);
  }
  if (actual != sum) return std::nullopt;
  return CachedFile{data, size, sum, true};
}

bool DownloadCache::refreshes(const DownloadRequest& request) const {
  return m_options.refresh || (!request.source.empty() && m_options.refreshSources.count(request.source));
}

std::string DownloadCache::sameFileElsewhere(const DownloadRequest& request, std::string& fetched) const {
  if (request.relative.empty()) return "";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(m_directory, ec)) {
    const std::string name = e.path().filename().string();
    if (!name.ends_with(".sidecar.json")) continue;
    try {
      std::ifstream in(e.path());
      nlohmann::json j = nlohmann::json::parse(in);
      std::string url = j.value("url", "");
      if (url == request.url || !url.ends_with("/" + request.relative)) continue;
      if (!lookup(url, request.suffix)) continue;  // only a complete, verified entry counts
      fetched = j.value("fetched", "");
      return url;
    } catch (const std::exception&) {
    }
  }
  return "";
}

namespace {

// An exclusive lock on one cache entry, held while it is downloaded (flock: released when the process ends,
// also when it is killed, so a crashed run never blocks the next).
class EntryLock {
 public:
  EntryLock(const fs::path& file, const std::optional<std::chrono::steady_clock::time_point>& deadline,
            const std::function<void()>& onWait) {
    m_fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) throw Error(file.string() + ": cannot create the download cache's lock file: " + std::strerror(errno));
    bool told = false;
    while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) throw Error(file.string() + ": cannot lock the download cache entry: " + std::strerror(errno));
      if (!told && onWait) onWait();
      told = true;
      if (deadline && std::chrono::steady_clock::now() > *deadline) {
        m_timedOut = true;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    m_locked = true;
  }
  ~EntryLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
  }
  EntryLock(const EntryLock&) = delete;
  EntryLock& operator=(const EntryLock&) = delete;
  bool timedOut() const { return m_timedOut; }

 private:
  int m_fd = -1;
  bool m_locked = false;
  bool m_timedOut = false;
};

std::string secondsText(long s) { return std::to_string(s) + (s == 1 ? " second" : " seconds"); }

}  // namespace

CachedFile DownloadCache::fetch(const DownloadRequest& req) {
  const std::string label = req.what.empty() ? req.url : req.what;
  const std::string hint = req.hint.empty() ? "" : " " + req.hint;
  bool allowHttp = false;
  if (std::string why = urlRefusal(req.url, m_options.httpMirrors, allowHttp); !why.empty())
    throw Error(label + ": will not download " + req.url + ": " + why + "." + hint);
  const bool refresh = refreshes(req);
  if (!refresh) {
    if (auto hit = lookup(req.url, req.suffix)) {
      if (m_options.message) m_options.message("using cached " + label + " (" + req.url + ")");
      return *hit;
    }
  }
  if (m_options.offline) {
    std::string fetched;
    std::string other = sameFileElsewhere(req, fetched);
    if (!other.empty()) {
      std::string otherBase = other.substr(0, other.size() - req.relative.size() - 1);
      throw Error(label + ": " + req.url + " is not in the download cache " + m_directory.string() +
                  ", but the same file is cached from another address, " + other + (fetched.empty() ? "" : " (fetched " + fetched + ")") +
                  ": the cache keeps files by their full URL. To use that copy offline, run again with --source-url " +
                  (req.source.empty() ? "NAME" : req.source) + "=" + otherBase + "; or go online once without --offline");
    }
    throw Error(label + ": " + req.url + " is not in the download cache " + m_directory.string() +
                (refresh ? " (or --refresh asks for a new copy)" : "") +
                " and --offline forbids downloading it; run once with a network connection");
  }

  std::error_code ec;
  fs::create_directories(m_directory, ec);
  if (ec)
    throw Error(m_directory.string() + ": cannot create the download cache folder: " + ec.message() +
                " (a disk problem, not the network: set MOBMAP_CACHE_DIR or --cache-dir to a writable folder)");

  auto deadlineError = [&](const std::string& doing) {
    return Error(label + ": gave up " + doing + " " + req.url + " when the overall time limit of " +
                 secondsText(m_options.deadlineSeconds) + " (--deadline) ran out: the server is stalled or far too slow." +
                 " What arrived is kept and the next run resumes it; try again later, or raise --deadline." + hint);
  };

  // One download of an entry at a time, across programs sharing the cache. Whoever waited finds the entry the
  // other completed (unless this run refreshes it).
  EntryLock lock(m_directory / (sha256Hex(req.url) + ".lock"), m_options.deadline, [&] {
    if (m_options.message) m_options.message("waiting for another mobmap downloading " + label + " into the same cache");
  });
  if (lock.timedOut()) throw deadlineError("waiting for another program downloading");
  if (!refresh) {
    if (auto hit = lookup(req.url, req.suffix)) {
      if (m_options.message) m_options.message("using cached " + label + ", downloaded meanwhile by another mobmap (" + req.url + ")");
      return *hit;
    }
  }

  fs::path data = dataPath(req.url, req.suffix);
  fs::path part = data;
  part += ".part";
  fs::path partInfo = data;
  partInfo += ".part.json";
  if (refresh) {
    fs::remove(part, ec);
    fs::remove(partInfo, ec);
  }

  // The validator of the partial file's response, so a changed file on the server restarts the download.
  std::string validator;
  if (fs::exists(partInfo, ec)) {
    try {
      std::ifstream in(partInfo);
      nlohmann::json j = nlohmann::json::parse(in);
      if (j.value("url", "") == req.url) validator = j.value("validator", "");
    } catch (const std::exception&) {
    }
  }
  if (!fs::exists(partInfo, ec) || validator.empty()) fs::remove(part, ec);  // no way to check a resume: restart

  std::string requestUrl = req.url;
  if (!req.secretQuery.empty()) requestUrl += (req.url.find('?') == std::string::npos ? "?" : "&") + req.secretQuery;

  ProgressFn progress;
  if (m_options.progress) progress = [&](std::uint64_t done, std::uint64_t total) { m_options.progress(req, done, total); };

  const int attempts = 1 + std::max(0, m_options.retries);
  std::string lastError;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) {
      if (m_options.message)
        m_options.message("retrying " + label + " (try " + std::to_string(attempt) + " of " + std::to_string(attempts) + ")");
      std::this_thread::sleep_for(std::chrono::milliseconds(250 * attempt));
    }
    TransferSettings transfer = m_options.transfer;
    transfer.allowHttp = allowHttp;
    if (m_options.deadline) {
      auto left = std::chrono::duration_cast<std::chrono::seconds>(*m_options.deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) throw deadlineError("downloading");
      transfer.totalTimeoutS = long(left);
    }
    TransferResult r = httpGet(requestUrl, part, validator, transfer, progress);
    if (r.diskError)  // not a network problem: retrying cannot help
      throw Error(label + ": the download of " + req.url + " cannot be saved in the cache folder " + m_directory.string() +
                  ": " + oneLine(r.error) + ". Free some space there, or point MOBMAP_CACHE_DIR or --cache-dir at another disk; "
                  "the next run resumes the partial download.");
    std::string newValidator = !r.etag.empty() ? r.etag : r.lastModified;
    if (r.status == 416) {  // the partial file no longer fits the server's file: start over
      fs::remove(part, ec);
      fs::remove(partInfo, ec);
      validator.clear();
      lastError = "the server refused to resume the partial download";
      continue;
    }
    if (r.status >= 400) {
      std::string body = oneLine(scrub(r.body, req.secretQuery));
      if (!req.keyVariable.empty() && looksLikeHtml(r.body)) {
        std::string page = censusKeyPage(r.body, r.effectiveUrl, r.keyError);
        if (page == "invalid")
          throw Error(label + ": the Census API rejected the key in " + req.keyVariable + " (HTTP " + std::to_string(r.status) +
                      ", its \"Invalid Key\" page) for " + req.url + ". Check the key: it is 40 letters and digits, and works only "
                      "after the link in the Census Bureau's e-mail activated it (a new one: https://api.census.gov/data/key_signup.html).");
      }
      if (looksLikeHtml(r.body)) {
        std::string title = htmlPageTitle(r.body);
        body = "an HTML page" + (title.empty() ? std::string() : " \"" + title + "\"");
      }
      throw Error(label + ": download failed with HTTP " + std::to_string(r.status) + " for " + req.url + " (" +
                  httpAdvice(r.status) + (body.empty() ? "" : ": " + body) + ")." + hint);
    }
    if (r.status >= 200 && r.status < 300 && !newValidator.empty() && r.bytesInFile > 0) {
      validator = newValidator;
      writeFileAtomically(partInfo, nlohmann::json{{"url", req.url}, {"validator", validator}}.dump());
    }
    if (!r.transportOk || !r.complete) {
      if (r.timedOut && m_options.deadline && std::chrono::steady_clock::now() >= *m_options.deadline)
        throw deadlineError("downloading");
      lastError = r.transportOk ? "the connection closed before the whole file arrived"
                                : oneLine(scrub(r.error, req.secretQuery));
      if (newValidator.empty()) {  // without a validator a later resume could splice two versions: restart
        fs::remove(part, ec);
        fs::remove(partInfo, ec);
        validator.clear();
      }
      continue;
    }
    if (r.status < 200 || r.status >= 300) {
      lastError = "unexpected HTTP status " + std::to_string(r.status);
      continue;
    }
    // Complete: check it is what was asked for, checksum, rename into place, then write the sidecar that makes
    // the entry count. A response of the wrong kind or an implausible size is never cached.
    std::uint64_t size = fs::file_size(part, ec);
    const std::string suffix = req.suffix.empty() ? urlSuffix(req.url) : req.suffix;
    std::string wrong = size > m_options.maxBytes ? megabytes(size) + ", more than is plausible (" + megabytes(m_options.maxBytes) + " at most)"
                        : req.expect == Expect::Any && size > 0 ? wrongKind(part, suffix)
                                                                 : "";
    if (wrong.empty()) wrong = checkDownload(part, req.expect, req.required);
    if (!wrong.empty()) {
      std::string head;
      {
        std::ifstream in(part, std::ios::binary);
        head.resize(8192);
        in.read(head.data(), std::streamsize(head.size()));
        head.resize(std::size_t(in.gcount()));
      }
      fs::remove(part, ec);
      fs::remove(partInfo, ec);
      const std::string finalUrl = scrub(r.effectiveUrl, req.secretQuery);
      const std::string via = !finalUrl.empty() && finalUrl != requestUrl && finalUrl != scrub(requestUrl, req.secretQuery)
                                  ? " (redirected to " + finalUrl + ")" : "";
      if (looksLikeHtml(head) && !req.keyVariable.empty()) {
        std::string page = censusKeyPage(head, r.effectiveUrl, r.keyError);
        if (page == "invalid" && !req.secretQuery.empty())
          throw Error(label + ": the Census API rejected the key in " + req.keyVariable + ": " + req.url + via +
                      " answered with its \"Invalid Key\" page (HTTP 200), which was not cached. Check the key: it is 40 letters "
                      "and digits, and works only after the link in the Census Bureau's e-mail activated it (a new one: "
                      "https://api.census.gov/data/key_signup.html).");
        if (page == "missing" || (page == "invalid" && req.secretQuery.empty()))
          throw Error(label + ": the Census API asks for a key: " + req.url + via + " answered with its page saying a key must "
                      "be included (HTTP 200), which was not cached. Get a key at https://api.census.gov/data/key_signup.html and "
                      "set " + req.keyVariable + ".");
      }
      std::string why = looksLikeHtml(head)
                            ? " A web page came instead of the data: a network sign-in page (hotel or office Wi-Fi), or the server's "
                              "error page; open the address in a browser to see it."
                            : " The address may be wrong or the file damaged on the server.";
      throw Error(label + ": " + req.url + via + " answered with " + wrong + "; it was not cached." + why + hint);
    }
    std::string sum = sha256OfFile(part);
    fs::rename(part, data, ec);
    if (ec) throw Error(data.string() + ": cannot store the download in the cache: " + ec.message());
    fs::remove(partInfo, ec);
    nlohmann::json side = {{"url", req.url},
                           {"size", size},
                           {"sha256", sum},
                           {"etag", r.etag},
                           {"last_modified", r.lastModified},
                           {"fetched", nowUtc()},
                           {"what", req.what},
                           {"source", req.source}};
    writeFileAtomically(sidecarPath(req.url), side.dump(2) + "\n");
    return CachedFile{data, size, sum, false};
  }
  bool kept = fs::exists(part, ec) && fs::file_size(part, ec) > 0;
  throw Error(label + ": could not download " + req.url + " after " + std::to_string(attempts) +
              (attempts == 1 ? " try" : " tries") + ": " + lastError + "." +
              (kept ? " The partial download is kept and the next run resumes it." : "") +
              " Check the network connection, or point --source-url at a mirror." + hint);
}

}  // namespace mobmap::fetch
