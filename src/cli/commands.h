#pragma once
// The `mobmap <command>` entry points. Each command registers its options on the CLI11 app and runs
// library code; none of them opens a window.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mobmap::cli {

// Each adds its subcommand to `app`; the callback runs the command and stores its exit code in `exitCode`.
void addInfoCommand(CLI::App& app, int& exitCode);
void addJoinCommand(CLI::App& app, int& exitCode);
void addClassifyCommand(CLI::App& app, int& exitCode);
void addRenderCommand(CLI::App& app, int& exitCode);
void addAggregateCommand(CLI::App& app, int& exitCode);
void addDissolveCommand(CLI::App& app, int& exitCode);
void addDisparityCommand(CLI::App& app, int& exitCode);
void addSegregationCommand(CLI::App& app, int& exitCode);
void addMoranCommand(CLI::App& app, int& exitCode);
void addLisaCommand(CLI::App& app, int& exitCode);
void addSmoothCommand(CLI::App& app, int& exitCode);
void addHotspotsCommand(CLI::App& app, int& exitCode);
void addGetCommand(CLI::App& app, int& exitCode);
void addProfileCommand(CLI::App& app, int& exitCode);
void addNotesCommand(CLI::App& app, int& exitCode);
void addExportCommand(CLI::App& app, int& exitCode);

// Adds --assign-crs CRS to `cmd`: every command that reads a layer takes it (the `ogr2ogr -a_srs` convention;
// io::assignLayerCrs applies it as the layer is read).
void addAssignCrsOption(CLI::App& cmd, std::string& crs);

// Runs `mobmap` with these arguments (without the program name); returns the process exit code:
// 0 success, 1 data or runtime error, 2 usage error. Messages go to stderr.
int runCli(const std::vector<std::string>& args);

// Prints `error` on stderr as a one-line "mobmap: ..." message and returns its exit code: 2 for a
// mobmap::UsageError, 1 for any other error.
int reportFailure(const std::exception& error);

// True when `word` names a subcommand (so `mobmap WORD ...` is a command, not a file to open).
bool isCommandName(const std::string& word);

// Headless summary of a project or data files (layers, fields, join reports): what `mobmap PATH...` shows
// when no viewer can open. Returns an exit code as runCli does.
int showSummary(const std::vector<std::string>& paths, bool json);

}  // namespace mobmap::cli
