// `mobmap join BOUNDARIES TABLE --on LEFT=RIGHT [--layer NAME] [--where EXPR] [--out FILE] [--json]`.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/detail/json_output.h"
#include "io/joined_source.h"
#include "io/layer_writer.h"

namespace mobmap::cli {

namespace {
struct JoinOptions {
  io::JoinRequest request;
  std::string out;
  bool json = false;
};
}  // namespace

void addJoinCommand(CLI::App& app, int& exitCode) {
  auto opts = std::make_shared<JoinOptions>();
  CLI::App* cmd = app.add_subcommand(
      "join", "Join a table to boundaries on a key (GEOIDs normalised: lost leading zeros, reals, 1400000US "
              "prefixes, state+county) and report matched, unmatched and duplicate keys.");
  cmd->add_option("BOUNDARIES", opts->request.boundaries, "Vector source with the areas")->required();
  cmd->add_option("TABLE", opts->request.table, "Table to join (CSV, XLSX, ODS or any vector source)")->required();
  cmd->add_option("--on", opts->request.on, "LEFT=RIGHT key fields; RIGHT may be composite, e.g. GEOID=state+county")
      ->required();
  cmd->add_option("--layer", opts->request.boundaryLayer, "Layer of a multi-layer boundaries source");
  addAssignCrsOption(*cmd, opts->request.assignCrs);
  cmd->add_option("--table-layer", opts->request.tableLayer, "Sheet or layer of the table source");
  cmd->add_option("--where", opts->request.where,
                  "Row filter on the table in OGR SQL, e.g. \"year = 2023 AND subgroup = 'All'\"");
  cmd->add_option("--out", opts->out, "Write the joined layer (.gpkg, .geojson, .fgb or .csv)");
  cmd->add_flag("--json", opts->json, "Print the join report as JSON on stdout");
  cmd->callback([opts, &exitCode] {
    opts->request.withGeometry = !opts->out.empty();
    io::JoinedLayer joined = io::loadJoined(opts->request);
    for (const std::string& w : joined.layer.warnings) std::cerr << "mobmap: warning: " << w << "\n";
    if (!opts->out.empty()) io::writeLayer(joined.layer, opts->out);
    if (opts->json) {
      nlohmann::json j = joinReportJson(joined.report);
      j["boundaries"] = opts->request.boundaries;
      j["table"] = opts->request.table;
      j["on"] = opts->request.on;
      j["where"] = opts->request.where.empty() ? nlohmann::json(nullptr) : nlohmann::json(opts->request.where);
      j["out"] = opts->out.empty() ? nlohmann::json(nullptr) : nlohmann::json(opts->out);
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << joinReportText(joined.report, opts->request.boundaries, opts->request.table);
      if (!opts->out.empty()) std::cout << "wrote " << opts->out << "\n";
    }
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
