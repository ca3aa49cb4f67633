#include "render/comparison_map.h"

#include <cmath>

#include "core/error.h"
#include "core/metric_columns.h"

namespace mobmap::render {

ComparisonMap buildComparisonMap(const AttributeTable& table, const ComparisonRequest& request, const std::string& sourceName) {
  const Column& a = requireNumericField(table, request.fieldA, sourceName, "a gap or ratio needs numbers");
  const Column& b = requireNumericField(table, request.fieldB, sourceName, "a gap or ratio needs numbers");
  const Column* qa = table.find(request.fieldA + "_quality");
  const Column* qb = table.find(request.fieldB + "_quality");
  const bool gap = request.kind == Comparison::Gap;

  ComparisonMap out;
  out.field = request.fieldA + (gap ? " − " : " / ") + request.fieldB;
  const std::string qualityName = out.field + " quality";
  Column derived(out.field, FieldType::Real), quality(qualityName, FieldType::Integer);
  std::size_t present = 0;
  for (std::size_t i = 0; i < table.rowCount(); ++i) {
    const bool hasA = !a.isMissing(i) && std::isfinite(a.number(i)), hasB = !b.isMissing(i) && std::isfinite(b.number(i));
    out.missingA += !hasA;
    out.missingB += !hasB;
    const bool weak = isWeakQuality(qa, i) || isWeakQuality(qb, i);
    if (hasA && hasB && !gap && b.number(i) == 0) ++out.zeroDenominator;
    if (!hasA || !hasB || (!gap && b.number(i) == 0)) {
      derived.appendMissing();
    } else {
      derived.appendNumber(gap ? a.number(i) - b.number(i) : a.number(i) / b.number(i));
      ++present;
      out.weak += weak;
    }
    quality.appendNumber(weak ? 3 : 1);
  }
  if (present == 0)
    throw Error(sourceName + ": no area has both '" + request.fieldA + "' and '" + request.fieldB + "'" +
                (gap ? "" : " with " + request.fieldB + " other than 0") + "; nothing to map");

  AttributeTable derivedTable;
  derivedTable.addColumn(std::move(derived));
  if (qa || qb) derivedTable.addColumn(std::move(quality));

  ThematicRequest r = request.base;
  r.field = out.field;
  r.qualityField = qa || qb ? qualityName : "";
  r.moeField.clear();
  if (r.style == "choropleth") r.style = "diverging";
  if (!r.overrides.reference) r.overrides.reference = gap ? "zero" : "parity";
  if (r.legendTitle.empty()) r.legendTitle = gap ? "Gap: " + out.field : "Ratio: " + out.field;
  out.map = buildThematicMap(derivedTable, r, sourceName);
  out.map.legend.rule = "Red: " + request.fieldA + " above " + request.fieldB + ", blue: below";
  for (LegendEntry& e : out.map.legend.special)
    if (e.label == "No data")
      e.label = gap ? "No data (either value missing)" : "No data (either missing, or divisor 0)";
  return out;
}

}  // namespace mobmap::render
