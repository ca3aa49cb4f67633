#pragma once
// Data options shared by `mobmap disparity`, `segregation`, `moran` and `lisa`: the source, an optional
// table joined to it, and reading numeric columns as optional values.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "analysis/spatial_weights.h"
#include "core/layer.h"

namespace mobmap::cli {

struct StatsSource {
  std::string data, layer;
  std::string join, joinLayer, on, where;
  std::string assignCrs;
};

// Adds DATA, --layer, --assign-crs, --join, --join-layer, --on and --where to `cmd`.
void addStatsSourceOptions(CLI::App& cmd, StatsSource& source);

// Reads the source (joined to the table when --join is given; notes about the join go to stderr). With
// `withGeometry` false only attributes are read. Throws mobmap::UsageError for --join without --on.
Layer loadStatsLayer(const StatsSource& source, bool withGeometry);

// The values of a field as numbers (text that reads as a number counts; "NA", empty and text are missing).
// Throws mobmap::Error naming the source and the field when the field does not exist.
std::vector<std::optional<double>> numericField(const Layer& layer, const std::string& field);

// The neighbours of `layer`'s features by a --weights text (queen, rook, knn:K, distance:D, idw:D; see
// analysis/distance_weights.h), built in the layer's display CRS (named in `displayCrs` when given). Contiguity
// (queen, rook) needs no CRS: a layer without one is linked in its own coordinates (`displayCrs` then reads
// "none"); distance-based weights on such a layer throw mobmap::Error naming the file and why. Throws
// mobmap::UsageError for a bad text or snap.
analysis::SpatialWeights layerWeights(const Layer& layer, const std::string& weights, double snap, std::string* displayCrs = nullptr);

// "CASES/POP" as two field names; throws mobmap::UsageError otherwise.
std::pair<std::string, std::string> rateFields(const std::string& rate);

}  // namespace mobmap::cli
