#include "render/lisa_map.h"

#include "analysis/lisa_correction.h"
#include "core/error.h"
#include "core/text.h"
#include "render/detail/lisa_input.h"
#include "render/number_format.h"
#include "style/metric_catalog.h"
#include "style/view_palettes.h"

namespace mobmap::render {

LisaMap buildLisaMap(const Layer& layer, const LisaMapRequest& request, const std::string& sourceName) {
  LisaMap out;
  ThematicMap& map = out.map;
  map.style = style::StyleCatalog::builtin().find(request.style);
  const style::MetricInfo* metric = style::MetricCatalog::builtin().find(request.field);
  map.metricLabel = metric ? metric->label : request.field;

  const std::size_t n = layer.featureCount();
  LisaInput in = lisaInput(layer, request, sourceName, "a LISA map needs a numeric field");
  analyseField(sourceName, request.field, [&] {
    out.result = analysis::localMoran(in.values, in.weights, request.permutations, request.seed, request.alpha, request.cancel);
    analysis::correctLocalMoran(out.result, in.values, request.correction);
  });
  out.rows = std::move(in.rows);

  const style::LisaColors& c = style::ViewPalettes::builtin().lisa();
  map.fills = {Fill{c.highHigh}, Fill{c.lowLow}, Fill{c.highLow}, Fill{c.lowHigh}, Fill{c.notSignificant},
               Fill{map.style.missingFill}, Fill{c.island}};
  map.fillIndex.assign(n, kLisaNoData);
  map.lowQuality.assign(n, false);
  std::size_t counts[7] = {0, 0, 0, 0, 0, 0, 0};
  for (std::size_t k = 0; k < out.rows.size(); ++k) {
    const analysis::LocalMoranArea& a = out.result.areas[k];
    int fill = kLisaNotSignificant;
    if (a.island) fill = kLisaIsland;
    else if (a.cluster == analysis::LisaCluster::HighHigh) fill = kLisaHighHigh;
    else if (a.cluster == analysis::LisaCluster::LowLow) fill = kLisaLowLow;
    else if (a.cluster == analysis::LisaCluster::HighLow) fill = kLisaHighLow;
    else if (a.cluster == analysis::LisaCluster::LowHigh) fill = kLisaLowHigh;
    map.fillIndex[out.rows[k]] = fill;
    ++counts[fill];
  }
  out.islands = counts[kLisaIsland];
  map.missing = n - out.rows.size();
  counts[kLisaNoData] = map.missing;

  // Legend: clusters top to bottom (the class list is drawn highest first, so it is stored bottom first).
  Legend& lg = map.legend;
  lg.heading = request.legendTitle.empty() ? "Clusters of " + map.metricLabel : request.legendTitle;
  const std::string pText = out.result.usedPseudoP ? "pseudo p" : "p";
  lg.unitLine = "Local Moran's I, " + pText + " ≤ " + formatNumber(request.alpha) +
                (request.correction == analysis::PCorrection::Bonferroni ? " (Bonferroni)"
                 : request.correction == analysis::PCorrection::FalseDiscoveryRate ? " (FDR-adjusted)" : "");
  lg.rule = "Area's value, then its neighbours' average";
  auto entry = [&](int fill, const std::string& label, SwatchKind kind = SwatchKind::Class) {
    return LegendEntry{label, counts[fill], map.fills[static_cast<std::size_t>(fill)], kind};
  };
  lg.classes = {entry(kLisaNotSignificant, "Not significant", SwatchKind::NotSignificant), entry(kLisaLowHigh, "Low-High (low outlier)"),
                entry(kLisaHighLow, "High-Low (high outlier)"), entry(kLisaLowLow, "Low-Low (cold spot)"),
                entry(kLisaHighHigh, "High-High (hot spot)")};
  lg.special.push_back(entry(kLisaNoData, "No data", SwatchKind::Missing));
  if (out.islands > 0) lg.special.push_back(entry(kLisaIsland, "No neighbours (not tested)", SwatchKind::Missing));
  lg.footnote = "High / low: above / below the mean.";

  map.methodHeading = "Clusters";
  map.methodText = "local Moran's I on " + analysis::weightsSpecPhrase(request.weights) + " (row-standardised), ";
  if (out.result.usedPseudoP)
    map.methodText += "pseudo p ≤ " + formatNumber(request.alpha) + " from " + std::to_string(out.result.permutations) +
                      " permutations (seed " + std::to_string(request.seed) + ")";
  else
    map.methodText += "analytical p ≤ " + formatNumber(request.alpha) + " (no permutations)";
  map.methodText += request.correction == analysis::PCorrection::None
                         ? ", not corrected for multiple comparisons"
                         : ", " + analysis::pCorrectionPhrase(request.correction, out.result.comparisons);
  if (out.islands > 0)
    map.methodText += ", " + std::to_string(out.islands) + (out.islands == 1 ? " area" : " areas") + " without neighbours not tested";
  return out;
}

}  // namespace mobmap::render
