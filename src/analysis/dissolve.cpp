#include "analysis/dissolve.h"

#include "analysis/area_overlay.h"
#include "analysis/detail/geos_support.h"
#include "core/error.h"

namespace mobmap::analysis {

namespace {
void checkAreas(const Layer& source, const std::vector<DissolveArea>& areas) {
  if (areas.empty()) throw UsageError("no custom area to dissolve into");
  for (const DissolveArea& a : areas) {
    if (a.members.empty()) throw Error("custom area '" + a.name + "' has no source areas");
    for (std::size_t m : a.members)
      if (m >= source.featureCount())
        throw Error("custom area '" + a.name + "': source row " + std::to_string(m + 1) + " does not exist (" +
                    std::to_string(source.featureCount()) + " features)");
  }
}
}  // namespace

Layer dissolveAreas(const Layer& source, const std::vector<DissolveArea>& areas) {
  checkAreas(source, areas);
  detail::GeosContext ctx;
  GEOSContextHandle_t h = ctx.handle();
  Layer out;
  out.name = "dissolved";
  out.source = source.source;
  out.geometryType = "Multi Polygon";
  out.crs = source.crs;
  out.crsDefinition = source.crsDefinition;
  out.crsIsGeographic = source.crsIsGeographic;
  out.crsAssumed = source.crsAssumed;
  Column names("name", FieldType::String);
  Column counts("n_sources", FieldType::Integer);
  std::size_t repaired = 0;
  for (const DissolveArea& a : areas) {
    std::vector<GEOSGeometry*> parts;
    for (std::size_t m : a.members) {
      bool fixed = false;
      detail::GeomPtr g = detail::featurePolygons(ctx, source.geometry, m, fixed);
      if (fixed) ++repaired;
      if (g) parts.push_back(g.release());
    }
    detail::GeomPtr collection = detail::own(
        ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())));
    detail::GeomPtr merged = detail::own(ctx, GEOSUnaryUnion_r(h, collection.get()));
    if (!merged) throw Error("could not merge the areas of '" + a.name + "': " + ctx.lastError());
    detail::appendPolygons(ctx, merged.get(), out.geometry);
    names.appendText(a.name);
    counts.appendNumber(static_cast<double>(a.members.size()));
  }
  out.attributes.addColumn(std::move(names));
  out.attributes.addColumn(std::move(counts));
  if (repaired > 0) out.warnings.push_back(std::to_string(repaired) + " source geometries with invalid rings were made valid");
  return out;
}

AggregationResult aggregateDissolved(const Layer& source, const std::vector<DissolveArea>& areas,
                                     const AggregationRequest& request) {
  checkAreas(source, areas);
  std::vector<Contribution> contributions;
  for (std::size_t j = 0; j < areas.size(); ++j)
    for (std::size_t m : areas[j].members) contributions.push_back({m, j, 1.0});
  std::size_t repaired = 0;
  const std::vector<double> area = featureAreas(source.geometry, &repaired);
  const std::string sourceName = source.source.empty() ? source.name : source.source;
  AggregationResult r = aggregateContributions(source.attributes, sourceName, areas.size(), contributions, area, request);
  r.method = AggregationMethod::Dissolve;
  r.sourcesRepaired = repaired;
  r.coverage.assign(areas.size(), 1.0);
  r.notes.push_back("dissolve: each selected source counts wholly in its custom area; sources not selected are "
                    "reported as uncovered");
  return r;
}

}  // namespace mobmap::analysis
