#include "analysis/area_overlay.h"

#include <algorithm>
#include <optional>
#include <string>

#include "analysis/detail/geos_support.h"
#include "core/parallel.h"
#include "core/error.h"

namespace mobmap::analysis {

using detail::GeomPtr;
using detail::GeosContext;

namespace {

double areaOf(const GeosContext& ctx, const GEOSGeometry* g) {
  double a = 0;
  if (g && GEOSArea_r(ctx.handle(), g, &a) != 1) throw Error("GEOS could not measure an area: " + ctx.lastError());
  return a;
}

struct PolygonSet {
  std::vector<GeomPtr> geoms;
  std::vector<double> areas;
  std::size_t repaired = 0;
};

PolygonSet buildPolygons(const GeosContext& ctx, const GeometryStore& store) {
  PolygonSet set;
  set.geoms.reserve(store.featureCount());
  set.areas.reserve(store.featureCount());
  for (std::size_t f = 0; f < store.featureCount(); ++f) {
    bool repaired = false;
    set.geoms.push_back(detail::featurePolygons(ctx, store, f, repaired));
    if (repaired) ++set.repaired;
    set.areas.push_back(areaOf(ctx, set.geoms.back().get()));
  }
  return set;
}

void collectIndex(void* item, void* userdata) {
  static_cast<std::vector<std::size_t>*>(userdata)->push_back(*static_cast<const std::size_t*>(item));
}

}  // namespace

std::vector<double> featureAreas(const GeometryStore& store, std::size_t* repaired) {
  GeosContext ctx;
  PolygonSet set = buildPolygons(ctx, store);
  if (repaired) *repaired = set.repaired;
  return std::move(set.areas);
}

AreaOverlay overlayAreas(const GeometryStore& sources, const GeometryStore& targets, const OverlayOptions& options) {
  AreaOverlay out;
  out.sliverShare = options.sliverShare;
  const std::size_t sourceCount = sources.featureCount(), targetCount = targets.featureCount();
  out.sourceArea.assign(sourceCount, 0.0);

  // The target index, built here and then only read: each worker thread has its own GEOS context, its own copy
  // of the target polygons and its own prepared geometries (GEOS prepares lazily, which is not thread-safe),
  // and shares only the tree, whose first query builds it before the workers start.
  GeosContext ctx;
  GEOSContextHandle_t h = ctx.handle();
  PolygonSet tgt = buildPolygons(ctx, targets);
  out.targetArea = tgt.areas;
  out.targetsRepaired = tgt.repaired;
  std::vector<std::size_t> ids(targetCount);
  GEOSSTRtree* tree = GEOSSTRtree_create_r(h, 10);
  struct TreeCleanup {
    GEOSContextHandle_t h;
    GEOSSTRtree* tree;
    ~TreeCleanup() { GEOSSTRtree_destroy_r(h, tree); }
  } treeCleanup{h, tree};
  const GEOSGeometry* anyTarget = nullptr;
  for (std::size_t j = 0; j < targetCount; ++j) {
    ids[j] = j;
    if (!tgt.geoms[j] || tgt.areas[j] <= 0) continue;
    GEOSSTRtree_insert_r(h, tree, tgt.geoms[j].get(), &ids[j]);
    if (!anyTarget) anyTarget = tgt.geoms[j].get();
  }
  std::vector<std::size_t> candidates;
  if (anyTarget) GEOSSTRtree_query_r(h, tree, anyTarget, &collectIndex, &candidates);

  // The sources are overlaid in blocks, block b by worker b % workers (GEOS's cost varies from region to region,
  // so contiguous halves would leave one worker waiting); the blocks' pieces are joined in order, so the result
  // is the same as one pass over the sources (ordered by source, then target).
  struct Part {
    std::vector<OverlayPiece> pieces;
    std::size_t repaired = 0, slivers = 0;
  };
  constexpr std::size_t kBlock = 64;
  const std::size_t blocks = (sourceCount + kBlock - 1) / kBlock;
  const unsigned workers = anyTarget ? workerCount(sourceCount, 512) : 1;
  std::vector<Part> parts(blocks);
  runWorkers(workers, [&](unsigned w) {
    std::optional<GeosContext> own;
    std::optional<PolygonSet> ownTargets;
    if (w > 0) {
      own.emplace();
      ownTargets.emplace(buildPolygons(*own, targets));
    }
    const GeosContext& wctx = w > 0 ? *own : ctx;
    const PolygonSet& targetSet = w > 0 ? *ownTargets : tgt;
    GEOSContextHandle_t wh = wctx.handle();
    std::vector<const GEOSPreparedGeometry*> prepared(targetCount, nullptr);
    struct PreparedCleanup {
      GEOSContextHandle_t h;
      std::vector<const GEOSPreparedGeometry*>& prepared;
      ~PreparedCleanup() {
        for (const GEOSPreparedGeometry* p : prepared)
          if (p) GEOSPreparedGeom_destroy_r(h, p);
      }
    } preparedCleanup{wh, prepared};
    std::vector<std::size_t> found;
    // Source i's area and its pieces in every target it meets.
    auto overlaySource = [&](std::size_t i, Part& part) {
      bool repaired = false;
      GeomPtr src = detail::featurePolygons(wctx, sources, i, repaired);
      if (repaired) ++part.repaired;
      const double srcArea = areaOf(wctx, src.get());
      out.sourceArea[i] = srcArea;
      if (!src || srcArea <= 0 || !anyTarget) return;
      found.clear();
      GEOSSTRtree_query_r(wh, tree, src.get(), &collectIndex, &found);
      std::sort(found.begin(), found.end());
      for (std::size_t j : found) {
        if (!prepared[j]) prepared[j] = GEOSPrepare_r(wh, targetSet.geoms[j].get());
        double area = 0;
        if (GEOSPreparedContainsProperly_r(wh, prepared[j], src.get()) == 1) {
          area = srcArea;
        } else if (GEOSPreparedIntersects_r(wh, prepared[j], src.get()) == 1) {
          GeomPtr piece = detail::own(wctx, GEOSIntersection_r(wh, src.get(), targetSet.geoms[j].get()));
          if (!piece)
            throw Error("GEOS could not intersect source feature " + std::to_string(i + 1) + " with target feature " +
                        std::to_string(j + 1) + ": " + wctx.lastError());
          area = areaOf(wctx, piece.get());
        } else {
          continue;
        }
        if (area <= 0) continue;
        if (area < options.sliverShare * srcArea) {
          ++part.slivers;
          continue;
        }
        part.pieces.push_back({i, j, std::min(area, srcArea)});
      }
    };
    for (std::size_t b = w; b < blocks; b += workers)
      for (std::size_t i = b * kBlock; i < std::min(sourceCount, (b + 1) * kBlock); ++i) overlaySource(i, parts[b]);
  });
  for (Part& part : parts) {
    out.sourcesRepaired += part.repaired;
    out.sliversDropped += part.slivers;
    out.pieces.insert(out.pieces.end(), part.pieces.begin(), part.pieces.end());
  }
  return out;
}

}  // namespace mobmap::analysis
