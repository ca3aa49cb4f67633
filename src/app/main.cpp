// The `mobmap` executable: a command (`mobmap info ...`) runs headless; anything else opens a project or data
// files — in the viewer when one can start, otherwise as a headless summary.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "app/viewer.h"
#include "cli/commands.h"

namespace {

// The embedded demo project: beside the executable when installed, else in the source tree it was built from.
std::string demoProject() {
  return (std::filesystem::path(MOBMAP_GEODATA_DIR) / "demo" / "project.toml").string();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const bool viewerOptions = mobmap::app::hasViewerOption(args);
  if (!args.empty() && (mobmap::cli::isCommandName(args.front()) || (args.front().starts_with("-") && !viewerOptions)))
    return mobmap::cli::runCli(args);

  bool json = false;
  std::vector<std::string> rest;
  for (const std::string& a : args) (a == "--json" ? json = true : (rest.push_back(a), false));
  std::string error;
  auto options = mobmap::app::parseViewerOptions(rest, error);
  if (!options) {
    std::cerr << "mobmap: " << error << "\n";
    return 2;
  }
  if (options->paths.empty()) options->paths.push_back(demoProject());
  for (const std::string& p : options->paths)
    if (!std::filesystem::exists(p)) {
      std::cerr << "mobmap: " << p << ": no such file\n";
      return 1;
    }
  if (!mobmap::app::checkViewerOptions(*options, error)) {
    std::cerr << "mobmap: " << error << "\n";
    return 2;
  }

  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  const bool hasDisplay = (display && *display) || (wayland && *wayland);
  if (!options->screenshot.empty() || (hasDisplay && !json)) {
    if (!hasDisplay) {
      std::cerr << "mobmap: no display available (DISPLAY is not set): cannot take a screenshot; run it under "
                   "xvfb-run, or use `mobmap render` for figures\n";
      return 1;
    }
    bool windowFailed = false;
    int status = mobmap::app::runViewer(*options, windowFailed);
    if (!windowFailed || !options->screenshot.empty()) return status;
    std::cerr << "mobmap: showing a headless summary instead\n";
  } else if (!hasDisplay) {
    std::cerr << "mobmap: no display available (DISPLAY is not set); showing a headless summary instead\n";
  }
  return mobmap::cli::showSummary(options->paths, json);
}
