// Unit tests of the fetch module: SHA-256, CSV text, source templates, and the download cache against a
// local HTTP server (resume after a dropped connection, 404 messages, offline use of the cache).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "fetch/csv_text.h"
#include "fetch/download_cache.h"
#include "core/sha256.h"
#include "fetch/source_catalog.h"
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

}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-4 example digests") {
  // Expected values: FIPS 180-4 / NIST CSRC example values for "abc", the empty message and the 448-bit message.
  CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // One million 'a' (NIST long-message example), fed in uneven pieces to exercise the buffering.
  Sha256 h;
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
  CHECK(fetch::csvField("a,b") == "\"a,b\"");
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

TEST_CASE("a dropped connection leaves no cache entry; the retry resumes and completes") {
  fs::path root = test::scratchDir("fetch-drop-root");
  fs::path cacheDir = test::scratchDir("fetch-drop-cache");
  const std::string content = bigContent();
  writeAll(root / "files/big.csv", content);
  test::TestHttpServer server(root);
  server.dropMidFile("/files/big.csv", 1);
  const std::string url = server.baseUrl() + "/files/big.csv";

  fetch::DownloadOptions noRetry;
  noRetry.retries = 0;
  fetch::DownloadCache first(cacheDir, noRetry);
  // The first try gets half the file and the connection closes: an error, and nothing that looks complete.
  CHECK_THROWS_WITH(first.fetch({url, "", "test file", "", ""}), Catch::Contains("big.csv") && Catch::Contains("resumes"));
  CHECK_FALSE(first.lookup(url).has_value());
  for (const auto& e : fs::directory_iterator(cacheDir))
    CHECK((e.path().string().ends_with(".part") || e.path().string().ends_with(".part.json")));

  // The next run resumes with a Range request from where the partial file ends and completes.
  fetch::DownloadCache second(cacheDir);
  fetch::CachedFile f = second.fetch({url, "", "test file", "", ""});
  CHECK_FALSE(f.fromCache);
  CHECK(readAll(f.path) == content);
  CHECK(f.sha256 == sha256Hex(content));
  std::vector<std::string> log = server.requests();
  REQUIRE(log.size() == 2);
  CHECK(log[1].find("Range: bytes=" + std::to_string(content.size() / 2) + "-") != std::string::npos);

  // With the server gone, the entry is served from the cache.
  server.stop();
  fetch::DownloadOptions offline;
  offline.offline = true;
  fetch::DownloadCache third(cacheDir, offline);
  CHECK(third.fetch({url, "", "test file", "", ""}).fromCache);

  // A cache file changed on disk no longer matches its checksum and is not used.
  std::ofstream(f.path, std::ios::binary | std::ios::app) << "tampered";
  CHECK_FALSE(third.lookup(url).has_value());
}

TEST_CASE("a 404 names the file and URL; a secret query never reaches the cache or the message") {
  fs::path root = test::scratchDir("fetch-404-root");
  fs::path cacheDir = test::scratchDir("fetch-404-cache");
  writeAll(root / "api/data.json", "[[\"a\"],[\"1\"]]");
  test::TestHttpServer server(root);
  fetch::DownloadCache cache(cacheDir);
  const std::string missing = server.baseUrl() + "/geo/cb_2031_17_tract_500k.zip";
  try {
    cache.fetch({missing, "key=SECRET123", "tract boundaries for state 17 (2031)", "Check --year.", ".zip"});
    FAIL("a 404 must throw");
  } catch (const Error& e) {
    std::string m = e.what();
    CHECK(m.find("cb_2031_17_tract_500k.zip") != std::string::npos);
    CHECK(m.find("404") != std::string::npos);
    CHECK(m.find("tract boundaries") != std::string::npos);
    CHECK(m.find("SECRET123") == std::string::npos);
  }
  const std::string api = server.baseUrl() + "/api/data.json?get=NAME";
  fetch::CachedFile f = cache.fetch({api, "key=SECRET123", "ACS", "", ".json"});
  CHECK(readAll(f.path) == "[[\"a\"],[\"1\"]]");
  // The key was sent to the server ...
  bool sent = false;
  for (const std::string& r : server.requests()) sent = sent || r.find("key=SECRET123") != std::string::npos;
  CHECK(sent);
  // ... but no cache file (data or sidecar) holds it, and the cache name derives from the key-less URL.
  for (const auto& e : fs::directory_iterator(cacheDir)) CHECK(readAll(e.path()).find("SECRET123") == std::string::npos);
  CHECK(f.path.filename().string() == sha256Hex(api) + ".json");
}
