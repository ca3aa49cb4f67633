#include "cli/detail/json_output.h"

#include <cmath>
#include <iomanip>
#include <sstream>

#include "core/text.h"
#include "style/color.h"

namespace mobmap::cli {

nlohmann::json optionalJson(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

std::string optionalText(const std::optional<double>& v, int digits) {
  if (!v) return "n/a";
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << *v;
  return s.str();
}

nlohmann::json missingReasonsJson(const MissingCounts& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [reason, n] : counts)
    if (reason != MissingReason::None && n > 0)
      out[std::string(missingReasonKey(reason))] = {{"count", n}, {"meaning", std::string(missingReasonText(reason))}};
  return out;
}

nlohmann::json extentJson(const Extent& e) {
  if (e.empty()) return nullptr;
  return {e.minX, e.minY, e.maxX, e.maxY};
}

nlohmann::json joinReportJson(const JoinReport& r) {
  return {{"left_features", r.leftRows},
          {"right_rows", r.rightRows},
          {"matched", r.matched},
          {"unmatched_left", r.unmatchedLeft},
          {"unmatched_right", r.unmatchedRight},
          {"duplicate_right", r.duplicateRight},
          {"duplicate_left", r.duplicateLeft},
          {"match_rate", r.leftRows ? std::round(1000.0 * double(r.matched) / double(r.leftRows)) / 1000.0 : 0.0},
          {"examples",
           {{"unmatched_left", r.unmatchedLeftExamples},
            {"unmatched_right", r.unmatchedRightExamples},
            {"duplicate_right", r.duplicateRightExamples}}},
          {"notes", r.notes}};
}

nlohmann::json legendJson(const render::Legend& legend) {
  nlohmann::json entries = nlohmann::json::array();
  auto add = [&](const render::LegendEntry& e) {
    entries.push_back({{"label", e.label}, {"count", e.count}, {"color", style::toHex(e.fill.color)},
                       {"kind", render::swatchKindName(e.kind)}});
  };
  for (auto it = legend.classes.rbegin(); it != legend.classes.rend(); ++it) add(*it);
  if (const auto& g = legend.grid) {  // a bivariate grid: one swatch per cell, named by its two classes
    auto range = [](const std::vector<std::string>& ticks, int i) {
      const auto k = static_cast<std::size_t>(i);
      return k + 1 < ticks.size() ? ticks[k] + " – " + ticks[k + 1] : std::string("class ") + std::to_string(i + 1);
    };
    for (int y = g->rows; y-- > 0;)
      for (int x = 0; x < g->columns; ++x) {
        const auto i = static_cast<std::size_t>(y * g->columns + x);
        if (i >= g->cells.size()) continue;
        add({"x " + range(g->xTicks, x) + ", y " + range(g->yTicks, y), i < g->counts.size() ? g->counts[i] : 0,
             g->cells[i], render::SwatchKind::Class});
      }
  }
  for (const render::LegendEntry& e : legend.special) add(e);
  return entries;
}

nlohmann::json figureTextsJson(const render::Figure& figure) {
  return {{"title", figure.title}, {"subtitle", figure.description}, {"legend_title", figure.legendTitle},
          {"source_line", figure.sourceLine}};
}

}  // namespace mobmap::cli
