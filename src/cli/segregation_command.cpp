// `mobmap segregation DATA --groups G1,G2,... [--total T] [--percent | --share] [--json]`.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>

#include "analysis/segregation.h"
#include "cli/commands.h"
#include "cli/detail/json_output.h"
#include "cli/detail/stats_input.h"
#include "core/error.h"
#include "core/group_overlap.h"

namespace mobmap::cli {

namespace {

struct SegregationOptions {
  StatsSource source;
  std::vector<std::string> groups;
  std::string total;
  bool percent = false, share = false, json = false;
};

void runSegregation(const SegregationOptions& o) {
  if (o.groups.size() < 2) throw UsageError("--groups needs at least two fields, e.g. --groups Wht14,Blk14,Hisp14");
  if ((o.percent || o.share) && o.total.empty()) throw UsageError("--percent and --share need --total (the count they are shares of)");
  if (o.percent && o.share) throw UsageError("use --percent or --share, not both");
  Layer layer = loadStatsLayer(o.source, false);

  analysis::SegregationInput in;
  in.groups = o.groups;
  if (!o.total.empty()) in.total = numericField(layer, o.total);
  for (const std::string& g : o.groups) {
    auto values = numericField(layer, g);
    if (o.percent || o.share) {
      const double scale = o.percent ? 100.0 : 1.0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        const auto& t = (*in.total)[i];
        values[i] = values[i] && t ? std::optional<double>(*values[i] / scale * *t) : std::nullopt;
      }
    }
    in.counts.push_back(std::move(values));
  }
  analysis::SegregationResult r = analysis::segregation(in);
  const std::size_t k = r.groups.size();
  std::string overlap;
  if (in.total) {
    std::vector<std::string> names;
    for (const Column& c : layer.attributes.columns()) names.push_back(c.name());
    overlap = groupOverlapWarning(findGroupOverlap(in.counts, *in.total, o.groups, names), o.total);
    if (!overlap.empty()) std::cerr << "mobmap: warning: " << overlap << "\n";
  }

  if (o.json) {
    nlohmann::json j;
    j["groups"] = r.groups;
    j["total_field"] = o.total.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.total);
    j["counts_from"] = o.percent ? "percent of total" : o.share ? "share of total" : "counts";
    j["areas"] = r.areas;
    j["areas_used"] = r.areasUsed;
    j["areas_zero_total"] = r.areasZeroTotal;
    j["areas_missing"] = r.areasMissing;
    j["areas_groups_exceed_total"] = r.areasGroupsExceedTotal;
    j["warnings"] = overlap.empty() ? nlohmann::json::array() : nlohmann::json::array({overlap});
    j["total"] = r.total;
    nlohmann::json totals, d, iso, pair, expo;
    for (std::size_t a = 0; a < k; ++a) {
      totals[r.groups[a]] = r.groupTotals[a];
      d[r.groups[a]] = optionalJson(r.dissimilarity[a]);
      iso[r.groups[a]] = optionalJson(r.isolation[a]);
      for (std::size_t b = 0; b < k; ++b) {
        expo[r.groups[a]][r.groups[b]] = optionalJson(r.exposure[a][b]);
        if (a != b) pair[r.groups[a]][r.groups[b]] = optionalJson(r.pairwise[a][b]);
      }
    }
    j["group_totals"] = totals;
    j["dissimilarity"] = d;
    j["dissimilarity_pairwise"] = pair;
    j["isolation"] = iso;
    j["exposure"] = expo;
    j["entropy"] = optionalJson(r.entropy);
    j["theil_h"] = optionalJson(r.theilH);
    j["entropy_includes_other"] = r.remainderGroup;
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << "segregation over " << r.areasUsed << " of " << r.areas << " areas (" << r.areasZeroTotal
            << " with total 0 and " << r.areasMissing << " with missing counts skipped)\n";
  std::cout << "  group  people  dissimilarity  isolation\n";
  for (std::size_t a = 0; a < k; ++a)
    std::cout << "  " << r.groups[a] << "  " << std::fixed << std::setprecision(0) << r.groupTotals[a] << "  "
              << optionalText(r.dissimilarity[a]) << "  " << optionalText(r.isolation[a]) << "\n";
  std::cout << "  pairwise dissimilarity:\n";
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = a + 1; b < k; ++b)
      std::cout << "    " << r.groups[a] << " / " << r.groups[b] << "  " << optionalText(r.pairwise[a][b]) << "\n";
  std::cout << "  exposure (row group's members, share of column group in their area):\n";
  for (std::size_t a = 0; a < k; ++a) {
    std::cout << "    " << r.groups[a] << ":";
    for (std::size_t b = 0; b < k; ++b) std::cout << "  " << r.groups[b] << " " << optionalText(r.exposure[a][b]);
    std::cout << "\n";
  }
  std::cout << "  entropy index H " << optionalText(r.theilH) << " (E = " << optionalText(r.entropy)
            << (r.remainderGroup ? ", with 'other' = total minus the groups" : "") << ")\n";
}

}  // namespace

void addSegregationCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<SegregationOptions>();
  CLI::App* cmd = app.add_subcommand("segregation", "Segregation indices of groups over areas: dissimilarity, "
                                                    "isolation, exposure and the entropy (Theil) index.");
  addStatsSourceOptions(*cmd, o->source);
  cmd->add_option("--groups", o->groups, "Count fields of the groups, G1,G2,...")->delimiter(',')->required();
  cmd->add_option("--total", o->total, "Total population field (default: the sum of the groups)");
  cmd->add_flag("--percent", o->percent, "The group fields are percentages (0-100) of --total");
  cmd->add_flag("--share", o->share, "The group fields are shares (0-1) of --total");
  cmd->add_flag("--json", o->json, "Print JSON on stdout");
  cmd->callback([o, &exitCode] {
    runSegregation(*o);
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
