#pragma once
// The one way mobmap splits work across threads, under one thread cap for the whole program: the hardware
// threads, or MOBMAP_THREADS when it is set to a smaller positive number.
//
// Usage:
//   const unsigned workers = workerCount(n, 1024);                 // at least 1024 items each, 1..maxThreads()
//   parallelRanges(n, workers, [&](std::size_t begin, std::size_t end, unsigned worker) { ... });
//   runWorkers(std::min(maxThreads(), 4u), [&](unsigned worker) { for (b = worker; b < blocks; b += n) ... });
//
// Results must not depend on the number of workers: each worker writes only its own outputs, and anything
// summed across workers is combined in worker order by the caller.
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace mobmap {

// The most threads any step uses (read once).
unsigned maxThreads();

// Workers for `items` units of work when each worker should get at least `minPerWorker` of them: 1 to
// maxThreads().
unsigned workerCount(std::size_t items, std::size_t minPerWorker);

// Calls fn(worker) for worker 0 .. workers-1, worker 0 on the calling thread, the others each on its own
// thread. Waits for all; rethrows the first exception thrown (by worker order).
template <class Fn>
void runWorkers(unsigned workers, Fn&& fn) {
  if (workers <= 1) {
    fn(0u);
    return;
  }
  std::vector<std::exception_ptr> errors(workers);
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  auto run = [&](unsigned w) {
    try {
      fn(w);
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

// Calls fn(begin, end, worker) for `workers` contiguous ranges covering [0, count) (runWorkers).
template <class Fn>
void parallelRanges(std::size_t count, unsigned workers, Fn&& fn) {
  if (workers <= 1 || count < 2) {
    fn(std::size_t{0}, count, 0u);
    return;
  }
  runWorkers(workers, [&](unsigned w) { fn(count * w / workers, count * (w + 1) / workers, w); });
}

}  // namespace mobmap
