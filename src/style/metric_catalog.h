#pragma once
// The catalog of Urban Institute Mobility Metrics: for each variable its pillar, predictor, readable label,
// unit, display format and which direction is better. The data live in styles/metric_catalog.toml, which
// is compiled into the binary; parse() also reads other catalog text (user overrides, tests).
//
// Usage:
//   const auto& catalog = mobmap::style::MetricCatalog::builtin();
//   if (const MetricInfo* m = catalog.find("index_air_quality")) ...   // resolves 2023 names to 2025 entries
//   if (const MetricInfo* m = catalog.findByQualityColumn("pctl_20_quality")) ...
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mobmap::style {

// Which end of a metric's scale is the better outcome.
enum class Direction { HigherIsBetter, LowerIsBetter, Neutral };

// One Mobility Metrics variable.
struct MetricInfo {
  std::string variable;                     // current column name
  std::vector<std::string> aliases;         // other names of the same quantity
  std::vector<std::string> qualityColumns;  // names of its quality-flag column in the files
  std::string pillar;
  std::string predictor;
  std::string label;
  std::string description;
  std::string unit;    // share, percent, dollars, rate, ratio, index, count, years, grade levels
  std::string format;  // display hint such as percent1, dollars0, number2
  double per = 0;      // population base of a rate (e.g. 100000); 0 when not a rate
  Direction direction = Direction::Neutral;
};

// One of the five pillars of the Upward Mobility Framework.
struct PillarInfo {
  std::string name;
  std::string description;
  int order = 0;
};

// An immutable, validated catalog of metrics and pillars.
class MetricCatalog {
 public:
  // Parses catalog TOML text. Throws mobmap::Error naming sourceName, the line and the key on malformed
  // TOML, a missing or mistyped field, an unknown pillar, unit or direction, or a name used twice.
  static MetricCatalog parse(std::string_view tomlText, const std::string& sourceName);

  // The catalog embedded from styles/metric_catalog.toml, parsed on first use; the same object each call.
  static const MetricCatalog& builtin();

  // The metric whose variable or one of whose aliases equals the name; nullptr when unknown.
  const MetricInfo* find(std::string_view variableOrAlias) const;

  // The metric whose quality flag is stored in this column: an exact listed quality column first (the
  // first metric listing it, for flags shared by several metrics), else "<variable or alias>_quality";
  // nullptr when none matches.
  const MetricInfo* findByQualityColumn(std::string_view column) const;

  // All metrics in file order.
  const std::vector<MetricInfo>& metrics() const { return m_metrics; }

  // All pillars, sorted by their order field.
  const std::vector<PillarInfo>& pillars() const { return m_pillars; }

 private:
  std::vector<MetricInfo> m_metrics;
  std::vector<PillarInfo> m_pillars;
  std::map<std::string, std::size_t, std::less<>> m_byName;           // variable or alias -> index
  std::map<std::string, std::size_t, std::less<>> m_byQualityColumn;  // first metric listing the column
};

// The name used in messages and the UI for a direction ("higher_is_better", ...), as spelled in the catalog.
std::string_view directionName(Direction direction);

}  // namespace mobmap::style
