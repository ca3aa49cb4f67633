// Figures at the sizes reports and slides use: a 6.5 in report column (the text width of a US Letter page
// with 1 in margins), a portrait 6.5 x 9 in page and 16:9 slides (13.33 x 7.5 in, and 1920 x 1080 px at
// 96 dpi). Type is measured in points at the output size (issue: nothing under 6.5 pt at 6.5 in, title at
// least 11 pt) and every text must lie inside the page, measured with the metrics the back end draws with.
// Accessible files: SVG keeps text as <text> elements; PDF is tagged with an alternative text per map,
// checked with poppler's pdfinfo -struct-text.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixture_map.h"
#include "render/figure_layout.h"
#include "render/note_callouts.h"
#include "render/thematic_map.h"
#include "render/vector/cairo_renderer.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

struct Page {
  const char* name;
  double widthPt, heightPt;
};

const Page kPages[] = {
    {"6.5 in report column", 6.5 * 72, 6.5 * 72 * 0.625},
    {"6.5 x 9 in portrait page", 6.5 * 72, 9 * 72},
    {"16:9 slide, 13.33 x 7.5 in", 960, 540},
    {"16:9 slide, 1920 x 1080 px at 96 dpi", 1440, 810},
};

struct Composed {
  Layer layer = test::fixtureGrid();
  render::ThematicMap map;
  render::Figure figure;
};

