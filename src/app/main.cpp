// The `mobmap` executable: a command (`mobmap info ...`) runs headless; anything else opens a project or data
// files — in the viewer when one can start, otherwise as a headless summary.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

// The embedded demo project: beside the executable when installed, else in the source tree it was built from.
std::string demoProject() {
  return (std::filesystem::path(MOBMAP_GEODATA_DIR) / "demo" / "project.toml").string();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (mobmap::cli::isCommandName(args.front()) || args.front().starts_with("-")))
    return mobmap::cli::runCli(args);

  bool json = false;
  std::vector<std::string> paths;
  for (const std::string& a : args) (a == "--json" ? json = true : (paths.push_back(a), false));
  if (paths.empty()) paths.push_back(demoProject());

  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland))
    std::cerr << "mobmap: no display available (DISPLAY is not set); showing a headless summary instead\n";
  else
    std::cerr << "mobmap: the interactive viewer is not part of this build yet; showing a headless summary\n";
  return mobmap::cli::showSummary(paths, json);
}
