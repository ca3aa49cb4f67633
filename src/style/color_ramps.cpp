#include "style/color_ramps.h"

#include "core/text.h"
#include "style/detail/toml_support.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <sstream>
#include <utility>

#include "core/error.h"
#include "style/detail/embedded_styles.h"

namespace mobmap::style {

namespace {

using detail::joinNames;
using detail::Reporter;

bool parseKind(std::string_view text, RampKind& kind) {
  for (const RampKind k : {RampKind::Sequential, RampKind::Diverging, RampKind::Qualitative}) {
    if (text == rampKindName(k)) {
      kind = k;
      return true;
    }
  }
  return false;
}

// A ColorBrewer rating (0, 1 or 2) from the key of one class-count entry.
int parseRating(const toml::table& entry, std::string_view key, const toml::node* entryNode,
                const Reporter& reporter, const std::string& context) {
  const toml::node* node = entry.get(key);
  if (!node) reporter.fail(entryNode, context, "missing '" + std::string(key) + "'");
  const auto* value = node->as_integer();
  if (!value || value->get() < 0 || value->get() > 2)
    reporter.fail(node, context, "'" + std::string(key) + "' must be 0 (no), 1 (yes) or 2 (maybe)");
  return static_cast<int>(value->get());
}

}  // namespace

std::string_view rampKindName(RampKind kind) {
  switch (kind) {
    case RampKind::Sequential: return "sequential";
    case RampKind::Diverging: return "diverging";
    case RampKind::Qualitative: break;
  }
  return "qualitative";
}

RampCatalog RampCatalog::parse(std::string_view tomlText, const std::string& sourceName) {
  const Reporter reporter(sourceName);
  const toml::table root = reporter.parse(tomlText);

  // toml++ keeps keys sorted; restore the order of the file from the source lines.
  std::vector<std::pair<std::uint32_t, Ramp>> parsed;
  for (const auto& [key, value] : root) {
    const std::string name(key.str());
    const std::string context = "ramp '" + name + "'";
    const auto* table = value.as_table();
    if (!table) reporter.fail(&value, context, "must be a table ([" + name + "])");

    Ramp ramp;
    ramp.name = name;
    const toml::node* kindNode = table->get("kind");
    if (!kindNode) reporter.fail(&value, context, "missing 'kind'");
    const auto* kindText = kindNode->as_string();
    if (!kindText || !parseKind(kindText->get(), ramp.kind))
      reporter.fail(kindNode, context, "'kind' must be \"sequential\", \"diverging\" or \"qualitative\"");

    std::map<int, std::pair<const toml::node*, Scheme>> byCount;
    for (const auto& [entryKey, entryValue] : *table) {
      const std::string_view keyText = entryKey.str();
      if (keyText == "kind") continue;
      int classes = 0;
      const auto [end, error] = std::from_chars(keyText.data(), keyText.data() + keyText.size(), classes);
      if (error != std::errc() || end != keyText.data() + keyText.size() || classes < 2)
        reporter.fail(&entryValue, context,
                      "unknown key '" + std::string(keyText) + "' (expected 'kind' or a class count of 2 or more)");
      const std::string entryContext = context + ": " + std::to_string(classes) + " classes";
      const auto* entry = entryValue.as_table();
      if (!entry)
        reporter.fail(&entryValue, entryContext, "must be a table { colors = [...], blind, print, copy }");
      for (const auto& [field, fieldValue] : *entry) {
        if (field != "colors" && field != "blind" && field != "print" && field != "copy")
          reporter.fail(&fieldValue, entryContext,
                        "unknown key '" + std::string(field.str()) + "' (expected colors, blind, print, copy)");
      }
      Scheme scheme;
      const toml::node* colorsNode = entry->get("colors");
      if (!colorsNode) reporter.fail(&entryValue, entryContext, "missing 'colors'");
      const auto* colors = colorsNode->as_array();
      if (!colors) reporter.fail(colorsNode, entryContext, "'colors' must be an array of \"#rrggbb\" strings");
      for (const toml::node& element : *colors) {
        const auto* text = element.as_string();
        if (!text) reporter.fail(&element, entryContext, "'colors' must hold \"#rrggbb\" strings");
        try {
          scheme.colors.push_back(parseHexColor(text->get()));
        } catch (const Error& e) {
          reporter.fail(&element, entryContext, e.what());
        }
      }
      if (static_cast<int>(scheme.colors.size()) != classes)
        reporter.fail(colorsNode, entryContext,
                      "'colors' holds " + std::to_string(scheme.colors.size()) + " colours, expected " +
                          std::to_string(classes));
      RampSafety& safety = scheme.safety;
      safety.colorBlindRating = parseRating(*entry, "blind", &entryValue, reporter, entryContext);
      safety.printRating = parseRating(*entry, "print", &entryValue, reporter, entryContext);
      safety.photocopyRating = parseRating(*entry, "copy", &entryValue, reporter, entryContext);
      safety.colorBlind = safety.colorBlindRating == 1;
      safety.print = safety.printRating == 1;
      safety.photocopy = safety.photocopyRating == 1;
      if (!byCount.emplace(classes, std::make_pair(&entryValue, std::move(scheme))).second)
        reporter.fail(&entryValue, entryContext, "class count listed twice");
    }
    if (byCount.empty()) reporter.fail(&value, context, "no class counts (expected entries such as 3 = { ... })");
    ramp.minClasses = byCount.begin()->first;
    int expected = ramp.minClasses;
    for (auto& [classes, entry] : byCount) {
      if (classes != expected)
        reporter.fail(entry.first, context,
                      "class counts must have no gaps: " + std::to_string(expected) + " is missing");
      ramp.schemes.push_back(std::move(entry.second));
      ++expected;
    }
    parsed.emplace_back(value.source().begin.line, std::move(ramp));
  }
  if (parsed.empty()) reporter.fail(std::uint32_t{0}, "", "no ramps");
  std::stable_sort(parsed.begin(), parsed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  RampCatalog catalog;
  for (auto& [line, ramp] : parsed) {
    const auto [it, inserted] = catalog.m_byLowerName.emplace(toLower(ramp.name), catalog.m_ramps.size());
    if (!inserted)
      reporter.fail(line, "ramp '" + ramp.name + "'",
                    "name already used by ramp '" + catalog.m_ramps[it->second].name + "' (names ignore case)");
    catalog.m_ramps.push_back(std::move(ramp));
  }
  return catalog;
}

const RampCatalog& RampCatalog::builtin() {
  static const RampCatalog catalog = [] {
    const std::string_view text = embedded::embeddedFile("ramps.toml");
    if (text.empty()) throw Error("ramps.toml: the built-in colour ramps are missing from this build");
    return parse(text, "ramps.toml");
  }();
  return catalog;
}

const RampCatalog::Ramp* RampCatalog::findRamp(std::string_view name) const {
  const auto it = m_byLowerName.find(toLower(name));
  return it == m_byLowerName.end() ? nullptr : &m_ramps[it->second];
}

const RampCatalog::Ramp& RampCatalog::ramp(std::string_view name) const {
  if (const Ramp* found = findRamp(name)) return *found;
  std::vector<std::string> all;
  for (const Ramp& r : m_ramps) all.push_back(r.name);
  throw Error("unknown colour ramp '" + std::string(name) + "' (known ramps: " + joinNames(all) + ")");
}

const RampCatalog::Scheme& RampCatalog::scheme(const Ramp& ramp, int classes) const {
  if (classes < ramp.minClasses || classes > ramp.maxClasses())
    throw Error("colour ramp '" + ramp.name + "' has no " + std::to_string(classes) + "-class scheme (" +
                ramp.name + " offers " + std::to_string(ramp.minClasses) + " to " +
                std::to_string(ramp.maxClasses()) + " classes)");
  return ramp.schemes[static_cast<std::size_t>(classes - ramp.minClasses)];
}

bool RampCatalog::has(std::string_view name) const { return findRamp(name) != nullptr; }

const std::string& RampCatalog::canonicalName(std::string_view name) const { return ramp(name).name; }

RampKind RampCatalog::kind(std::string_view name) const { return ramp(name).kind; }

int RampCatalog::minClasses(std::string_view name) const { return ramp(name).minClasses; }

int RampCatalog::maxClasses(std::string_view name) const { return ramp(name).maxClasses(); }

std::vector<Rgb> RampCatalog::colors(std::string_view name, int classes, bool reversed) const {
  std::vector<Rgb> result = scheme(ramp(name), classes).colors;
  if (reversed) std::reverse(result.begin(), result.end());
  return result;
}

RampSafety RampCatalog::safety(std::string_view name, int classes) const {
  return scheme(ramp(name), classes).safety;
}

std::vector<Rgb> RampCatalog::divergingAround(std::string_view name, int below, int above, bool withMiddle,
                                              bool reversed) const {
  const Ramp& r = ramp(name);
  if (r.kind != RampKind::Diverging)
    throw Error("colour ramp '" + r.name + "' is " + std::string(rampKindName(r.kind)) +
                "; classes around a reference need a diverging ramp (" +
                joinNames(names(RampKind::Diverging)) + ")");
  if (below < 0 || above < 0 || (below == 0 && above == 0))
    throw Error("colour ramp '" + r.name + "': classes around a reference need at least one class and no " +
                "negative count (got " + std::to_string(below) + " below, " + std::to_string(above) + " above)");
  const int side = std::max(below, above);
  int classes = 2 * side + (withMiddle ? 1 : 0);
  if (!withMiddle) {
    while (classes < r.minClasses) classes += 2;  // keep the count even so the sides stay symmetric
  }
  if (classes > r.maxClasses())
    throw Error("colour ramp '" + r.name + "': " + std::to_string(below) + " classes below and " +
                std::to_string(above) + " above the reference need its " + std::to_string(classes) +
                "-class scheme, but " + r.name + " offers at most " + std::to_string(r.maxClasses()) + " classes");
  const std::vector<Rgb> all = colors(r.name, classes, reversed);
  const int half = classes / 2;  // colours on each side of the reference (the middle class excluded)
  std::vector<Rgb> result(all.begin() + (half - below), all.begin() + half);
  if (withMiddle) result.push_back(all[static_cast<std::size_t>(half)]);
  const int aboveStart = withMiddle ? half + 1 : half;
  result.insert(result.end(), all.begin() + aboveStart, all.begin() + aboveStart + above);
  return result;
}

std::vector<std::string> RampCatalog::names(RampKind kind) const {
  std::vector<std::string> result;
  for (const Ramp& r : m_ramps)
    if (r.kind == kind) result.push_back(r.name);
  return result;
}

std::string RampCatalog::defaultRamp(RampKind kind, int classes) const {
  std::vector<const Ramp*> candidates;
  const auto add = [&](std::string_view name) {
    const Ramp* r = findRamp(name);
    if (r && r->kind == kind && std::find(candidates.begin(), candidates.end(), r) == candidates.end())
      candidates.push_back(r);
  };
  switch (kind) {
    case RampKind::Sequential: add("YlGnBu"); break;
    case RampKind::Diverging: add("RdBu"); break;
    case RampKind::Qualitative:
      add("Dark2");
      add("Set2");
      break;
  }
  for (const Ramp& r : m_ramps) add(r.name);

  const auto offers = [classes](const Ramp* r) { return classes >= r->minClasses && classes <= r->maxClasses(); };
  for (const int wanted : {1, 2}) {
    for (const Ramp* r : candidates) {
      if (offers(r) && r->schemes[static_cast<std::size_t>(classes - r->minClasses)].safety.colorBlindRating == wanted)
        return r->name;
    }
  }
  for (const Ramp* r : candidates)
    if (offers(r)) return r->name;
  throw Error("no " + std::string(rampKindName(kind)) + " colour ramp offers " + std::to_string(classes) +
              " classes");
}

}  // namespace mobmap::style
