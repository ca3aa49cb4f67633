#include "ui/linked_maps.h"

#include <algorithm>

#include "render/number_format.h"
#include "render/small_multiples.h"

namespace mobmap::ui {

namespace {

std::string viewTitle(const session::ViewSpec& spec) { return spec.title.empty() ? spec.field : spec.title; }

// One side of the pooled result as a map of its own: the panel's fills and weak flags, the shared classes,
// fills and legend.
render::ThematicMap sideMap(const render::SharedClassMaps& pooled, std::size_t panel) {
  render::ThematicMap m = pooled.shared;
  const render::PanelMap& p = pooled.panels[panel];
  m.fillIndex = p.fillIndex;
  m.lowQuality = p.lowQuality;
  m.missing = p.missing;
  m.suppressed = p.suppressed;
  m.lowQualityCount = p.lowQualityCount;
  return m;
}

}  // namespace

std::string poolingProblem(const LinkedMaps& independent) {
  const render::Legend& l = independent.left.legend;
  const render::Legend& r = independent.right.legend;
  if (!l.unitLine.empty() && !r.unitLine.empty() && l.unitLine != r.unitLine)
    return "the two fields have different units (" + l.unitLine + ", " + r.unitLine + ")";
  const auto& bl = independent.left.classification.breaks;
  const auto& br = independent.right.classification.breaks;
  if (bl.size() < 2 || br.size() < 2) return {};
  const double spanL = bl.back() - bl.front(), spanR = br.back() - br.front();
  const double narrow = std::min(spanL, spanR), wide = std::max(spanL, spanR);
  const double overlap = std::min(bl.back(), br.back()) - std::max(bl.front(), br.front());
  const bool apart = narrow > 0 ? overlap < narrow / 2 : overlap < 0;
  if (apart || wide > 4 * narrow) {
    auto range = [](const std::vector<double>& b) {  // as the legend would print the ends
      const render::NumberFormat f = render::formatForBreaks("", b);
      return f.format(b.front()) + "–" + f.format(b.back());
    };
    return "the two fields' values lie in different ranges (" + range(bl) + ", " + range(br) + ")";
  }
  return {};
}

std::string linkedBreaksLabel(bool sharedBreaks) {
  return sharedBreaks ? "Same classes on both sides (pooled values): a colour means the same value"
                      : "Independent classes: the same colour means different values on each side";
}

LinkedMaps buildLinkedMaps(const session::LoadedView& left, const session::LoadedView& right, bool sharedBreaks) {
  LinkedMaps out;
  out.sharedBreaks = sharedBreaks;
  out.label = linkedBreaksLabel(sharedBreaks);
  if (!sharedBreaks) {
    out.left = render::buildThematicMap(left.data.layer.attributes, session::thematicRequest(left.spec), left.spec.data);
    out.right = render::buildThematicMap(right.data.layer.attributes, session::thematicRequest(right.spec), right.spec.data);
    return out;
  }
  const std::string fieldL = session::mappedField(left.spec), fieldR = session::mappedField(right.spec);
  render::ThematicRequest request = session::thematicRequest(left.spec);
  if (fieldL != fieldR) request.legendTitle = viewTitle(left.spec) + " and " + viewTitle(right.spec);
  std::vector<render::PanelSource> panels{{&left.data.layer.attributes, fieldL, viewTitle(left.spec)},
                                          {&right.data.layer.attributes, fieldR, viewTitle(right.spec)}};
  const render::SharedClassMaps pooled = render::buildPooledClassMaps(panels, request, left.spec.data);
  out.left = sideMap(pooled, 0);
  out.right = sideMap(pooled, 1);
  return out;
}

}  // namespace mobmap::ui
