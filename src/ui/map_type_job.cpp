#include "ui/map_type_job.h"

#include <cstdio>

#include "core/error.h"
#include "session/view_spec.h"

namespace mobmap::ui {

namespace {

std::string describe(const MapTypeRequest& r) {
  return std::string(session::mapKindInfo(r.scatter ? MapType::MoranScatter : r.type).progress);
}

}  // namespace

MapTypeResult computeMapType(const MapTypeRequest& request, const std::atomic<bool>* cancel) {
  MapTypeResult out;
  const auto started = std::chrono::steady_clock::now();
  try {
    if (!request.view) throw Error("no view is loaded");
    std::shared_ptr<const analysis::SpatialWeights> queen;
    if (request.contiguity && (request.scatter || request.type == MapType::Lisa)) queen = request.contiguity->queen(request.view, cancel);
    if (request.scatter)
      out.scatter = buildMoranScatterOf(request.spec, request.view->data.layer, queen, cancel);
    else {
      session::BuiltMap built = buildViewMap(request.spec, request.view->data.layer, request.type, request.secondField, queen, cancel);
      out.map = std::move(built.map);
      out.title = std::move(built.defaultTitle);
    }
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

MapTypeJob::~MapTypeJob() {
  discard();
  for (Run& r : m_stale)
    if (r.cancel) r.cancel->store(true);
  for (Run& r : m_stale)
    if (r.result.valid()) r.result.wait();
}

std::uint64_t MapTypeJob::start(MapTypeRequest request) {
  discard();
  Run run;
  run.ticket = ++m_lastTicket;
  run.what = describe(request);
  run.startedAt = std::chrono::steady_clock::now();
  run.cancel = std::make_shared<std::atomic<bool>>(false);
  const std::uint64_t ticket = run.ticket;
  run.result = std::async(std::launch::async, [request = std::move(request), ticket, cancel = run.cancel]() {
    MapTypeResult r = computeMapType(request, cancel.get());
    r.ticket = ticket;
    return r;
  });
  m_current = std::move(run);
  return ticket;
}

void MapTypeJob::discard() {
  pruneStale();
  if (!m_current) return;
  if (m_current->cancel) m_current->cancel->store(true);
  // A std::async future waits for its worker when destroyed: keep it until the worker has finished.
  m_stale.push_back(std::move(*m_current));
  m_current.reset();
}

void MapTypeJob::pruneStale() {
  std::erase_if(m_stale, [](Run& r) {
    return !r.result.valid() || r.result.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  });
}

std::size_t MapTypeJob::staleRunning() {
  pruneStale();
  return m_stale.size();
}

std::string MapTypeJob::stage() const {
  if (!m_current) return {};
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_current->startedAt).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, " (%.1f s)", s);
  return m_current->what + buf;
}

std::optional<MapTypeResult> MapTypeJob::takeResult() {
  pruneStale();
  if (!m_current || m_current->result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  MapTypeResult r = m_current->result.get();
  m_current.reset();
  return r;
}

void MapTypeJob::waitFor(std::chrono::milliseconds timeout) const {
  if (m_current) m_current->result.wait_for(timeout);
}

}  // namespace mobmap::ui
