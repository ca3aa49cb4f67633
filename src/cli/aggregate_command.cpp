// `mobmap aggregate SOURCE TARGET --sum F1,F2 [--mean F3] [--weight POP] [--moe F=MOE] [--rate NAME=NUM/DEN]
//   [--key SRC=TGT] [--source-layer L] [--target-layer L] [--join TABLE --on L=R] [--out FILE] [--json]`
// and `mobmap dissolve SOURCE --key FIELD --area "NAME=K1,K2,..." ... [same field options]`: moving source
// areas' values (tracts) onto target areas (neighborhoods) or onto custom areas made of selected sources.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <unordered_map>

#include "analysis/aggregated_layer.h"
#include "analysis/aggregation.h"
#include "analysis/dissolve.h"
#include "analysis/moe.h"
#include "cli/commands.h"
#include "cli/detail/json_output.h"
#include "core/column_roles.h"
#include "core/error.h"
#include "core/geoid.h"
#include "core/text.h"
#include "crs/display_crs.h"
#include "io/joined_source.h"
#include "io/layer_writer.h"
#include "io/source_reader.h"

namespace mobmap::cli {

namespace {

struct FieldOptions {
  std::vector<std::string> sum, mean, moe, rate;
  std::string weight;
  std::string source, sourceLayer, assignCrs;
  std::string join, joinLayer, on;
  std::string out;
  bool json = false;
};

struct AggregateOptions : FieldOptions {
  std::string target, targetLayer, key, targetAssignCrs;
  double sliverShare = 1e-6;
};

struct DissolveOptions : FieldOptions {
  std::string key;
  std::vector<std::string> areas;
};

void addFieldOptions(CLI::App* cmd, FieldOptions& o) {
  cmd->add_option("--sum", o.sum, "Count fields to sum (apportioned by area share without --key)")->delimiter(',');
  cmd->add_option("--mean", o.mean, "Rate or share fields to average (weighted by --weight, else by area)")
      ->delimiter(',');
  cmd->add_option("--weight", o.weight, "Population count field weighting the means (intersection population)");
  cmd->add_option("--moe", o.moe, "Margins of error: FIELD=MOEFIELD,... (ACS 90% MOEs)")->delimiter(',');
  cmd->add_option("--rate", o.rate, "Rates from aggregated counts: NAME=NUMERATOR/DENOMINATOR,...")->delimiter(',');
  cmd->add_option("--source-layer", o.sourceLayer, "Layer of a multi-layer source");
  addAssignCrsOption(*cmd, o.assignCrs);
  cmd->add_option("--join", o.join, "Table joined to the source areas first (e.g. ACS counts by GEOID)");
  cmd->add_option("--on", o.on, "Join key LEFT=RIGHT for --join");
  cmd->add_option("--out", o.out, "Write the areas with the aggregated fields (.gpkg, .geojson, .fgb or .csv)");
  cmd->add_flag("--json", o.json, "Print the result as JSON on stdout");
}

analysis::AggregationRequest requestFrom(const FieldOptions& o) {
  analysis::AggregationRequest req;
  req.sumFields = o.sum;
  req.meanFields = o.mean;
  req.weightField = o.weight;
  for (const std::string& m : o.moe) {
    const std::size_t eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
      throw UsageError("--moe '" + m + "': expected FIELD=MOEFIELD");
    req.moeFields.emplace_back(std::string(trim(m.substr(0, eq))), std::string(trim(m.substr(eq + 1))));
  }
  for (const std::string& r : o.rate) req.rates.push_back(analysis::RateSpec::parse(r));
  if (req.sumFields.empty() && req.meanFields.empty() && req.rates.empty())
    throw UsageError("nothing to aggregate: give --sum, --mean or --rate");
  if (o.join.empty() != o.on.empty()) throw UsageError("--join and --on go together");
  return req;
}

// Reads the source areas (joined to a table when asked); with no join only the fields needed are read.
Layer readSource(const FieldOptions& o, const analysis::AggregationRequest& req, const std::string& key) {
  if (!o.join.empty()) {
    io::JoinRequest jr;
    jr.boundaries = o.source;
    jr.boundaryLayer = o.sourceLayer;
    jr.table = o.join;
    jr.tableLayer = o.joinLayer;
    jr.on = o.on;
    jr.assignCrs = o.assignCrs;
    io::JoinedLayer joined = io::loadJoined(jr);
    std::cerr << "mobmap: join: matched " << joined.report.matched << " of " << joined.layer.featureCount()
              << " source areas\n";
    return std::move(joined.layer);
  }
  std::vector<std::string> wanted = req.sumFields;
  wanted.insert(wanted.end(), req.meanFields.begin(), req.meanFields.end());
  for (const auto& [f, m] : req.moeFields) wanted.push_back(m);
  for (const analysis::RateSpec& r : req.rates) {
    wanted.push_back(r.numerator);
    wanted.push_back(r.denominator);
  }
  if (!req.weightField.empty()) wanted.push_back(req.weightField);
  for (const std::string& k : KeySpec::parse(key.empty() ? "GEOID" : key).columns) wanted.push_back(k);
  wanted.push_back("GEOID");
  wanted.push_back("geoid10");
  io::ReadOptions options;
  options.onlyFields = std::move(wanted);
  options.assignCrs = o.assignCrs;
  return io::readLayer(o.source, o.sourceLayer, options);
}

// A short label for each row: `preferred`, else the area name column, else the area key (core/column_roles.h),
// else "row N".
std::vector<std::string> rowLabels(const AttributeTable& t, const std::string& preferred) {
  const Column* col = preferred.empty() ? nullptr : t.find(preferred);
  if (!col) col = areaNameColumn(t);
  if (!col) col = areaKeyColumn(t);
  std::vector<std::string> labels(t.rowCount());
  for (std::size_t r = 0; r < labels.size(); ++r)
    labels[r] = col && !col->isMissing(r) ? col->displayText(r) : "row " + std::to_string(r + 1);
  return labels;
}

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

std::string fmt(double v, int digits = 6) {
  if (!std::isfinite(v)) return "NA";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

// Why source values were missing, per aggregated field (Census codes, NA, ...): {"field": {reason: ...}}.
nlohmann::json sourceMissingReasons(const Layer& source, const analysis::AggregationResult& r) {
  nlohmann::json out = nlohmann::json::object();
  for (const analysis::AggregatedField& f : r.fields)
    if (const Column* c = source.attributes.find(f.name)) out[f.name] = missingReasonsJson(c->missingCounts());
  return out;
}

nlohmann::json resultJson(const analysis::AggregationResult& r, const std::vector<std::string>& targetLabels,
                          const std::vector<std::string>& sourceLabels) {
  using nlohmann::json;
  json j;
  j["method"] = std::string(analysis::methodName(r.method));
  j["source_areas"] = r.sourceCount;
  j["target_areas"] = r.targetCount;
  j["sliver_share"] = r.method == analysis::AggregationMethod::AreaWeighted ? json(r.sliverShare) : json(nullptr);
  json fields = json::array(), totals = json::object();
  for (const analysis::AggregatedField& f : r.fields) {
    fields.push_back({{"name", f.name},
                      {"kind", std::string(analysis::fieldKindName(f.kind))},
                      {"moe_field", f.moeField.empty() ? json(nullptr) : json(f.moeField)},
                      {"ratio_formula_fallbacks", f.ratioFormulaFallbacks}});
    if (f.kind == analysis::FieldKind::Sum)
      totals[f.name] = {{"sources", f.sourceTotal},
                        {"targets", f.targetTotal},
                        {"uncovered", f.uncoveredTotal},
                        {"difference", f.sourceTotal - f.targetTotal - f.uncoveredTotal}};
  }
  j["fields"] = fields;
  j["totals"] = totals;
  json examples = json::array();
  for (std::size_t i : r.outsideExamples) examples.push_back(sourceLabels[i]);
  j["diagnostics"] = {{"sources_outside", r.sourcesOutside},
                      {"sources_outside_examples", examples},
                      {"sources_partly_outside", r.sourcesPartlyOutside},
                      {"sources_without_key", r.sourcesWithoutKey},
                      {"sources_in_overlap", r.sourcesInOverlap},
                      {"targets_without_sources", r.targetsWithoutSources},
                      {"duplicate_target_keys", r.duplicateTargetKeys},
                      {"sources_repaired", r.sourcesRepaired},
                      {"targets_repaired", r.targetsRepaired},
                      {"slivers_dropped", r.sliversDropped}};
  j["notes"] = r.notes;
  j["warnings"] = r.warnings;
  json areas = json::array();
  for (std::size_t t = 0; t < r.targetCount; ++t) {
    json values = json::object(), moes = json::object(), cvs = json::object(), low = json::array(),
         missing = json::object();
    for (const analysis::AggregatedField& f : r.fields) {
      values[f.name] = number(f.value[t]);
      if (f.missing[t] > 0) missing[f.name] = f.missing[t];
      if (f.moe.empty()) continue;
      moes[f.name] = number(f.moe[t]);
      if (std::isfinite(f.value[t]) && std::isfinite(f.moe[t])) {
        cvs[f.name] = number(analysis::coefficientOfVariation(f.value[t], f.moe[t]));
        if (analysis::isLowReliability(f.value[t], f.moe[t])) low.push_back(f.name);
      } else {
        cvs[f.name] = nullptr;
      }
    }
    areas.push_back({{"row", t + 1},
                     {"label", targetLabels[t]},
                     {"sources", r.sourcesPerTarget[t]},
                     {"coverage", number(r.coverage[t])},
                     {"values", values},
                     {"moe", moes},
                     {"cv", cvs},
                     {"low_reliability", low},
                     {"missing_sources", missing}});
  }
  j["areas"] = areas;
  return j;
}

void printText(const analysis::AggregationResult& r, const std::vector<std::string>& targetLabels,
               const std::vector<std::string>& sourceLabels) {
  std::cout << analysis::methodName(r.method) << ": " << r.sourceCount << " source areas onto " << r.targetCount
            << " areas\n";
  for (const analysis::AggregatedField& f : r.fields)
    if (f.kind == analysis::FieldKind::Sum)
      std::cout << "  " << f.name << ": sources " << fmt(f.sourceTotal, 12) << " = areas " << fmt(f.targetTotal, 12)
                << " + uncovered " << fmt(f.uncoveredTotal, 12) << "\n";
  std::size_t partly = 0;
  for (double c : r.coverage)
    if (std::isfinite(c) && c < 0.99) ++partly;
  if (partly > 0) std::cout << "  " << partly << " areas less than 99% covered by source areas (see coverage)\n";
  if (!r.outsideExamples.empty()) {
    std::cout << "  outside every area: " << r.sourcesOutside << " (e.g.";
    for (std::size_t i : r.outsideExamples) std::cout << " " << sourceLabels[i];
    std::cout << ")\n";
  }
  for (const std::string& n : r.notes) std::cout << "  note: " << n << "\n";
  const std::size_t shown = std::min<std::size_t>(r.targetCount, 100);
  std::cout << "area\tsources\tcoverage";
  for (const analysis::AggregatedField& f : r.fields) std::cout << "\t" << f.name << (f.moe.empty() ? "" : "\t±90%");
  std::cout << "\n";
  for (std::size_t t = 0; t < shown; ++t) {
    std::cout << targetLabels[t] << "\t" << r.sourcesPerTarget[t] << "\t" << fmt(r.coverage[t], 4);
    for (const analysis::AggregatedField& f : r.fields) {
      std::cout << "\t" << fmt(f.value[t]);
      if (f.moe.empty()) continue;
      std::cout << "\t" << fmt(f.moe[t], 4);
      if (std::isfinite(f.value[t]) && std::isfinite(f.moe[t]) && analysis::isLowReliability(f.value[t], f.moe[t]))
        std::cout << " (CV>40%)";
    }
    std::cout << "\n";
  }
  if (shown < r.targetCount) std::cout << "... " << (r.targetCount - shown) << " more areas (use --json or --out)\n";
}

void runAggregate(const AggregateOptions& o) {
  analysis::AggregationRequest req = requestFrom(o);
  req.sliverShare = o.sliverShare;
  std::string targetKey;
  if (!o.key.empty()) {
    const std::size_t eq = o.key.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == o.key.size())
      throw UsageError("--key '" + o.key + "': expected SOURCE_FIELD=TARGET_FIELD");
    req.sourceKey = std::string(trim(o.key.substr(0, eq)));
    req.targetKey = targetKey = std::string(trim(o.key.substr(eq + 1)));
  }
  Layer source = readSource(o, req, req.sourceKey);
  io::ReadOptions targetOptions;
  targetOptions.assignCrs = o.targetAssignCrs;
  const Layer target = io::readLayer(o.target, o.targetLayer, targetOptions);
  if (target.featureCount() == 0) throw Error(o.target + ": the target layer has no features");
  if (source.featureCount() == 0) throw Error(o.source + ": the source layer has no features");
  for (const Layer* l : {static_cast<const Layer*>(&source), &target})
    for (const std::string& w : l->warnings) std::cerr << "mobmap: warning: " << w << "\n";

  // Work in the source's projected CRS, or an equal-area one fitted to lon/lat sources; only shares of each
  // source's area are used, so a local projected CRS is as good as an equal-area one.
  // Aggregation by key needs no CRS: a layer without one is used in its own coordinates (coverage, the one
  // thing measured, is left out when only one side has a CRS and the two cannot be compared).
  Layer work = target;
  std::string workCrs;
  const bool noCrs = source.crsDefinition.empty() || target.crsDefinition.empty();
  const bool coverageUnknown = noCrs && !req.sourceKey.empty() && source.crsDefinition != target.crsDefinition;
  if (!noCrs || req.sourceKey.empty()) {
    workCrs = crs::chooseDisplayCrs(source);
    crs::reprojectLayer(source, workCrs);
    crs::reprojectLayer(work, workCrs);
  }
  source.source = o.source;
  work.source = o.target;

  analysis::AggregationResult r = analysis::aggregate(source, work, req);
  if (coverageUnknown) {
    std::fill(r.coverage.begin(), r.coverage.end(), std::nan(""));
    r.notes.push_back("coverage is not computed: only one of the layers has a CRS, so their areas cannot be compared");
  }
  for (const std::string& w : r.warnings) std::cerr << "mobmap: warning: " << w << "\n";
  const std::vector<std::string> targetLabels = rowLabels(target.attributes, "");
  const std::vector<std::string> sourceLabels = rowLabels(source.attributes, req.sourceKey);
  if (!o.out.empty()) io::writeLayer(analysis::aggregatedLayer(target, r), o.out);
  if (o.json) {
    nlohmann::json j = resultJson(r, targetLabels, sourceLabels);
    j["missing_reasons"] = sourceMissingReasons(source, r);
    j["source"] = o.source;
    j["target"] = o.target;
    j["crs"] = workCrs.empty() ? nlohmann::json(nullptr) : nlohmann::json(workCrs);
    j["key"] = o.key.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.key);
    j["weight"] = o.weight.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.weight);
    j["out"] = o.out.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.out);
    std::cout << j.dump(2) << "\n";
  } else {
    printText(r, targetLabels, sourceLabels);
    if (!o.out.empty()) std::cout << "wrote " << o.out << "\n";
  }
}

