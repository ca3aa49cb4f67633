#pragma once
// Opening files from inside the viewer (the Open dialog, files dropped on the window) and joining a table to
// the boundaries shown.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/background_job.h"
#include "session/open_file.h"

namespace mobmap::ui {

struct OpenDialogState {
  bool open = false;
  std::string folder;                              // the folder listed
  int filter = 0;                                  // 0 everything mobmap opens, 1 boundaries, 2 tables, 3 projects
  std::string path;                                // typed or picked; Enter opens it
  std::vector<std::pair<std::string, bool>> entries;  // names in `folder` (true = a folder), filtered
  std::string listedFolder;                        // what `entries` lists
  int listedFilter = -1;
  std::string requested;                           // a file to open; the app opens it and clears this
  std::string message;                             // why the last file could not be opened
  bool focus = false;                              // put the keyboard in the path (until it has it)
  bool focused = false;
};

// The table's columns and proposals, read in the background through the viewer's job type.
struct TableOfferResult {
  std::optional<session::TableOffer> offer;
  std::string error;
};

struct JoinDialogState {
  bool open = false;
  std::string table;                               // the table being joined
  std::shared_ptr<BackgroundJob<TableOfferResult>> job = std::make_shared<BackgroundJob<TableOfferResult>>();
  std::optional<session::TableOffer> offer;
  std::string error;
  std::string on, where;                           // the key (LEFT=RIGHT) and row filter to join with
  bool requested = false;                          // the join was asked for; its report shows when the view arrives
  bool focusKey = false;                           // put the keyboard in the key field (until it has it)
  bool keyFocused = false;
  float joinButton[4] = {0, 0, 0, 0};              // "Join" in window coordinates (x, y, w, h), for tests
};

}  // namespace mobmap::ui
