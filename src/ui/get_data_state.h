#pragma once
// The "Get data for a place" dialog: what the user typed, the background download, and the project to open.
#include <memory>
#include <string>

#include "session/place_fetch_job.h"

namespace mobmap::ui {

struct GetDataState {
  bool open = false;
  int level = 0;                               // 0 county, 1 place, 2 state
  std::string geoid;
  int year = 2022;
  std::string outDir = "my-place";
  std::string neighborhoods;                   // optional
  std::string cacheDir;                        // empty: the default download cache
  std::string sourcesFile;                     // empty: the built-in sources (a file may name mirrors)
  bool offline = false;                        // only what is cached
  std::shared_ptr<session::PlaceFetchJob> job; // made on first use
  std::string message;                         // the last error or outcome
  bool failed = false;
  std::string openProject;                     // a project built; the app opens it and clears this
};

}  // namespace mobmap::ui
