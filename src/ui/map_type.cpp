#include "ui/map_type.h"

#include "core/error.h"
#include "session/view_spec.h"

namespace mobmap::ui {

const std::vector<MapType>& viewerMapTypes() {
  static const std::vector<MapType> types = [] {
    std::vector<MapType> t;
    for (const session::MapKindInfo& k : session::mapKinds())
      if (k.viewer) t.push_back(k.kind);
    return t;
  }();
  return types;
}

std::string_view mapTypeLabel(MapType type) { return session::mapKindInfo(type).label; }

std::optional<MapType> parseMapType(std::string_view name) {
  std::optional<MapType> kind = session::parseMapKind(name);
  if (!kind || !session::mapKindInfo(*kind).viewer) return std::nullopt;
  return kind;
}

bool needsSecondField(MapType type) { return session::mapKindInfo(type).minFields == 2; }

session::ViewSpec mapTypeSpec(const session::ViewSpec& spec, MapType type, const std::string& secondField) {
  if (needsSecondField(type) && secondField.empty())
    throw UsageError(std::string(mapTypeLabel(type)) + " needs a second field: pick B in the Style panel");
  session::ViewSpec s = spec;
  if (spec.map.kind != type) {  // another kind than the view's: its defaults, with the view's significance test
    s.map = session::MapKindSpec{};
    s.map.significance = spec.map.significance;
    s.map.fdr = spec.map.fdr;
    s.map.choroplethStyle = true;
  }
  s.map.kind = type;
  if (type != MapType::Choropleth) {
    s.map.fields = {session::mappedField(spec)};
    if (needsSecondField(type)) s.map.fields.push_back(secondField);
  }
  return s;
}

render::ThematicMap buildMapOfType(const session::LoadedView& view, MapType type, const std::string& secondField) {
  return buildMapOfType(view.spec, view.data.layer, type, secondField);
}

render::MoranScatter buildMoranScatterOf(const session::ViewSpec& spec, const Layer& layer,
                                         std::shared_ptr<const analysis::SpatialWeights> queen, const std::atomic<bool>* cancel) {
  session::BuiltMap b = session::buildMap(mapTypeSpec(spec, MapType::MoranScatter, ""), layer, {std::move(queen), cancel});
  return std::move(*b.scatter);
}

session::BuiltMap buildViewMap(const session::ViewSpec& spec, const Layer& layer, MapType type, const std::string& secondField,
                               std::shared_ptr<const analysis::SpatialWeights> queen, const std::atomic<bool>* cancel) {
  return session::buildMap(mapTypeSpec(spec, type, secondField), layer, {std::move(queen), cancel});
}

render::ThematicMap buildMapOfType(const session::ViewSpec& spec, const Layer& layer, MapType type, const std::string& secondField,
                                   std::shared_ptr<const analysis::SpatialWeights> queen, const std::atomic<bool>* cancel) {
  return std::move(buildViewMap(spec, layer, type, secondField, std::move(queen), cancel).map);
}

}  // namespace mobmap::ui
