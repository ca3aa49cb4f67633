#include "render/vector/map_raster_cache.h"

#include <bit>
#include <cstring>
#include <map>
#include <tuple>

#include "render/vector/detail/map_coverage.h"

namespace mobmap::render {

namespace {

// A 64-bit digest of a geometry's vertices and structure, so that a cache entry is never used for other
// geometry that happens to live at the same address.
std::uint64_t digestOf(const GeometryStore& g) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  mix(g.featureCount());
  mix(g.partCount());
  mix(g.ringCount());
  for (const Point& p : g.points()) {
    mix(std::bit_cast<std::uint64_t>(p.x));
    mix(std::bit_cast<std::uint64_t>(p.y));
  }
  return h;
}

// Geometry (address and digest), frame size, extent, scale, pixel size, outline width, vertex steps.
using Key = std::tuple<const GeometryStore*, std::uint64_t, double, double, double, double, double, double, double,
                       double, double, double, double>;

}  // namespace

struct MapRasterCache::Impl {
  struct Entry {
    MapCoverage coverage;
    unsigned generation = 0;
  };
  std::map<Key, Entry> entries;
  std::map<const GeometryStore*, std::uint64_t> digests;  // per figure: each geometry digested once
  unsigned generation = 0;
  std::size_t rasterisations = 0;
};

MapRasterCache::MapRasterCache() : m_impl(std::make_unique<Impl>()) {}
MapRasterCache::~MapRasterCache() = default;
void MapRasterCache::clear() { m_impl->entries.clear(); }
std::size_t MapRasterCache::rasterisations() const { return m_impl->rasterisations; }

void beginCachedFigure(MapRasterCache& cache) {
  ++cache.impl().generation;
  cache.impl().digests.clear();
}

void endCachedFigure(MapRasterCache& cache) {
  auto& impl = cache.impl();
  std::erase_if(impl.entries, [&](const auto& kv) { return kv.second.generation != impl.generation; });
  impl.digests.clear();
}

const MapCoverage& cachedCoverage(MapRasterCache& cache, const MapLayerDraw& layer, const Viewport& v,
                                  const std::vector<Extent>& extents, double pxPerPt, double fillStepPx,
                                  double outlineStepPx) {
  auto& impl = cache.impl();
  auto d = impl.digests.find(layer.geometry);
  if (d == impl.digests.end()) d = impl.digests.emplace(layer.geometry, digestOf(*layer.geometry)).first;
  const Key key{layer.geometry, d->second, v.width, v.height, v.extent.minX, v.extent.minY, v.extent.maxX,
                v.extent.maxY, v.scale, pxPerPt, layer.outlineWidthPt, fillStepPx, outlineStepPx};
  auto it = impl.entries.find(key);
  if (it == impl.entries.end()) {
    MapRasterCache::Impl::Entry e;
    e.coverage = rasteriseMapLayer(layer, v, extents, pxPerPt, fillStepPx, outlineStepPx);
    it = impl.entries.emplace(key, std::move(e)).first;
    ++impl.rasterisations;
  }
  it->second.generation = impl.generation;
  return it->second.coverage;
}

}  // namespace mobmap::render
