#include "render/small_multiples.h"

#include "core/error.h"
#include "core/metric_columns.h"

namespace mobmap::render {

SharedClassMaps buildSharedClassMaps(const std::vector<PanelSource>& panels, const ThematicRequest& request,
                                     const std::string& sourceName) {
  if (panels.empty()) throw UsageError("small multiples need at least one field or subgroup");
  const std::size_t n = panels.front().table->rowCount();
  for (const PanelSource& p : panels)
    if (p.table->rowCount() != n) throw Error(sourceName + ": the maps' tables differ in length; cannot share one layer");
  return buildPooledClassMaps(panels, request, sourceName);
}

SharedClassMaps buildPooledClassMaps(const std::vector<PanelSource>& panels, const ThematicRequest& request,
                                     const std::string& sourceName) {
  if (panels.empty()) throw UsageError("small multiples need at least one field or subgroup");
  bool sameField = true;
  for (const PanelSource& p : panels) sameField = sameField && p.field == panels.front().field;
  // The pooled column keeps the field's name when every panel maps the same field (subgroups), so the
  // catalog's label, unit and direction apply; otherwise a neutral name.
  const std::string pooledName = sameField ? panels.front().field : "value";
  Column pooled(pooledName, FieldType::Real), quality(pooledName + "_quality", FieldType::Integer),
      moe(pooledName + "_moe", FieldType::Real);
  bool anyQuality = false, anyMoe = false;
  for (const PanelSource& p : panels) {
    const std::size_t n = p.table->rowCount();
    const Column& c = requireNumericField(*p.table, p.field, sourceName, "small multiples need numbers");
    const Column* q = p.table->find(p.field + "_quality");
    const Column* m = p.table->find(p.field + "_moe");
    anyQuality = anyQuality || q;
    anyMoe = anyMoe || (m && m->isNumeric());
    for (std::size_t i = 0; i < n; ++i) {
      pooled.appendFrom(c, i);
      // Urban's flags as numbers 1-3 whether the file wrote numbers or words (core/metric_columns.h).
      const QualityFlag flag = q ? qualityFlag(*q, i) : QualityFlag::None;
      flag != QualityFlag::None ? quality.appendNumber(qualityFlagNumber(flag)) : quality.appendMissing();
      m && m->isNumeric() ? moe.appendFrom(*m, i) : moe.appendMissing();
    }
  }
  AttributeTable table;
  table.addColumn(std::move(pooled));
  if (anyQuality) table.addColumn(std::move(quality));
  if (anyMoe) table.addColumn(std::move(moe));

  ThematicRequest r = request;
  r.field = pooledName;
  r.qualityField = anyQuality ? pooledName + "_quality" : "";
  r.moeField = anyMoe ? pooledName + "_moe" : "";
  if (r.legendTitle.empty() && !sameField) r.legendTitle = "Value";
  SharedClassMaps out;
  out.shared = buildThematicMap(table, r, sourceName);

  const std::size_t missingIndex = out.shared.classification.counts.size();
  std::size_t first = 0;  // the panel's first row in the pooled table
  for (std::size_t p = 0; p < panels.size(); ++p) {
    const std::size_t n = panels[p].table->rowCount();
    PanelMap pm;
    pm.title = panels[p].title.empty() ? panels[p].field : panels[p].title;
    pm.fillIndex.assign(out.shared.fillIndex.begin() + static_cast<std::ptrdiff_t>(first),
                        out.shared.fillIndex.begin() + static_cast<std::ptrdiff_t>(first + n));
    pm.lowQuality.assign(out.shared.lowQuality.begin() + static_cast<std::ptrdiff_t>(first),
                         out.shared.lowQuality.begin() + static_cast<std::ptrdiff_t>(first + n));
    first += n;
    for (std::size_t i = 0; i < n; ++i) {
      const int f = pm.fillIndex[i];
      pm.missing += f == static_cast<int>(missingIndex);
      pm.suppressed += f == static_cast<int>(missingIndex) + 1;
      pm.lowQualityCount += pm.lowQuality[i];
    }
    out.panels.push_back(std::move(pm));
  }
  return out;
}

}  // namespace mobmap::render