// Custom areas "NAME=K1,K2,..." resolved to source rows through the canonical keys of `keyField`.
std::vector<analysis::DissolveArea> resolveAreas(const DissolveOptions& o, const Layer& source) {
  const std::vector<std::string> keys = buildKeys(source.attributes, KeySpec::parse(o.key), o.source);
  std::unordered_map<std::string, std::vector<std::size_t>> rowsOf;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (!keys[i].empty()) rowsOf[keys[i]].push_back(i);
  std::vector<analysis::DissolveArea> areas;
  for (const std::string& spec : o.areas) {
    const std::size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("--area '" + spec + "': expected NAME=KEY1,KEY2,...");
    analysis::DissolveArea a{std::string(trim(spec.substr(0, eq))), {}};
    for (const std::string& k : split(spec.substr(eq + 1), ',')) {
      if (trim(k).empty()) continue;
      auto it = rowsOf.find(canonicalKeyPart(k));
      if (it == rowsOf.end())
        throw Error(o.source + ": custom area '" + a.name + "': no source area has " + o.key + " = '" +
                    std::string(trim(k)) + "'");
      a.members.insert(a.members.end(), it->second.begin(), it->second.end());
    }
    areas.push_back(std::move(a));
  }
  return areas;
}

void runDissolve(const DissolveOptions& o) {
  analysis::AggregationRequest req = requestFrom(o);
  Layer source = readSource(o, req, o.key);
  if (source.featureCount() == 0) throw Error(o.source + ": the source layer has no features");
  const std::vector<analysis::DissolveArea> areas = resolveAreas(o, source);
  const Layer dissolved = analysis::dissolveAreas(source, areas);
  source.source = o.source;
  const analysis::AggregationResult r = analysis::aggregateDissolved(source, areas, req);
  const std::vector<std::string> targetLabels = rowLabels(dissolved.attributes, "name");
  const std::vector<std::string> sourceLabels = rowLabels(source.attributes, o.key);
  if (!o.out.empty()) io::writeLayer(analysis::aggregatedLayer(dissolved, r), o.out);
  if (o.json) {
    nlohmann::json j = resultJson(r, targetLabels, sourceLabels);
    j["missing_reasons"] = sourceMissingReasons(source, r);
    j["source"] = o.source;
    j["key"] = o.key;
    j["out"] = o.out.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.out);
    std::cout << j.dump(2) << "\n";
  } else {
    printText(r, targetLabels, sourceLabels);
    if (!o.out.empty()) std::cout << "wrote " << o.out << "\n";
  }
}

}  // namespace

void addAggregateCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<AggregateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "aggregate",
      "Move source areas' values (tracts) onto target areas (neighborhoods): by key with --key, else by area "
      "overlay; counts summed, rates averaged, rates from counts, ACS margins of error, coverage reported.");
  cmd->add_option("SOURCE", o->source, "Source areas (e.g. tracts)")->required();
  cmd->add_option("TARGET", o->target, "Target areas (e.g. neighborhoods)")->required();
  cmd->add_option("--key", o->key, "SOURCE_FIELD=TARGET_FIELD: each source counts wholly in the target its key names");
  cmd->add_option("--target-layer", o->targetLayer, "Layer of a multi-layer target");
  cmd->add_option("--target-assign-crs", o->targetAssignCrs, "CRS of the target when its file declares none or a wrong one (as --assign-crs)");
  cmd->add_option("--sliver", o->sliverShare,
                  "Area-weighted: drop intersection pieces under this share of their source's area (default 1e-6)");
  addFieldOptions(cmd, *o);
  cmd->callback([o, &exitCode] {
    runAggregate(*o);
    exitCode = 0;
  });
}

void addDissolveCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<DissolveOptions>();
  CLI::App* cmd = app.add_subcommand(
      "dissolve", "Merge selected source areas into named custom areas and aggregate their values onto them.");
  cmd->add_option("SOURCE", o->source, "Source areas (e.g. tracts)")->required();
  cmd->add_option("--key", o->key, "Field identifying the source areas (e.g. GEOID)")->required();
  cmd->add_option("--area", o->areas, "A custom area NAME=KEY1,KEY2,... (repeat for more areas)")->required();
  addFieldOptions(cmd, *o);
  cmd->callback([o, &exitCode] {
    runDissolve(*o);
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
