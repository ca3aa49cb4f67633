#include "style/metric_catalog.h"

#include "style/detail/toml_support.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "core/error.h"
#include "style/detail/embedded_styles.h"

namespace mobmap::style {

namespace {

using detail::joinNames;
using detail::Reporter;

constexpr std::array<std::string_view, 9> kUnits = {"share", "percent", "dollars", "rate",        "ratio",
                                                     "index", "count",   "years",   "grade levels"};

// Builds messages of the form "<source>:<line>: <context>: <problem>".
// Reads the fields of one table, checking presence and type, and remembers which keys were used so
// that unknown (misspelt) keys can be reported.
class FieldReader {
 public:
  FieldReader(const toml::table& table, const Reporter& reporter, std::string context)
      : m_table(table), m_reporter(reporter), m_context(std::move(context)) {}

  void setContext(std::string context) { m_context = std::move(context); }

  std::string requiredString(std::string_view key) {
    const toml::node* node = require(key);
    const auto* value = node->as_string();
    if (!value) m_reporter.fail(node, m_context, "'" + std::string(key) + "' must be a string");
    if (value->get().empty()) m_reporter.fail(node, m_context, "'" + std::string(key) + "' is empty");
    return value->get();
  }

  std::vector<std::string> stringList(std::string_view key, bool required) {
    const toml::node* node = required ? require(key) : optional(key);
    std::vector<std::string> result;
    if (!node) return result;
    const auto* array = node->as_array();
    if (!array) m_reporter.fail(node, m_context, "'" + std::string(key) + "' must be an array of strings");
    for (const toml::node& element : *array) {
      const auto* value = element.as_string();
      if (!value || value->get().empty())
        m_reporter.fail(&element, m_context, "'" + std::string(key) + "' must hold non-empty strings");
      result.push_back(value->get());
    }
    return result;
  }

  std::optional<double> optionalNumber(std::string_view key) {
    const toml::node* node = optional(key);
    if (!node) return std::nullopt;
    if (const auto* i = node->as_integer()) return static_cast<double>(i->get());
    if (const auto* f = node->as_floating_point()) return f->get();
    m_reporter.fail(node, m_context, "'" + std::string(key) + "' must be a number");
  }

  std::int64_t requiredInteger(std::string_view key) {
    const toml::node* node = require(key);
    const auto* value = node->as_integer();
    if (!value) m_reporter.fail(node, m_context, "'" + std::string(key) + "' must be an integer");
    return value->get();
  }

  const toml::node* node(std::string_view key) const { return m_table.get(key); }

  // Fails on the first key of the table that no read asked for.
  void rejectUnknownKeys() const {
    for (const auto& [key, value] : m_table) {
      if (!m_used.count(std::string(key.str())))
        m_reporter.fail(&value, m_context, "unknown key '" + std::string(key.str()) + "'");
    }
  }

 private:
  const toml::node* require(std::string_view key) {
    const toml::node* node = optional(key);
    if (!node) m_reporter.fail(m_table.source().begin.line, m_context, "missing '" + std::string(key) + "'");
    return node;
  }

  const toml::node* optional(std::string_view key) {
    m_used.insert(std::string(key));
    return m_table.get(key);
  }

