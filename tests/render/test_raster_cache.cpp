// Raster figures painted from a map's per-pixel coverage: a warm render (coverage kept from a figure of another
// field) against a cold render of the same figure, byte for byte; a geometry changed in place is rasterised
// again; the PNG writer round-trips pixels exactly; hairline outline coverage. Expected values: the cold render
// of each figure, the pixels written, and coverage worked out by hand.
#include <cairo.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "fixture_map.h"
#include "render/figure_layout.h"
#include "render/thematic_map.h"
#include "render/vector/cairo_renderer.h"
#include "render/vector/hairline_tracer.h"
#include "render/vector/png_writer.h"
#include "test_support.h"

using namespace mobmap;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The fixture grid with a second field, "other" (12 .. 1), beside "value" (1 .. 12): both missing on feature 5
// and weak on feature 10, so that their legends list the same entries.
Layer gridWithTwoFields() {
  Layer l = test::fixtureGrid();
  Column other("other", FieldType::Real), quality("other_quality", FieldType::Integer);
  for (int i = 0; i < 12; ++i) {
    i == 5 ? other.appendMissing() : other.appendNumber(12 - i);
    quality.appendNumber(i == 10 ? 3 : 1);
  }
  l.attributes.addColumn(std::move(other));
  l.attributes.addColumn(std::move(quality));
  return l;
}

render::Figure figureOf(const Layer& layer, const std::string& field, const std::string& ramp) {
  render::ThematicRequest req;
  req.field = field;
  req.overrides.method = "equal";
  req.overrides.classes = 4;
  req.overrides.ramp = ramp;
  const render::ThematicMap map = render::buildThematicMap(layer.attributes, req, "fixture");
  render::FigureOptions fo;
  fo.widthPt = 480;
  fo.heightPt = 300;
  fo.displayCrs = "EPSG:26916";
  fo.title = "Fixture";
  render::CairoTextMetrics metrics;
  return render::composeFigure(layer, map, {}, fo, metrics);
}

}  // namespace

TEST_CASE("a warm render (kept coverage, another field and ramp) equals the cold render byte for byte") {
  const Layer layer = gridWithTwoFields();
  const render::Figure a = figureOf(layer, "value", "YlGnBu");
  const render::Figure b = figureOf(layer, "other", "RdPu");
  // The two figures share their map frame (the legend column's width is rounded), so the coverage is reused.
  REQUIRE(a.panels.front().viewport.width == b.panels.front().viewport.width);
  REQUIRE(a.panels.front().viewport.scale == b.panels.front().viewport.scale);

  const fs::path dir = test::scratchDir("render-warm");
  render::writeFigure(b, (dir / "cold.png").string(), 144);
  render::MapRasterCache cache;
  render::writeFigure(a, (dir / "first.png").string(), 144, cache);
  render::writeFigure(b, (dir / "warm.png").string(), 144, cache);
  CHECK(cache.rasterisations() == 1);
  CHECK(readFile(dir / "warm.png") == readFile(dir / "cold.png"));
  CHECK(readFile(dir / "first.png") != readFile(dir / "cold.png"));
}

TEST_CASE("geometry changed in place is rasterised again, not painted from stale coverage") {
  Layer layer = gridWithTwoFields();
  const fs::path dir = test::scratchDir("render-warm-stale");
  render::MapRasterCache cache;
  render::writeFigure(figureOf(layer, "value", "YlGnBu"), (dir / "before.png").string(), 144, cache);
  // Pull one corner of the middle square inwards (the frame and extent stay the same).
  layer.geometry.points()[5 * 5 + 2].x -= 400;
  const render::Figure changed = figureOf(layer, "value", "YlGnBu");
  render::writeFigure(changed, (dir / "warm.png").string(), 144, cache);
  render::writeFigure(changed, (dir / "cold.png").string(), 144);
  CHECK(cache.rasterisations() == 2);
  CHECK(readFile(dir / "warm.png") == readFile(dir / "cold.png"));
  CHECK(readFile(dir / "warm.png") != readFile(dir / "before.png"));
}

