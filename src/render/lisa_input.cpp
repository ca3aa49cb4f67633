#include "render/detail/lisa_input.h"

#include <cmath>
#include <optional>

#include "render/thematic_map.h"

namespace mobmap::render {

LisaInput lisaInput(const Layer& layer, const LisaMapRequest& request, const std::string& sourceName, const std::string& needs) {
  const Column& column = requireNumericField(layer.attributes, request.field, sourceName, needs);
  const std::size_t n = layer.featureCount();
  LisaInput in;
  std::vector<bool> keep(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (column.isMissing(i) || !std::isfinite(column.number(i))) continue;
    keep[i] = true;
    in.rows.push_back(i);
    in.values.push_back(column.number(i));
  }
  if (in.values.empty()) throw Error(sourceName + ": field '" + request.field + "' has no values");
  if (!analysis::isBinary(request.weights))
    throw UsageError("local Moran's I uses binary weights: queen, rook, knn:K or distance:D (idw:D is for moran)");
  std::optional<analysis::SpatialWeights> built;  // shared weights are used in place, not copied
  const analysis::WeightsSpec& w = request.weights;
  const bool contiguity = w.kind == analysis::WeightsKind::Queen || w.kind == analysis::WeightsKind::Rook;
  const analysis::SpatialWeights& all =
      request.contiguity ? *request.contiguity
      : contiguity ? built.emplace(analysis::contiguityWeights(layer.geometry, w.kind == analysis::WeightsKind::Queen
                                                                                   ? analysis::Contiguity::Queen
                                                                                   : analysis::Contiguity::Rook,
                                                                 request.snap, request.cancel))
                   : built.emplace(analysis::buildWeights(layer.geometry, w, request.snap));
  in.weights = in.values.size() < n ? all.subset(keep) : all;
  return in;
}

}  // namespace mobmap::render
