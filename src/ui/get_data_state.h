#pragma once
// The "Get data for a place" dialog: what the user typed, the background download, and the project to open.
#include <array>
#include <map>
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
  std::string mirrors;                         // "census_geo=http://mirror/geo, ...": single sources' mirrors
  bool offline = false;                        // only what is cached
  std::shared_ptr<session::PlaceFetchJob> job; // made on first use
  std::string message;                         // the last error or outcome
  bool failed = false;
  std::string openProject;                     // a project built; the app opens it and clears this
  // Where the dialog's fields and buttons were last drawn (window units x, y, w, h), by name: "geoid", "out_dir",
  // "downloads" (the cache/mirrors header), "cache", "sources", "mirrors", "get" (for --state-out).
  std::map<std::string, std::array<float, 4>> itemRects;
};

}  // namespace mobmap::ui
