// Contiguity weights, global Moran's I and local Moran's I (LISA) timed in one process, step by step.
//
// usage: bench_spatial_stats DATA LAYER FIELD [FEATURES] [PERMUTATIONS] [REPEATS]
//
// Reads FIELD and the geometry of LAYER, reprojects it to its display CRS as `mobmap moran` does, keeps the
// first FEATURES features (default all; for the growth of the cost with the number of areas), then builds queen
// contiguity weights (snap: spdep's default), runs globalMoran and localMoran with PERMUTATIONS (default 999,
// seed 1). Each analysis step runs REPEATS times (default 3); the median wall time and the median CPU time of
// the whole process during the step (all threads) are printed. Also prints digests of the results (links, a hash
// of the neighbour lists, I and the pseudo p, a hash of the LISA pseudo p values and cluster counts) so that two
// builds can be compared for identical results.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "analysis/lisa.h"
#include "analysis/moran.h"
#include "analysis/spatial_weights.h"
#include "core/layer.h"
#include "crs/display_crs.h"
#include "io/source_reader.h"

namespace {

using Clock = std::chrono::steady_clock;

double cpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

struct Timing {
  double wall = 0, cpu = 0;
};

template <class Fn>
Timing timeOnce(Fn&& fn) {
  const auto t0 = Clock::now();
  const double c0 = cpuSeconds();
  fn();
  return {std::chrono::duration<double>(Clock::now() - t0).count(), cpuSeconds() - c0};
}

template <class Fn>
Timing timeMedian(int repeats, Fn&& fn) {
  std::vector<double> walls, cpus;
  for (int r = 0; r < repeats; ++r) {
    const Timing t = timeOnce(fn);
    walls.push_back(t.wall);
    cpus.push_back(t.cpu);
  }
  std::sort(walls.begin(), walls.end());
  std::sort(cpus.begin(), cpus.end());
  return {walls[walls.size() / 2], cpus[cpus.size() / 2]};
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

std::uint64_t bitsOf(double d) {
  std::uint64_t b = 0;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

// The first `count` features of `in`, parts, rings and points copied.
mobmap::GeometryStore firstFeatures(const mobmap::GeometryStore& in, std::size_t count) {
  mobmap::GeometryStore out;
  for (std::size_t f = 0; f < count; ++f) {
    out.beginFeature();
    for (std::size_t p : in.partsOf(f)) {
      out.beginPart(in.partKind(p));
      for (std::size_t r : in.ringsOf(p)) {
        out.beginRing();
        for (const mobmap::Point& q : in.ring(r)) out.addPoint(q.x, q.y);
      }
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mobmap;
  if (argc < 4) {
    std::fprintf(stderr, "usage: bench_spatial_stats DATA LAYER FIELD [FEATURES] [PERMUTATIONS] [REPEATS]\n");
    return 2;
  }
  try {
    const std::string data = argv[1], layerName = argv[2], field = argv[3];
    std::size_t features = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 0;
    const int permutations = argc > 5 ? std::atoi(argv[5]) : 999;
    const int repeats = std::max(1, argc > 6 ? std::atoi(argv[6]) : 3);

    Layer layer;
    const Timing read = timeOnce([&] { layer = io::readLayer(data, layerName, std::vector<std::string>{field}); });
    std::string displayCrs;
    const Timing reproject = timeOnce([&] {
      displayCrs = crs::chooseDisplayCrs(layer);
      crs::reprojectLayer(layer, displayCrs);
    });
    if (features == 0 || features > layer.featureCount()) features = layer.featureCount();
    const GeometryStore geometry = features == layer.featureCount() ? layer.geometry : firstFeatures(layer.geometry, features);
    const Column& column = layer.attributes.require(field, layer.source);
    const auto all = column.optionalNumbers();
    std::vector<double> values;
    std::vector<bool> keep(features, false);
    for (std::size_t i = 0; i < features; ++i)
      if (all[i]) {
        keep[i] = true;
        values.push_back(*all[i]);
      }
    std::size_t vertices = 0;
    for (std::size_t f = 0; f < features; ++f)
      for (std::size_t p : geometry.partsOf(f))
        for (std::size_t r : geometry.ringsOf(p)) vertices += geometry.ring(r).size();

    analysis::SpatialWeights weights;
    const Timing contiguity = timeMedian(repeats, [&] {
      weights = analysis::contiguityWeights(geometry, analysis::Contiguity::Queen, analysis::kPoly2nbSnap);
    });
    const Timing rookTime = timeOnce([&] {
      (void)analysis::contiguityWeights(geometry, analysis::Contiguity::Rook, analysis::kPoly2nbSnap);
    });
    const analysis::SpatialWeights rook = analysis::contiguityWeights(geometry, analysis::Contiguity::Rook, analysis::kPoly2nbSnap);
    std::uint64_t nbHash = 0, rookHash = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      nbHash = mix(nbHash, 0xffffffffull);
      for (std::size_t j : weights.neighbours(i)) nbHash = mix(nbHash, j);
      rookHash = mix(rookHash, 0xffffffffull);
      for (std::size_t j : rook.neighbours(i)) rookHash = mix(rookHash, j);
    }
    const analysis::SpatialWeights used = values.size() == features ? weights : weights.subset(keep);

    analysis::GlobalMoran moran;
    const Timing moranTime = timeMedian(repeats, [&] { moran = analysis::globalMoran(values, used, permutations, 1); });
    analysis::LocalMoran lisa;
    const Timing lisaTime = timeMedian(repeats, [&] { lisa = analysis::localMoran(values, used, permutations, 1, 0.05); });
    std::uint64_t lisaHash = 0;
    for (const analysis::LocalMoranArea& a : lisa.areas) {
      lisaHash = mix(lisaHash, bitsOf(a.Ii));
      lisaHash = mix(lisaHash, bitsOf(a.pseudoP.value_or(-1)));
    }

    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    std::printf("features %zu of %zu, vertices %zu, values %zu, display CRS %s, permutations %d, repeats %d\n", features,
                layer.featureCount(), vertices, values.size(), displayCrs.c_str(), permutations, repeats);
    std::printf("read %.3f s, reproject %.3f s (whole layer, once)\n", read.wall, reproject.wall);
    std::printf("queen weights: %.3f s wall, %.3f s CPU (median); rook once: %.3f s wall\n", contiguity.wall, contiguity.cpu,
                rookTime.wall);
    std::printf("moran %d permutations: %.3f s wall, %.3f s CPU\n", permutations, moranTime.wall, moranTime.cpu);
    std::printf("lisa %d permutations: %.3f s wall, %.3f s CPU\n", permutations, lisaTime.wall, lisaTime.cpu);
    std::printf("digest: queen links %zu islands %zu hash %016llx; rook links %zu hash %016llx\n", weights.linkCount(),
                weights.islands().size(), static_cast<unsigned long long>(nbHash), rook.linkCount(),
                static_cast<unsigned long long>(rookHash));
    std::printf("digest: moran I %.17g pseudo p %.17g mean %.17g sd %.17g\n", moran.I, moran.pseudoP.value_or(-1),
                moran.permutationMean.value_or(0), moran.permutationSd.value_or(0));
    std::printf("digest: lisa hash %016llx counts HH %zu LL %zu HL %zu LH %zu ns %zu\n",
                static_cast<unsigned long long>(lisaHash), lisa.counts[1], lisa.counts[2], lisa.counts[3], lisa.counts[4],
                lisa.counts[0]);
    std::printf("peak RSS %.0f MiB\n", u.ru_maxrss / 1024.0);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_spatial_stats: %s\n", e.what());
    return 1;
  }
}