// Two notes inside the fixture's map, with quotes long enough to wrap in a narrow column.
std::vector<render::NoteCallout> twoCallouts(const Layer& layer) {
  const Extent e = layer.geometry.extent();
  const Point middle{(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2};
  const std::string quote = "Since the number 6 bus went to hourly, I lose two hours a day getting to the warehouse, "
                            "and after three late days you're let go.";
  return {render::NoteCallout(middle, "Bus cuts on the east side", quote, true, "Eastbank library, March 12, 2025"),
          render::NoteCallout({middle.x + e.width() / 4, middle.y}, "Flooding near the river path", quote, false,
                              "Riverfront walk, April 17, 2025")};
}

std::unique_ptr<Composed> compose(const Page& page, const std::string& title, const std::string& source,
                                  bool withCallouts = false) {
  auto c = std::make_unique<Composed>();
  render::ThematicRequest req;
  req.field = "value";
  req.overrides.method = "equal";
  req.overrides.classes = 4;
  c->map = render::buildThematicMap(c->layer.attributes, req, "fixture");
  render::FigureOptions fo;
  fo.widthPt = page.widthPt;
  fo.heightPt = page.heightPt;
  fo.title = title;
  fo.subtitle = "All residents, 2023 · a subtitle long enough to need a second line on a narrow report column page";
  fo.source = source;
  fo.displayCrs = "EPSG:26916";
  if (withCallouts) fo.callouts = twoCallouts(c->layer);
  render::CairoTextMetrics metrics;
  c->figure = render::composeFigure(c->layer, c->map, {}, fo, metrics);
  return c;
}

const std::string kLongTitle =
    "Share of residents in households with income below 200 percent of the federal poverty level, by census "
    "tract, compared with the county";
const std::string kLongSource =
    "Urban Institute Upward Mobility Framework metrics, 2025 release (data for 2023), U.S. Census Bureau "
    "American Community Survey 5-year estimates 2019-2023, tables B17001 and C17002";

std::string run(const std::string& cmd) {
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("report and slide sizes: no text under 6.5 pt, title at least 11 pt, nothing outside the page") {
  render::CairoTextMetrics metrics;
  for (const auto& [page, withCallouts] : {std::pair{kPages[0], false}, std::pair{kPages[1], false}, std::pair{kPages[2], false},
                                           std::pair{kPages[3], false}, std::pair{kPages[0], true}, std::pair{kPages[1], true},
                                           std::pair{kPages[2], true}}) {
    auto c = compose(page, kLongTitle, kLongSource, withCallouts);
    const render::Figure& fig = c->figure;
    INFO(page.name << (withCallouts ? ", with two note callouts" : ""));
    REQUIRE_FALSE(fig.texts.empty());
    CHECK(fig.texts.front().style.sizePt >= render::kMinTitlePt);
    for (const render::TextItem& t : fig.texts) {
      INFO("'" << t.text << "' at " << t.style.sizePt << " pt, x " << t.x << ", baseline " << t.y);
      CHECK(t.style.sizePt >= render::kMinTextPt);
      const double w = metrics.width(t.text, t.style);
      const double left = t.anchor == render::Anchor::Left ? t.x : t.anchor == render::Anchor::Center ? t.x - w / 2 : t.x - w;
      CHECK(left >= 0);
      CHECK(left + w <= fig.widthPt + 0.01);
      CHECK(t.y - t.style.sizePt * 0.8 >= 0);
      CHECK(t.y + t.style.sizePt * 0.25 <= fig.heightPt);
    }
    // The long title wrapped: more than one line at the title's size, each inside the page (checked above).
    std::size_t titleLines = 0;
    for (const render::TextItem& t : fig.texts) titleLines += t.style.sizePt == fig.texts.front().style.sizePt && t.style.bold;
    if (page.widthPt < 1000) CHECK(titleLines >= 2);
    // The long source part is wrapped at its spaces, never inside a word: each of its words is whole in one line.
    std::istringstream words(kLongSource);
    for (std::string word; words >> word;) {
      bool whole = false;
      for (const render::TextItem& t : fig.texts) {
        std::istringstream line(t.text);
        for (std::string w; line >> w && !whole;) whole = w == word || w == word + ",";
      }
      INFO("source word '" << word << "'");
      CHECK(whole);
    }
  }
}

TEST_CASE("the legend goes beside the map on wide pages and under it on portrait ones") {
  auto legendOf = [](const render::Figure& fig, const std::string& label) {
    for (const render::TextItem& t : fig.texts)
      if (t.text == label) return t;
    FAIL("no legend text " << label);
    return render::TextItem{};
  };
  {
    auto c = compose(kPages[2], "Slide", "fixture");
    const auto& v = c->figure.panels.front().viewport;
    const render::TextItem no = legendOf(c->figure, "No data");
    CHECK(no.x > v.x + v.width);
  }
  {
    auto c = compose(kPages[1], "Portrait", "fixture");
    const auto& v = c->figure.panels.front().viewport;
    const render::TextItem no = legendOf(c->figure, "No data");
    CHECK(no.y > v.y + v.height);
    // The map takes the page's width (less its margins).
    CHECK(v.width > kPages[1].widthPt * 0.9);
  }
}

TEST_CASE("SVG keeps every text as a <text> element") {
  auto c = compose(kPages[0], "Fixture & <grid>", "fixture");
  fs::path svg = test::scratchDir("report-svg") / "fixture.svg";
  render::writeFigure(c->figure, svg.string(), 96);
  CHECK(run("xmllint --noout '" + svg.string() + "' 2>&1; echo rc=$?") == "rc=0\n");
  const std::string text = readFile(svg);
  std::size_t elements = 0;
  for (std::size_t p = text.find("<text "); p != std::string::npos; p = text.find("<text ", p + 1)) ++elements;
  CHECK(elements == c->figure.texts.size());
  CHECK(text.find(">Fixture &amp; &lt;grid&gt;</text>") != std::string::npos);
  CHECK(text.find("<symbol") == std::string::npos);  // no glyph outlines
}

TEST_CASE("PDF is tagged, with the map's alternative text written from the view") {
  auto c = compose(kPages[0], "Fixture map", "fixture");
  fs::path pdf = test::scratchDir("report-pdf") / "fixture.pdf";
  render::writeFigure(c->figure, pdf.string(), 96);
  const std::string info = run("pdfinfo '" + pdf.string() + "' 2>&1");
  const std::size_t tagged = info.find("Tagged:");
  REQUIRE(tagged != std::string::npos);
  CHECK(info.substr(tagged, info.find('\n', tagged) - tagged).ends_with("yes"));
  CHECK(info.find("Error") == std::string::npos);  // the cross-reference table still matches the objects
  const std::string structure = run("pdfinfo -struct-text '" + pdf.string() + "' 2>&1");
  INFO(structure);
  CHECK(structure.find("Figure") != std::string::npos);
  CHECK(structure.find("H1") != std::string::npos);
  const std::string alt = c->figure.panels.front().altText;
  CHECK(alt.find("Map: Fixture map") == 0);
  CHECK(alt.find("4 classes") != std::string::npos);
  CHECK(alt.find("No data, 1 area") != std::string::npos);
  // The alt text is in the file as a UTF-16 string: "Map" is FEFF 004D 0061 0070.
  CHECK(readFile(pdf).find("/Alt <FEFF004D00610070") != std::string::npos);
  const std::string text = run("pdftotext '" + pdf.string() + "' - 2>&1");
  CHECK(text.find("Fixture map") != std::string::npos);
  CHECK(text.find("Source: fixture") != std::string::npos);  // searchable: no "fi" ligature glyph
}

// Text is laid out by Pango (HarfBuzz shaping, fontconfig fallback): Arabic is joined and runs right to left,
// Chinese falls back to a CJK font when one is installed, and a character no installed font has is named.
TEST_CASE("text engine: Arabic is shaped right to left, and characters no font has are named") {
  // fonts-noto-core (scripts/deps.txt) covers Arabic: nothing is missing.
  auto arabic = compose(kPages[0], "معدل الفقر في المقاطعة", "fixture");
  CHECK(render::missingCharactersWarning(arabic->figure).empty());
  // The SVG keeps the text in logical order (what a reader searches for and a screen reader speaks).
  fs::path svg = test::scratchDir("text-engine") / "arabic.svg";
  render::writeFigure(arabic->figure, svg.string(), 96);
  CHECK(readFile(svg).find(">معدل الفقر في المقاطعة</text>") != std::string::npos);
  // Shaped: the joined word is narrower than its letters set apart in their isolated forms (the metrics the
  // layout measures with, from Pango).
  render::CairoTextMetrics metrics;
  const render::TextStyle style = arabic->figure.texts.front().style;
  CHECK(metrics.width("سلام", style) < metrics.width("س ل ا م", style) - metrics.width("   ", style));
  // U+10FFFD is the last private-use character: no font has it, and the warning names it with its code.
  auto privateUse = compose(kPages[0], "Map \xf4\x8f\xbf\xbd", "fixture");
  const std::string warning = render::missingCharactersWarning(privateUse->figure);
  CHECK(warning.find("U+10FFFD") != std::string::npos);
  CHECK(warning.find("fonts-noto-cjk") != std::string::npos);
  // Chinese: drawn through a CJK font when fontconfig has one (fonts-noto-cjk), else named as missing.
  auto chinese = compose(kPages[0], "贫困率", "fixture");
  const std::string cjkWarning = render::missingCharactersWarning(chinese->figure);
  if (!run("fc-list ':lang=zh' family").empty())
    CHECK(cjkWarning.empty());
  else
    CHECK(cjkWarning.find("贫困率") != std::string::npos);
}
