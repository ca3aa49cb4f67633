// `mobmap info PATH [--layer NAME] [--json]`: what a source holds.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/detail/json_output.h"
#include "cli/detail/metric_summary.h"
#include "core/text.h"
#include "io/source_reader.h"

namespace mobmap::cli {

namespace {

struct InfoOptions {
  std::string path;
  std::string layer;
  std::string assignCrs;
  bool json = false;
};

nlohmann::json layerJson(const io::LayerInfo& info) {
  nlohmann::json fields = nlohmann::json::array();
  std::vector<std::string> names;
  for (const io::FieldInfo& f : info.fields) {
    nlohmann::json field = {{"name", f.name}, {"type", fieldTypeName(f.type)}};
    if (!f.missing.empty()) field["missing_reasons"] = missingReasonsJson(f.missing);
    if (!f.readNote.empty()) field["read_as"] = f.readNote;
    if (!f.qualityForm.empty()) field["quality_flags"] = f.qualityForm;
    fields.push_back(std::move(field));
    names.push_back(f.name);
  }
  nlohmann::json j = {{"name", info.name},
                      {"feature_count", info.featureCount},
                      {"geometry_type", info.geometryType},
                      {"crs", info.crs.empty() ? nlohmann::json(nullptr) : nlohmann::json(info.crs)},
                      {"extent", extentJson(info.extent)},
                      {"fields", fields}};
  if (!info.assumedCrs.empty()) j["assumed_crs"] = info.assumedCrs;
  if (!info.subgroups.empty()) {
    nlohmann::json groups = nlohmann::json::array();
    for (const io::SubgroupInfo& s : info.subgroups)
      groups.push_back({{"subgroup_type", s.type}, {"subgroup", s.subgroup}, {"rows", s.rows}});
    j["subgroups"] = groups;
  }
  if (nlohmann::json metrics = metricSummaryJson(names); !metrics.empty()) j["mobility_metrics"] = metrics;
  j["warnings"] = info.warnings;
  return j;
}

void printHuman(const std::string& path, const std::vector<io::LayerInfo>& layers) {
  std::cout << path << "\n";
  for (const io::LayerInfo& info : layers) {
    std::cout << "  layer '" << info.name << "': " << info.featureCount << " features, geometry " << info.geometryType;
    if (!info.crs.empty())
      std::cout << ", CRS " << info.crs;
    else if (info.geometryType != "None")
      std::cout << ", CRS unknown" << (info.assumedCrs.empty() ? "" : " (assumed " + info.assumedCrs + ")");
    std::cout << "\n";
    if (!info.extent.empty())
      std::cout << "    extent: " << formatNumber(info.extent.minX) << ", " << formatNumber(info.extent.minY) << " to "
                << formatNumber(info.extent.maxX) << ", " << formatNumber(info.extent.maxY) << "\n";
    std::cout << "    fields (" << info.fields.size() << "):";
    std::vector<std::string> names;
    for (const io::FieldInfo& f : info.fields) {
      std::cout << " " << f.name << " (" << fieldTypeName(f.type) << ")";
      names.push_back(f.name);
    }
    std::cout << "\n";
    for (const io::FieldInfo& f : info.fields) {
      std::string why = describeMissingCounts(f.missing);
      bool coded = false;
      for (const auto& [reason, n] : f.missing) coded = coded || (reason != MissingReason::Blank && reason != MissingReason::NotAvailable);
      if (coded) std::cout << "    " << f.name << " missing: " << why << "\n";
      if (!f.readNote.empty()) std::cout << "    " << f.name << ": " << f.readNote << "\n";
      if (f.qualityForm == "words") std::cout << "    " << f.name << ": quality flags as words (Strong / Marginal / Weak)\n";
    }
    if (!info.subgroups.empty()) {
      std::cout << "    subgroups as written (subgroup_type: subgroup, rows):\n";
      for (const io::SubgroupInfo& s : info.subgroups)
        std::cout << "      " << (s.type.empty() ? "-" : s.type) << ": " << s.subgroup << " (" << s.rows << ")\n";
    }
    printMetricSummary(std::cout, names, "    ");
  }
}

}  // namespace

void addInfoCommand(CLI::App& app, int& exitCode) {
  auto opts = std::make_shared<InfoOptions>();
  CLI::App* cmd = app.add_subcommand("info", "Describe the layers of a vector source or table: feature count, "
                                             "geometry type, CRS, extent, fields, Mobility Metrics columns.");
  cmd->add_option("PATH", opts->path, "Shapefile (also .zip), GeoJSON, GeoPackage, TopoJSON, FlatGeobuf, KML, CSV, XLSX, ODS")
      ->required();
  cmd->add_option("--layer", opts->layer, "Describe only this layer of a multi-layer source");
  addAssignCrsOption(*cmd, opts->assignCrs);
  cmd->add_flag("--json", opts->json, "Print machine-readable JSON on stdout");
  cmd->callback([opts, &exitCode] {
    std::vector<io::LayerInfo> layers = io::describeSource(opts->path, opts->layer, opts->assignCrs);
    for (const io::LayerInfo& info : layers)
      for (const std::string& w : info.warnings) std::cerr << "mobmap: warning: " << opts->path << ": " << w << "\n";
    if (opts->json) {
      nlohmann::json out = {{"source", opts->path}, {"layers", nlohmann::json::array()}};
      for (const io::LayerInfo& info : layers) out["layers"].push_back(layerJson(info));
      std::cout << out.dump(2) << "\n";
    } else {
      printHuman(opts->path, layers);
    }
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
