#pragma once
// One HTTP(S) GET into a partial file, resuming it with a Range request when it already holds bytes.
// The only libcurl user; download_cache.h builds the cache on top of it.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace mobmap::fetch {

// Called now and then during a transfer: bytes of the whole file so far, and its size (0 when unknown).
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct TransferSettings {
  long connectTimeoutS = 30;    // seconds to connect
  long stallTimeoutS = 60;      // give up when no byte arrives for this long
  std::string userAgent = "mobmap";
  bool allowHttp = false;       // plain http (for a mirror the user named); otherwise https only, redirects too
  long totalTimeoutS = 0;       // > 0: give up when the whole transfer takes longer (a server sending a byte now and then)
};

struct TransferResult {
  bool transportOk = false;     // the connection completed without a network error
  long status = 0;              // HTTP status of the final response (0 when none came)
  bool complete = false;        // the part file now holds the whole resource, checked against its length
  std::string error;            // network error text (when !transportOk), or the disk error (diskError)
  bool diskError = false;       // the part file could not be written (disk full, no permission): not the network
  std::string body;             // the start of an error response's body (HTTP status >= 400)
  std::string etag;
  std::string lastModified;
  std::string contentType;      // Content-Type of the final response
  std::string effectiveUrl;     // the URL of the final response, after redirects (may hold the secret query)
  std::string keyError;         // the X-DataWebAPI-KeyError header (the Census API's word on a rejected key)
  bool timedOut = false;        // stopped by totalTimeoutS or the stall timeout
  std::uint64_t bytesInFile = 0;
};

// GETs `url` into `partFile`. When the file holds bytes, asks for the rest (Range, with If-Range =
// `validator` when not empty) and appends on 206 Partial Content; on 200 the file is rewritten from the
// start. Error responses never touch the file. Only https is spoken (and http with settings.allowHttp): file://,
// dict:// and every other protocol are refused, also as redirect targets. Never throws for network or HTTP errors: they are in the result.
TransferResult httpGet(const std::string& url, const std::filesystem::path& partFile, const std::string& validator,
                       const TransferSettings& settings, const ProgressFn& progress);

}  // namespace mobmap::fetch
