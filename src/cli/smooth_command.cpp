// `mobmap smooth DATA --rate CASES/POP --method eb-global|eb-local --out FILE`: empirical Bayes rates from small
// counts (spdep::EBest and spdep::EBlocal), written as `rate_raw` and `rate_eb` beside the layer's fields.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>

#include "analysis/distance_weights.h"
#include "analysis/empirical_bayes.h"
#include "cli/commands.h"
#include "cli/detail/stats_input.h"
#include "core/error.h"
#include "core/text.h"
#include "io/layer_writer.h"

namespace mobmap::cli {

namespace {

struct SmoothOptions {
  StatsSource source;
  std::string rate, method = "eb-global", weights = "queen", out;
  double snap = analysis::kPoly2nbSnap;
  bool json = false;
};

void runSmooth(const SmoothOptions& o) {
  const auto [casesField, popField] = rateFields(o.rate);
  const analysis::EbMethod method = analysis::parseEbMethod(o.method);
  if (o.out.empty()) throw UsageError("--out FILE is required (.gpkg, .geojson, .fgb or .csv)");
  const auto outDir = std::filesystem::absolute(o.out).parent_path();
  if (!std::filesystem::is_directory(outDir)) throw Error(o.out + ": cannot write: folder " + outDir.string() + " does not exist");
  const bool local = method == analysis::EbMethod::Local;
  Layer layer = loadStatsLayer(o.source, local || !std::filesystem::path(o.out).extension().empty());
  for (const std::string& w : layer.warnings) std::cerr << "mobmap: warning: " << w << "\n";
  const auto cases = numericField(layer, casesField), pop = numericField(layer, popField);

  // Areas with a count and a positive population; the others get no rate.
  std::vector<std::size_t> rows;
  std::vector<double> r, n;
  std::vector<bool> keep(layer.featureCount(), false);
  std::size_t missing = 0, zeroPopulation = 0;
  for (std::size_t i = 0; i < layer.featureCount(); ++i) {
    if (!cases[i] || !pop[i] || !std::isfinite(*cases[i]) || !std::isfinite(*pop[i])) {
      ++missing;
      continue;
    }
    if (!(*pop[i] > 0)) {
      ++zeroPopulation;
      continue;
    }
    if (*cases[i] < 0) throw Error(layer.source + ": row " + std::to_string(i + 1) + ": '" + casesField + "' is negative");
    keep[i] = true;
    rows.push_back(i);
    r.push_back(*cases[i]);
    n.push_back(*pop[i]);
  }
  if (rows.size() < 2) throw Error(layer.source + ": fewer than 2 areas have '" + casesField + "' and a positive '" + popField + "'");

  analysis::EbEstimate e;
  analysis::SpatialWeights weights;
  if (local) {
    if (!analysis::isBinary(analysis::parseWeightsSpec(o.weights)))
      throw UsageError("eb-local smooths over neighbour sets: use queen, rook, knn:K or distance:D");
    weights = layerWeights(layer, o.weights, o.snap);
    if (rows.size() < layer.featureCount()) weights = weights.subset(keep);
    e = analysis::ebLocal(r, n, weights);
  } else {
    e = analysis::ebGlobal(r, n);
  }

  Column raw("rate_raw", FieldType::Real), eb("rate_eb", FieldType::Real);
  std::vector<int> at(layer.featureCount(), -1);
  for (std::size_t k = 0; k < rows.size(); ++k) at[rows[k]] = static_cast<int>(k);
  for (std::size_t i = 0; i < layer.featureCount(); ++i) {
    if (at[i] < 0) {
      raw.appendMissing();
      eb.appendMissing();
    } else {
      raw.appendNumber(e.raw[static_cast<std::size_t>(at[i])]);
      eb.appendNumber(e.smoothed[static_cast<std::size_t>(at[i])]);
    }
  }
  layer.attributes.addColumn(std::move(raw));
  layer.attributes.addColumn(std::move(eb));
  io::writeLayer(layer, o.out);

  if (o.json) {
    nlohmann::json j = {{"rate", o.rate}, {"method", analysis::ebMethodName(method)}, {"areas", rows.size()},
                        {"missing", missing}, {"zero_population", zeroPopulation}, {"out", o.out}};
    if (local) j["weights"] = analysis::weightsSpecText(analysis::parseWeightsSpec(o.weights));
    else j.update({{"prior_mean", e.mean}, {"prior_variance", e.variance}});
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << casesField << "/" << popField << ": " << (local ? "local" : "global") << " empirical Bayes rates for " << rows.size()
            << " areas";
  if (local) std::cout << " (" << analysis::weightsSpecPhrase(analysis::parseWeightsSpec(o.weights)) << ", each area with its neighbours)";
  else std::cout << " (prior mean " << formatNumber(e.mean) << ", variance " << formatNumber(e.variance) << ")";
  std::cout << "; " << missing << " missing, " << zeroPopulation << " with no population\nwrote " << o.out << "\n";
}

}  // namespace

void addSmoothCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<SmoothOptions>();
  CLI::App* cmd = app.add_subcommand("smooth", "Empirical Bayes rates from small counts: global (Marshall, as spdep::EBest) "
                                               "or local (as spdep::EBlocal), written as rate_raw and rate_eb.");
  addStatsSourceOptions(*cmd, o->source);
  cmd->add_option("--rate", o->rate, "CASES/POPULATION: two count fields, e.g. SID74/BIR74")->required();
  cmd->add_option("--method", o->method, "eb-global or eb-local")->capture_default_str();
  cmd->add_option("--weights", o->weights, "With eb-local: queen, rook, knn:K or distance:D")->capture_default_str();
  cmd->add_option("--snap", o->snap, "With queen or rook: vertices this close (display-CRS units) count as shared");
  cmd->add_option("--out", o->out, "Output layer or table (.gpkg, .geojson, .fgb, .csv)")->required();
  cmd->add_flag("--json", o->json, "Print a JSON summary on stdout");
  cmd->callback([o, &exitCode] {
    runSmooth(*o);
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
