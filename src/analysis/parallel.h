#pragma once
// Internal to the analysis module (included only by its .cpp files): splitting a loop over contiguous index
// ranges across worker threads, under one thread cap for the whole module.
//
// Usage:
//   const unsigned workers = detail::workerCount(n, 1024);
//   detail::parallelRanges(n, workers, [&](std::size_t begin, std::size_t end, unsigned worker) { ... });
//
// Results must not depend on the number of workers: each range writes only its own outputs, and anything
// summed across ranges is combined in range order by the caller.
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace mobmap::analysis::detail {

// The most threads an analysis step uses: the hardware threads, or MOBMAP_THREADS when it is set to a
// smaller positive number (read once).
unsigned maxThreads();

// Workers for `items` units of work when each worker should get at least `minPerWorker` of them: 1 to
// maxThreads().
unsigned workerCount(std::size_t items, std::size_t minPerWorker);

// Calls fn(begin, end, worker) for `workers` contiguous ranges covering [0, count), worker 0 on the calling
// thread. Waits for all; rethrows the first exception thrown (by range order).
template <class Fn>
void parallelRanges(std::size_t count, unsigned workers, Fn&& fn) {
  if (workers <= 1 || count < 2) {
    fn(std::size_t{0}, count, 0u);
    return;
  }
  std::vector<std::exception_ptr> errors(workers);
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  auto run = [&](unsigned w) {
    const std::size_t begin = count * w / workers, end = count * (w + 1) / workers;
    try {
      fn(begin, end, w);
    } catch (...) {
      errors[w] = std::current_exception();
    }
  };
  for (unsigned w = 1; w < workers; ++w) threads.emplace_back(run, w);
  run(0);
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace mobmap::analysis::detail
