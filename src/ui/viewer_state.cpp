#include "ui/viewer_state.h"

#include <utility>

#include "core/column_roles.h"
#include "core/text.h"
#include "render/number_format.h"
#include "session/area_value.h"
#include "session/figure_export.h"
#include "session/view_spec.h"
#include "style/metric_catalog.h"
#include "ui/column_roles.h"

namespace mobmap::ui {


void rebuildMap(ViewerState& state) {
  if (state.mapJob) state.mapJob->discard();
  ++state.colorsVersion;
  state.map.reset();
  state.mapError.clear();
  state.mapTitle.clear();
  if (!state.view) return;
  try {
    session::BuiltMap built = buildViewMap(state.view->spec, state.view->data.layer, state.mapType, state.secondField);
    state.map = std::move(built.map);
    state.mapTitle = std::move(built.defaultTitle);
  } catch (const std::exception& e) {
    state.mapError = e.what();
    // Boundaries with nothing numeric at all (a cartographic boundary file: IDs and names): say what to do.
    const bool nothingToMap = !defaultMapField(state.view->data.layer.attributes, [](const std::string&) { return false; });
    if (nothingToMap && state.view->spec.join.empty())
      state.mapError = state.view->spec.data + " has no numbers to map, only IDs and names: open a table to join to it "
                                              "(Ctrl+O), or Get data for a place";
  }
}

void requestMap(ViewerState& state) {
  if (!state.view || state.mapType == MapType::Choropleth) {
    rebuildMap(state);
    return;
  }
  if (!state.mapJob) state.mapJob = std::make_shared<MapTypeJob>();
  state.mapJob->start({state.view, state.view->spec, state.mapType, state.secondField, false, state.contiguity});
  // Keep this view's map drawn while the job runs; a view just installed shows its choropleth meanwhile.
  if (!state.map || state.map->fillIndex.size() != state.view->data.layer.featureCount()) {
    ++state.colorsVersion;
    state.map.reset();
    state.mapError.clear();
    state.mapTitle.clear();
    try {
      state.map = buildMapOfType(*state.view, MapType::Choropleth, "");
    } catch (const std::exception&) {
    }
  }
}

void updateMapJobs(ViewerState& state) {
  if (state.mapJob)
    if (auto r = state.mapJob->takeResult()) {
      ++state.colorsVersion;
      state.map = std::move(r->map);
      state.mapTitle = std::move(r->title);
      state.mapError = r->error;
    }
  if (state.view && state.showMoranScatter) {
    const std::string key = std::to_string(state.viewGeneration) + "|" + session::mappedField(state.view->spec);
    if (key != state.scatterKey) {
      state.scatterKey = key;
      if (!state.scatterJob) state.scatterJob = std::make_shared<MapTypeJob>();
      state.scatterJob->start({state.view, state.view->spec, MapType::Choropleth, "", true, state.contiguity});
      state.scatterGeneration = -1;  // what is shown (if anything) is not for this request
    }
  }
  if (state.scatterJob)
    if (auto r = state.scatterJob->takeResult()) {
      state.scatter = std::move(r->scatter);
      state.scatterError = r->error;
      state.scatterGeneration = state.viewGeneration;
    }
}

bool mapJobsBusy(const ViewerState& state) {
  return (state.mapJob && state.mapJob->busy()) || (state.scatterJob && state.scatterJob->busy());
}

void waitForMapJobs(const ViewerState& state, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (const auto* job : {state.mapJob.get(), state.scatterJob.get()})
    if (job && job->busy())
      job->waitFor(std::max(std::chrono::milliseconds(0),
                            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now())));
}

std::string mapJobsStage(const ViewerState& state) {
  std::string text;
  for (const auto* job : {state.mapJob.get(), state.scatterJob.get()})
    if (job && job->busy()) text += (text.empty() ? "" : "; ") + job->stage();
  return text;
}

void installView(ViewerState& state, std::unique_ptr<session::LoadedView> view) {
  state.view = std::shared_ptr<session::LoadedView>(std::move(view));
  ++state.viewGeneration;
  state.view->makeProbeAndPicker();  // the loader's, or made now for a view made elsewhere
  state.picker = std::move(state.view->picker);
  state.probe = std::move(state.view->probe);
  state.contextLayers.assign(state.view->data.contextLayers.size(), LayerDisplay{});
  for (LayerDisplay& d : state.contextLayers) d.outlineOnly = true;
  state.hovered.reset();
  state.selected.reset();
  state.foundOverlayArea.reset();
  state.loadError.clear();
  state.zoomToLayerRequested = true;
  state.exportCallouts = !state.view->spec.calloutNotes.empty();  // as `mobmap render --view` does
  // The same default extent as `mobmap render` (the contiguous US for US-wide data), else the whole layer.
  state.homeExtent = state.view->mesh.extent;
  try {
    if (auto e = session::defaultFigureOptions(state.view->spec, state.view->data).extent) state.homeExtent = *e;
  } catch (const std::exception&) {
  }
  state.map.reset();  // the previous view's map never stands in for this one's, even over the same areas
  requestMap(state);
}

std::string featureName(const ViewerState& state, std::size_t f) {
  if (!state.view) return {};
  const AttributeTable& t = state.view->data.layer.attributes;
  if (const auto c = nameColumnIndex(t))
    if (!t.columns()[*c].isMissing(f)) return t.columns()[*c].displayText(f);
  return {};
}

std::string featureKey(const ViewerState& state, std::size_t f) {
  if (!state.view) return {};
  const AttributeTable& t = state.view->data.layer.attributes;
  if (const Column* c = areaKeyColumn(t))
    if (!c->isMissing(f)) return c->displayText(f);
  return {};
}

std::string mappedValueLabel(const ViewerState& state) {
  if (!state.view) return {};
  if (!state.view->spec.legendTitle.empty()) return state.view->spec.legendTitle;
  return state.map ? state.map->metricLabel : session::mappedField(state.view->spec);
}

std::string featureValueText(const ViewerState& state, std::size_t f) {
  if (!state.view) return {};
  return session::areaValueText(state.view->spec, state.view->data.layer, state.map ? &*state.map : nullptr, f);
}

std::string featureQualityText(const ViewerState& state, std::size_t f) {
  if (!state.view || !state.map || f >= state.map->lowQuality.size()) return {};
  if (state.map->lowQuality[f]) return "low quality: do not act on this value alone";
  return {};
}

void adoptViewMapKind(ViewerState& state) {
  if (!state.view) return;
  session::ViewSpec& spec = state.view->spec;
  const session::MapKindSpec& k = spec.map;
  const bool offered = k.kind != MapType::Choropleth && session::mapKindInfo(k.kind).viewer;
  if (std::exchange(state.mapTypeFromOptions, false) && !offered) return;
  if (!offered) {  // a choropleth view: not the gap or LISA map the previous view was saved as
    if (state.mapType == MapType::Choropleth) return;
    state.mapType = MapType::Choropleth;
    requestMap(state);
    return;
  }
  state.mapType = k.kind;
  if (!k.fields.empty()) spec.field = k.fields.front();
  if (needsSecondField(k.kind) && k.fields.size() >= 2) state.secondField = k.fields[1];
  requestMap(state);
}

}  // namespace mobmap::ui
