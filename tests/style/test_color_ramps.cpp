// Tests of colours (style/color.h) and the ColorBrewer ramp catalog (styles/ramps.toml, style/color_ramps.h).
// Expected colours and ratings are ColorBrewer's published values (colorbrewer2.org scheme table, Cynthia
// Brewer, Apache-2.0); luminance and contrast values follow the WCAG 2 definitions.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "style/color.h"
#include "style/color_ramps.h"

using mobmap::Error;
using mobmap::style::contrastRatio;
using mobmap::style::labelTextColor;
using mobmap::style::parseHexColor;
using mobmap::style::RampCatalog;
using mobmap::style::RampKind;
using mobmap::style::relativeLuminance;
using mobmap::style::Rgb;
using mobmap::style::toHex;

namespace {

std::vector<std::string> hexes(const std::vector<Rgb>& colors) {
  std::vector<std::string> out;
  for (const Rgb& c : colors) out.push_back(toHex(c));
  return out;
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

const RampCatalog& ramps() { return RampCatalog::builtin(); }

}  // namespace

TEST_CASE("hex colours parse and print", "[color]") {
  // Expected: the channel values of the hex digits themselves.
  CHECK(parseHexColor("#2c7fb8") == Rgb{0x2c, 0x7f, 0xb8});
  CHECK(parseHexColor("#2C7FB8") == Rgb{0x2c, 0x7f, 0xb8});
  CHECK(parseHexColor("#fa0") == Rgb{0xff, 0xaa, 0x00});
  CHECK(toHex(Rgb{0x25, 0x34, 0x94}) == "#253494");
  CHECK(toHex(parseHexColor("#ABCDEF")) == "#abcdef");
  CHECK_FALSE(parseHexColor("#000001") == Rgb{0, 0, 0});
  for (const char* bad : {"", "2c7fb8", "#2c7fb", "#2c7fb8ff", "#2c7fbg", " #2c7fb8", "#2c7fb8 "})
    CHECK_THROWS_AS(parseHexColor(bad), Error);
  CHECK_THAT(errorOf([] { parseHexColor("#12345z"); }), Catch::Contains("'#12345z'"));
}

TEST_CASE("relative luminance and contrast follow WCAG 2", "[color]") {
  // Expected: WCAG 2 defines black = 0, white = 1, and black on white = 21:1; #777777 has luminance
  // 0.1845 (linearised channel ((0x77/255 + 0.055) / 1.055)^2.4).
  CHECK(relativeLuminance(Rgb{0, 0, 0}) == Approx(0.0));
  CHECK(relativeLuminance(Rgb{255, 255, 255}) == Approx(1.0));
  CHECK(relativeLuminance(Rgb{0x77, 0x77, 0x77}) == Approx(0.1845).epsilon(0.001));
  CHECK(relativeLuminance(Rgb{0, 255, 0}) == Approx(0.7152));
  CHECK(contrastRatio(Rgb{0, 0, 0}, Rgb{255, 255, 255}) == Approx(21.0));
  CHECK(contrastRatio(Rgb{255, 255, 255}, Rgb{0, 0, 0}) == Approx(21.0));
  // Label text: dark on YlGnBu's lightest class, light on its darkest.
  CHECK(labelTextColor(parseHexColor("#ffffcc")) == Rgb{0, 0, 0});
  CHECK(labelTextColor(parseHexColor("#253494")) == Rgb{255, 255, 255});
}

TEST_CASE("YlGnBu and RdBu have ColorBrewer's exact colours", "[ramps]") {
  // Expected: ColorBrewer YlGnBu 5-class (also the ramp ../shared/bench/peers/README.md prescribes) and
  // RdBu 3-class, 11-class, as published on colorbrewer2.org.
  CHECK(hexes(ramps().colors("YlGnBu", 5)) ==
        std::vector<std::string>{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"});
  CHECK(hexes(ramps().colors("ylgnbu", 5)) == hexes(ramps().colors("YlGnBu", 5)));
  CHECK(hexes(ramps().colors("RdBu", 3)) == std::vector<std::string>{"#ef8a62", "#f7f7f7", "#67a9cf"});
  CHECK(hexes(ramps().colors("RdBu", 11)) ==
        std::vector<std::string>{"#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0",
                                 "#92c5de", "#4393c3", "#2166ac", "#053061"});
  CHECK(hexes(ramps().colors("Set3", 12)).back() == "#ffed6f");
  CHECK(ramps().canonicalName("rdylbu") == "RdYlBu");
}

TEST_CASE("reversed ramps run from the other end", "[ramps]") {
  // Expected: YlGnBu-5 above, in the opposite order.
  CHECK(hexes(ramps().colors("YlGnBu", 5, true)) ==
        std::vector<std::string>{"#253494", "#2c7fb8", "#41b6c4", "#a1dab4", "#ffffcc"});
}

TEST_CASE("the catalog holds every ColorBrewer scheme with its class range", "[ramps]") {
  // Expected: ColorBrewer's scheme lists and class ranges (sequential 3-9, diverging 3-11, qualitative 3
  // to 8, 9 or 12 as colorbrewer2.org offers them).
  CHECK(ramps().names(RampKind::Sequential) ==
        std::vector<std::string>{"Blues", "BuGn", "BuPu", "GnBu", "Greens", "Greys", "Oranges", "OrRd", "PuBu",
                                 "PuBuGn", "PuRd", "Purples", "RdPu", "Reds", "YlGn", "YlGnBu", "YlOrBr",
                                 "YlOrRd"});
  CHECK(ramps().names(RampKind::Diverging) == std::vector<std::string>{"BrBG", "PiYG", "PRGn", "PuOr", "RdBu",
                                                                       "RdGy", "RdYlBu", "RdYlGn", "Spectral"});
  CHECK(ramps().names(RampKind::Qualitative) ==
        std::vector<std::string>{"Accent", "Dark2", "Paired", "Pastel1", "Pastel2", "Set1", "Set2", "Set3"});
  for (const std::string& name : ramps().names(RampKind::Sequential)) {
    CHECK(ramps().minClasses(name) == 3);
    CHECK(ramps().maxClasses(name) == 9);
  }
  for (const std::string& name : ramps().names(RampKind::Diverging)) {
    CHECK(ramps().minClasses(name) == 3);
    CHECK(ramps().maxClasses(name) == 11);
  }
  const std::vector<std::pair<std::string, int>> qualitativeMax = {
      {"Accent", 8}, {"Dark2", 8}, {"Paired", 12}, {"Pastel1", 9},
      {"Pastel2", 8}, {"Set1", 9}, {"Set2", 8},   {"Set3", 12}};
  for (const auto& [name, max] : qualitativeMax) {
    CHECK(ramps().minClasses(name) == 3);
    CHECK(ramps().maxClasses(name) == max);
  }
  CHECK(ramps().kind("Spectral") == RampKind::Diverging);
  CHECK(ramps().has("PuBuGn"));
  CHECK_FALSE(ramps().has("Viridis"));
}

TEST_CASE("class counts outside a ramp's range are refused with the range", "[ramps]") {
  // Expected: YlGnBu offers 3-9 classes (ColorBrewer).
  const std::string tooMany = errorOf([] { ramps().colors("YlGnBu", 10); });
  CHECK_THAT(tooMany, Catch::Contains("YlGnBu") && Catch::Contains("10") && Catch::Contains("3 to 9"));
  const std::string tooFew = errorOf([] { ramps().colors("YlGnBu", 2); });
  CHECK_THAT(tooFew, Catch::Contains("2-class") && Catch::Contains("3 to 9"));
  CHECK_THROWS_AS(ramps().safety("RdBu", 12), Error);
  CHECK_NOTHROW(ramps().colors("RdBu", 11));
}

TEST_CASE("unknown ramp names are refused with the valid names", "[ramps]") {
  const std::string message = errorOf([] { ramps().colors("Viridis", 5); });
  CHECK_THAT(message, Catch::Contains("'Viridis'") && Catch::Contains("YlGnBu") && Catch::Contains("Spectral") &&
                          Catch::Contains("Set3"));
  CHECK_THROWS_AS(ramps().kind("Nope"), Error);
}

TEST_CASE("safety ratings are ColorBrewer's per class count", "[ramps]") {
  // Expected: colorbrewer2.org "properties" arrays: YlGnBu blind [1] (all counts) and print
  // [1,1,1,2,2,2,0]; RdYlGn blind [2,2,2,0,...]; Paired blind [1,1,2,2,2,2,0,0,0], print
  // [1,1,1,1,1,2,2,2,2], copy [0]; Paired 12 has no rating there (not safe).
  for (int n = 3; n <= 9; ++n) CHECK(ramps().safety("YlGnBu", n).colorBlind);
  CHECK(ramps().safety("YlGnBu", 5).print);
  CHECK_FALSE(ramps().safety("YlGnBu", 6).print);
  CHECK(ramps().safety("YlGnBu", 6).printRating == 2);
  CHECK(ramps().safety("YlGnBu", 3).photocopy);
  CHECK_FALSE(ramps().safety("YlGnBu", 5).photocopy);

  for (int n = 3; n <= 11; ++n) CHECK_FALSE(ramps().safety("RdYlGn", n).colorBlind);
  CHECK(ramps().safety("RdYlGn", 3).colorBlindRating == 2);
  CHECK(ramps().safety("RdYlGn", 6).colorBlindRating == 0);

  const std::vector<int> pairedBlind = {1, 1, 2, 2, 2, 2, 0, 0, 0, 0};
  const std::vector<int> pairedPrint = {1, 1, 1, 1, 1, 2, 2, 2, 2, 0};
  for (int n = 3; n <= 12; ++n) {
    const auto s = ramps().safety("Paired", n);
    INFO("Paired " << n);
    CHECK(s.colorBlindRating == pairedBlind[static_cast<std::size_t>(n - 3)]);
    CHECK(s.printRating == pairedPrint[static_cast<std::size_t>(n - 3)]);
    CHECK(s.colorBlind == (s.colorBlindRating == 1));
    CHECK(s.print == (s.printRating == 1));
    CHECK_FALSE(s.photocopy);
  }
  for (int n = 3; n <= 11; ++n) CHECK(ramps().safety("RdBu", n).colorBlind);
}

TEST_CASE("divergingAround takes both sides from one symmetric scheme", "[ramps]") {
  // Expected: RdBu 6-class = #b2182b #ef8a62 #fddbc7 | #d1e5f0 #67a9cf #2166ac (ColorBrewer); 2 below and
  // 3 above are its colours [1..2] and [3..5].
  const auto rdbu6 = hexes(ramps().colors("RdBu", 6));
  CHECK(hexes(ramps().divergingAround("RdBu", 2, 3)) ==
        std::vector<std::string>{rdbu6[1], rdbu6[2], rdbu6[3], rdbu6[4], rdbu6[5]});
  CHECK(hexes(ramps().divergingAround("RdBu", 2, 3)) ==
        std::vector<std::string>{"#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"});

  // With a neutral middle: the 7-class scheme, colours [1..2], [3] (#f7f7f7) and [4..6].
  const auto rdbu7 = hexes(ramps().colors("RdBu", 7));
  CHECK(hexes(ramps().divergingAround("RdBu", 2, 3, true)) ==
        std::vector<std::string>{rdbu7[1], rdbu7[2], rdbu7[3], rdbu7[4], rdbu7[5], rdbu7[6]});
  CHECK(rdbu7[3] == "#f7f7f7");

  // One each side: no 2-class scheme, so the inner pair of the 4-class one.
  const auto rdbu4 = hexes(ramps().colors("RdBu", 4));
  CHECK(hexes(ramps().divergingAround("RdBu", 1, 1)) == std::vector<std::string>{rdbu4[1], rdbu4[2]});

  // One-sided and reversed.
  CHECK(hexes(ramps().divergingAround("RdBu", 0, 3)) == std::vector<std::string>{rdbu6[3], rdbu6[4], rdbu6[5]});
  CHECK(hexes(ramps().divergingAround("RdBu", 2, 3, false, true)) ==
        std::vector<std::string>{rdbu6[4], rdbu6[3], rdbu6[2], rdbu6[1], rdbu6[0]});

  // 5 + 5 fits RdBu's 11 classes only without and with the middle; 6 needs 12, beyond its maximum.
  CHECK(ramps().divergingAround("RdBu", 5, 5).size() == 10);
  CHECK(ramps().divergingAround("RdBu", 5, 5, true).size() == 11);
  CHECK_THAT(errorOf([] { ramps().divergingAround("RdBu", 6, 1); }),
             Catch::Contains("12-class") && Catch::Contains("at most 11"));
  CHECK_THAT(errorOf([] { ramps().divergingAround("YlGnBu", 2, 2); }), Catch::Contains("diverging"));
  CHECK_THROWS_AS(ramps().divergingAround("RdBu", 0, 0), Error);
  CHECK_THROWS_AS(ramps().divergingAround("RdBu", -1, 2), Error);
}

TEST_CASE("default ramps are colour-blind safe", "[ramps]") {
  // Expected: the defaults named in color_ramps.h, checked against ColorBrewer's blind ratings.
  for (int n = 3; n <= 9; ++n) {
    CHECK(ramps().defaultRamp(RampKind::Sequential, n) == "YlGnBu");
    CHECK(ramps().safety(ramps().defaultRamp(RampKind::Sequential, n), n).colorBlind);
  }
  for (int n = 3; n <= 11; ++n) {
    CHECK(ramps().defaultRamp(RampKind::Diverging, n) == "RdBu");
    CHECK(ramps().safety(ramps().defaultRamp(RampKind::Diverging, n), n).colorBlind);
  }
  // Qualitative: Dark2 at 3 (rated safe); at 4 Dark2 and Set2 are only "maybe" and Paired is safe.
  CHECK(ramps().defaultRamp(RampKind::Qualitative, 3) == "Dark2");
  CHECK(ramps().defaultRamp(RampKind::Qualitative, 4) == "Paired");
  CHECK(ramps().safety("Paired", 4).colorBlind);
  // From 5 classes no qualitative scheme is rated safe: the first rated "maybe" in the order Dark2, Set2,
  // then file order (Dark2 is "maybe" at 4-6; Paired at 5-8; Set1 at every count, while Paired is "no"
  // from 9); at 12 none is even "maybe", and Paired is the first of the two schemes that offer 12 classes.
  CHECK(ramps().defaultRamp(RampKind::Qualitative, 5) == "Dark2");
  CHECK(ramps().defaultRamp(RampKind::Qualitative, 6) == "Dark2");
  CHECK(ramps().defaultRamp(RampKind::Qualitative, 7) == "Paired");
  CHECK(ramps().defaultRamp(RampKind::Qualitative, 9) == "Set1");
  CHECK(ramps().safety("Set1", 9).colorBlindRating == 2);
  CHECK(ramps().defaultRamp(RampKind::Qualitative, 12) == "Paired");
  CHECK_THROWS_AS(ramps().defaultRamp(RampKind::Qualitative, 13), Error);
  CHECK_THROWS_AS(ramps().defaultRamp(RampKind::Sequential, 10), Error);
}

TEST_CASE("ramp files are checked with file, line and key in the message", "[ramps]") {
  const std::string good =
      "[Two]\n"
      "kind = \"sequential\"\n"
      "3 = { colors = [\"#000000\", \"#808080\", \"#ffffff\"], blind = 1, print = 2, copy = 0 }\n"
      "4 = { colors = [\"#000000\", \"#555555\", \"#aaaaaa\", \"#ffffff\"], blind = 0, print = 0, copy = 0 }\n"
      "\n"
      "[Alpha]\n"
      "kind = \"qualitative\"\n"
      "3 = { colors = [\"#ff0000\", \"#00ff00\", \"#0000ff\"], blind = 0, print = 0, copy = 0 }\n";
  const RampCatalog catalog = RampCatalog::parse(good, "mine.toml");
  CHECK(catalog.maxClasses("two") == 4);
  CHECK(catalog.safety("Two", 3).printRating == 2);
  CHECK_FALSE(catalog.safety("Two", 3).print);
  CHECK(catalog.names(RampKind::Sequential) == std::vector<std::string>{"Two"});

  const auto parseError = [](const std::string& text) {
    return errorOf([&] { RampCatalog::parse(text, "mine.toml"); });
  };
  CHECK_THAT(parseError("[A]\nkind = \"sequential\"\n3 = { colors = [\"#000000\", \"#ffffff\"], blind = 1, print = 1, "
                        "copy = 1 }\n"),
             Catch::StartsWith("mine.toml:3:") && Catch::Contains("ramp 'A'") && Catch::Contains("expected 3"));
  CHECK_THAT(parseError("[A]\nkind = \"sequential\"\n3 = { colors = [\"#000000\", \"#777777\", \"#ffffff\"], "
                        "blind = 3, print = 1, copy = 1 }\n"),
             Catch::StartsWith("mine.toml:3:") && Catch::Contains("'blind'"));
  CHECK_THAT(parseError("[A]\nkind = \"sequential\"\n3 = { colors = [\"#000000\", \"#777777\", \"#fffff\"], "
                        "blind = 1, print = 1, copy = 1 }\n"),
             Catch::StartsWith("mine.toml:3:") && Catch::Contains("#fffff"));
  CHECK_THAT(parseError("[A]\nkind = \"sequential\"\ncolour = 1\n"),
             Catch::StartsWith("mine.toml:3:") && Catch::Contains("unknown key 'colour'"));
  CHECK_THAT(parseError("[A]\nkind = \"rainbow\"\n"), Catch::StartsWith("mine.toml:2:") && Catch::Contains("'kind'"));
  CHECK_THAT(parseError("[A]\nkind = \"sequential\"\n"
                        "3 = { colors = [\"#000000\", \"#777777\", \"#ffffff\"], blind = 1, print = 1, copy = 1 }\n"
                        "5 = { colors = [\"#000000\", \"#444444\", \"#777777\", \"#aaaaaa\", \"#ffffff\"], "
                        "blind = 1, print = 1, copy = 1 }\n"),
             Catch::StartsWith("mine.toml:4:") && Catch::Contains("4 is missing"));
  CHECK_THAT(parseError(good + "[TWO]\nkind = \"sequential\"\n3 = { colors = [\"#000000\", \"#777777\", "
                               "\"#ffffff\"], blind = 1, print = 1, copy = 1 }\n"),
             Catch::StartsWith("mine.toml:9:") && Catch::Contains("already used"));
  CHECK_THAT(parseError("[A\n"), Catch::StartsWith("mine.toml:1:") && Catch::Contains("invalid TOML"));
}
