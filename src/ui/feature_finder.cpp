#include "ui/feature_finder.h"

#include <algorithm>
#include <optional>

#include "core/column_roles.h"
#include "core/geometry.h"
#include "core/text.h"
#include "ui/column_roles.h"

namespace mobmap::ui {

namespace {

// 0 equal, 1 prefix, 2 contains, nullopt no match; `needle` is already lower case.
std::optional<int> matchRank(const std::string& value, const std::string& needle) {
  const std::string v = toLower(value);
  const std::size_t at = v.find(needle);
  if (at == std::string::npos) return std::nullopt;
  if (at == 0) return v.size() == needle.size() ? 0 : 1;
  return 2;
}

}  // namespace

std::vector<FindMatch> findFeatures(const AttributeTable& table, std::string_view query, std::size_t limit) {
  const std::string needle = toLower(trim(query));
  std::vector<FindMatch> out;
  if (needle.empty() || limit == 0) return out;
  const std::optional<std::size_t> nameCol = nameColumnIndex(table), keyCol = keyColumnIndex(table);
  if (!nameCol && !keyCol) return out;
  for (std::size_t f = 0; f < table.rowCount(); ++f) {
    std::string name, key;
    if (nameCol && !table.column(*nameCol).isMissing(f)) name = table.column(*nameCol).displayText(f);
    if (keyCol && !table.column(*keyCol).isMissing(f)) key = table.column(*keyCol).displayText(f);
    std::optional<int> rank = matchRank(name, needle);
    if (std::optional<int> k = matchRank(key, needle); k && (!rank || *k < *rank)) rank = k;
    if (!rank) continue;
    std::string label = name.empty() ? key : key.empty() || key == name ? name : name + " (" + key + ")";
    out.push_back({f, std::move(label), *rank});
  }
  std::stable_sort(out.begin(), out.end(), [](const FindMatch& a, const FindMatch& b) { return a.rank < b.rank; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<std::string> PlaceFinder::placesContaining(const std::vector<const Layer*>& layers, Point p) {
  std::vector<std::pair<const Point*, std::size_t>> buffers;  // coordinates and feature count of each layer
  for (const Layer* layer : layers) buffers.emplace_back(layer->geometry.points().data(), layer->featureCount());
  if (layers != m_layers || buffers != m_buffers) {
    m_layers = layers;
    m_buffers = std::move(buffers);
    m_pickers.clear();
    for (const Layer* layer : layers)
      m_pickers.push_back(areaNameColumn(layer->attributes) ? std::make_unique<render::FeaturePicker>(layer->geometry) : nullptr);
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (!m_pickers[i]) continue;
    const Column* name = areaNameColumn(layers[i]->attributes);
    if (const std::optional<std::size_t> f = m_pickers[i]->pick(p); f && !name->isMissing(*f)) out.push_back(name->displayText(*f));
  }
  return out;
}

}  // namespace mobmap::ui
