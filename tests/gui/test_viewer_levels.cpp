// The viewer's level of detail under Xvfb, on real census tracts (Illinois, 3,123 tracts, about 117,000
// vertices: enough for coarser levels). The reference picture is the same view drawn with --full-detail: a
// whole-state view drawn from a coarser level must not show the canvas background anywhere the full-detail
// picture is filled all around (a crack between neighbouring tracts; simplifying each tract on its own
// left a few hundred such pixels here). A whole-state view never builds full detail; a view zoomed into Chicago
// asks for it and draws it (level 0) once the background tessellation is done, which the scripted run waits
// for, with every tract in view drawn.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <string>

#include "gui_support.h"
#include "test_support.h"

using namespace mobmap::test;

namespace {

// The number after `key=` in the viewer's output, or -1.
double valueIn(const std::string& out, const std::string& key) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("(?:^|\\s)" + key + "=([0-9.]+)"))) return -1;
  return std::stod(m[1]);
}

}  // namespace

TEST_CASE("a coarse level shows no cracks between tracts and zooming in draws full detail", "[gui][lod]") {
  if (!haveXvfb()) {
    WARN("SKIPPED: xvfb-run is not installed (scripts/install-deps installs it)");
    return;
  }
  auto tracts = sharedData("us-tracts-cb2018-500k-partial/cb_2018_17_tract_500k.json");
  if (!tracts) return;
  const auto dir = scratchDir("gui_levels");
  const std::string lodPng = (dir / "lod.png").string(), fullPng = (dir / "full.png").string();
  const std::string common = shellQuote(tracts->string()) + " --field ALAND --size 1280x800 --timings --frames 2";
  const auto [lodStatus, lodOut] = runViewer(common + " --screenshot " + shellQuote(lodPng));
  INFO(lodOut);
  REQUIRE(lodStatus == 0);
  const auto [fullStatus, fullOut] = runViewer(common + " --full-detail --screenshot " + shellQuote(fullPng));
  INFO(fullOut);
  REQUIRE(fullStatus == 0);
  CHECK(valueIn(lodOut, "lod_level") >= 1);  // the whole state is drawn from a coarser level
  CHECK(valueIn(fullOut, "lod_level") == 0);
  // The first frame comes from the coarse level; the run settles once the finer levels are in. A whole-state
  // view never needs full detail, so none is built (detail_tessellate_s 0); --full-detail builds it.
  const double first = valueIn(lodOut, "first_frame_s"), settled = valueIn(lodOut, "settled_s");
  CHECK(first > 0);
  CHECK(settled >= first);
  CHECK(valueIn(lodOut, "detail_tessellate_s") == 0);
  CHECK(valueIn(fullOut, "detail_tessellate_s") > 0);

  Png lod(lodPng), ref(fullPng);
  REQUIRE(lod.ok());
  REQUIRE(ref.ok());
  const Rect map = rectIn(lodOut, "map");
  const std::uint32_t background = 0xfafaf8;
  int filled = 0, cracks = 0;
  for (int y = map.y + 1; y < map.y + map.h - 1; ++y)
    for (int x = map.x + 1; x < map.x + map.w - 1; ++x) {
      bool inside = true;  // the full-detail picture is filled here and at the 8 neighbours
      for (int dy = -1; dy <= 1 && inside; ++dy)
        for (int dx = -1; dx <= 1 && inside; ++dx) inside = ref.rgb(x + dx, y + dy) != background;
      if (!inside) continue;
      ++filled;
      if (lod.rgb(x, y) == background) ++cracks;
    }
  CHECK(filled > 100000);  // the state covers a good part of the map
  CHECK(cracks == 0);

  // Zoomed into Chicago through a project view's extent: full detail.
  const auto project = dir / "chicago.toml";
  {
    std::ofstream f(project);
    f << "format_version = 2\ntitle = \"Chicago\"\n\n[[layer]]\nname = \"tracts\"\nsource = \"" << tracts->string()
      << "\"\n\n[[view]]\nname = \"chicago\"\nlayer = \"tracts\"\nfield = \"ALAND\"\n"
      << "extent = [-87.75, 41.80, -87.60, 41.92]\n";
  }
  const std::string zoomPng = (dir / "chicago.png").string();
  const auto [zoomStatus, zoomOut] = runViewer(shellQuote(project.string()) +
                                               " --view chicago --size 1280x800 --timings --frames 2 --screenshot " +
                                               shellQuote(zoomPng));
  INFO(zoomOut);
  REQUIRE(zoomStatus == 0);
  CHECK(valueIn(zoomOut, "lod_level") == 0);
  CHECK(valueIn(zoomOut, "detail_tessellate_s") > 0);
  // Zoomed in, only the runs of tracts near the view are drawn: the map must still be filled everywhere but
  // over Lake Michigan (about 18% of this view, by the extent's longitudes against the shore at -87.62).
  Png zoom(zoomPng);
  REQUIRE(zoom.ok());
  const Rect zoomMap = rectIn(zoomOut, "map");
  const double lake = static_cast<double>(zoom.histogram(zoomMap)[background]) / (zoomMap.w * zoomMap.h);
  CHECK(lake > 0.08);
  CHECK(lake < 0.3);
}
