#pragma once
// The findings atlas: every view of a project (or those named) rendered to figure files named after the views,
// plus atlas.pdf (a title page, one map per page with the view's public notes listed under it, and pages of
// data sources, methods and data vintages). Views whose inputs did not change since the last export into the
// same folder are not rendered again (see export_manifest.h).
//
// Usage:
//   Project p = io::readProject("project.toml");
//   ExportResult r = exportProject(p, {.outDir = "out", .formats = {"png", "pdf"}},
//                                  [](const std::string& line) { std::cerr << line << "\n"; });
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/project.h"

namespace mobmap::session {

struct ExportOptions {
  std::filesystem::path outDir;          // created when missing
  std::vector<std::string> formats = {"png"};  // png, svg, pdf
  std::vector<std::string> views;        // empty = every view, in project order
  double widthIn = 10, dpi = 200;        // figure files (the atlas pages are US Letter, landscape)
  bool atlas = true;                     // also write atlas.pdf
  bool force = false;                    // render everything even when unchanged
};

struct ExportedView {
  std::string name;
  std::vector<std::string> files;        // file names in outDir
  bool skipped = false;                  // unchanged since the last export: not rendered again
  std::size_t notesListed = 0;           // public notes listed under it in the atlas
};

struct ExportResult {
  std::vector<ExportedView> views;
  std::string atlasFile;                 // "atlas.pdf", or empty when not asked for
  bool atlasSkipped = false;
  int atlasPages = 0;                    // 0 when skipped
  std::string notesSource;               // the notes store read, or empty
  std::vector<std::string> warnings;     // also reported through progress
};

// Called with one line of progress at a time ("[2/4] poverty: wrote poverty.png").
using ExportProgress = std::function<void(const std::string& line)>;

// The file name used for a view's figure: the view name with characters other than letters, digits, '-',
// '_' and '.' replaced by '_', then the extension.
std::string viewFileName(const std::string& viewName, const std::string& extension);

// Exports the project. Throws mobmap::UsageError for an unknown view name or format, mobmap::Error for data
// problems (naming the view and the file); files already written stay in place and in the manifest.
ExportResult exportProject(const Project& project, const ExportOptions& options, const ExportProgress& progress);

}  // namespace mobmap::session
