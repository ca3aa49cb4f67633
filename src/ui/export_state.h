#pragma once
// The Export dialog: the figure's texts (prefilled from the catalog and the data), its size, format and
// callouts, and the figure being written in the background.
#include <memory>
#include <string>

#include "core/background_job.h"

namespace mobmap::ui {

// A page size for figures.
struct SizePreset {
  const char* label;
  double widthIn, heightIn;
};

struct ExportResult {
  std::string path;   // written
  std::string error;  // or why not
};

struct ExportDialogState {
  bool open = false;
  std::string prefilledFor;                 // the view and map the texts were filled from
  std::string title, subtitle, legendTitle, source;
  int preset = 0;                           // into exportSizePresets()
  int format = 0;                           // 0 PNG, 1 SVG, 2 PDF
  std::string path;                         // the file, its extension following the format
  bool callouts = false;
  std::shared_ptr<BackgroundJob<ExportResult>> job = std::make_shared<BackgroundJob<ExportResult>>();
  std::string message;                      // "wrote ..." or the error
  float exportButton[4] = {0, 0, 0, 0};     // "Export" in window coordinates, for tests
  bool focus = false;                       // put the keyboard in the title (until it has it)
  bool focused = false;
};

}  // namespace mobmap::ui
