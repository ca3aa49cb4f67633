// Headless summary of a project or data files: what `mobmap PATH...` shows without a viewer.
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/detail/json_output.h"
#include "cli/detail/metric_summary.h"
#include "core/error.h"
#include "io/joined_source.h"
#include "io/project_file.h"
#include "io/source_reader.h"

namespace mobmap::cli {

namespace {

void printLayerLine(const std::string& label, const std::string& path, const std::string& layer) {
  for (const io::LayerInfo& info : io::describeSource(path, layer)) {
    const bool table = info.geometryType == "None";
    std::cout << "  " << label << ": " << info.featureCount << (table ? " rows" : " features, " + info.geometryType);
    if (!info.crs.empty()) std::cout << ", " << info.crs;
    std::cout << ", " << info.fields.size() << " fields  (" << path << ")\n";
    std::vector<std::string> names;
    for (const io::FieldInfo& f : info.fields) names.push_back(f.name);
    printMetricSummary(std::cout, names, "    ");
  }
}

int projectSummary(const std::string& file, bool json) {
  Project project = io::readProject(file);
  nlohmann::json out = {{"project", file}, {"title", project.title}, {"joins", nlohmann::json::array()}};
  if (!json) {
    std::cout << project.title << "\n";
    if (!project.description.empty()) std::cout << project.description << "\n";
    std::cout << "\nLayers and tables:\n";
    for (const ProjectLayer& l : project.layers) printLayerLine("layer " + l.name, l.source.string(), l.sourceLayer);
    for (const ProjectTable& t : project.tables) printLayerLine("table " + t.name, t.source.string(), t.sourceLayer);
    std::cout << "\nJoins:\n";
  }
  for (const ProjectJoin& j : project.joins) {
    const ProjectLayer& layer = *project.findLayer(j.layer);
    const ProjectTable& table = *project.findTable(j.table);
    io::JoinRequest request{layer.source.string(), layer.sourceLayer, table.source.string(), table.sourceLayer,
                            j.on, j.where, false, layer.crs, {}};
    io::JoinedLayer joined = io::loadJoined(request);
    if (json) {
      nlohmann::json r = joinReportJson(joined.report);
      r["layer"] = j.layer;
      r["table"] = j.table;
      r["on"] = j.on;
      r["where"] = j.where;
      out["joins"].push_back(r);
    } else {
      std::cout << joinReportText(joined.report, j.layer, j.table + (j.where.empty() ? "" : " [" + j.where + "]"));
    }
  }
  if (!json && !project.views.empty()) {
    std::cout << "\nViews:\n";
    for (const ProjectView& v : project.views) std::cout << "  " << v.name << ": " << v.title << " (" << v.layer << "." << v.field << ")\n";
  }
  if (json) std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace

int showSummary(const std::vector<std::string>& paths, bool json) {
  try {
    if (paths.size() == 1 && io::isProjectFile(paths.front())) return projectSummary(paths.front(), json);
    nlohmann::json out = nlohmann::json::array();
    for (const std::string& p : paths) {
      if (json) {
        for (const io::LayerInfo& info : io::describeSource(p)) out.push_back({{"source", p}, {"layer", info.name}, {"feature_count", info.featureCount}});
      } else {
        printLayerLine("source", p, "");
      }
    }
    if (json) std::cout << out.dump(2) << "\n";
    return 0;
  } catch (const std::exception& e) {
    return reportFailure(e);
  }
}

}  // namespace mobmap::cli
