// `mobmap profile PROJECT.toml --out FIG.png|svg|pdf [--json]`: the Mobility Metrics profile of the place of a
// project made by `mobmap get` (every metric by pillar and predictor with its interval, quality, medians, trend
// and subgroup gaps), as a figure.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "render/metric_profile.h"
#include "session/metric_profile.h"

namespace mobmap::cli {

namespace {

struct ProfileOptions {
  std::string project;
  std::string out;
  double widthIn = 11;
  double dpi = 200;
  bool json = false;
};

nlohmann::json optionalNumber(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

int runProfile(const ProfileOptions& o) {
  if (o.widthIn < 8.3 || o.widthIn > 40) throw UsageError("profile: --width-in must be between 8.3 and 40 inches");
  render::MetricProfile p = session::loadMetricProfile(o.project);
  render::Figure fig = session::writeMetricProfile(p, o.out, o.widthIn, o.dpi);
  if (o.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const render::ProfileRow& r : p.rows) {
      nlohmann::json gaps = nlohmann::json::array();
      for (const render::ProfileGap& g : r.gaps)
        gaps.push_back({{"subgroup", g.subgroup}, {"value", g.value}, {"gap", g.gap}, {"tested", g.tested}, {"significant", g.significant}});
      nlohmann::json trend = nlohmann::json::array();
      for (const auto& [y, v] : r.trend) trend.push_back({y, v});
      rows.push_back({{"metric", r.variable}, {"label", r.label}, {"pillar", r.pillar}, {"predictor", r.predictor}, {"year", r.year},
                      {"value", r.value}, {"lower", optionalNumber(r.lower)}, {"upper", optionalNumber(r.upper)}, {"quality", r.quality},
                      {"state_median", optionalNumber(r.stateMedian)}, {"national_median", optionalNumber(r.nationalMedian)},
                      {"trend", trend}, {"gap_reference", r.gapReference}, {"gaps", gaps}});
    }
    std::cout << nlohmann::json{{"place", p.place}, {"out", o.out}, {"width_pt", fig.widthPt}, {"height_pt", fig.heightPt},
                                {"source", p.source}, {"metrics", rows}}
                     .dump(2)
              << "\n";
  } else {
    std::cerr << "wrote " << o.out << " (" << p.rows.size() << " metrics of " << p.place << ")\n";
  }
  return 0;
}

}  // namespace

void addProfileCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<ProfileOptions>();
  CLI::App* cmd = app.add_subcommand(
      "profile", "Draw the Mobility Metrics profile of a project's place (made by mobmap get): every metric by pillar and "
                 "predictor with its 95% interval, quality, state and national medians, trend and subgroup gaps.");
  cmd->add_option("project", o->project, "Project file written by mobmap get --county or --place")->required();
  cmd->add_option("--out", o->out, "Figure file: .png, .svg or .pdf")->required();
  cmd->add_option("--width-in", o->widthIn, "Page width in inches (the height follows the metrics)")->capture_default_str();
  cmd->add_option("--dpi", o->dpi, "PNG resolution")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the profile's rows as JSON on stdout");
  cmd->callback([o, &exitCode] { exitCode = runProfile(*o); });
}

}  // namespace mobmap::cli
