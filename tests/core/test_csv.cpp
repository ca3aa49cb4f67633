// The one CSV reader (core/csv.h), on text in the byte forms RFC 4180 and the publishers write: Urban's files
// (UTF-8 with a byte order mark, CR LF, quoted subgroup names holding commas), KoboToolbox's semicolon exports
// (a quoted answer holding CR LF, kept byte for byte), and old spreadsheet exports ending lines with a lone CR.
#include <catch2/catch.hpp>

#include "core/csv.h"
#include "core/error.h"

using namespace mobmap;

TEST_CASE("CSV records keep each field's exact text by RFC 4180") {
  const auto urban = parseCsvRecords("\xEF\xBB\xBFyear,state,subgroup\r\n2022,01,\"Black, Non-Hispanic\"\r\n\r\n2023,17,\"say \"\"hi\"\"\"\r\n", "u.csv");
  REQUIRE(urban.size() == 3);  // the blank line is dropped
  CHECK(urban[0] == std::vector<std::string>{"year", "state", "subgroup"});
  CHECK(urban[1] == std::vector<std::string>{"2022", "01", "Black, Non-Hispanic"});
  CHECK(urban[2] == std::vector<std::string>{"2023", "17", "say \"hi\""});

  const auto kobo = parseCsvRecords("\"start\";\"what_changed\"\r\n\"2024-05-01\";\"the bus;\r\nstopped\"\r\n", "k.csv", ';');
  REQUIRE(kobo.size() == 2);
  CHECK(kobo[1][1] == "the bus;\r\nstopped");

  const auto lone = parseCsvRecords("a,b\r1,\r2,3", "m.csv");
  REQUIRE(lone.size() == 3);
  CHECK(lone[1] == std::vector<std::string>{"1", ""});
  CHECK(lone[2] == std::vector<std::string>{"2", "3"});
}

TEST_CASE("a quoted field never closed is named by file and the line it opens on") {
  try {
    parseCsvRecords("a,b\n1,2\n3,\"cut\nshort", "cut.csv");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).starts_with("cut.csv:3: a quoted field is never closed"));
  }
}

TEST_CASE("a field is quoted only when it must be") {
  CHECK(csvField("plain") == "plain");
  CHECK(csvField("a,b") == "\"a,b\"");
  CHECK(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csvField("a;b", ';') == "\"a;b\"");
  CHECK(csvField("a;b") == "a;b");
}
