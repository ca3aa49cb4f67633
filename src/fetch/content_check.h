#pragma once
// What a download must hold before it is kept in the cache: the checks behind DownloadRequest::expect.
//
// Usage:
//   if (std::string why = checkDownload(file, Expect::CensusTable, {"B19013_001E"}); !why.empty())
//     throw Error(url + " answered with " + why);
// Each check returns "" when the file is of the expected kind, else a phrase naming what it holds instead
// ("an HTML page (\"Sign in to the network\")", "a ZIP archive without a shapefile (it holds: a.csv)",
// "a Census API table without the requested variables B19013_001E, B19013_001M"), to follow "answered with".
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mobmap::fetch {

// The kind of file a download must be.
enum class Expect {
  Any,           // only not empty and not an HTML page where the URL's suffix promises data
  ZipShapefile,  // a complete ZIP archive holding a shapefile (.shp with its .shx and .dbf)
  CensusTable,   // a Census API answer: a JSON array of rows of strings whose header row names the variables
  Csv,           // CSV text whose header row has the columns asked for, not cut off in its last row
};

// True when the bytes begin like an HTML page (<!DOCTYPE html, <html, or a <head>/<body>/<div> element
// after optional white space and a UTF-8 byte order mark).
bool looksLikeHtml(std::string_view head);

// The text of an HTML page's <title>, else of its first <h1>, with white space collapsed; "" when none.
std::string htmlPageTitle(std::string_view html);

// Names the Census Data API's key pages: "invalid" for its "Invalid Key" page (the key sent is not valid),
// "missing" for its page asking for a key (none was sent), "" otherwise. Looks at the page's URL after
// redirects, the X-DataWebAPI-KeyError header's value and the page's text.
std::string censusKeyPage(std::string_view html, std::string_view finalUrl, std::string_view keyErrorHeader);

// Checks that `file` is of the `expect`ed kind; `required` are the variables (CensusTable) or columns (Csv)
// it must have. "" when it is, else what it holds instead (see above).
std::string checkDownload(const std::filesystem::path& file, Expect expect, const std::vector<std::string>& required);

// The names of the entries of a ZIP archive, from its central directory; nullopt when the archive is cut off
// or damaged (no end-of-central-directory record, or entries past the end of the file).
std::optional<std::vector<std::string>> zipEntryNames(const std::filesystem::path& file);

}  // namespace mobmap::fetch
