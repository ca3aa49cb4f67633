#include "ui/map_type_job.h"


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

std::uint64_t MapTypeJob::start(MapTypeRequest request) {
  std::string what = describe(request);
  return m_job.start(std::move(what), [request = std::move(request)](JobControl& control) {
    return computeMapType(request, &control.cancel);
  });
}

std::optional<MapTypeResult> MapTypeJob::takeResult() {
  std::uint64_t ticket = 0;
  std::optional<MapTypeResult> r = m_job.takeResult(&ticket);
  if (r) r->ticket = ticket;
  return r;
}

}  // namespace mobmap::ui
