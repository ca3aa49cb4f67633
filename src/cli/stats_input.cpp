#include "cli/detail/stats_input.h"

#include "cli/commands.h"

#include <iostream>

#include "analysis/distance_weights.h"
#include "core/error.h"
#include "crs/display_crs.h"
#include "core/text.h"
#include "io/joined_source.h"
#include "io/source_reader.h"

namespace mobmap::cli {

void addAssignCrsOption(CLI::App& cmd, std::string& crs) {
  cmd.add_option("--assign-crs", crs,
                 "CRS of the data when its file declares none or a wrong one (EPSG:3435, a WKT or PROJ string); "
                 "coordinates are not moved, as ogr2ogr -a_srs");
}

void addStatsSourceOptions(CLI::App& cmd, StatsSource& s) {
  cmd.add_option("DATA", s.data, "Vector source (or a table, for commands that need no geometry)")->required();
  cmd.add_option("--layer", s.layer, "Layer of a multi-layer source");
  addAssignCrsOption(cmd, s.assignCrs);
  cmd.add_option("--join", s.join, "Table to join first (CSV, XLSX, ODS, any vector source)");
  cmd.add_option("--join-layer", s.joinLayer, "Sheet or layer of the --join table");
  cmd.add_option("--on", s.on, "Join key LEFT=RIGHT (RIGHT may be composite, e.g. id=state+county)");
  cmd.add_option("--where", s.where, "Row filter on the joined table, e.g. \"year = 2021\"");
}

Layer loadStatsLayer(const StatsSource& s, bool withGeometry) {
  if (s.join.empty()) {
    if (!s.where.empty()) throw UsageError("--where filters a --join table; give --join TABLE --on LEFT=RIGHT");
    if (withGeometry) {
      io::ReadOptions options;
      options.assignCrs = s.assignCrs;
      return io::readLayer(s.data, s.layer, options);
    }
    Layer layer;
    layer.source = s.data;
    layer.attributes = io::readTable(s.data, s.layer);
    return layer;
  }
  if (s.on.empty()) throw UsageError("--join needs --on LEFT=RIGHT");
  io::JoinedLayer joined = io::loadJoined({s.data, s.layer, s.join, s.joinLayer, s.on, s.where, withGeometry, s.assignCrs, {}});
  const JoinReport& r = joined.report;
  std::cerr << "mobmap: join: matched " << r.matched << " of " << r.leftRows << " features\n";
  for (const std::string& n : r.notes) std::cerr << "mobmap: join: " << n << "\n";
  return std::move(joined.layer);
}

std::vector<std::optional<double>> numericField(const Layer& layer, const std::string& field) {
  const Column& c = layer.attributes.require(field, layer.source);
  if (c.isNumeric()) return c.optionalNumbers();
  std::vector<std::optional<double>> out(c.size());
  for (std::size_t i = 0; i < c.size(); ++i)
    if (!c.isMissing(i) && missingReasonOfText(c.text(i), c.isMoe()) == MissingReason::None) out[i] = parseNumber(c.text(i));
  return out;
}

analysis::SpatialWeights layerWeights(const Layer& layer, const std::string& weights, double snap, std::string* displayCrs) {
  const analysis::WeightsSpec spec = analysis::parseWeightsSpec(weights);
  if (!(snap >= 0)) throw UsageError("--snap must be 0 or more");
  if (layer.crsDefinition.empty()) {
    // Contiguity is about shared boundaries, which no change of CRS alters: the file's own coordinates do.
    if (spec.kind != analysis::WeightsKind::Queen && spec.kind != analysis::WeightsKind::Rook)
      throw Error((layer.crsProblem.empty() ? layer.source + ": the layer has no usable CRS" : layer.crsProblem) +
                  "; --weights " + weights + " measures distances, which need it (queen and rook contiguity do not)");
    if (displayCrs) *displayCrs = "none";
    std::cerr << "mobmap: note: " << (layer.crsProblem.empty() ? layer.source + ": no usable CRS" : layer.crsProblem)
              << " (contiguity is built on the file's own coordinates, which needs none)\n";
    return analysis::buildWeights(layer.geometry, spec, snap);
  }
  Layer projected = layer;
  const std::string crs = crs::chooseDisplayCrs(projected);
  crs::reprojectLayer(projected, crs);
  if (displayCrs) *displayCrs = crs;
  return analysis::buildWeights(projected.geometry, spec, snap);
}

std::pair<std::string, std::string> rateFields(const std::string& rate) {
  const std::size_t slash = rate.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rate.size())
    throw UsageError("--rate '" + rate + "': expected CASES/POPULATION (two fields, e.g. SID74/BIR74)");
  return {std::string(trim(rate.substr(0, slash))), std::string(trim(rate.substr(slash + 1)))};
}

}  // namespace mobmap::cli
