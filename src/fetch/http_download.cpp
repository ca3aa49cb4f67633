#include "fetch/http_download.h"

#include <cerrno>
#include <cstring>

#include <curl/curl.h>

#include <cstdio>
#include <mutex>

namespace mobmap::fetch {

namespace {

void initCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct TransferState {
  CURL* curl = nullptr;
  std::filesystem::path path;
  std::uint64_t existing = 0;       // bytes in the part file before this request
  std::FILE* file = nullptr;
  bool decided = false;             // whether the body goes to the file (2xx) or to `body` (errors)
  bool toFile = false;
  long status = 0;
  std::uint64_t written = 0;        // bytes of the body written to the file
  std::uint64_t base = 0;           // file offset the body starts at (existing on 206, 0 on 200)
  std::string body;
  std::string etag;
  std::string lastModified;
  std::string contentRange;
  std::string contentType;
  std::string keyError;
  bool openFailed = false;
  int writeErrno = 0;               // errno of a failed open or write of the part file
  const ProgressFn* progress = nullptr;
};

std::string trimHeaderValue(const char* begin, std::size_t n) {
  std::string v(begin, n);
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
  std::size_t s = v.find_first_not_of(' ');
  return s == std::string::npos ? std::string() : v.substr(s);
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* st = static_cast<TransferState*>(user);
  std::size_t n = size * count;
  std::string line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect or 100 Continue): forget the old one
    st->etag.clear();
    st->lastModified.clear();
    st->contentRange.clear();
    st->contentType.clear();
    st->keyError.clear();
    return n;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string::npos) return n;
  std::string name = line.substr(0, colon);
  for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
  std::string value = trimHeaderValue(data + colon + 1, n - colon - 1);
  if (name == "etag") st->etag = value;
  else if (name == "last-modified") st->lastModified = value;
  else if (name == "content-range") st->contentRange = value;
  else if (name == "content-type") st->contentType = value;
  else if (name == "x-datawebapi-keyerror") st->keyError = value;
  return n;
}

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* st = static_cast<TransferState*>(user);
  std::size_t n = size * count;
  if (!st->decided) {
    st->decided = true;
    curl_easy_getinfo(st->curl, CURLINFO_RESPONSE_CODE, &st->status);
    if (st->status == 206 && st->existing > 0 && st->contentRange.rfind("bytes " + std::to_string(st->existing) + "-", 0) == 0) {
      st->toFile = true;
      st->base = st->existing;
      st->file = std::fopen(st->path.c_str(), "ab");
    } else if (st->status >= 200 && st->status < 300 && st->status != 206) {
      st->toFile = true;
      st->base = 0;
      st->file = std::fopen(st->path.c_str(), "wb");
    } else {
      st->toFile = false;  // an error page, or a 206 for a range we did not ask for
    }
    if (st->toFile && !st->file) {
      st->openFailed = true;
      st->writeErrno = errno;
      return 0;
    }
  }
  if (!st->toFile) {
    if (st->body.size() < 2048) st->body.append(data, std::min<std::size_t>(n, 2048 - st->body.size()));
    return n;
  }
  std::size_t w = std::fwrite(data, 1, n, st->file);
  if (w == n && std::fflush(st->file) != 0) w = 0;  // a full disk shows at the flush at the latest
  if (w != n) {
    st->writeErrno = errno ? errno : ENOSPC;
    st->openFailed = true;
    return 0;
  }
  st->written += w;
  return w;
}

int onProgress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto* st = static_cast<TransferState*>(user);
  if (st->progress && *st->progress && st->toFile) {
    std::uint64_t total = dltotal > 0 ? std::uint64_t(dltotal) + st->base : 0;
    (*st->progress)(st->base + std::uint64_t(dlnow), total);
  }
  return 0;
}

}  // namespace

TransferResult httpGet(const std::string& url, const std::filesystem::path& partFile, const std::string& validator,
                       const TransferSettings& settings, const ProgressFn& progress) {
  initCurlOnce();
  TransferResult result;
  TransferState st;
  st.path = partFile;
  std::error_code ec;
  st.existing = std::filesystem::exists(partFile, ec) ? std::filesystem::file_size(partFile, ec) : 0;
  if (ec) st.existing = 0;
  st.progress = &progress;

  CURL* curl = curl_easy_init();
  if (!curl) {
    result.error = "could not start the HTTP client";
    return result;
  }
  st.curl = curl;
  char errorBuffer[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  const char* protocols = settings.allowHttp ? "https,http" : "https";
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, settings.userAgent.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, settings.connectTimeoutS);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, settings.stallTimeoutS);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (settings.totalTimeoutS > 0) curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings.totalTimeoutS);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &st);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &st);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &st);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  // Servers send gzip only when asked; the cache keeps the bytes as the resource defines them.
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, nullptr);
  struct curl_slist* headers = nullptr;
  std::string range;
  if (st.existing > 0) {
    range = std::to_string(st.existing) + "-";
    curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());
    if (!validator.empty()) headers = curl_slist_append(headers, ("If-Range: " + validator).c_str());
  }
  if (headers) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

  CURLcode rc = curl_easy_perform(curl);
  if (!st.decided) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &st.status);
  char* effective = nullptr;
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
  if (effective) result.effectiveUrl = effective;
  curl_off_t contentLength = -1;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &contentLength);
  if (st.file && std::fclose(st.file) != 0 && !st.openFailed) {
    st.openFailed = true;
    st.writeErrno = errno ? errno : EIO;
  }
  if (headers) curl_slist_free_all(headers);
  curl_easy_cleanup(curl);

  result.status = st.status;
  result.etag = st.etag;
  result.lastModified = st.lastModified;
  result.body = st.body;
  result.contentType = st.contentType;
  result.keyError = st.keyError;
  result.bytesInFile = st.toFile ? st.base + st.written : st.existing;
  if (st.openFailed) {
    const int err = st.writeErrno;
    result.diskError = true;
    result.error = "cannot write " + partFile.string() + ": " +
                   (err == ENOSPC || err == EDQUOT ? std::string("the disk is full") : std::string(err ? std::strerror(err) : "write failed"));
    return result;
  }
  if (rc != CURLE_OK) {
    result.timedOut = rc == CURLE_OPERATION_TIMEDOUT;
    result.error = errorBuffer[0] ? std::string(errorBuffer) : std::string(curl_easy_strerror(rc));
    return result;
  }
  result.transportOk = true;
  if (!st.toFile) {
    // A 2xx without any body (an empty file) still creates the file.
    if (st.status >= 200 && st.status < 300 && st.status != 206 && !st.decided) {
      if (std::FILE* f = std::fopen(partFile.c_str(), "wb")) std::fclose(f);
      result.bytesInFile = 0;
      result.complete = contentLength <= 0;
    }
    return result;
  }
  // The whole resource is there when the body matched its declared length (curl reports a short body as an
  // error above; this also covers servers that declare no length).
  result.complete = contentLength < 0 || st.written == std::uint64_t(contentLength);
  return result;
}

}  // namespace mobmap::fetch
