#include "style/view_palettes.h"

#include "core/text.h"
#include "style/detail/embedded_styles.h"
#include "style/detail/toml_support.h"

namespace mobmap::style {

namespace {

Rgb colorAt(const toml::table& t, const char* key, const detail::Reporter& report, const std::string& context) {
  const toml::node* node = t.get(key);
  if (!node || !node->is_string()) report.fail(node, context, std::string("'") + key + "' must be a \"#rrggbb\" colour");
  try {
    return parseHexColor(node->as_string()->get());
  } catch (const std::exception& e) {
    report.fail(node, context + "." + key, e.what());
  }
}

}  // namespace

ViewPalettes ViewPalettes::parse(std::string_view text, const std::string& sourceName) {
  const detail::Reporter report(sourceName);
  const toml::table root = report.parse(text);
  ViewPalettes p;
  const toml::table* lisa = root["lisa"].as_table();
  if (!lisa) report.fail(0u, "", "missing [lisa] table");
  p.m_lisa = {colorAt(*lisa, "high_high", report, "lisa"),       colorAt(*lisa, "low_low", report, "lisa"),
              colorAt(*lisa, "high_low", report, "lisa"),        colorAt(*lisa, "low_high", report, "lisa"),
              colorAt(*lisa, "not_significant", report, "lisa"), colorAt(*lisa, "island", report, "lisa")};
  const toml::table* bivariate = root["bivariate"].as_table();
  if (!bivariate) report.fail(0u, "", "missing [bivariate] table");
  for (const auto& [key, node] : *bivariate) {
    const std::string name(key.str());
    if (name == "default") {
      if (!node.is_string()) report.fail(&node, "bivariate.default", "must be a palette name");
      p.m_defaultBivariate = node.as_string()->get();
      continue;
    }
    const toml::table* t = node.as_table();
    const toml::array* cells = t ? t->get_as<toml::array>("cells") : nullptr;
    if (!cells || cells->size() != 9) report.fail(&node, "bivariate." + name, "needs 'cells', a list of 9 colours");
    BivariatePalette palette{name, {}};
    for (const toml::node& c : *cells) {
      if (!c.is_string()) report.fail(&c, "bivariate." + name, "cells must be \"#rrggbb\" colours");
      try {
        palette.cells.push_back(parseHexColor(c.as_string()->get()));
      } catch (const std::exception& e) {
        report.fail(&c, "bivariate." + name, e.what());
      }
    }
    p.m_bivariate.push_back(std::move(palette));
  }
  if (p.m_bivariate.empty()) report.fail(0u, "bivariate", "no palettes");
  if (p.m_defaultBivariate.empty()) p.m_defaultBivariate = p.m_bivariate.front().name;
  bool found = false;
  for (const BivariatePalette& b : p.m_bivariate) found = found || b.name == p.m_defaultBivariate;
  if (!found) report.fail(0u, "bivariate.default", "names no palette: '" + p.m_defaultBivariate + "'");
  const toml::table* hot = root["hotspots"].as_table();
  if (!hot) report.fail(0u, "", "missing [hotspots] table");
  p.m_hotSpots = {colorAt(*hot, "hot_99", report, "hotspots"),  colorAt(*hot, "hot_95", report, "hotspots"),
                  colorAt(*hot, "hot_90", report, "hotspots"),  colorAt(*hot, "cold_90", report, "hotspots"),
                  colorAt(*hot, "cold_95", report, "hotspots"), colorAt(*hot, "cold_99", report, "hotspots")};
  return p;
}

const ViewPalettes& ViewPalettes::builtin() {
  static const ViewPalettes palettes = [] {
    const std::string_view text = embedded::embeddedFile("views.toml");
    if (text.empty()) throw Error("views.toml: the built-in view palettes are missing from this build");
    return parse(text, "views.toml");
  }();
  return palettes;
}

const BivariatePalette& ViewPalettes::bivariate(std::string_view name) const {
  const std::string wanted = name.empty() ? m_defaultBivariate : toLower(name);
  for (const BivariatePalette& b : m_bivariate)
    if (toLower(b.name) == wanted) return b;
  throw UsageError("unknown bivariate palette '" + std::string(name) + "' (known: " + detail::joinNames(bivariateNames()) + ")");
}

std::vector<std::string> ViewPalettes::bivariateNames() const {
  std::vector<std::string> names;
  for (const BivariatePalette& b : m_bivariate) names.push_back(b.name);
  return names;
}

}  // namespace mobmap::style
