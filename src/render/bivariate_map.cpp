#include "render/bivariate_map.h"

#include <cmath>

#include "core/error.h"
#include "core/metric_columns.h"
#include "render/number_format.h"
#include "style/metric_catalog.h"
#include "style/view_palettes.h"

namespace mobmap::render {

namespace {

struct Side {
  const Column* column = nullptr;
  const Column* quality = nullptr;
  std::vector<std::optional<double>> values;
  std::string label, unit;
};

Side readSide(const AttributeTable& t, const std::string& field, const std::string& sourceName) {
  Side s;
  s.column = &requireNumericField(t, field, sourceName, "a bivariate map needs numbers");
  s.values = s.column->optionalNumbers();
  s.quality = t.find(field + "_quality");  // numbers 1-3 or Urban's words (core/metric_columns.h)
  const style::MetricInfo* m = style::MetricCatalog::builtin().find(field);
  s.label = m ? m->label : field;
  s.unit = m ? m->unit : "";
  return s;
}

analysis::Classification tertiles(const Side& s, const std::string& field, const std::string& sourceName) {
  analysis::Classification c;
  try {
    c = analysis::classify(s.values, analysis::ClassMethod::Quantile, 3);
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw Error(sourceName + ": field '" + field + "': " + e.what());
  }
  if (c.counts.size() != 3)
    throw Error(sourceName + ": field '" + field + "' has too many tied values for three classes (tertiles)");
  return c;
}

std::vector<std::string> ticks(const analysis::Classification& c, const std::string& unit) {
  const NumberFormat fmt = formatForBreaks(unit, c.breaks);
  std::vector<std::string> out;
  for (double b : c.breaks) out.push_back(fmt.format(b));
  return out;
}

}  // namespace

BivariateMap buildBivariateMap(const AttributeTable& table, const BivariateRequest& request, const std::string& sourceName) {
  const style::BivariatePalette& palette = style::ViewPalettes::builtin().bivariate(request.palette);
  const Side x = readSide(table, request.fieldX, sourceName), y = readSide(table, request.fieldY, sourceName);
  BivariateMap out;
  out.x = tertiles(x, request.fieldX, sourceName);
  out.y = tertiles(y, request.fieldY, sourceName);

  ThematicMap& map = out.map;
  map.style = style::StyleCatalog::builtin().find(request.style);
  const style::MapStyle& st = map.style;
  map.metricLabel = request.legendTitle.empty() ? x.label + " and " + y.label : request.legendTitle;
  for (const Rgb& c : palette.cells) map.fills.push_back(Fill{c});
  const int noData = static_cast<int>(map.fills.size());
  map.fills.push_back(Fill{st.missingFill});
  map.hatch = Fill{Rgb{255, 255, 255}, Pattern::Hatch, st.lowQualityHatch.color, st.lowQualityHatch.lineWidthPt,
                   st.lowQualityHatch.spacingPt};

  const std::size_t n = table.rowCount();
  BivariateLegend grid;
  grid.cells.assign(map.fills.begin(), map.fills.begin() + 9);
  grid.counts.assign(9, 0);
  map.fillIndex.assign(n, noData);
  map.lowQuality.assign(n, false);
  auto weak = [](const Side& s, std::size_t i) { return isWeakQuality(s.quality, i); };
  for (std::size_t i = 0; i < n; ++i) {
    const int cx = out.x.classOf[i], cy = out.y.classOf[i];
    if (cx < 0 || cy < 0) {
      ++map.missing;
      continue;
    }
    const int cell = cy * 3 + cx;
    map.fillIndex[i] = cell;
    ++grid.counts[static_cast<std::size_t>(cell)];
    map.lowQuality[i] = weak(x, i) || weak(y, i);
    map.lowQualityCount += map.lowQuality[i];
  }
  grid.xLabel = x.label + " →";
  grid.yLabel = "↑ " + y.label;
  grid.xTicks = ticks(out.x, x.unit);
  grid.yTicks = ticks(out.y, y.unit);

  Legend& lg = map.legend;
  lg.heading = map.metricLabel;
  lg.rule = "Tertiles of each; darker = both higher";
  lg.grid = std::move(grid);
  lg.special.push_back({"No data (either value missing)", map.missing, map.fills[static_cast<std::size_t>(noData)], SwatchKind::Missing});
  if (x.quality || y.quality)
    lg.special.push_back({"Hatched: weak data quality (flag 3)", map.lowQualityCount, map.hatch, SwatchKind::LowQuality});
  lg.footnote = "Each class includes its upper bound.";
  map.methodText = "tertiles (R type-7 quantiles) of " + request.fieldX + " (across) and " + request.fieldY +
                   " (up), Joshua Stevens' " + palette.name + " palette";
  return out;
}

}  // namespace mobmap::render
