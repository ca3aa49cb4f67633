// Cold versus warm choropleth rendering in one process.
//
// usage: bench_warm_render DATA LAYER COLD_FIELD WARM_FIELD OUT_DIR [REPEATS]
//
// Cold: read the layer (only the two fields, generalised to the image's resolution as `mobmap render` does
// for a PNG), choose the display CRS, reproject, classify COLD_FIELD, compose
// the figure and write a 1920x1080 PNG. Warm: with the layer already in memory and projected, classify
// WARM_FIELD, compose and write again — what a viewer or a batch of figures pays per extra map; the map's
// per-pixel coverage kept by the cold render (render::MapRasterCache) makes that a recolour. The warm
// render is repeated REPEATS times (default 5) and the median is reported. Figure settings match
// `mobmap render --method quantile --classes 5 --ramp YlGnBu --outline-width 0.15 --outline-color #808080
// --size 1920x1080`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "core/layer.h"
#include "crs/display_crs.h"
#include "io/source_reader.h"
#include "render/figure_layout.h"
#include "render/thematic_map.h"
#include "render/vector/cairo_renderer.h"
#include "session/detail/figure_export_raster.h"
#include "style/color.h"

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The process's peak resident memory so far, in MiB.
double peakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux reports KiB
}

constexpr double kWidthPx = 1920, kHeightPx = 1080, kScreenDpi = 96;

struct PhaseTimes {
  double classify = 0, compose = 0, draw = 0;  // seconds
  double total() const { return classify + compose + draw; }
};

// Classifies `field`, composes the figure over the display extent and writes it as PNG to `out`; returns
// the time of each step.
PhaseTimes renderField(const mobmap::Layer& layer, const std::string& displayCrs, const std::string& field,
                       const std::string& sourceName, const std::string& out, mobmap::render::MapRasterCache& cache) {
  using namespace mobmap;
  PhaseTimes t;
  auto start = Clock::now();
  render::ThematicRequest req;
  req.field = field;
  req.overrides.method = "quantile";
  req.overrides.classes = 5;
  req.overrides.ramp = "YlGnBu";
  req.overrides.outlineWidthPt = 0.15;  // 0.2 px at 96 dpi
  req.overrides.outline = style::parseHexColor("#808080");
  render::ThematicMap map = render::buildThematicMap(layer.attributes, req, sourceName);
  t.classify = secondsSince(start);
  start = Clock::now();

  render::FigureOptions fo;
  fo.widthPt = kWidthPx * 72 / kScreenDpi;
  fo.heightPt = kHeightPx * 72 / kScreenDpi;
  fo.areaNoun = "tracts";
  fo.displayCrs = displayCrs;
  if (displayCrs == "EPSG:5070") {
    Extent conus = crs::projectLonLatBox(crs::contiguousUsLonLat(), displayCrs);
    if (!layer.geometry.extent().within(conus)) fo.extent = conus;
  }
  render::CairoTextMetrics metrics;
  render::Figure fig = render::composeFigure(layer, map, {}, fo, metrics);
  t.compose = secondsSince(start);
  start = Clock::now();
  render::writeFigure(fig, out, kScreenDpi, cache);
  t.draw = secondsSince(start);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s DATA LAYER COLD_FIELD WARM_FIELD OUT_DIR [REPEATS]\n", argv[0]);
    return 2;
  }
  const std::string data = argv[1], layerName = argv[2], coldField = argv[3], warmField = argv[4];
  const std::filesystem::path outDir = argv[5];
  const int repeats = argc > 6 ? std::max(1, std::atoi(argv[6])) : 5;
  try {
    const double startPeak = peakRssMiB();
    const auto coldStart = Clock::now();
    mobmap::io::ReadOptions readOptions;
    readOptions.onlyFields = {coldField, warmField};
    const mobmap::session::RasterTarget target{static_cast<int>(kWidthPx), static_cast<int>(kHeightPx), std::nullopt};
    readOptions.vertexSpacing = [&](const mobmap::io::LayerFacts& f) { return mobmap::session::rasterVertexSpacing(f, target); };
    mobmap::Layer layer = mobmap::io::readLayer(data, layerName, readOptions);
    const double readS = secondsSince(coldStart);
    const auto projStart = Clock::now();
    const std::string displayCrs = mobmap::crs::chooseDisplayCrs(layer);
    mobmap::crs::reprojectLayer(layer, displayCrs);
    const double reprojectS = secondsSince(projStart);
    const double loadedPeak = peakRssMiB();
    mobmap::render::MapRasterCache cache;  // what a recolour reuses: the map's per-pixel coverage
    const PhaseTimes cold =
        renderField(layer, displayCrs, coldField, data, (outDir / ("warm_bench_" + coldField + ".png")).string(), cache);
    const double coldS = secondsSince(coldStart);
    const double coldPeak = peakRssMiB();

    // Median warm render by total time, keeping that run's phase split.
    std::vector<PhaseTimes> warm;
    for (int i = 0; i < repeats; ++i)
      warm.push_back(
          renderField(layer, displayCrs, warmField, data, (outDir / ("warm_bench_" + warmField + ".png")).string(), cache));
    std::sort(warm.begin(), warm.end(), [](const PhaseTimes& a, const PhaseTimes& b) { return a.total() < b.total(); });
    const PhaseTimes& median = warm[warm.size() / 2];

    std::printf("features %zu, vertices %zu (generalised while reading), display CRS %s\n", layer.featureCount(),
                layer.geometry.pointCount(), displayCrs.c_str());
    std::printf("cold %s: %.3f s (read %.3f, reproject %.3f, classify %.3f, compose %.3f, draw+png %.3f)\n",
                coldField.c_str(), coldS, readS, reprojectS, cold.classify, cold.compose, cold.draw);
    std::printf("warm %s: %.3f s (median of %d, range %.3f-%.3f; classify %.3f, compose %.3f, draw+png %.3f)\n",
                warmField.c_str(), median.total(), repeats, warm.front().total(), warm.back().total(),
                median.classify, median.compose, median.draw);
    std::printf("warm / cold: %.3f (map rasterised %zu time(s) in %d renders)\n", median.total() / coldS,
                cache.rasterisations(), repeats + 1);
    std::printf("peak RSS: %.0f MiB at start, %.0f MiB after read + reproject, %.0f MiB after the cold render, "
                "%.0f MiB at the end\n",
                startPeak, loadedPeak, coldPeak, peakRssMiB());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_warm_render: %s\n", e.what());
    return 1;
  }
  return 0;
}
