#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "core/error.h"

namespace mobmap::cli {

namespace {
constexpr const char* kCommands[] = {"info", "join", "classify", "render", "aggregate", "dissolve", "disparity", "segregation", "moran", "lisa", "smooth", "hotspots", "notes", "export", "get", "profile"};
}

bool isCommandName(const std::string& word) {
  for (const char* c : kCommands)
    if (word == c) return true;
  return false;
}

int reportFailure(const std::exception& error) {
  if (dynamic_cast<const UsageError*>(&error)) {
    std::cerr << "mobmap: " << error.what() << "\n";
    return 2;
  }
  if (dynamic_cast<const Error*>(&error)) {
    std::cerr << "mobmap: " << error.what() << "\n";
    return 1;
  }
  std::cerr << "mobmap: unexpected error: " << error.what() << "\n";
  return 1;
}

int runCli(const std::vector<std::string>& args) {
  CLI::App app{"mobmap: maps of upward mobility for local planning.\n"
               "  mobmap [PROJECT.toml | DATA ...]   open (headless summary when no viewer is available)\n"
               "  mobmap <command> --help            help for one command",
               "mobmap"};
  app.require_subcommand(1);
  int exitCode = 0;
  addInfoCommand(app, exitCode);
  addJoinCommand(app, exitCode);
  addClassifyCommand(app, exitCode);
  addRenderCommand(app, exitCode);
  addAggregateCommand(app, exitCode);
  addDissolveCommand(app, exitCode);
  addDisparityCommand(app, exitCode);
  addSegregationCommand(app, exitCode);
  addMoranCommand(app, exitCode);
  addLisaCommand(app, exitCode);
  addSmoothCommand(app, exitCode);
  addHotspotsCommand(app, exitCode);
  addGetCommand(app, exitCode);
  addProfileCommand(app, exitCode);
  addNotesCommand(app, exitCode);
  addExportCommand(app, exitCode);

  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 consumes a reversed vector
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "mobmap: " << e.what() << " (see mobmap --help)\n";
    return 2;
  } catch (const std::exception& e) {
    return reportFailure(e);
  }
  return exitCode;
}

}  // namespace mobmap::cli
