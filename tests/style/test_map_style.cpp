// Tests of map styles (styles/choropleth.toml, styles/diverging.toml, style/map_style.h). Expected values
// are the ones written in those files and documented in styles/README.md; ramp colours are ColorBrewer's.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "style/color.h"
#include "style/color_ramps.h"
#include "style/map_style.h"
#include "test_support.h"

using mobmap::Error;
using mobmap::style::applyOverrides;
using mobmap::style::contrastRatio;
using mobmap::style::MapStyle;
using mobmap::style::parseHexColor;
using mobmap::style::parseMapStyle;
using mobmap::style::RampCatalog;
using mobmap::style::Rgb;
using mobmap::style::StyleCatalog;
using mobmap::style::StyleOverrides;

namespace {

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::string parseError(const std::string& text) {
  return errorOf([&] { parseMapStyle(text, "my_style.toml"); });
}

std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("the built-in styles are choropleth and diverging", "[map_style]") {
  CHECK(StyleCatalog::builtin().names() == std::vector<std::string>{"choropleth", "diverging"});
  CHECK_THAT(errorOf([] { StyleCatalog::builtin().find("bivariate"); }),
             Catch::Contains("'bivariate'") && Catch::Contains("choropleth") && Catch::Contains("diverging"));
  CHECK_FALSE(StyleCatalog::builtin().has("Choropleth"));
}

TEST_CASE("choropleth.toml holds the documented values", "[map_style]") {
  // Expected: the values written in styles/choropleth.toml.
  const MapStyle& s = StyleCatalog::builtin().find("choropleth");
  CHECK(s.method == "quantile");
  CHECK(s.classes == 5);
  CHECK(s.ramp == "YlGnBu");
  CHECK(s.reference.empty());
  CHECK(s.darkerMeans == MapStyle::DarkerMeans::Worse);
  CHECK(s.outline == parseHexColor("#6e6e6e"));
  CHECK(s.outlineWidthPt == Approx(0.25));
  CHECK(s.missingFill == parseHexColor("#d9d9d9"));
  CHECK(s.suppressedFill == parseHexColor("#ffffff"));
  CHECK(s.suppressedPattern.kind == "dots");
  CHECK(s.suppressedPattern.color == parseHexColor("#636363"));
  CHECK(s.suppressedPattern.lineWidthPt == Approx(0.9));
  CHECK(s.suppressedPattern.spacingPt == Approx(3.0));
  CHECK(s.lowQualityHatch.kind == "hatch");
  CHECK(s.lowQualityHatch.color == parseHexColor("#8c8c8c"));
  CHECK(s.lowQualityHatch.lineWidthPt == Approx(0.4));
  CHECK(s.lowQualityHatch.spacingPt == Approx(2.5));
  CHECK(s.contextOutline == parseHexColor("#222222"));
  CHECK(s.contextOutlineWidthPt == Approx(0.8));
  CHECK(s.fontFamily == "DejaVu Sans");
  CHECK(s.titlePt == Approx(14));
  CHECK(s.subtitlePt == Approx(10));
  CHECK(s.legendPt == Approx(8));
  CHECK(s.sourcePt == Approx(7));
}

TEST_CASE("diverging.toml is RdBu, equal classes, reference left to the caller", "[map_style]") {
  // Expected: the values written in styles/diverging.toml.
  const MapStyle& s = StyleCatalog::builtin().find("diverging");
  CHECK(s.method == "equal");
  CHECK(s.classes == 6);
  CHECK(s.ramp == "RdBu");
  CHECK(s.reference.empty());
  CHECK(s.referenceMark == parseHexColor("#000000"));
  CHECK(s.referenceMarkWidthPt == Approx(1.5));
  CHECK(RampCatalog::builtin().safety(s.ramp, s.classes).colorBlind);
}

TEST_CASE("missing, suppressed and class fills stay apart", "[map_style]") {
  // Expected: the rule of styles/README.md: the missing fill is none of the ramp's class colours and has a
  // contrast ratio of at least 1.3 (WCAG 2 formula) against the lightest class; suppressed differs from
  // missing by fill and carries a pattern; the outline reads on the lightest and darkest class (ratio >= 2).
  for (const std::string& name : StyleCatalog::builtin().names()) {
    const MapStyle& s = StyleCatalog::builtin().find(name);
    INFO("style " << name);
    const std::vector<Rgb> classes = RampCatalog::builtin().colors(s.ramp, s.classes);
    for (const Rgb& c : classes) CHECK_FALSE(c == s.missingFill);
    if (RampCatalog::builtin().kind(s.ramp) == mobmap::style::RampKind::Sequential) {
      CHECK(contrastRatio(s.missingFill, classes.front()) >= 1.3);
      CHECK(contrastRatio(s.outline, classes.front()) >= 2.0);
      CHECK(contrastRatio(s.outline, classes.back()) >= 2.0);
    }
    CHECK_FALSE(s.suppressedFill == s.missingFill);
    CHECK(s.suppressedPattern.kind != "none");
    CHECK(s.lowQualityHatch.kind == "hatch");
    CHECK(s.contextOutlineWidthPt > s.outlineWidthPt);
  }
}

TEST_CASE("a style with only a name takes the documented defaults", "[map_style]") {
  // Expected: the defaults listed in styles/README.md (the choropleth values).
  const MapStyle s = parseMapStyle("name = \"plain\"\n", "plain.toml");
  const MapStyle& choropleth = StyleCatalog::builtin().find("choropleth");
  CHECK(s.name == "plain");
  CHECK(s.method == choropleth.method);
  CHECK(s.classes == choropleth.classes);
  CHECK(s.ramp == choropleth.ramp);
  CHECK(s.missingFill == choropleth.missingFill);
  CHECK(s.suppressedPattern.kind == choropleth.suppressedPattern.kind);
  CHECK(s.lowQualityHatch.spacingPt == choropleth.lowQualityHatch.spacingPt);
  CHECK(s.fontFamily == choropleth.fontFamily);
  CHECK(s.darkerMeans == MapStyle::DarkerMeans::Worse);

  const MapStyle t = parseMapStyle(
      "name = \"t\"\n[classes]\nramp = \"rdylbu\"\ncount = 7\nmethod = \"Jenks\"\nreference = \"parity\"\n"
      "darker_means = \"higher\"\n",
      "t.toml");
  CHECK(t.ramp == "RdYlBu");
  CHECK(t.classes == 7);
  CHECK(t.method == "jenks");
  CHECK(t.reference == "parity");
  CHECK(t.darkerMeans == MapStyle::DarkerMeans::Higher);
  CHECK(parseMapStyle("name = \"n\"\n[classes]\nramp = \"RdBu\"\nreference = \"-0.5\"\n", "n.toml").reference ==
        "-0.5");
}

TEST_CASE("style errors name the file, the line and the key", "[map_style]") {
  CHECK_THAT(parseError("name = \"x\"\n\n[outline]\ncolour = \"#000000\"\n"),
             Catch::StartsWith("my_style.toml:4: [outline] colour:") && Catch::Contains("unknown key"));
  CHECK_THAT(parseError("name = \"x\"\n[outline]\ncolor = \"#00000\"\n"),
             Catch::StartsWith("my_style.toml:3: [outline] color:") && Catch::Contains("#00000"));
  CHECK_THAT(parseError("name = \"x\"\n[outline]\nwidth_pt = \"thin\"\n"),
             Catch::StartsWith("my_style.toml:3: [outline] width_pt:") && Catch::Contains("number"));
  CHECK_THAT(parseError("name = \"x\"\n[classes]\nramp = \"Viridis\"\n"),
             Catch::StartsWith("my_style.toml:3: [classes] ramp:") && Catch::Contains("YlGnBu"));
  CHECK_THAT(parseError("name = \"x\"\n[classes]\ncount = 10\n"),
             Catch::StartsWith("my_style.toml:3: [classes] count:") && Catch::Contains("3 to 9"));
  CHECK_THAT(parseError("name = \"x\"\n[classes]\nmethod = \"kmeans\"\n"),
             Catch::StartsWith("my_style.toml:3: [classes] method:") && Catch::Contains("quantile"));
  CHECK_THAT(parseError("name = \"x\"\n[classes]\nreference = \"county\"\n"),
             Catch::StartsWith("my_style.toml:3: [classes] reference:") && Catch::Contains("diverging"));
  CHECK_THAT(parseError("name = \"x\"\n[classes]\nramp = \"RdBu\"\nreference = \"average\"\n"),
             Catch::StartsWith("my_style.toml:4: [classes] reference:") && Catch::Contains("parity"));
  CHECK_THAT(parseError("name = \"x\"\n[classes]\ndarker_means = \"lighter\"\n"),
             Catch::StartsWith("my_style.toml:3: [classes] darker_means:"));
  CHECK_THAT(parseError("name = \"x\"\n[low_quality]\nkind = \"stripes\"\n"),
             Catch::StartsWith("my_style.toml:3: [low_quality] kind:") && Catch::Contains("hatch"));
  CHECK_THAT(parseError("name = \"x\"\n[suppressed.pattern]\nline_width_pt = 4\nspacing_pt = 3\n"),
             Catch::StartsWith("my_style.toml:4: [suppressed.pattern] spacing_pt:"));
  CHECK_THAT(parseError("name = \"x\"\n[text]\ntitle_pt = 0\n"),
             Catch::StartsWith("my_style.toml:3: [text] title_pt:"));
  CHECK_THAT(parseError("name = \"x\"\n[legend]\nsize = 3\n"), Catch::StartsWith("my_style.toml:2: legend:"));
  CHECK_THAT(parseError("[classes]\ncount = 5\n"), Catch::Contains("name"));
  CHECK_THAT(parseError("name = \"x\"\n[classes\n"),
             Catch::StartsWith("my_style.toml:2:") && Catch::Contains("invalid TOML"));
}

TEST_CASE("overrides replace only what they set and are checked", "[map_style]") {
  const MapStyle& base = StyleCatalog::builtin().find("choropleth");
  StyleOverrides o;
  o.classes = 7;
  o.method = "EQUAL";
  o.outline = Rgb{0, 0, 0};
  o.outlineWidthPt = 0.5;
  const MapStyle s = applyOverrides(base, o);
  CHECK(s.classes == 7);
  CHECK(s.method == "equal");
  CHECK(s.outline == Rgb{0, 0, 0});
  CHECK(s.outlineWidthPt == Approx(0.5));
  CHECK(s.ramp == base.ramp);
  CHECK(s.missingFill == base.missingFill);
  CHECK(base.classes == 5);  // the catalog's style is unchanged

  StyleOverrides d;
  d.ramp = "puor";
  d.reference = "national";
  const MapStyle t = applyOverrides(base, d);
  CHECK(t.ramp == "PuOr");
  CHECK(t.reference == "national");

  StyleOverrides tooMany;
  tooMany.classes = 10;
  CHECK_THROWS_AS(applyOverrides(base, tooMany), mobmap::Error);
  CHECK_THAT(errorOf([&] { applyOverrides(base, tooMany); }), Catch::Contains("classes") && Catch::Contains("3 to 9"));
  StyleOverrides unknownRamp;
  unknownRamp.ramp = "Magma";
  CHECK_THAT(errorOf([&] { applyOverrides(base, unknownRamp); }),
             Catch::Contains("'Magma'") && Catch::Contains("Blues"));
  // A reference alone switches a sequential style to the colour-blind-safe diverging default (RdBu is rated
  // colour-blind safe by ColorBrewer); naming a sequential ramp with a reference is an error.
  StyleOverrides sequentialReference;
  sequentialReference.reference = "county";
  CHECK(applyOverrides(base, sequentialReference).ramp == "RdBu");
  sequentialReference.ramp = "YlGnBu";
  CHECK_THROWS_AS(applyOverrides(base, sequentialReference), mobmap::Error);
  StyleOverrides badWidth;
  badWidth.outlineWidthPt = -1;
  CHECK_THROWS_AS(applyOverrides(base, badWidth), mobmap::Error);
}

TEST_CASE("styles/README.md documents every key of the style files", "[map_style]") {
  // Expected: each key used in choropleth.toml (which sets every key) appears in the README.
  const std::string readme = readText(mobmap::test::sourceDir() / "styles" / "README.md");
  REQUIRE_FALSE(readme.empty());
  std::istringstream lines(readText(mobmap::test::sourceDir() / "styles" / "choropleth.toml"));
  std::string line;
  int keys = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::string key = line[0] == '[' ? line.substr(0, line.find(']') + 1) : line.substr(0, line.find(' '));
    INFO("key " << key);
    CHECK(readme.find("`" + key + "`") != std::string::npos);
    ++keys;
  }
  CHECK(keys >= 30);
}
