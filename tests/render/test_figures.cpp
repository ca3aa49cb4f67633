// Figures drawn through Cairo from the fixture grid: a golden PNG compared with a tolerance, every class
// colour present in the map area, SVG/PDF structure, determinism and no partial files.
// The golden image tests/golden/fixture_equal4.png was rendered by this code and inspected by eye; re-create
// it with MOBMAP_UPDATE_GOLDEN=1 after an intended change, and look at it before committing.
#include <cairo.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.h"
#include "fixture_map.h"
#include "render/figure_layout.h"
#include "render/thematic_map.h"
#include "render/vector/cairo_renderer.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

struct Rendered {
  Layer layer = test::fixtureGrid();
  render::ThematicMap map;
  render::Figure figure;
};

std::unique_ptr<Rendered> composeFixture() {
  auto r = std::make_unique<Rendered>();
  render::ThematicRequest req;
  req.field = "value";
  req.overrides.method = "equal";
  req.overrides.classes = 4;
  r->map = render::buildThematicMap(r->layer.attributes, req, "fixture");
  render::FigureOptions fo;
  fo.widthPt = 480;
  fo.heightPt = 300;
  fo.title = "Fixture <grid> & \"quotes\"";
  fo.subtitle = "Four classes, equal intervals";
  fo.source = "mobmap test fixture";
  fo.displayCrs = "EPSG:26916";
  render::CairoTextMetrics metrics;
  r->figure = render::composeFigure(r->layer, r->map, {}, fo, metrics);
  return r;
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

struct Pixels {
  int width = 0, height = 0;
  std::vector<std::uint32_t> argb;
  std::uint32_t at(int x, int y) const { return argb[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)] & 0xffffff; }
};

Pixels loadPng(const fs::path& p) {
  cairo_surface_t* s = cairo_image_surface_create_from_png(p.c_str());
  REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
  Pixels px;
  px.width = cairo_image_surface_get_width(s);
  px.height = cairo_image_surface_get_height(s);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  for (int y = 0; y < px.height; ++y)
    for (int x = 0; x < px.width; ++x) px.argb.push_back(reinterpret_cast<const std::uint32_t*>(data + y * stride)[x]);
  cairo_surface_destroy(s);
  return px;
}

}  // namespace

TEST_CASE("PNG matches the golden image within tolerance and shows every class colour") {
  auto r = composeFixture();
  fs::path dir = test::scratchDir("render-png");
  fs::path png = dir / "fixture.png";
  render::writeFigure(r->figure, png.string(), 144);
  Pixels got = loadPng(png);
  CHECK(got.width == 960);  // 480 pt at 144 dpi
  CHECK(got.height == 600);

  // Each class colour of YlGnBu-4 appears inside the map frame.
  const auto& v = r->figure.panels.front().viewport;
  std::set<std::uint32_t> seen;
  for (int y = static_cast<int>(v.y * 2); y < static_cast<int>((v.y + v.height) * 2); ++y)
    for (int x = static_cast<int>(v.x * 2); x < static_cast<int>((v.x + v.width) * 2); ++x) seen.insert(got.at(x, y));
  for (const auto& fill : r->map.fills)
    if (&fill - r->map.fills.data() < 4) {
      std::uint32_t rgb = (fill.color.r << 16) | (fill.color.g << 8) | fill.color.b;
      INFO(style::toHex(fill.color));
      CHECK(seen.count(rgb) == 1);
    }

  fs::path golden = fs::path(MOBMAP_GOLDEN_DIR) / "fixture_equal4.png";
  if (std::getenv("MOBMAP_UPDATE_GOLDEN")) fs::copy_file(png, golden, fs::copy_options::overwrite_existing);
  REQUIRE(fs::exists(golden));
  Pixels want = loadPng(golden);
  REQUIRE(want.width == got.width);
  REQUIRE(want.height == got.height);
  // Tolerance: font hinting or anti-aliasing may differ slightly between machines; at most 0.5% of pixels
  // may differ by more than 48 in any channel.
  std::size_t differing = 0;
  for (std::size_t i = 0; i < got.argb.size(); ++i) {
    std::uint32_t a = got.argb[i], b = want.argb[i];
    for (int shift : {0, 8, 16})
      if (std::abs(int((a >> shift) & 0xff) - int((b >> shift) & 0xff)) > 48) {
        ++differing;
        break;
      }
  }
  CHECK(double(differing) / double(got.argb.size()) < 0.005);
}

TEST_CASE("output is deterministic") {
  auto r = composeFixture();
  fs::path dir = test::scratchDir("render-determinism");
  for (const char* ext : {".png", ".svg", ".pdf"}) {
    render::writeFigure(r->figure, (dir / (std::string("a") + ext)).string(), 96);
    render::writeFigure(r->figure, (dir / (std::string("b") + ext)).string(), 96);
    INFO(ext);
    CHECK(readFile(dir / (std::string("a") + ext)) == readFile(dir / (std::string("b") + ext)));
  }
}

TEST_CASE("SVG is valid XML with the title escaped") {
  auto r = composeFixture();
  fs::path svg = test::scratchDir("render-svg") / "fixture.svg";
  render::writeFigure(r->figure, svg.string(), 96);
  CHECK(run("xmllint --noout '" + svg.string() + "' 2>&1; echo rc=$?") == "rc=0\n");
  std::string text = readFile(svg);
  CHECK(text.find("<title>Fixture &lt;grid&gt; &amp; &quot;quotes&quot;</title>") != std::string::npos);
  CHECK(text.find("width=\"480pt\"") != std::string::npos);
}

TEST_CASE("PDF has one page of the figure's size with its text") {
  auto r = composeFixture();
  fs::path pdf = test::scratchDir("render-pdf") / "fixture.pdf";
  render::writeFigure(r->figure, pdf.string(), 96);
  std::string info = run("pdfinfo '" + pdf.string() + "' | tr -s ' '");
  CHECK(info.find("Pages: 1\n") != std::string::npos);
  CHECK(info.find("Page size: 480 x 300 pts") != std::string::npos);
  std::string text = run("pdftotext '" + pdf.string() + "' -");
  CHECK(text.find("Fixture <grid> & \"quotes\"") != std::string::npos);
  CHECK(text.find("No data") != std::string::npos);
  CHECK(text.find("1 area with no data") != std::string::npos);
  std::string fonts = run("pdffonts '" + pdf.string() + "'");
  CHECK(fonts.find("DejaVuSans") != std::string::npos);
  CHECK(fonts.find(" no  ") == std::string::npos);  // every font embedded ("emb" column yes)
}

TEST_CASE("an unwritable path or unknown format leaves no file") {
  auto r = composeFixture();
  fs::path dir = test::scratchDir("render-bad");
  CHECK_THROWS_AS(render::writeFigure(r->figure, (dir / "missing" / "x.png").string(), 96), Error);
  CHECK_THROWS_AS(render::writeFigure(r->figure, (dir / "x.jpg").string(), 96), UsageError);
  CHECK(fs::is_empty(dir));
}
