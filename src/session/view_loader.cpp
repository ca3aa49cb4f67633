#include "session/view_loader.h"

#include <chrono>
#include <filesystem>

#include "core/error.h"
#include "io/source_reader.h"

namespace mobmap::session {

ViewLoader::~ViewLoader() {
  if (m_future.valid()) {
    m_cancel.store(true);
    m_future.wait();
  }
}

std::string ViewLoader::stage() const {
  std::lock_guard lock(m_stageMutex);
  return m_stage;
}

void ViewLoader::setStage(std::string text) {
  std::lock_guard lock(m_stageMutex);
  m_stage = std::move(text);
}

void ViewLoader::start(ViewSpec spec) {
  if (m_future.valid()) {
    m_cancel.store(true);
    m_future.wait();
  }
  m_cancel.store(false);
  m_progress.store(0);
  setStage("Reading " + std::filesystem::path(spec.data).filename().string());
  m_future = std::async(std::launch::async, [this, spec = std::move(spec)]() -> LoadResult {
    LoadResult result;
    try {
      auto view = std::make_unique<LoadedView>();
      view->spec = spec;
      view->data = loadViewData(spec, FieldSelection::All);
      if (m_cancel.load()) return {nullptr, "loading was cancelled"};
      // A joined long table (year and subgroup columns): the years and subgroups the viewer can switch to.
      const AttributeTable& joined = view->data.layer.attributes;
      if (!spec.join.empty() && joined.find("year") && joined.find("subgroup")) {
        setStage("Reading years and subgroups of " + std::filesystem::path(spec.join).filename().string());
        view->longTable = longTableChoices(io::readTable(spec.join, spec.joinLayer));
      }
      m_progress.store(0);
      setStage("Tessellating " + std::to_string(view->data.layer.featureCount()) + " areas");
      view->mesh = render::tessellateLayer(view->data.layer.geometry, &m_progress, &m_cancel);
      for (const Layer& c : view->data.contextLayers) view->contextMeshes.push_back(render::tessellateLayer(c.geometry));
      if (m_cancel.load()) return {nullptr, "loading was cancelled"};
      result.view = std::move(view);
    } catch (const std::exception& e) {
      result.error = e.what();
    }
    return result;
  });
}

std::optional<LoadResult> ViewLoader::takeResult() {
  if (!m_future.valid()) return std::nullopt;
  if (m_future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  return m_future.get();
}

}  // namespace mobmap::session