TEST_CASE("the PNG writer round-trips every pixel and writes the same bytes each time") {
  const int w = 301, h = 157;  // odd sizes: more than one compressed slice, rows not a multiple of 4
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_surface_flush(s);
  unsigned char* data = cairo_image_surface_get_data(s);
  const int stride = cairo_image_surface_get_stride(s);
  std::mt19937 rng(7);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      // Flat runs (as on maps) and noise.
      const std::uint32_t v = x < w / 2 ? (y / 10) * 0x102030u : rng() & 0xffffffu;
      reinterpret_cast<std::uint32_t*>(data + y * stride)[x] = v & 0xffffffu;
    }
  const fs::path dir = test::scratchDir("render-png-writer");
  render::writeRgbPng((dir / "a.png").string(), data, w, h, stride);
  render::writeRgbPng((dir / "b.png").string(), data, w, h, stride);
  CHECK(readFile(dir / "a.png") == readFile(dir / "b.png"));

  cairo_surface_t* back = cairo_image_surface_create_from_png((dir / "a.png").c_str());
  REQUIRE(cairo_surface_status(back) == CAIRO_STATUS_SUCCESS);
  REQUIRE(cairo_image_surface_get_width(back) == w);
  REQUIRE(cairo_image_surface_get_height(back) == h);
  const unsigned char* got = cairo_image_surface_get_data(back);
  const int backStride = cairo_image_surface_get_stride(back);
  std::size_t differing = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      differing += (reinterpret_cast<const std::uint32_t*>(got + y * backStride)[x] & 0xffffffu) !=
                   (reinterpret_cast<const std::uint32_t*>(data + y * stride)[x] & 0xffffffu);
  CHECK(differing == 0);
  cairo_surface_destroy(back);
  CHECK_THROWS(render::writeRgbPng((dir / "missing" / "x.png").string(), data, w, h, stride));
  cairo_surface_destroy(s);
}

TEST_CASE("hairlines: width times length per pixel, summed along a ring, composited between rings") {
  // Expected values by hand: a 0.2 px line covers 0.2 of each pixel it crosses along a full pixel (51 of 255);
  // two rings over the same pixels: 51 + 51 × (255 − 51) / 255 = 91.8 → 92.
  const int width = 12, stride = 12;
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(stride) * 8, 0);
  render::HairlineTracer tracer(mask.data(), width, stride, 0.2, 0, 8);
  tracer.beginRing();
  tracer.segment({1, 2.5}, {6, 2.5});  // along row 2, pixels 1..5
  tracer.segment({6, 2.5}, {11, 2.5});  // on along the same row: pixels 6..10
  tracer.endRing();
  for (int x = 1; x <= 10; ++x) CHECK(int(mask[2 * stride + x]) == 51);
  CHECK(int(mask[2 * stride + 0]) == 0);
  CHECK(int(mask[2 * stride + 11]) == 0);
  CHECK(int(mask[1 * stride + 5]) == 0);
  // A half-pixel piece at each end of a segment from x = 2.5 to 4.5: 0.1, 0.2, 0.1 of a pixel.
  tracer.beginRing();
  tracer.segment({2.5, 5.5}, {4.5, 5.5});
  tracer.endRing();
  CHECK(int(mask[5 * stride + 2]) == 26);
  CHECK(int(mask[5 * stride + 3]) == 51);
  CHECK(int(mask[5 * stride + 4]) == 26);
  // A second ring along row 2 (a shared boundary) is composited over the first.
  tracer.beginRing();
  tracer.segment({1, 2.5}, {11, 2.5});
  tracer.endRing();
  CHECK(int(mask[2 * stride + 3]) == 92);
  // Rows outside [y0, y1) are left alone.
  render::HairlineTracer band(mask.data(), width, stride, 0.2, 6, 8);
  band.beginRing();
  band.segment({0, 3.5}, {12, 3.5});
  band.endRing();
  CHECK(int(mask[3 * stride + 4]) == 0);
}
