#include "render/group_counts.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/text.h"
#include "render/thematic_map.h"
#include "style/color_ramps.h"

namespace mobmap::render {

GroupCounts readGroupCounts(const AttributeTable& table, const GroupFields& groups, const std::string& sourceName) {
  if (groups.fields.empty()) throw UsageError("name at least one group field");
  if (!groups.labels.empty() && groups.labels.size() != groups.fields.size())
    throw UsageError("give one label per group (" + std::to_string(groups.fields.size()) + " groups, " +
                     std::to_string(groups.labels.size()) + " labels)");
  if (groups.units != GroupUnits::Counts && groups.total.empty())
    throw UsageError("group percentages or shares need the total field they are shares of (--total)");
  const std::size_t n = table.rowCount();
  GroupCounts out;
  out.labels = groups.labels.empty() ? groups.fields : groups.labels;
  if (!groups.total.empty()) {
    const Column& t = requireNumericField(table, groups.total, sourceName, "the total must be a number of people");
    out.total.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      if (!t.isMissing(i) && std::isfinite(t.number(i))) out.total[i] = t.number(i);
  }
  const double scale = groups.units == GroupUnits::Percent ? 100.0 : 1.0;
  for (const std::string& field : groups.fields) {
    const Column& c = requireNumericField(table, field, sourceName, "group fields must be numbers of people or shares");
    std::vector<std::optional<double>> people(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (c.isMissing(i) || !std::isfinite(c.number(i))) continue;
      const double v = c.number(i);
      if (v < 0) throw Error(sourceName + ": field '" + field + "' is negative in row " + std::to_string(i + 1) + " (" + formatNumber(v) + ")");
      if (groups.units == GroupUnits::Counts) people[i] = v;
      else if (out.total[i]) people[i] = v / scale * *out.total[i];
    }
    out.people.push_back(std::move(people));
  }
  if (!out.total.empty()) {
    std::vector<std::string> names;
    for (const Column& c : table.columns()) names.push_back(c.name());
    out.overlap = findGroupOverlap(out.people, out.total, groups.fields, names);
    out.overlapWarning = groupOverlapWarning(out.overlap, groups.total);
  }
  return out;
}

std::vector<style::Rgb> groupColors(const std::string& ramp, std::size_t groups) {
  const auto& ramps = style::RampCatalog::builtin();
  const int classes = std::max(3, static_cast<int>(groups));
  std::string name = ramp;
  if (name.empty()) {
    name = ramps.defaultRamp(style::RampKind::Qualitative, std::min(classes, 12));
  } else {
    if (!ramps.has(name)) throw UsageError("unknown ramp '" + ramp + "'");
    if (ramps.kind(name) != style::RampKind::Qualitative)
      throw UsageError("ramp '" + ramp + "' is not qualitative; groups need distinct hues (e.g. Dark2, Set2)");
  }
  if (classes > ramps.maxClasses(name))
    throw UsageError("ramp '" + ramps.canonicalName(name) + "' has " + std::to_string(ramps.maxClasses(name)) +
                     " colours, too few for " + std::to_string(groups) + " groups");
  std::vector<style::Rgb> c = ramps.colors(name, classes);
  c.resize(groups);
  return c;
}

}  // namespace mobmap::render
