#include "ui/map_type.h"

#include "core/error.h"
#include "core/text.h"
#include "render/bivariate_map.h"
#include "render/comparison_map.h"
#include "render/lisa_map.h"
#include "session/view_spec.h"
#include "style/color_ramps.h"

namespace mobmap::ui {

std::string_view mapTypeLabel(MapType type) {
  switch (type) {
    case MapType::Choropleth: return "Choropleth";
    case MapType::Lisa: return "LISA clusters";
    case MapType::Gap: return "Gap (A \xe2\x88\x92 B)";
    case MapType::Ratio: return "Ratio (A / B)";
    case MapType::Bivariate: return "Bivariate";
  }
  return "Choropleth";
}

std::optional<MapType> parseMapType(std::string_view name) {
  const std::string n = toLower(name);
  if (n == "choropleth") return MapType::Choropleth;
  if (n == "lisa") return MapType::Lisa;
  if (n == "gap") return MapType::Gap;
  if (n == "ratio") return MapType::Ratio;
  if (n == "bivariate") return MapType::Bivariate;
  return std::nullopt;
}

bool needsSecondField(MapType type) { return type == MapType::Gap || type == MapType::Ratio || type == MapType::Bivariate; }

render::ThematicMap buildMapOfType(const session::LoadedView& view, MapType type, const std::string& secondField) {
  return buildMapOfType(view.spec, view.data.layer, type, secondField);
}

render::MoranScatter buildMoranScatterOf(const session::ViewSpec& spec, const Layer& layer,
                                         std::shared_ptr<const analysis::SpatialWeights> queen, const std::atomic<bool>* cancel) {
  render::LisaMapRequest r;
  r.field = session::mappedField(spec);
  r.style = spec.style;
  r.contiguity = std::move(queen);
  r.cancel = cancel;
  return render::buildMoranScatter(layer, r, spec.data);
}

render::ThematicMap buildMapOfType(const session::ViewSpec& spec, const Layer& layer, MapType type, const std::string& secondField,
                                   std::shared_ptr<const analysis::SpatialWeights> queen, const std::atomic<bool>* cancel) {
  const render::ThematicRequest base = session::thematicRequest(spec);
  if (needsSecondField(type) && secondField.empty())
    throw UsageError(std::string(mapTypeLabel(type)) + " needs a second field: pick B in the Style panel");
  const std::string field = session::mappedField(spec);
  switch (type) {
    case MapType::Choropleth: break;
    case MapType::Lisa: {
      render::LisaMapRequest r;
      r.field = field;
      r.style = spec.style;
      r.legendTitle = spec.legendTitle;
      r.contiguity = std::move(queen);
      r.cancel = cancel;
      return render::buildLisaMap(layer, r, spec.data).map;
    }
    case MapType::Gap:
    case MapType::Ratio: {
      render::ThematicRequest diverging = base;
      // A view's sequential ramp belongs to its choropleth; a gap or ratio map diverges around its reference.
      const auto& ramps = style::RampCatalog::builtin();
      if (diverging.overrides.ramp && ramps.has(*diverging.overrides.ramp) &&
          ramps.kind(*diverging.overrides.ramp) != style::RampKind::Diverging)
        diverging.overrides.ramp.reset();
      render::ComparisonRequest r{field, secondField, type == MapType::Gap ? render::Comparison::Gap : render::Comparison::Ratio,
                                  diverging};
      try {
        return render::buildComparisonMap(layer.attributes, r, spec.data).map;
      } catch (const Error&) {
        // The view's method and class count were chosen for its choropleth; when the diverging classes cannot
        // honour them, use the diverging style's own (as `mobmap render --gap` does without them).
        r.base.overrides.method.reset();
        r.base.overrides.classes.reset();
        r.base.overrides.ramp.reset();
        r.base.manualBreaks.clear();
        return render::buildComparisonMap(layer.attributes, r, spec.data).map;
      }
    }
    case MapType::Bivariate: {
      render::BivariateRequest r{field, secondField, "", spec.style, spec.legendTitle};
      return render::buildBivariateMap(layer.attributes, r, spec.data).map;
    }
  }
  return render::buildThematicMap(layer.attributes, base, spec.data);
}

}  // namespace mobmap::ui
