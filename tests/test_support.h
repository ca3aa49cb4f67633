#pragma once
// Helpers shared by the test suites: where the real datasets and the repo live.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include <unistd.h>

namespace mobmap::test {

// The repository root.
inline std::filesystem::path sourceDir() { return MOBMAP_SOURCE_DIR; }

// A file under ../shared/data (or $MOBMAP_SHARED_DATA), or nullopt with a printed skip note when
// the datasets are not beside this checkout (a clean clone without ../shared).
inline std::optional<std::filesystem::path> sharedData(const std::string& relative) {
  const char* env = std::getenv("MOBMAP_SHARED_DATA");
  std::filesystem::path root = env ? env : MOBMAP_SHARED_DATA_DEFAULT;
  std::filesystem::path p = root / relative;
  if (!std::filesystem::exists(p)) {
    std::cout << "SKIPPED: shared dataset not present: " << p.string() << "\n";
    return std::nullopt;
  }
  return p;
}

// A fresh, empty scratch directory for one test, private to this process (CTest runs test cases in parallel
// processes, which must not rebuild each other's fixtures).
inline std::filesystem::path scratchDir(const std::string& name) {
  std::filesystem::path p =
      std::filesystem::temp_directory_path() / ("mobmap-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

}  // namespace mobmap::test
