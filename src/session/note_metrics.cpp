#include "session/note_metrics.h"

#include <map>

#include "core/attribute_table.h"
#include "core/error.h"
#include "core/geoid.h"
#include "core/text.h"
#include "io/row_filter.h"
#include "io/source_reader.h"
#include "style/metric_catalog.h"

namespace mobmap::session {

namespace {

bool allDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

notes::ExtraColumns noteMetricColumns(const std::vector<notes::Note>& notes, const std::string& tablePath,
                                      const std::string& keySpec, const std::string& where, std::vector<std::string>& warnings) {
  const AttributeTable table = io::readTable(tablePath);
  const KeySpec spec = KeySpec::parse(keySpec);
  for (const std::string& c : spec.columns) table.require(c, tablePath);
  const std::vector<std::string> keys = buildKeys(table, spec, tablePath);
  const std::vector<bool> kept = where.empty() ? std::vector<bool>(table.rowCount(), true) : io::selectRows(table, where, tablePath);

  // The metrics: columns the catalog knows that are values (not their bounds or flags), with their flag column.
  const style::MetricCatalog& catalog = style::MetricCatalog::builtin();
  struct Metric {
    const Column* value;
    const Column* quality;
  };
  std::vector<Metric> metrics;
  for (const Column& c : table.columns()) {
    const std::string& name = c.name();
    if (name.ends_with("_lb") || name.ends_with("_ub") || name.ends_with("_quality")) continue;
    const style::MetricInfo* info = catalog.find(name);
    if (!info) continue;
    const Column* quality = table.find(name + "_quality");
    for (const std::string& q : info->qualityColumns)
      if (!quality) quality = table.find(q);
    metrics.push_back({&c, quality});
  }
  if (metrics.empty()) throw Error(tablePath + ": no column is a Mobility Metric the catalog knows, so there are no values to add");

  std::map<std::string, std::size_t> rowOf;
  std::map<std::string, std::size_t> duplicates;
  for (std::size_t r = 0; r < keys.size(); ++r) {
    if (!kept[r] || keys[r].empty()) continue;
    if (!rowOf.emplace(keys[r], r).second) ++duplicates[keys[r]];
  }
  if (!duplicates.empty())
    warnings.push_back(tablePath + ": " + std::to_string(duplicates.size()) + " areas have several rows (e.g. " +
                       duplicates.begin()->first + ": " + std::to_string(duplicates.begin()->second + 1) +
                       " rows); the first is used: filter to one year and subgroup with --metrics-where");

  notes::ExtraColumns out;
  out.names.push_back("metrics_area");
  out.numeric.push_back(false);
  for (const Metric& m : metrics) {
    out.names.push_back(m.value->name());
    out.numeric.push_back(m.value->isNumeric());
    if (m.quality) {
      out.names.push_back(m.value->name() + "_quality");
      out.numeric.push_back(false);
    }
  }
  std::size_t located = 0;
  for (const notes::Note& n : notes) {
    std::vector<std::string> row(out.names.size());
    std::optional<std::size_t> found;
    std::string area;
    for (const std::string& id : n.areaIds) {
      const std::string key = canonicalKeyPart(id);
      for (const std::string& candidate : {key, allDigits(key) && (key.size() == 11 || key.size() == 12) ? key.substr(0, 5) : std::string()}) {
        if (found || candidate.empty()) continue;
        if (auto it = rowOf.find(candidate); it != rowOf.end()) {
          found = it->second;
          area = candidate;
        }
      }
    }
    if (found) {
      ++located;
      std::size_t c = 0;
      row[c++] = area;
      for (const Metric& m : metrics) {
        row[c++] = m.value->displayText(*found);
        if (m.quality) row[c++] = m.quality->displayText(*found);
      }
    }
    out.rows.push_back(std::move(row));
  }
  if (located < notes.size())
    warnings.push_back(std::to_string(notes.size() - located) + " of " + std::to_string(notes.size()) +
                       " notes lie in no area of " + tablePath + " (their area ids, from --areas, name none of its keys "
                       "or their counties); they get no metric values");
  return out;
}

}  // namespace mobmap::session
