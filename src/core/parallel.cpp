#include "core/parallel.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace mobmap {

unsigned maxThreads() {
  static const unsigned cap = [] {
    unsigned n = std::max(1u, std::thread::hardware_concurrency());
    if (const char* env = std::getenv("MOBMAP_THREADS"); env && *env) {
      char* end = nullptr;
      const long v = std::strtol(env, &end, 10);
      if (end && *end == '\0' && v > 0) n = std::min(n, static_cast<unsigned>(std::min(v, 1024L)));
    }
    return n;
  }();
  return cap;
}

unsigned workerCount(std::size_t items, std::size_t minPerWorker) {
  const std::size_t byWork = items / std::max<std::size_t>(1, minPerWorker);
  return static_cast<unsigned>(std::clamp<std::size_t>(byWork, 1, maxThreads()));
}

}  // namespace mobmap
