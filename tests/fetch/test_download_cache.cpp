// Unit tests of the fetch module: SHA-256, CSV text, source templates, and the download cache against a
// local HTTP server (resume after a dropped connection, 404 messages, offline use of the cache).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "core/error.h"
#include "fetch/content_check.h"
#include "fetch/csv_text.h"
#include "fetch/download_cache.h"
#include "core/sha256.h"
#include "fetch/source_catalog.h"
#include "fault_support.h"
#include "test_http_server.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeAll(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// 300 kB of varied bytes, so a half-sent file is clearly different from the whole one.
std::string bigContent() {
  std::string s;
  for (int i = 0; i < 30000; ++i) s += "row " + std::to_string(i * 7919 % 100003) + "\n";
  return s;
}

// A download request: URL, secret query, what it is, hint, suffix.
fetch::DownloadRequest request(const std::string& url, const std::string& secret, const std::string& what, const std::string& hint,
                               const std::string& suffix) {
  fetch::DownloadRequest r;
  r.url = url;
  r.secretQuery = secret;
  r.what = what;
  r.hint = hint;
  r.suffix = suffix;
  return r;
}

}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-4 example digests") {
  // Expected values: FIPS 180-4 / NIST CSRC example values for "abc", the empty message and the 448-bit message.
  CHECK(mobmap::sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(mobmap::sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(mobmap::sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // One million 'a' (NIST long-message example), fed in uneven pieces to exercise the buffering.
  mobmap::Sha256 h;
  std::string chunk(999, 'a');
  for (int i = 0; i < 1001; ++i) h.update(chunk);
  h.update(std::string(1, 'a'));
  CHECK(h.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("CSV text keeps IDs as written and handles quotes") {
  // Expected: the literal fields of the input below, by RFC 4180 rules.
  fetch::CsvText csv = fetch::parseCsv("\xEF\xBB\xBFyear,state,subgroup\r\n2022,01,\"Black, Non-Hispanic\"\n2023,17,\"say \"\"hi\"\"\"\n", "t.csv");
  REQUIRE(csv.header == std::vector<std::string>{"year", "state", "subgroup"});
  REQUIRE(csv.rows.size() == 2);
  CHECK(csv.rows[0][1] == "01");
  CHECK(csv.rows[0][2] == "Black, Non-Hispanic");
  CHECK(csv.rows[1][2] == "say \"hi\"");
  CHECK(csvField("a,b") == "\"a,b\"");
  CHECK_THROWS_AS(fetch::parseCsv("a\n\"open", "bad.csv"), Error);
}

TEST_CASE("source templates fill placeholders and --source-url replaces a base URL") {
  // Expected: the built-in geodata/sources.toml's tract path with year 2022 and state 17.
  fetch::SourceCatalog cat = fetch::SourceCatalog::builtIn();
  CHECK(cat.url(cat.tracts, {{"year", "2022"}, {"state", "17"}}) ==
        "https://www2.census.gov/geo/tiger/GENZ2022/shp/cb_2022_17_tract_500k.zip");
  cat.overrideBaseUrl("census_geo", "http://127.0.0.1:1/mirror/");
  CHECK(cat.url(cat.tracts, {{"year", "2021"}, {"state", "06"}}) == "http://127.0.0.1:1/mirror/GENZ2021/shp/cb_2021_06_tract_500k.zip");
  CHECK_THROWS_AS(cat.overrideBaseUrl("nope", "http://x"), UsageError);
  REQUIRE(cat.acsTables.size() >= 3);
  CHECK(cat.acsTables[1].id == "B17001");
  CHECK(fetch::urlSuffix("http://h/a/b.zip?x=1") == ".zip");
  CHECK(fetch::urlSuffix("http://h/data/2022/acs/acs5?get=NAME") == ".dat");
}

TEST_CASE("a dropped connection leaves no cache entry, the retry resumes and completes") {
  fs::path root = test::scratchDir("fetch-drop-root");
  fs::path cacheDir = test::scratchDir("fetch-drop-cache");
  const std::string content = bigContent();
  writeAll(root / "files/big.csv", content);
  test::TestHttpServer server(root);
  server.dropMidFile("/files/big.csv", 1);
  const std::string url = server.baseUrl() + "/files/big.csv";

  fetch::DownloadOptions noRetry;
  noRetry.retries = 0;
  noRetry.httpMirrors = {server.baseUrl() + "/"};  // the local test server speaks plain http, as a named mirror
  fetch::DownloadCache first(cacheDir, noRetry);
  // The first try gets half the file and the connection closes: an error, and nothing that looks complete.
  CHECK_THROWS_WITH(first.fetch(request(url, "", "test file", "", "")), Catch::Contains("big.csv") && Catch::Contains("resumes"));
  CHECK_FALSE(first.lookup(url).has_value());
  for (const auto& e : fs::directory_iterator(cacheDir))
    CHECK((e.path().string().ends_with(".part") || e.path().string().ends_with(".part.json") ||
          e.path().string().ends_with(".lock")));

  // The next run resumes with a Range request from where the partial file ends and completes.
  fetch::DownloadOptions mirror;
  mirror.httpMirrors = {server.baseUrl() + "/"};
  fetch::DownloadCache second(cacheDir, mirror);
  fetch::CachedFile f = second.fetch(request(url, "", "test file", "", ""));
  CHECK_FALSE(f.fromCache);
  CHECK(readAll(f.path) == content);
  CHECK(f.sha256 == mobmap::sha256Hex(content));
  std::vector<std::string> log = server.requests();
  REQUIRE(log.size() == 2);
  CHECK(log[1].find("Range: bytes=" + std::to_string(content.size() / 2) + "-") != std::string::npos);

  // With the server gone, the entry is served from the cache.
  server.stop();
  fetch::DownloadOptions offline = mirror;
  offline.offline = true;
  fetch::DownloadCache third(cacheDir, offline);
  CHECK(third.fetch(request(url, "", "test file", "", "")).fromCache);

  // A cache file changed on disk no longer matches its checksum and is not used.
  std::ofstream(f.path, std::ios::binary | std::ios::app) << "tampered";
  CHECK_FALSE(third.lookup(url).has_value());
}

TEST_CASE("a 404 names the file and URL, a secret query never reaches the cache or the message") {
  fs::path root = test::scratchDir("fetch-404-root");
  fs::path cacheDir = test::scratchDir("fetch-404-cache");
  writeAll(root / "api/data.json", "[[\"a\"],[\"1\"]]");
  test::TestHttpServer server(root);
  fetch::DownloadOptions mirror;
  mirror.httpMirrors = {server.baseUrl() + "/"};
  fetch::DownloadCache cache(cacheDir, mirror);
  const std::string missing = server.baseUrl() + "/geo/cb_2031_17_tract_500k.zip";
  try {
    cache.fetch(request(missing, "key=SECRET123", "tract boundaries for state 17 (2031)", "Check --year.", ".zip"));
    FAIL("a 404 must throw");
  } catch (const Error& e) {
    std::string m = e.what();
    CHECK(m.find("cb_2031_17_tract_500k.zip") != std::string::npos);
    CHECK(m.find("404") != std::string::npos);
    CHECK(m.find("tract boundaries") != std::string::npos);
    CHECK(m.find("SECRET123") == std::string::npos);
  }
  const std::string api = server.baseUrl() + "/api/data.json?get=NAME";
  fetch::CachedFile f = cache.fetch(request(api, "key=SECRET123", "ACS", "", ".json"));
  CHECK(readAll(f.path) == "[[\"a\"],[\"1\"]]");
  // The key was sent to the server ...
  bool sent = false;
  for (const std::string& r : server.requests()) sent = sent || r.find("key=SECRET123") != std::string::npos;
  CHECK(sent);
  // ... but no cache file (data or sidecar) holds it, and the cache name derives from the key-less URL.
  for (const auto& e : fs::directory_iterator(cacheDir)) CHECK(readAll(e.path()).find("SECRET123") == std::string::npos);
  CHECK(f.path.filename().string() == mobmap::sha256Hex(api) + ".json");
}

TEST_CASE("downloads are https only: http only for a named mirror, other protocols never", "[fetch][faults]") {
  fs::path root = test::scratchDir("fetch-scheme-root");
  fs::path cacheDir = test::scratchDir("fetch-scheme-cache");
  writeAll(root / "a.csv", "x\n1\n");
  test::TestHttpServer server(root);
  fetch::DownloadCache strict(cacheDir);
  // The same local server without being named as a mirror: refused before any request.
  CHECK_THROWS_WITH(strict.fetch(request(server.baseUrl() + "/a.csv", "", "test file", "", "")),
                    Catch::Contains("plain http is only used for a mirror named with --source-url"));
  CHECK(server.requests().empty());
  for (const char* url : {"file:///etc/passwd", "dict://127.0.0.1:11211/stat", "ftp://127.0.0.1/a.csv", "gopher://x/"}) {
    INFO(url);
    CHECK_THROWS_WITH(strict.fetch(request(url, "", "test file", "", ".csv")), Catch::Contains("protocol is not allowed (only https)"));
  }
  CHECK(fs::is_empty(cacheDir));
  // Named as a mirror, the same URL is fetched.
  fetch::DownloadOptions mirror;
  mirror.httpMirrors = {server.baseUrl() + "/"};
  mirror.retries = 0;
  fetch::DownloadCache cache(cacheDir, mirror);
  CHECK(readAll(cache.fetch(request(server.baseUrl() + "/a.csv", "", "test file", "", "")).path) == "x\n1\n");
}

TEST_CASE("a response of the wrong kind or an implausible size is not cached", "[fetch][faults]") {
  fs::path root = test::scratchDir("fetch-kind-root");
  fs::path cacheDir = test::scratchDir("fetch-kind-cache");
  // What a captive portal or a moved page answers: HTML, with status 200.
  writeAll(root / "geo/tracts.zip", "<!DOCTYPE html><html><body>Sign in to continue</body></html>");
  writeAll(root / "api/acs.json", "<html>Service unavailable</html>");
  writeAll(root / "urban/empty.csv", "");
  writeAll(root / "urban/big.csv", std::string(4096, 'a'));
  writeAll(root / "urban/good.zip", std::string("PK\x03\x04", 4) + std::string(100, '\0'));
  test::TestHttpServer server(root);
  fetch::DownloadOptions o;
  o.httpMirrors = {server.baseUrl() + "/"};
  o.retries = 0;
  o.maxBytes = 1024;
  fetch::DownloadCache cache(cacheDir, o);
  CHECK_THROWS_WITH(cache.fetch(request(server.baseUrl() + "/geo/tracts.zip", "", "tract boundaries", "", "")),
                    Catch::Contains("an HTML page instead of a ZIP archive") && Catch::Contains("not cached"));
  CHECK_THROWS_WITH(cache.fetch(request(server.baseUrl() + "/api/acs.json", "", "ACS", "", ".json")),
                    Catch::Contains("an HTML page instead of JSON"));
  CHECK_THROWS_WITH(cache.fetch(request(server.baseUrl() + "/urban/empty.csv", "", "metrics", "", "")), Catch::Contains("an empty file"));
  CHECK_THROWS_WITH(cache.fetch(request(server.baseUrl() + "/urban/big.csv", "", "metrics", "", "")),
                    Catch::Contains("more than is plausible"));
  // (A download's lock file, <sha>.lock, stays: it is not an entry and holds no bytes.)
  for (const auto& e : fs::directory_iterator(cacheDir))
    if (e.path().extension() != ".lock") FAIL("cached after a refusal: " << e.path());
  CHECK(cache.fetch(request(server.baseUrl() + "/urban/good.zip", "", "metrics", "", "")).size == 104);
}

TEST_CASE("an unreadable cache entry says to re-run with --refresh", "[fetch][faults]") {
  fs::path root = test::scratchDir("fetch-unreadable-root");
  fs::path cacheDir = test::scratchDir("fetch-unreadable-cache");
  writeAll(root / "a.csv", "x\n1\n");
  test::TestHttpServer server(root);
  fetch::DownloadOptions o;
  o.httpMirrors = {server.baseUrl() + "/"};
  const std::string url = server.baseUrl() + "/a.csv";
  fetch::DownloadCache cache(cacheDir, o);
  cache.fetch(request(url, "", "test file", "", ""));
  // The sidecar damaged (a crash of another program, a disk error).
  for (const auto& e : fs::directory_iterator(cacheDir))
    if (e.path().string().ends_with(".sidecar.json")) writeAll(e.path(), "{\"url\": ");
  CHECK_THROWS_WITH(cache.fetch(request(url, "", "test file", "", "")), Catch::Contains("re-run with --refresh"));
  fetch::DownloadOptions refresh = o;
  refresh.refresh = true;
  CHECK_FALSE(fetch::DownloadCache(cacheDir, refresh).fetch(request(url, "", "test file", "", "")).fromCache);
  CHECK(fetch::DownloadCache(cacheDir, o).fetch(request(url, "", "test file", "", "")).fromCache);
}

TEST_CASE("a full disk while downloading is reported as a disk problem, not a network one", "[fetch][faults]") {
  fs::path root = test::scratchDir("fetch-disk-root");
  writeAll(root / "big.csv", bigContent());
  test::SmallDisk disk(root.parent_path() / ("fetch-disk-cache-" + std::to_string(::getpid())), 64);
  if (!disk.mounted()) return;
  test::TestHttpServer server(root);
  fetch::DownloadOptions o;
  o.httpMirrors = {server.baseUrl() + "/"};
  fetch::DownloadCache cache(disk.dir(), o);
  try {
    cache.fetch(request(server.baseUrl() + "/big.csv", "", "test file", "", ""));
    FAIL("a full disk must throw");
  } catch (const Error& e) {
    std::string m = e.what();
    CHECK(m.find("the disk is full") != std::string::npos);
    CHECK(m.find("cache folder") != std::string::npos);
    CHECK(m.find("network") == std::string::npos);
  }
  CHECK(server.requests().size() == 1);  // not retried: retrying cannot make room
}

TEST_CASE("content checks: a ZIP must hold a shapefile and be whole, and HTML pages are named by their title") {
  fs::path dir = test::scratchDir("fetch-content");
  // A ZIP built by hand in the PKWARE APPNOTE layout: stored entries, central directory, end record.
  auto zipOf = [](const std::vector<std::string>& names) {
    std::string local, central;
    auto le16 = [](std::string& s, unsigned v) { s += char(v & 0xff), s += char((v >> 8) & 0xff); };
    auto le32 = [&](std::string& s, unsigned v) { le16(s, v & 0xffff), le16(s, v >> 16); };
    for (const std::string& n : names) {
      const unsigned offset = unsigned(local.size());
      const std::string data = "x";
      le32(local, 0x04034b50), le16(local, 10), le16(local, 0), le16(local, 0), le16(local, 0), le16(local, 0);
      le32(local, 0), le32(local, 1), le32(local, 1), le16(local, unsigned(n.size())), le16(local, 0);
      local += n + data;
      le32(central, 0x02014b50), le16(central, 20), le16(central, 10), le16(central, 0), le16(central, 0), le16(central, 0),
          le16(central, 0), le32(central, 0), le32(central, 1), le32(central, 1), le16(central, unsigned(n.size())), le16(central, 0),
          le16(central, 0), le16(central, 0), le16(central, 0), le32(central, 0), le32(central, offset);
      central += n;
    }
    std::string end;
    le32(end, 0x06054b50), le16(end, 0), le16(end, 0), le16(end, unsigned(names.size())), le16(end, unsigned(names.size()));
    le32(end, unsigned(central.size())), le32(end, unsigned(local.size())), le16(end, 0);
    return local + central + end;
  };
  // Expected names: those written into the archive above.
  const std::vector<std::string> cb = {"cb_2022_17_tract_500k.cpg", "cb_2022_17_tract_500k.dbf", "cb_2022_17_tract_500k.prj",
                                       "cb_2022_17_tract_500k.shp", "cb_2022_17_tract_500k.shp.ea.iso.xml",
                                       "cb_2022_17_tract_500k.shp.iso.xml", "cb_2022_17_tract_500k.shx"};
  writeAll(dir / "cb.zip", zipOf(cb));
  CHECK(fetch::zipEntryNames(dir / "cb.zip") == cb);
  CHECK(fetch::checkDownload(dir / "cb.zip", fetch::Expect::ZipShapefile, {}).empty());
  writeAll(dir / "docs.zip", zipOf({"readme.txt", "data.csv"}));
  CHECK(fetch::checkDownload(dir / "docs.zip", fetch::Expect::ZipShapefile, {}) ==
        "a ZIP archive without a shapefile (it holds: readme.txt, data.csv)");
  writeAll(dir / "noshx.zip", zipOf({"a.shp", "a.dbf"}));
  CHECK(fetch::checkDownload(dir / "noshx.zip", fetch::Expect::ZipShapefile, {}).find("lacks its .shx or .dbf") != std::string::npos);
  std::string whole = zipOf(cb);
  writeAll(dir / "cut.zip", whole.substr(0, whole.size() - 30));
  CHECK_FALSE(fetch::zipEntryNames(dir / "cut.zip").has_value());
  CHECK(fetch::checkDownload(dir / "cut.zip", fetch::Expect::ZipShapefile, {}).find("cut off or damaged") != std::string::npos);

  CHECK(fetch::looksLikeHtml("\xEF\xBB\xBF  <!DOCTYPE html><html>"));
  CHECK(fetch::looksLikeHtml("<div class=\"flex-container content\">"));
  CHECK_FALSE(fetch::looksLikeHtml("[[\"NAME\",\"B19013_001E\"]]"));
  CHECK(fetch::htmlPageTitle("<html><head><title>\n  Sign in\n to Wi-Fi </title></head></html>") == "Sign in to Wi-Fi");
  CHECK(fetch::htmlPageTitle("<div><h1>Invalid <em>Key</em></h1></div>") == "Invalid Key");
  // The Census API's key pages, by the address they are served from and by their text (censusdis issue 319).
  CHECK(fetch::censusKeyPage("<html></html>", "https://api.census.gov/data/invalid_key.html", "") == "invalid");
  CHECK(fetch::censusKeyPage("<h1>Invalid Key</h1><p>A valid <em>key</em> must be included ...", "", "") == "invalid");
  CHECK(fetch::censusKeyPage("<html></html>", "https://api.census.gov/data/missing_key.html", "") == "missing");
  CHECK(fetch::censusKeyPage("<title>Guest Wi-Fi</title>", "http://portal.example/login", "") == "");
}

TEST_CASE("content checks: a Census API table must have the variables asked for, a CSV its columns and its last row") {
  fs::path dir = test::scratchDir("fetch-content-tables");
  // The Census API's published form: an array of rows of strings, the header first, geography last.
  writeAll(dir / "acs.json",
           "[[\"NAME\",\"B19013_001E\",\"B19013_001M\",\"state\",\"county\",\"tract\"],\n"
           "[\"Census Tract 101; Cook County; Illinois\",\"250001\",\"-333333333\",\"17\",\"031\",\"010100\"]]");
  CHECK(fetch::checkDownload(dir / "acs.json", fetch::Expect::CensusTable, {"B19013_001E", "B19013_001M", "tract"}).empty());
  CHECK(fetch::checkDownload(dir / "acs.json", fetch::Expect::CensusTable, {"B17001_001E", "B17001_001M", "B19013_001E"}) ==
        "a Census API table without the requested variables B17001_001E, B17001_001M (its header has 6 names)");
  writeAll(dir / "cut.json", "[[\"NAME\",\"B19013_001E\"],\n[\"Census Tract 101; Cook County; Illinois\",\"5");
  CHECK(fetch::checkDownload(dir / "cut.json", fetch::Expect::CensusTable, {}) == "JSON that is cut off before its end");
  writeAll(dir / "obj.json", "{\"error\":\"unknown\"}");
  CHECK(fetch::checkDownload(dir / "obj.json", fetch::Expect::CensusTable, {}).find("not a Census API table") != std::string::npos);

  // Urban's combined file form (quality as words, NA for missing).
  const std::string mm = "year,state,county,state_name,county_name,pctl_income_20,pctl_income_20_quality\n"
                         "2023,17,031,Illinois,Cook County,30123.5,Strong\n2023,17,043,Illinois,DuPage County,NA,NA\n";
  writeAll(dir / "mm.csv", mm);
  CHECK(fetch::checkDownload(dir / "mm.csv", fetch::Expect::Csv, {"year", "state", "county"}).empty());
  CHECK(fetch::checkDownload(dir / "mm.csv", fetch::Expect::Csv, {"year", "state", "place"}).find("without the expected column place") !=
        std::string::npos);
  writeAll(dir / "cut.csv", mm.substr(0, mm.size() - 12));
  CHECK(fetch::checkDownload(dir / "cut.csv", fetch::Expect::Csv, {"year"}) == "CSV text cut off in its last row (5 of 7 fields)");
  writeAll(dir / "page.csv", "<!DOCTYPE html><html><head><title>Sign in</title></head></html>");
  CHECK(fetch::checkDownload(dir / "page.csv", fetch::Expect::Csv, {"year"}) == "an HTML page (\"Sign in\")");
}
