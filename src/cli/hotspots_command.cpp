// `mobmap hotspots DATA --field F [--star] --out FILE`: Getis–Ord Gi or Gi* per area (spdep::localG, binary
// weights), written as gi_z, gi_p and gi_class.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>

#include "analysis/distance_weights.h"
#include "analysis/getis_ord.h"
#include "cli/commands.h"
#include "cli/detail/stats_input.h"
#include "core/error.h"
#include "io/layer_writer.h"

namespace mobmap::cli {

namespace {

struct HotspotOptions {
  StatsSource source;
  std::string field, weights = "queen", out;
  double snap = analysis::kPoly2nbSnap;
  bool star = false, json = false;
};

void runHotspots(const HotspotOptions& o) {
  if (!o.out.empty()) {
    const auto outDir = std::filesystem::absolute(o.out).parent_path();
    if (!std::filesystem::is_directory(outDir)) throw Error(o.out + ": cannot write: folder " + outDir.string() + " does not exist");
  }
  if (!analysis::isBinary(analysis::parseWeightsSpec(o.weights)))
    throw UsageError("Getis-Ord G uses binary weights: queen, rook, knn:K or distance:D");
  Layer layer = loadStatsLayer(o.source, true);
  for (const std::string& w : layer.warnings) std::cerr << "mobmap: warning: " << w << "\n";
  const auto values = numericField(layer, o.field);
  std::vector<bool> keep(layer.featureCount(), false);
  std::vector<std::size_t> rows;
  std::vector<double> x;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] && std::isfinite(*values[i])) {
      keep[i] = true;
      rows.push_back(i);
      x.push_back(*values[i]);
    }
  if (rows.empty()) throw Error(layer.source + ": field '" + o.field + "' has no values");
  analysis::SpatialWeights weights = layerWeights(layer, o.weights, o.snap);
  if (rows.size() < layer.featureCount()) weights = weights.subset(keep);
  analysis::LocalG g;
  try {
    g = analysis::localG(x, weights, o.star);
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw Error(layer.source + ": field '" + o.field + "': " + e.what());
  }

  const std::size_t missing = layer.featureCount() - rows.size();
  if (!o.out.empty()) {
    std::vector<int> at(layer.featureCount(), -1);
    for (std::size_t k = 0; k < rows.size(); ++k) at[rows[k]] = static_cast<int>(k);
    Column z("gi_z", FieldType::Real), p("gi_p", FieldType::Real), cls("gi_class", FieldType::String);
    for (std::size_t i = 0; i < layer.featureCount(); ++i) {
      const int k = at[i];
      const std::size_t ku = static_cast<std::size_t>(k);
      if (k >= 0 && g.z[ku]) z.appendNumber(*g.z[ku]);
      else z.appendMissing();
      if (k >= 0 && g.p[ku]) p.appendNumber(*g.p[ku]);
      else p.appendMissing();
      cls.appendText(k < 0 ? "no data" : g.cls[static_cast<std::size_t>(k)]);
    }
    layer.attributes.addColumn(std::move(z));
    layer.attributes.addColumn(std::move(p));
    layer.attributes.addColumn(std::move(cls));
    io::writeLayer(layer, o.out);
  }
  std::map<std::string, std::size_t> counts;
  for (const std::string& c : g.cls) ++counts[c];
  const std::string stat = o.star ? "Gi*" : "Gi";
  if (o.json) {
    nlohmann::json j = {{"field", o.field}, {"statistic", stat}, {"weights", analysis::weightsSpecText(analysis::parseWeightsSpec(o.weights))},
                        {"areas", rows.size()}, {"missing", missing}, {"class_counts", counts}};
    if (!o.out.empty()) j["out"] = o.out;
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << o.field << ": Getis-Ord " << stat << " over " << rows.size() << " areas ("
            << analysis::weightsSpecPhrase(analysis::parseWeightsSpec(o.weights)) << ", binary; " << missing
            << " missing), two-sided p, no correction for multiple comparisons\n";
  for (const auto& [c, k] : counts) std::cout << "  " << c << "  " << k << "\n";
  if (!o.out.empty()) std::cout << "wrote " << o.out << "\n";
}

}  // namespace

void addHotspotsCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<HotspotOptions>();
  CLI::App* cmd = app.add_subcommand("hotspots", "Getis-Ord local Gi or Gi* per area (as spdep::localG, binary weights): "
                                                 "z, two-sided p and hot/cold spot class (90/95/99%).");
  addStatsSourceOptions(*cmd, o->source);
  cmd->add_option("--field", o->field, "Field to analyse")->required();
  cmd->add_flag("--star", o->star, "Gi*: each area's own value counts in its neighbourhood");
  cmd->add_option("--weights", o->weights, "queen, rook, knn:K or distance:D")->capture_default_str();
  cmd->add_option("--snap", o->snap, "With queen or rook: vertices this close (display-CRS units) count as shared");
  cmd->add_option("--out", o->out, "Write the layer with gi_z, gi_p, gi_class (.gpkg, .geojson, .fgb, .csv)");
  cmd->add_flag("--json", o->json, "Print JSON on stdout");
  cmd->callback([o, &exitCode] {
    runHotspots(*o);
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
