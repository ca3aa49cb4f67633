#pragma once
// One kind of background work for the viewer: a computation run on a worker thread while the UI keeps
// drawing, superseded without blocking by a newer request (the older one is told to stop and its result is
// never handed back), cancellable, with a stage text and optional progress for a status bar. Loading views,
// the full-detail mesh, map types, custom areas, "Get data for a place", the CRS suggestions, opening files and
// exporting figures all run through it.
//
// Usage:
//   BackgroundJob<Figure> job;
//   job.start("Exporting figure", [spec](JobControl& c) { return exportIt(spec, c); });   // returns at once
//   each frame: if (auto r = job.takeResult()) use(*r); else status(job.stage());
//   job.discard();   // cancels: the worker sees c.cancelled() and stops early; its result is dropped
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mobmap {

// What a running computation shares with its job: whether it should stop, how far it has come and what it is
// doing now.
struct JobControl {
  std::atomic<bool> cancel{false};
  std::atomic<float> progress{-1};  // 0..1 when the work reports it, else < 0
  bool cancelled() const { return cancel.load(std::memory_order_relaxed); }
  // The work's current step ("Tessellating 306 areas"), shown by stage() in place of the job's name.
  void setStage(std::string text) {
    std::lock_guard lock(m_stageMutex);
    m_stage = std::move(text);
  }
  std::string stageText() const {
    std::lock_guard lock(m_stageMutex);
    return m_stage;
  }

 private:
  mutable std::mutex m_stageMutex;
  std::string m_stage;
};

template <class Result>
class BackgroundJob {
 public:
  using Work = std::function<Result(JobControl&)>;

  BackgroundJob() = default;
  // Cancels every run still going (superseded ones included) and waits for them to stop.
  ~BackgroundJob() {
    discard();
    for (Run& r : m_stale) r.control->cancel.store(true);
    for (Run& r : m_stale)
      if (r.result.valid()) r.result.wait();
  }
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  // Starts `work` on a worker thread and returns its ticket (increasing). A run still going is superseded: it is
  // cancelled, stops early on its own thread (as far as its work checks JobControl::cancelled), and its result is
  // dropped. `what` names the work for stage().
  std::uint64_t start(std::string what, Work work) {
    discard();
    Run run;
    run.ticket = ++m_lastTicket;
    run.what = std::move(what);
    run.startedAt = std::chrono::steady_clock::now();
    run.control = std::make_shared<JobControl>();
    run.result = std::async(std::launch::async, [work = std::move(work), control = run.control]() { return work(*control); });
    m_current = std::move(run);
    return m_lastTicket;
  }
  // Supersedes (and cancels) the run going, if any, without starting another: takeResult() returns nothing for it.
  void discard() {
    pruneStale();
    if (!m_current) return;
    m_current->control->cancel.store(true);
    // A std::async future waits for its worker when destroyed: keep it until the worker has finished.
    m_stale.push_back(std::move(*m_current));
    m_current.reset();
  }
  // Asks the newest run to stop without superseding it: its result (which says what stopping came to) is still
  // handed back by takeResult().
  void cancel() {
    if (m_current) m_current->control->cancel.store(true);
  }
  // True once cancel() was called for the newest run.
  bool cancelling() const { return m_current && m_current->control->cancelled(); }
  // True from start() until the newest run's result has been taken (or discarded).
  bool busy() const { return m_current.has_value(); }
  // "Computing LISA clusters (1.2 s)", with "42%" when the work reports progress, while busy; else "". The work's
  // own stage text (JobControl::setStage), when it set one, stands in place of the job's name.
  std::string stage() const {
    if (!m_current) return {};
    const double s = secondsRunning();
    const float p = m_current->control->progress.load();
    char buf[48];
    if (p >= 0)
      std::snprintf(buf, sizeof buf, " (%.0f%%, %.1f s)", 100 * std::min(1.0f, p), s);
    else
      std::snprintf(buf, sizeof buf, " (%.1f s)", s);
    const std::string text = m_current->control->stageText();
    return (text.empty() ? m_current->what : text) + buf;
  }
  // Seconds since the newest run started (0 when not busy).
  double secondsRunning() const {
    return m_current ? std::chrono::duration<double>(std::chrono::steady_clock::now() - m_current->startedAt).count() : 0.0;
  }
  // The newest run's progress (0..1), or < 0 when it reports none or nothing runs.
  float progress() const { return m_current ? m_current->control->progress.load() : -1.0f; }
  // The newest run's result once its worker has finished (once), else nullopt without waiting; `ticket`, when
  // given, receives start()'s return value for it. Results of superseded runs are never returned.
  std::optional<Result> takeResult(std::uint64_t* ticket = nullptr) {
    pruneStale();
    if (!m_current || m_current->result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
    if (ticket) *ticket = m_current->ticket;
    std::optional<Result> r(m_current->result.get());
    m_current.reset();
    return r;
  }
  // Waits until the newest run has finished or `timeout` has passed (returns at once when not busy).
  void waitFor(std::chrono::milliseconds timeout) const {
    if (m_current) m_current->result.wait_for(timeout);
  }
  // Superseded runs whose workers have not finished yet.
  std::size_t staleRunning() {
    pruneStale();
    return m_stale.size();
  }

 private:
  struct Run {
    std::uint64_t ticket = 0;
    std::string what;
    std::chrono::steady_clock::time_point startedAt;
    std::future<Result> result;
    std::shared_ptr<JobControl> control;  // shared with the worker, which may outlive the Run's move into m_stale
  };
  void pruneStale() {
    std::erase_if(m_stale, [](Run& r) {
      return !r.result.valid() || r.result.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    });
  }

  std::optional<Run> m_current;
  std::vector<Run> m_stale;
  std::uint64_t m_lastTicket = 0;
};

}  // namespace mobmap
