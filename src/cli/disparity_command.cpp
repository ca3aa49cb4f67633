// `mobmap disparity DATA --field F --groups G1,G2,... [--reference-group G] [--by FIELD] [--json]`.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>

#include "analysis/disparity.h"
#include "cli/commands.h"
#include "cli/detail/json_output.h"
#include "cli/detail/stats_input.h"
#include "core/error.h"
#include "core/metric_columns.h"
#include "core/group_overlap.h"
#include "core/text.h"

namespace mobmap::cli {

namespace {

struct DisparityOptions {
  StatsSource source;
  std::string field, reference, by, total;
  std::vector<std::string> groups;
  bool percent = false, share = false, json = false;
};

nlohmann::json tableJson(const analysis::DisparityTable& t) {
  nlohmann::json groups = nlohmann::json::array();
  for (const analysis::DisparityGroup& g : t.groups)
    groups.push_back({{"group", g.name}, {"people", g.people}, {"mean", optionalJson(g.mean)}, {"gap", optionalJson(g.gap)},
                      {"ratio", optionalJson(g.ratio)}, {"people_left_out", g.peopleLeftOut}});
  return {{"areas", t.areas}, {"areas_used", t.areasUsed}, {"areas_missing_field", t.areasMissingField},
          {"areas_missing_count", t.areasMissingCount}, {"groups", groups}};
}

void printTable(const analysis::DisparityTable& t, const std::string& indent) {
  std::cout << indent << "group  people  mean  gap  ratio  (people left out)\n";
  for (const analysis::DisparityGroup& g : t.groups)
    std::cout << indent << g.name << "  " << std::fixed << std::setprecision(0) << g.people << "  " << optionalText(g.mean)
              << "  " << optionalText(g.gap) << "  " << optionalText(g.ratio) << "  (" << std::setprecision(0)
              << g.peopleLeftOut << ")\n";
}

void runDisparity(const DisparityOptions& o) {
  if (o.groups.empty()) throw UsageError("--groups needs at least one count field");
  if ((o.percent || o.share) && o.total.empty()) throw UsageError("--percent and --share need --total (the count they are shares of)");
  if (o.percent && o.share) throw UsageError("use --percent or --share, not both");
  std::size_t reference = 0;
  if (!o.reference.empty()) {
    reference = o.groups.size();
    for (std::size_t g = 0; g < o.groups.size(); ++g)
      if (toLower(o.groups[g]) == toLower(o.reference)) reference = g;
    if (reference == o.groups.size()) throw UsageError("--reference-group '" + o.reference + "' is not one of --groups");
  }
  Layer layer = loadStatsLayer(o.source, false);
  const auto field = numericField(layer, o.field);
  std::vector<std::vector<std::optional<double>>> counts;
  std::vector<std::optional<double>> total;
  if (!o.total.empty()) total = numericField(layer, o.total);
  for (const std::string& g : o.groups) {
    auto values = numericField(layer, g);
    if (o.percent || o.share) {
      const double scale = o.percent ? 100.0 : 1.0;
      for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = values[i] && total[i] ? std::optional<double>(*values[i] / scale * *total[i]) : std::nullopt;
    }
    counts.push_back(std::move(values));
  }
  analysis::DisparityTable all = analysis::disparity(field, o.groups, counts, reference);
  std::string overlap;
  if (!o.total.empty()) {
    std::vector<std::string> names;
    for (const Column& c : layer.attributes.columns()) names.push_back(c.name());
    overlap = groupOverlapWarning(findGroupOverlap(counts, total, o.groups, names), o.total);
    if (!overlap.empty()) std::cerr << "mobmap: warning: " << overlap << "\n";
  }
  // A median or per-capita value averaged over each group's members is not the group's median.
  const std::string nonAdditive = nonAdditiveWarning(o.field, "averaged, weighted by each group's members,");
  if (!nonAdditive.empty()) std::cerr << "mobmap: warning: " << nonAdditive << "\n";
  std::optional<analysis::DisparityByQuintile> byQ;
  if (!o.by.empty()) byQ = analysis::disparityByQuintile(field, o.groups, counts, reference, numericField(layer, o.by));

  if (o.json) {
    nlohmann::json j = tableJson(all);
    j["field"] = o.field;
    j["reference_group"] = o.groups[reference];
    j["counts_from"] = o.percent ? "percent of total" : o.share ? "share of total" : "counts";
    j["warnings"] = nlohmann::json::array();
    if (!overlap.empty()) j["warnings"].push_back(overlap);
    if (!nonAdditive.empty()) j["warnings"].push_back(nonAdditive);
    if (byQ) {
      nlohmann::json qs = nlohmann::json::array();
      for (std::size_t q = 0; q < byQ->quintiles.size(); ++q) {
        nlohmann::json t = tableJson(byQ->quintiles[q]);
        t["quintile"] = q + 1;
        t["range"] = {byQ->breaks[q], byQ->breaks[q + 1]};
        qs.push_back(t);
      }
      j["by"] = {{"field", o.by}, {"breaks", byQ->breaks}, {"areas_missing", byQ->areasMissingBy}, {"quintiles", qs}};
    }
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << o.field << " experienced by each group's members (reference " << o.groups[reference] << "), "
            << all.areasUsed << " of " << all.areas << " areas; " << all.areasMissingField << " without " << o.field
            << " left out\n";
  printTable(all, "  ");
  if (byQ) {
    for (std::size_t q = 0; q < byQ->quintiles.size(); ++q) {
      std::cout << "quintile " << q + 1 << " of " << o.by << " (" << formatNumber(byQ->breaks[q]) << " – "
                << formatNumber(byQ->breaks[q + 1]) << "), " << byQ->quintiles[q].areasUsed << " areas\n";
      printTable(byQ->quintiles[q], "  ");
    }
    if (byQ->areasMissingBy > 0) std::cout << byQ->areasMissingBy << " areas without " << o.by << " are in no quintile\n";
  }
}

}  // namespace

void addDisparityCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<DisparityOptions>();
  CLI::App* cmd = app.add_subcommand("disparity", "The mean of a field experienced by each group's members, with the "
                                                  "gap and ratio to a reference group.");
  addStatsSourceOptions(*cmd, o->source);
  cmd->add_option("--field", o->field, "Area value F (e.g. a poverty rate)")->required();
  cmd->add_option("--groups", o->groups, "Count fields of the groups, G1,G2,...")->delimiter(',')->required();
  cmd->add_option("--reference-group", o->reference, "Group the others are compared with (default: the first)");
  cmd->add_option("--by", o->by, "Also give the table within quintiles of this field");
  cmd->add_option("--total", o->total, "Total population field, for --percent / --share");
  cmd->add_flag("--percent", o->percent, "The group fields are percentages (0-100) of --total");
  cmd->add_flag("--share", o->share, "The group fields are shares (0-1) of --total");
  cmd->add_flag("--json", o->json, "Print JSON on stdout");
  cmd->callback([o, &exitCode] {
    runDisparity(*o);
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
