#include "render/hotspot_map.h"

#include "render/detail/lisa_input.h"
#include "style/metric_catalog.h"
#include "style/view_palettes.h"

namespace mobmap::render {

namespace {

// Fill indexes, in the order of the legend's classes from the bottom.
enum : int { kCold99 = 0, kCold95, kCold90, kNotSignificant, kHot90, kHot95, kHot99, kNoData, kNoNeighbours };

int fillOf(const std::string& cls) {
  if (cls == "hot spot 99%") return kHot99;
  if (cls == "hot spot 95%") return kHot95;
  if (cls == "hot spot 90%") return kHot90;
  if (cls == "cold spot 99%") return kCold99;
  if (cls == "cold spot 95%") return kCold95;
  if (cls == "cold spot 90%") return kCold90;
  if (cls == "no neighbours") return kNoNeighbours;
  return kNotSignificant;
}

}  // namespace

HotSpotMap buildHotSpotMap(const Layer& layer, const HotSpotMapRequest& request, const std::string& sourceName) {
  HotSpotMap out;
  ThematicMap& map = out.map;
  const LisaMapRequest& r = request.base;
  map.style = style::StyleCatalog::builtin().find(r.style);
  const style::MetricInfo* metric = style::MetricCatalog::builtin().find(r.field);
  map.metricLabel = metric ? metric->label : r.field;

  const std::size_t n = layer.featureCount();
  LisaInput in = lisaInput(layer, r, sourceName, "a hot-spot map needs a numeric field");
  analyseField(sourceName, r.field, [&] { out.result = analysis::localG(in.values, in.weights, request.star); });
  out.rows = std::move(in.rows);

  const style::HotSpotColors& h = style::ViewPalettes::builtin().hotSpots();
  const style::LisaColors& l = style::ViewPalettes::builtin().lisa();
  map.fills = {Fill{h.cold99}, Fill{h.cold95}, Fill{h.cold90}, Fill{l.notSignificant}, Fill{h.hot90},
               Fill{h.hot95},  Fill{h.hot99},  Fill{map.style.missingFill}, Fill{l.island}};
  map.fillIndex.assign(n, kNoData);
  map.lowQuality.assign(n, false);
  std::vector<std::size_t> counts(map.fills.size(), 0);
  for (std::size_t k = 0; k < out.rows.size(); ++k) {
    const int fill = fillOf(out.result.cls[k]);
    map.fillIndex[out.rows[k]] = fill;
    ++counts[static_cast<std::size_t>(fill)];
  }
  map.missing = n - out.rows.size();
  counts[kNoData] = map.missing;

  const std::string stat = request.star ? "Gi*" : "Gi";
  Legend& lg = map.legend;
  lg.heading = r.legendTitle.empty() ? "Hot spots of " + map.metricLabel : r.legendTitle;
  lg.unitLine = "Getis-Ord " + stat + ", two-sided";
  lg.rule = "Hot: high values near high values";
  auto entry = [&](int fill, const std::string& label, SwatchKind kind = SwatchKind::Class) {
    return LegendEntry{label, counts[static_cast<std::size_t>(fill)], map.fills[static_cast<std::size_t>(fill)], kind};
  };
  lg.classes = {entry(kCold99, "Cold spot, 99% confidence"), entry(kCold95, "Cold spot, 95%"), entry(kCold90, "Cold spot, 90%"),
                entry(kNotSignificant, "Not significant", SwatchKind::NotSignificant),    entry(kHot90, "Hot spot, 90%"),   entry(kHot95, "Hot spot, 95%"),
                entry(kHot99, "Hot spot, 99% confidence")};
  lg.special.push_back(entry(kNoData, "No data", SwatchKind::Missing));
  if (counts[kNoNeighbours] > 0) lg.special.push_back(entry(kNoNeighbours, "No neighbours (not tested)", SwatchKind::Missing));
  lg.footnote = "Confidence from the z score's two-sided p.";
  map.methodHeading = "Hot spots";
  map.methodText = "Getis-Ord " + stat + " (as spdep::localG) on " + analysis::weightsSpecPhrase(r.weights) +
                   " (binary" + (request.star ? ", each area included in its own neighbourhood" : "") +
                   "), p ≤ 0.01 / 0.05 / 0.10, not corrected for multiple comparisons";
  return out;
}

}  // namespace mobmap::render
