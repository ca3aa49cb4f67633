// `mobmap export PROJECT --out-dir DIR [--format png,svg,pdf] [--views A,B] [--preset NAME]`: the findings atlas;
// with --data-walk, the data walk kit (posters, feedback sheets, feedback.csv) instead.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "io/project_file.h"
#include "session/atlas_export.h"
#include "session/data_walk.h"

namespace mobmap::cli {

namespace {

struct ExportCommandOptions {
  std::string project, outDir, preset;
  std::vector<std::string> formats, views;
  double widthIn = 0, dpi = 0;
  bool noAtlas = false, force = false, json = false, dataWalk = false;
};

void runDataWalk(const ExportCommandOptions& o, const Project& project) {
  if (!o.formats.empty() || !o.preset.empty() || o.widthIn > 0 || o.dpi > 0 || o.noAtlas || o.force)
    throw UsageError("--data-walk writes its own posters and sheets: it takes only --out-dir, --views and --json");
  const session::DataWalkResult r = session::exportDataWalk(project, {o.outDir, o.views},
                                                            [](const std::string& line) { std::cerr << "mobmap: " << line << "\n"; });
  for (const std::string& w : r.warnings) std::cerr << "mobmap: warning: " << w << "\n";
  if (o.json) {
    nlohmann::json posters = nlohmann::json::array();
    for (const session::DataWalkPoster& p : r.posters)
      posters.push_back({{"view", p.view}, {"title", p.title}, {"reading", p.reading.reading}, {"caveats", p.reading.caveats},
                         {"prompts", p.prompts}, {"areas_numbered", p.areas}, {"numbers_on_map", p.numbersPlaced}});
    std::cout << nlohmann::json{{"out_dir", o.outDir},
                                {"posters", {{"file", r.postersFile}, {"pages", r.posterPages}}},
                                {"feedback_sheets", {{"file", r.feedbackFile}, {"pages", r.feedbackPages}}},
                                {"feedback_csv", r.feedbackCsv},
                                {"views", posters},
                                {"warnings", r.warnings}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "wrote a data walk kit for " << r.posters.size() << " views to " << o.outDir << ": " << r.postersFile << ", "
              << r.feedbackFile << ", " << r.feedbackCsv << "\n";
  }
}

void runExport(const ExportCommandOptions& o) {
  if (!io::isProjectFile(o.project)) throw UsageError(o.project + ": export needs a project file (.toml)");
  Project project = io::readProject(o.project);
  if (o.dataWalk) return runDataWalk(o, project);
  session::ExportOptions eo;
  eo.outDir = o.outDir;
  if (!o.preset.empty()) {
    const ExportPreset* p = project.findExportPreset(o.preset);
    if (!p) {
      std::string names;
      for (const ExportPreset& e : project.exportPresets) names += (names.empty() ? "" : ", ") + e.name;
      throw UsageError("no export preset named '" + o.preset + "' in " + o.project + " (presets: " + (names.empty() ? "none" : names) + ")");
    }
    if (!p->formats.empty()) eo.formats = p->formats;
    eo.views = p->views;
    if (p->widthIn) eo.widthIn = *p->widthIn;
    if (p->dpi) eo.dpi = *p->dpi;
  }
  // Options on the command line win over the preset.
  if (!o.formats.empty()) eo.formats = o.formats;
  if (!o.views.empty()) eo.views = o.views;
  if (o.widthIn > 0) eo.widthIn = o.widthIn;
  if (o.dpi > 0) eo.dpi = o.dpi;
  if (eo.widthIn < 1 || eo.widthIn > 100 || eo.dpi < 36 || eo.dpi > 1200)
    throw UsageError("--width-in must be 1-100 inches and --dpi 36-1200");
  eo.atlas = !o.noAtlas;
  eo.force = o.force;

  session::ExportResult r = session::exportProject(project, eo, [](const std::string& line) { std::cerr << "mobmap: " << line << "\n"; });

  if (o.json) {
    nlohmann::json views = nlohmann::json::array();
    for (const session::ExportedView& v : r.views)
      views.push_back({{"view", v.name}, {"files", v.files}, {"skipped", v.skipped}, {"notes_listed", v.notesListed}});
    nlohmann::json j = {{"out_dir", o.outDir}, {"views", views}, {"warnings", r.warnings}};
    if (!r.atlasFile.empty()) j["atlas"] = {{"file", r.atlasFile}, {"skipped", r.atlasSkipped}, {"pages", r.atlasPages}};
    std::cout << j.dump(2) << "\n";
  } else {
    std::size_t written = 0, skipped = 0;
    for (const session::ExportedView& v : r.views) (v.skipped ? skipped : written) += 1;
    std::cout << "exported " << r.views.size() << " views to " << o.outDir << " (" << written << " rendered, " << skipped
              << " unchanged)" << (r.atlasFile.empty() ? "" : r.atlasSkipped ? "; atlas.pdf unchanged" : "; wrote atlas.pdf") << "\n";
  }
}

}  // namespace

void addExportCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<ExportCommandOptions>();
  CLI::App* cmd = app.add_subcommand("export", "Render every view of a project (or those named) to files named after the "
                                               "views, plus atlas.pdf: title page, one map per page with its public notes, "
                                               "and a page of sources, methods and data vintages.");
  cmd->add_option("PROJECT", o->project, "Project file (.toml)")->required();
  cmd->add_option("--out-dir", o->outDir, "Folder for the figures and atlas.pdf (created when missing)")->required();
  cmd->add_option("--format", o->formats, "Figure formats, e.g. png,svg,pdf (default png, or the preset's)")->delimiter(',');
  cmd->add_option("--views", o->views, "Only these views, e.g. poverty,income (default every view)")->delimiter(',');
  cmd->add_option("--preset", o->preset, "Use the [[export]] preset of this name from the project");
  cmd->add_option("--width-in", o->widthIn, "Figure width in inches (default 10; height = 0.625 x width)");
  cmd->add_option("--dpi", o->dpi, "PNG resolution in dots per inch (default 200)");
  cmd->add_flag("--no-atlas", o->noAtlas, "Write only the figure files, no atlas.pdf");
  cmd->add_flag("--data-walk", o->dataWalk, "Write a data walk kit instead: data_walk.pdf (a poster per view: the map, "
                                             "a plain-language reading of the numbers, caveats, discussion prompts), "
                                             "feedback.pdf (the areas numbered, lines for reactions) and feedback.csv");
  cmd->add_flag("--force", o->force, "Render everything again, even views whose inputs did not change");
  cmd->add_flag("--json", o->json, "Print a JSON summary on stdout");
  cmd->callback([o, &exitCode] {
    runExport(*o);
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
