// `mobmap moran DATA --field F ...` (global Moran's I) and `mobmap lisa DATA --field F ... [--out FILE]`
// (local Moran's I and clusters). Both build contiguity weights from the geometry in its display CRS.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iomanip>
#include <iostream>

#include "analysis/distance_weights.h"
#include "analysis/empirical_bayes.h"
#include "analysis/lisa.h"
#include "analysis/lisa_correction.h"
#include "analysis/moran.h"
#include "analysis/spatial_weights.h"
#include "cli/commands.h"
#include "cli/detail/json_output.h"
#include "cli/detail/stats_input.h"
#include "core/column_roles.h"
#include "core/error.h"
#include "core/text.h"
#include "crs/display_crs.h"
#include "io/layer_writer.h"

namespace mobmap::cli {

namespace {

struct SpatialOptions {
  StatsSource source;
  std::string field, weights = "queen", id, out;
  double snap = analysis::kPoly2nbSnap;
  int permutations = analysis::kDefaultPermutations;
  std::uint64_t seed = analysis::kDefaultSeed;
  double alpha = analysis::kDefaultAlpha;
  bool json = false;
  std::string rate;        // moran: CASES/POP, the EB Moran's I of the rate (with --eb)
  bool eb = false;
  std::string correction = "none";  // lisa: bonferroni | fdr
};


// The analysed areas: values present, weights among them, and what was left out.
struct SpatialInput {
  Layer layer;                       // as read, in its own CRS
  std::string displayCrs;
  std::vector<std::size_t> rows;     // layer rows analysed, in order
  std::vector<double> values;
  analysis::SpatialWeights weights;  // among `rows`
  analysis::SpatialWeights allWeights;
  std::size_t missing = 0;
  MissingCounts missingReasons;      // why the `missing` areas have no value
  const Column* idColumn = nullptr;
  std::vector<std::vector<double>> others;  // the further fields' values (a rate's population), by `rows`
};

const Column* findIdColumn(const Layer& layer, const std::string& requested) {
  if (!requested.empty()) return &layer.attributes.require(requested, layer.source);
  if (const Column* c = areaKeyColumn(layer.attributes)) return c;
  return layer.attributes.find("ComAreaID");  // Chicago's community areas
}

SpatialInput loadSpatial(const SpatialOptions& o, const std::vector<std::string>& fields) {
  if (!(o.snap >= 0)) throw UsageError("--snap must be 0 or more");
  if (o.permutations < 0 || o.permutations > 1000000) throw UsageError("--permutations must be 0 to 1000000");
  SpatialInput in;
  in.layer = loadStatsLayer(o.source, true);
  for (const std::string& w : in.layer.warnings) std::cerr << "mobmap: warning: " << w << "\n";
  in.allWeights = layerWeights(in.layer, o.weights, o.snap, &in.displayCrs);

  // The areas where every field has a value (the first field's values are kept; a rate's population must be > 0).
  std::vector<std::vector<std::optional<double>>> columns;
  for (const std::string& f : fields) columns.push_back(numericField(in.layer, f));
  const std::size_t rows = in.layer.featureCount();
  std::vector<bool> keep(rows, false);
  in.others.assign(columns.size() - 1, {});
  for (std::size_t i = 0; i < rows; ++i) {
    bool ok = true;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto& v = columns[c][i];
      ok = ok && v && std::isfinite(*v) && (c == 0 || columns.size() == 1 || *v > 0);
    }
    if (ok) {
      keep[i] = true;
      in.rows.push_back(i);
      in.values.push_back(*columns[0][i]);
      for (std::size_t c = 1; c < columns.size(); ++c) in.others[c - 1].push_back(*columns[c][i]);
    } else {
      ++in.missing;
      const MissingReason why = in.layer.attributes.require(o.field, in.layer.source).missingReason(i);
      ++in.missingReasons[why == MissingReason::None ? MissingReason::Blank : why];
    }
  }
  if (in.rows.empty()) throw Error(in.layer.source + ": field '" + fields[0] + "' has no values" + (fields.size() > 1 ? " with a positive population" : ""));
  in.weights = in.missing ? in.allWeights.subset(keep) : in.allWeights;
  in.idColumn = findIdColumn(in.layer, o.id);
  return in;
}

nlohmann::json areaRef(const SpatialInput& in, std::size_t row) {
  nlohmann::json j = {{"feature", row}};
  if (in.idColumn) j["id"] = in.idColumn->displayText(row);
  return j;
}

nlohmann::json weightsJson(const SpatialInput& in, const SpatialOptions& o) {
  nlohmann::json islands = nlohmann::json::array();
  for (std::size_t i : in.weights.islands()) islands.push_back(areaRef(in, in.rows[i]));
  return {{"type", analysis::weightsSpecText(analysis::parseWeightsSpec(o.weights))}, {"snap", o.snap}, {"crs", in.displayCrs}, {"areas", in.weights.size()},
          {"links", in.weights.linkCount()}, {"links_all_areas", in.allWeights.linkCount()},
          {"islands", islands}, {"style", "row-standardised (W), zero weights for islands"},
          {"symmetric", in.weights.binarySymmetric() || !analysis::isBinary(analysis::parseWeightsSpec(o.weights))}};
}

void reportIslands(const SpatialInput& in) {
  const auto islands = in.weights.islands();
  if (islands.empty()) return;
  std::cerr << "mobmap: note: " << islands.size() << " areas have no neighbours (weights 0, as spdep zero.policy=TRUE):";
  for (std::size_t k = 0; k < islands.size() && k < 10; ++k) {
    const std::size_t row = in.rows[islands[k]];
    std::cerr << " " << (in.idColumn ? in.idColumn->displayText(row) : "#" + std::to_string(row));
  }
  std::cerr << (islands.size() > 10 ? " ...\n" : "\n");
}

void addSpatialOptions(CLI::App& cmd, SpatialOptions& o) {
  addStatsSourceOptions(cmd, o.source);
  cmd.add_option("--field", o.field, "Field to analyse");
  cmd.add_option("--weights", o.weights, "queen (a shared point), rook (two shared points), knn:K (K nearest centroids), "
                                         "distance:D (centroids within D display-CRS units) or idw:D (those, weighted 1/d)")
      ->capture_default_str();
  cmd.add_option("--snap", o.snap, "Vertices this close (display-CRS units: metres or feet) count as shared; "
                                   "default spdep poly2nb's sqrt(machine epsilon)");
  cmd.add_option("--permutations", o.permutations, "Random permutations for the pseudo p (0: none)")->capture_default_str();
  cmd.add_option("--seed", o.seed, "Seed of the permutations (std::mt19937_64)")->capture_default_str();
  cmd.add_option("--id", o.id, "Field naming the areas in reports (default: GEOID or id when present)");
  cmd.add_flag("--json", o.json, "Print JSON on stdout");
}

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

// `moran --rate CASES/POP --eb`: the Assunção–Reis EB Moran's I of the rate.
void runEbMoran(const SpatialOptions& o) {
  const auto [cases, population] = rateFields(o.rate);
  SpatialInput in = loadSpatial(o, {cases, population});
  const analysis::EbMoran m = analysis::ebMoran(in.values, in.others[0], in.weights, o.permutations, o.seed);
  reportIslands(in);
  if (o.json) {
    nlohmann::json j = {{"rate", o.rate}, {"cases", cases}, {"population", population}, {"eb", true}, {"n", in.rows.size()},
                        {"areas_missing", in.missing}, {"weights", weightsJson(in, o)}, {"I", m.I},
                        {"permutations", m.permutations}, {"seed", o.seed}, {"pseudo_p", optionalJson(m.pseudoP)}};
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << cases << "/" << population << ": EB Moran's I (Assunção–Reis) " << fixed(m.I, 6) << ", " << in.rows.size()
            << " areas, " << analysis::weightsSpecPhrase(analysis::parseWeightsSpec(o.weights)) << ", " << in.missing << " missing\n";
  if (m.pseudoP)
    std::cout << "  permutations:  pseudo p " << fixed(*m.pseudoP, 4) << " from " << m.permutations << " (seed " << o.seed << ")\n";
}

void runMoran(const SpatialOptions& o) {
  if (o.eb || !o.rate.empty()) {
    if (!o.eb || o.rate.empty()) throw UsageError("--eb and --rate CASES/POP go together (EB Moran's I of a rate)");
    if (!o.field.empty()) throw UsageError("--rate replaces --field: give one");
    runEbMoran(o);
    return;
  }
  if (o.field.empty()) throw UsageError("--field is required (or --rate CASES/POP --eb)");
  SpatialInput in = loadSpatial(o, {o.field});
  analysis::GlobalMoran m = analysis::globalMoran(in.values, in.weights, o.permutations, o.seed);
  reportIslands(in);
  if (o.json) {
    auto test = [](const analysis::MoranTest& t) {
      return nlohmann::json{{"variance", t.variance}, {"z", t.z}, {"p_greater", t.pGreater}, {"p_two_sided", t.pTwoSided}};
    };
    nlohmann::json j = {{"field", o.field},
                        {"n", m.n},
                        {"n_adjusted", m.nAdjusted},
                        {"areas_missing", in.missing},
                        {"missing_reasons", missingReasonsJson(in.missingReasons)},
                        {"weights", weightsJson(in, o)},
                        {"I", m.I},
                        {"expected", m.expected},
                        {"s0", m.s0},
                        {"s1", m.s1},
                        {"s2", m.s2},
                        {"kurtosis", m.kurtosis},
                        {"normal", test(m.normal)},
                        {"randomisation", test(m.randomisation)},
                        {"permutations", m.permutations},
                        {"seed", o.seed},
                        {"pseudo_p", optionalJson(m.pseudoP)},
                        {"permutation_mean", optionalJson(m.permutationMean)},
                        {"permutation_sd", optionalJson(m.permutationSd)}};
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << o.field << ": Moran's I " << fixed(m.I, 6) << " (E[I] " << fixed(m.expected, 6) << "), " << m.n << " areas, "
            << analysis::weightsSpecPhrase(analysis::parseWeightsSpec(o.weights)) << ", " << in.weights.linkCount() << " links, " << m.islands << " islands, "
            << in.missing << " missing\n";
  std::cout << "  normality:     z " << fixed(m.normal.z, 4) << "  p " << std::setprecision(4) << m.normal.pGreater
            << " (one-sided, greater)\n";
  std::cout << "  randomisation: z " << fixed(m.randomisation.z, 4) << "  p " << std::setprecision(4)
            << m.randomisation.pGreater << " (one-sided, greater)\n";
  if (m.pseudoP)
    std::cout << "  permutations:  pseudo p " << fixed(*m.pseudoP, 4) << " from " << m.permutations << " (seed " << o.seed << ")\n";
}

void runLisa(const SpatialOptions& o) {
  if (!o.out.empty()) {
    const auto outDir = std::filesystem::absolute(o.out).parent_path();
    if (!std::filesystem::is_directory(outDir))
      throw Error(o.out + ": cannot write: folder " + outDir.string() + " does not exist");
  }
  if (o.field.empty()) throw UsageError("--field is required");
  const analysis::PCorrection correction = analysis::parsePCorrection(o.correction);
  if (!analysis::isBinary(analysis::parseWeightsSpec(o.weights)))
    throw UsageError("lisa uses binary weights (queen, rook, knn:K or distance:D); idw:D is for moran");
  SpatialInput in = loadSpatial(o, {o.field});
  analysis::LocalMoran l = analysis::localMoran(in.values, in.weights, o.permutations, o.seed, o.alpha);
  analysis::correctLocalMoran(l, in.values, correction);
  reportIslands(in);

  if (!o.out.empty()) {
    Layer out = std::move(in.layer);
    const std::size_t rows = out.featureCount();
    std::vector<const analysis::LocalMoranArea*> byRow(rows, nullptr);
    for (std::size_t k = 0; k < in.rows.size(); ++k) byRow[in.rows[k]] = &l.areas[k];
    auto numberColumn = [&](const std::string& name, auto get) {
      Column c(name, FieldType::Real);
      for (std::size_t r = 0; r < rows; ++r) {
        std::optional<double> v = byRow[r] ? get(*byRow[r]) : std::nullopt;
        v ? c.appendNumber(*v) : c.appendMissing();
      }
      out.attributes.addColumn(std::move(c));
    };
    numberColumn("lisa_i", [](const analysis::LocalMoranArea& a) { return std::optional<double>(a.Ii); });
    numberColumn("lisa_e", [](const analysis::LocalMoranArea& a) { return std::optional<double>(a.expected); });
    numberColumn("lisa_var", [](const analysis::LocalMoranArea& a) { return std::optional<double>(a.variance); });
    numberColumn("lisa_z", [](const analysis::LocalMoranArea& a) { return a.z; });
    numberColumn("lisa_p", [](const analysis::LocalMoranArea& a) { return a.p; });
    numberColumn("lisa_pseudo_p", [](const analysis::LocalMoranArea& a) { return a.pseudoP; });
    if (correction != analysis::PCorrection::None)
      numberColumn("lisa_p_adjusted", [](const analysis::LocalMoranArea& a) { return a.pAdjusted; });
    Column cluster("lisa_cluster", FieldType::String);
    for (std::size_t r = 0; r < rows; ++r) {
      if (!byRow[r]) cluster.appendText("no data");
      else cluster.appendText(std::string(analysis::lisaClusterLabel(byRow[r]->cluster)));
    }
    out.attributes.addColumn(std::move(cluster));
    io::writeLayer(out, o.out);
    in.layer = std::move(out);
    in.idColumn = findIdColumn(in.layer, o.id);  // the columns moved when the LISA columns were added
  }

  static constexpr analysis::LisaCluster kOrder[] = {analysis::LisaCluster::HighHigh, analysis::LisaCluster::LowLow,
                                                     analysis::LisaCluster::HighLow, analysis::LisaCluster::LowHigh,
                                                     analysis::LisaCluster::NotSignificant};
  if (o.json) {
    nlohmann::json counts;
    for (analysis::LisaCluster c : kOrder) counts[std::string(analysis::lisaClusterLabel(c))] = l.counts[static_cast<int>(c)];
    nlohmann::json areas = nlohmann::json::array();
    for (std::size_t k = 0; k < l.areas.size(); ++k) {
      const analysis::LocalMoranArea& a = l.areas[k];
      nlohmann::json j = areaRef(in, in.rows[k]);
      j["Ii"] = a.Ii;
      j["expected"] = a.expected;
      j["variance"] = a.variance;
      j["z"] = optionalJson(a.z);
      j["p"] = optionalJson(a.p);
      j["pseudo_p"] = optionalJson(a.pseudoP);
      j["p_adjusted"] = optionalJson(a.pAdjusted);
      j["cluster"] = analysis::lisaClusterLabel(a.cluster);
      j["island"] = a.island;
      areas.push_back(j);
    }
    nlohmann::json j = {{"field", o.field}, {"n", l.areas.size()}, {"areas_missing", in.missing},
                        {"missing_reasons", missingReasonsJson(in.missingReasons)},
                        {"weights", weightsJson(in, o)}, {"permutations", l.permutations}, {"seed", o.seed},
                        {"alpha", l.alpha}, {"significance", l.usedPseudoP ? "pseudo_p" : "p"},
                        {"correction", analysis::pCorrectionName(l.correction)}, {"comparisons", l.comparisons},
                        {"cluster_counts", counts}, {"areas", areas}};
    if (!o.out.empty()) j["out"] = o.out;
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << o.field << ": local Moran's I over " << l.areas.size() << " areas (" << analysis::weightsSpecPhrase(analysis::parseWeightsSpec(o.weights)) << ", "
            << in.missing << " missing), clusters at " << (l.usedPseudoP ? "pseudo p" : "p") << " ≤ "
            << formatNumber(o.alpha) << (l.usedPseudoP ? " from " + std::to_string(l.permutations) + " permutations" : "")
            << ", " << analysis::pCorrectionPhrase(l.correction, l.comparisons) << "\n";
  for (analysis::LisaCluster c : kOrder)
    std::cout << "  " << analysis::lisaClusterLabel(c) << "  " << l.counts[static_cast<int>(c)] << "\n";
  if (!o.out.empty()) std::cout << "wrote " << o.out << "\n";
}

}  // namespace

void addMoranCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<SpatialOptions>();
  CLI::App* cmd = app.add_subcommand("moran", "Global Moran's I with contiguity weights: E[I], z and p under normality "
                                              "and randomisation, and a permutation pseudo p.");
  addSpatialOptions(*cmd, *o);
  cmd->add_option("--rate", o->rate, "With --eb: CASES/POPULATION, two count fields (replaces --field)");
  cmd->add_flag("--eb", o->eb, "Assunção–Reis empirical Bayes Moran's I of --rate (spdep::EBImoran.mc)");
  cmd->callback([o, &exitCode] {
    runMoran(*o);
    exitCode = 0;
  });
}

void addLisaCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<SpatialOptions>();
  CLI::App* cmd = app.add_subcommand("lisa", "Local Moran's I per area with conditional-permutation pseudo p and "
                                             "cluster labels (high-high, low-low, high-low, low-high).");
  addSpatialOptions(*cmd, *o);
  cmd->add_option("--alpha", o->alpha, "Significance level for the cluster labels")->capture_default_str();
  cmd->add_option("--correction", o->correction, "Multiple comparisons: none, bonferroni or fdr (Benjamini-Hochberg)")
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Write the layer with lisa_* fields (.gpkg, .geojson, .fgb, .csv)");
  cmd->callback([o, &exitCode] {
    runLisa(*o);
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