  const toml::table& m_table;
  const Reporter& m_reporter;
  std::string m_context;
  std::set<std::string> m_used;
};

Direction parseDirection(const std::string& text, const toml::node* at, const Reporter& reporter,
                         const std::string& context) {
  if (text == "higher_is_better") return Direction::HigherIsBetter;
  if (text == "lower_is_better") return Direction::LowerIsBetter;
  if (text == "neutral") return Direction::Neutral;
  reporter.fail(at, context,
                "unknown direction '" + text + "' (expected higher_is_better, lower_is_better or neutral)");
}

// The array-of-tables under `key` of the root, or an empty list when absent.
std::vector<const toml::table*> tablesUnder(const toml::table& root, std::string_view key,
                                            const Reporter& reporter) {
  std::vector<const toml::table*> tables;
  const toml::node* node = root.get(key);
  if (!node) return tables;
  const auto* array = node->as_array();
  if (!array) {
    const std::string name(key);
    reporter.fail(node, "", "'" + name + "' must be an array of tables ([[" + name + "]])");
  }
  for (const toml::node& element : *array) {
    const auto* table = element.as_table();
    if (!table) reporter.fail(&element, "", "each '" + std::string(key) + "' entry must be a table");
    tables.push_back(table);
  }
  return tables;
}

std::vector<PillarInfo> parsePillars(const toml::table& root, const Reporter& reporter) {
  std::vector<PillarInfo> pillars;
  std::set<std::string> names;
  std::set<std::int64_t> orders;
  for (const toml::table* table : tablesUnder(root, "pillar", reporter)) {
    FieldReader fields(*table, reporter, "pillar");
    PillarInfo pillar;
    pillar.name = fields.requiredString("name");
    fields.setContext("pillar '" + pillar.name + "'");
    pillar.description = fields.requiredString("description");
    const std::int64_t order = fields.requiredInteger("order");
    if (!orders.insert(order).second)
      reporter.fail(fields.node("order"), "pillar '" + pillar.name + "'",
                    "order " + std::to_string(order) + " is used twice");
    pillar.order = static_cast<int>(order);
    fields.rejectUnknownKeys();
    if (!names.insert(pillar.name).second)
      reporter.fail(fields.node("name"), "pillar '" + pillar.name + "'", "pillar is listed twice");
    pillars.push_back(std::move(pillar));
  }
  if (pillars.empty()) reporter.fail(std::uint32_t{0}, "", "no [[pillar]] entries");
  std::stable_sort(pillars.begin(), pillars.end(),
                   [](const PillarInfo& a, const PillarInfo& b) { return a.order < b.order; });
  return pillars;
}

MetricInfo parseMetric(const toml::table& table, const std::vector<PillarInfo>& pillars,
                       const Reporter& reporter) {
  FieldReader fields(table, reporter, "metric");
  MetricInfo metric;
  metric.variable = fields.requiredString("variable");
  const std::string context = "metric '" + metric.variable + "'";
  fields.setContext(context);
  metric.aliases = fields.stringList("aliases", false);
  metric.qualityColumns = fields.stringList("quality_columns", true);
  metric.pillar = fields.requiredString("pillar");
  const bool knownPillar = std::any_of(pillars.begin(), pillars.end(),
                                       [&](const PillarInfo& p) { return p.name == metric.pillar; });
  if (!knownPillar) reporter.fail(fields.node("pillar"), context, "unknown pillar '" + metric.pillar + "'");
  metric.predictor = fields.requiredString("predictor");
  metric.label = fields.requiredString("label");
  metric.description = fields.requiredString("description");
  metric.unit = fields.requiredString("unit");
  if (std::find(kUnits.begin(), kUnits.end(), metric.unit) == kUnits.end())
    reporter.fail(fields.node("unit"), context, "unknown unit '" + metric.unit + "'");
  metric.format = fields.requiredString("format");
  if (const std::optional<double> per = fields.optionalNumber("per")) {
    if (!(*per > 0)) reporter.fail(fields.node("per"), context, "'per' must be greater than 0");
    metric.per = *per;
  }
  if (metric.unit == "rate" && metric.per == 0)
    reporter.fail(table.source().begin.line, context, "missing 'per' (required when unit = \"rate\")");
  metric.direction =
      parseDirection(fields.requiredString("direction"), fields.node("direction"), reporter, context);
  fields.rejectUnknownKeys();
  return metric;
}

}  // namespace

std::string_view directionName(Direction direction) {
  switch (direction) {
    case Direction::HigherIsBetter: return "higher_is_better";
    case Direction::LowerIsBetter: return "lower_is_better";
    case Direction::Neutral: break;
  }
  return "neutral";
}

MetricCatalog MetricCatalog::parse(std::string_view tomlText, const std::string& sourceName) {
  const Reporter reporter(sourceName);
  const toml::table root = reporter.parse(tomlText);

  for (const auto& [key, value] : root) {
    if (key != "metric" && key != "pillar")
      reporter.fail(&value, "",
                    "unknown top-level key '" + std::string(key.str()) + "' (expected [[metric]] or [[pillar]])");
  }

  MetricCatalog catalog;
  catalog.m_pillars = parsePillars(root, reporter);

  for (const toml::table* table : tablesUnder(root, "metric", reporter)) {
    MetricInfo metric = parseMetric(*table, catalog.m_pillars, reporter);
    const std::size_t index = catalog.m_metrics.size();
    std::vector<std::string> names = metric.aliases;
    names.insert(names.begin(), metric.variable);
    for (const std::string& name : names) {
      auto [it, inserted] = catalog.m_byName.emplace(name, index);
      if (!inserted)
        reporter.fail(table->source().begin.line, "metric '" + metric.variable + "'",
                      "name '" + name + "' is already used by metric '" +
                          catalog.m_metrics[it->second].variable + "'");
    }
    for (const std::string& column : metric.qualityColumns) catalog.m_byQualityColumn.emplace(column, index);
    catalog.m_metrics.push_back(std::move(metric));
  }
  if (catalog.m_metrics.empty()) reporter.fail(std::uint32_t{0}, "", "no [[metric]] entries");
  return catalog;
}

const MetricCatalog& MetricCatalog::builtin() {
  static const MetricCatalog catalog = [] {
    const std::string_view text = embedded::embeddedFile("metric_catalog.toml");
    if (text.empty()) throw Error("metric_catalog.toml: the built-in metric catalog is missing from this build");
    return parse(text, "metric_catalog.toml");
  }();
  return catalog;
}

const MetricInfo* MetricCatalog::find(std::string_view variableOrAlias) const {
  const auto it = m_byName.find(variableOrAlias);
  return it == m_byName.end() ? nullptr : &m_metrics[it->second];
}

const MetricInfo* MetricCatalog::findByQualityColumn(std::string_view column) const {
  if (const auto it = m_byQualityColumn.find(column); it != m_byQualityColumn.end())
    return &m_metrics[it->second];
  constexpr std::string_view suffix = "_quality";
  if (column.size() > suffix.size() && column.substr(column.size() - suffix.size()) == suffix)
    return find(column.substr(0, column.size() - suffix.size()));
  return nullptr;
}

}  // namespace mobmap::style
