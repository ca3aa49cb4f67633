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

std::vector<std::string> placesContaining(const std::vector<const Layer*>& layers, Point p) {
  std::vector<std::string> out;
  for (const Layer* layer : layers) {
    const Column* name = areaNameColumn(layer->attributes);
    if (!name) continue;
    const GeometryStore& g = layer->geometry;
    for (std::size_t f = 0; f < g.featureCount(); ++f) {
      const Extent e = g.featureExtent(f);
      if (e.empty() || p.x < e.minX || p.x > e.maxX || p.y < e.minY || p.y > e.maxY || name->isMissing(f)) continue;
      if (featureContains(g, f, p)) out.push_back(name->displayText(f));
    }
  }
  return out;
}

}  // namespace mobmap::ui
