#include "analysis/area_overlay.h"

#include <algorithm>
#include <string>

#include "analysis/geos_support.h"
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
  GeosContext ctx;
  GEOSContextHandle_t h = ctx.handle();
  AreaOverlay out;
  out.sliverShare = options.sliverShare;

  PolygonSet tgt = buildPolygons(ctx, targets);
  out.targetArea = tgt.areas;
  out.targetsRepaired = tgt.repaired;

  std::vector<std::size_t> ids(targets.featureCount());
  std::vector<const GEOSPreparedGeometry*> prepared(targets.featureCount(), nullptr);
  GEOSSTRtree* tree = GEOSSTRtree_create_r(h, 10);
  for (std::size_t j = 0; j < ids.size(); ++j) {
    ids[j] = j;
    if (!tgt.geoms[j] || tgt.areas[j] <= 0) continue;
    GEOSSTRtree_insert_r(h, tree, tgt.geoms[j].get(), &ids[j]);
  }
  struct Cleanup {
    GEOSContextHandle_t h;
    GEOSSTRtree* tree;
    std::vector<const GEOSPreparedGeometry*>& prepared;
    ~Cleanup() {
      for (const GEOSPreparedGeometry* p : prepared)
        if (p) GEOSPreparedGeom_destroy_r(h, p);
      GEOSSTRtree_destroy_r(h, tree);
    }
  } cleanup{h, tree, prepared};

  out.sourceArea.reserve(sources.featureCount());
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < sources.featureCount(); ++i) {
    bool repaired = false;
    GeomPtr src = detail::featurePolygons(ctx, sources, i, repaired);
    if (repaired) ++out.sourcesRepaired;
    const double srcArea = areaOf(ctx, src.get());
    out.sourceArea.push_back(srcArea);
    if (!src || srcArea <= 0) continue;

    candidates.clear();
    GEOSSTRtree_query_r(h, tree, src.get(), &collectIndex, &candidates);
    std::sort(candidates.begin(), candidates.end());
    for (std::size_t j : candidates) {
      if (!prepared[j]) prepared[j] = GEOSPrepare_r(h, tgt.geoms[j].get());
      double area = 0;
      if (GEOSPreparedContainsProperly_r(h, prepared[j], src.get()) == 1) {
        area = srcArea;
      } else if (GEOSPreparedIntersects_r(h, prepared[j], src.get()) == 1) {
        GeomPtr piece = detail::own(ctx, GEOSIntersection_r(h, src.get(), tgt.geoms[j].get()));
        if (!piece)
          throw Error("GEOS could not intersect source feature " + std::to_string(i + 1) + " with target feature " +
                      std::to_string(j + 1) + ": " + ctx.lastError());
        area = areaOf(ctx, piece.get());
      } else {
        continue;
      }
      if (area <= 0) continue;
      if (area < options.sliverShare * srcArea) {
        ++out.sliversDropped;
        continue;
      }
      out.pieces.push_back({i, j, std::min(area, srcArea)});
    }
  }
  return out;
}

}  // namespace mobmap::analysis
