#include "style/map_style.h"

#include "core/text.h"
#include "style/detail/toml_support.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <set>
#include <sstream>
#include <utility>

#include "core/error.h"
#include "style/detail/embedded_styles.h"

namespace mobmap::style {

namespace {

using detail::joinNames;
using detail::Reporter;

// The embedded style files StyleCatalog::builtin() reads (each must also be listed in the FILES of
// mobmap_embed_files in src/style/CMakeLists.txt).
constexpr std::array<std::string_view, 2> kBuiltinStyleFiles = {"choropleth.toml", "diverging.toml"};

constexpr std::array<std::string_view, 9> kMethods = {"quantile", "equal",  "jenks",  "stddev",      "box",
                                                      "percentile", "manual", "unique", "separability"};
constexpr std::array<std::string_view, 6> kReferenceNames = {"county", "state", "national", "median", "parity", "zero"};
constexpr std::array<std::string_view, 3> kPatterns = {"none", "hatch", "dots"};

template <std::size_t N>
std::string listOf(const std::array<std::string_view, N>& words) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += words[i];
  }
  return out;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// --- Checks shared by style files and overrides; each returns the problem, or "" when the value is fine.

std::string checkMethod(std::string& method) {
  method = toLower(method);
  if (contains(kMethods, method)) return "";
  return "unknown classification method '" + method + "' (expected " + listOf(kMethods) + ")";
}

std::string checkReference(const std::string& reference) {
  if (reference.empty() || contains(kReferenceNames, reference)) return "";
  double value = 0;
  const char* end = reference.data() + reference.size();
  const auto [stop, error] = std::from_chars(reference.data(), end, value);
  if (error == std::errc() && stop == end) return "";
  return "unknown reference '" + reference + "' (expected \"\" for one given when the map is made, " +
         listOf(kReferenceNames) + ", or a number such as \"1.0\")";
}

// Checks the ramp name (normalising its spelling), the class count and the ramp's fit with the reference.
// `what` names the failing setting ("ramp", "classes" or "reference") for the caller's message.
std::string checkRamp(const RampCatalog& ramps, std::string& ramp, int classes, const std::string& reference,
                      std::string& what) {
  if (!ramps.has(ramp)) {
    what = "ramp";
    try {
      ramps.kind(ramp);
    } catch (const Error& e) {
      return e.what();
    }
  }
  ramp = ramps.canonicalName(ramp);
  if (classes < ramps.minClasses(ramp) || classes > ramps.maxClasses(ramp)) {
    what = "classes";
    return std::to_string(classes) + " classes: ramp '" + ramp + "' offers " +
           std::to_string(ramps.minClasses(ramp)) + " to " + std::to_string(ramps.maxClasses(ramp)) + " classes";
  }
  if (!reference.empty() && ramps.kind(ramp) != RampKind::Diverging) {
    what = "reference";
    return "a reference ('" + reference + "') needs a diverging ramp, and '" + ramp + "' is " +
           std::string(rampKindName(ramps.kind(ramp)));
  }
  return "";
}

// Reads the keys of one table (the root or a [section]) into existing values, remembering which keys it
// knows so that misspelt ones are rejected.
class SectionReader {
 public:
  SectionReader(const toml::table* table, std::string prefix, const Reporter& reporter)
      : m_table(table), m_prefix(std::move(prefix)), m_reporter(reporter) {}

  std::string path(std::string_view key) const {
    return m_prefix.empty() ? std::string(key) : m_prefix + std::string(key);
  }

  const toml::node* node(std::string_view key) {
    m_known.insert(std::string(key));
    return m_table ? m_table->get(key) : nullptr;
  }

  // A sub-table such as [suppressed.pattern]; nullptr when absent.
  const toml::table* table(std::string_view key) {
    const toml::node* n = node(key);
    if (!n) return nullptr;
    const auto* t = n->as_table();
    if (!t) fail(n, key, "must be a table ([" + path(key) + "])");
    return t;
  }

  bool readString(std::string_view key, std::string& out) {
    const toml::node* n = node(key);
    if (!n) return false;
    const auto* value = n->as_string();
    if (!value) fail(n, key, "must be a string");
    out = value->get();
    return true;
  }

  void readColor(std::string_view key, Rgb& out) {
    std::string text;
    if (!readString(key, text)) return;
    try {
      out = parseHexColor(text);
    } catch (const Error& e) {
      fail(m_table->get(key), key, e.what());
    }
  }

  // A number (integer or decimal) greater than `minimum`, or at least it when `inclusive`.
  void readNumber(std::string_view key, double& out, double minimum, bool inclusive) {
    const toml::node* n = node(key);
    if (!n) return;
    double value = 0;
    if (const auto* i = n->as_integer())
      value = static_cast<double>(i->get());
    else if (const auto* f = n->as_floating_point())
      value = f->get();
    else
      fail(n, key, "must be a number");
    if (inclusive ? !(value >= minimum) : !(value > minimum))
      fail(n, key, "must be " + std::string(inclusive ? "at least " : "greater than ") + formatNumber(minimum));
    out = value;
  }

  void readInteger(std::string_view key, int& out, int minimum) {
    const toml::node* n = node(key);
    if (!n) return;
    const auto* value = n->as_integer();
    if (!value) fail(n, key, "must be a whole number");
    if (value->get() < minimum || value->get() > 1000)
      fail(n, key, "must be between " + std::to_string(minimum) + " and 1000");
    out = static_cast<int>(value->get());
  }

  void readPattern(FillPattern& pattern) {
    std::string kind = pattern.kind;
    if (readString("kind", kind)) {
      kind = toLower(kind);
      if (!contains(kPatterns, kind))
        fail(m_table->get("kind"), "kind", "unknown pattern '" + kind + "' (expected " + listOf(kPatterns) + ")");
      pattern.kind = kind;
    }
    readColor("color", pattern.color);
    readNumber("line_width_pt", pattern.lineWidthPt, 0, false);
    readNumber("spacing_pt", pattern.spacingPt, 0, false);
    if (pattern.kind != "none" && pattern.spacingPt <= pattern.lineWidthPt)
      fail(m_table->get("spacing_pt") ? m_table->get("spacing_pt") : m_table, "spacing_pt",
           "must be greater than line_width_pt, or the pattern fills solid");
  }

  // Fails on the first key of the table that no read asked for.
  void rejectUnknownKeys(const std::string& expected) const {
    if (!m_table) return;
    for (const auto& [key, value] : *m_table) {
      if (!m_known.count(std::string(key.str())))
        m_reporter.fail(&value, path(key.str()), "unknown key (expected " + expected + ")");
    }
  }

  [[noreturn]] void fail(const toml::node* at, std::string_view key, const std::string& problem) const {
    m_reporter.fail(at, path(key), problem);
  }

 private:
  static std::string formatNumber(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
  }

  const toml::table* m_table;
  std::string m_prefix;
  const Reporter& m_reporter;
  std::set<std::string> m_known;
};

}  // namespace

std::string_view darkerMeansName(MapStyle::DarkerMeans value) {
  return value == MapStyle::DarkerMeans::Worse ? "worse" : "higher";
}

MapStyle parseMapStyle(std::string_view tomlText, const std::string& sourceName, const RampCatalog& ramps) {
  const Reporter reporter(sourceName);
  const toml::table root = reporter.parse(tomlText);

  MapStyle style;
  SectionReader top(&root, "", reporter);
  if (!top.readString("name", style.name))
    reporter.fail(std::uint32_t{1}, "name", "missing (every style needs a name)");
  if (style.name.empty()) top.fail(root.get("name"), "name", "must not be empty");

  const auto section = [&](std::string_view key) {
    return SectionReader(top.table(key), "[" + std::string(key) + "] ", reporter);
  };

  SectionReader classes = section("classes");
  if (classes.readString("method", style.method)) {
    if (std::string problem = checkMethod(style.method); !problem.empty())
      classes.fail(root["classes"]["method"].node(), "method", problem);
  }
  classes.readInteger("count", style.classes, 1);
  classes.readString("ramp", style.ramp);
  if (classes.readString("reference", style.reference)) {
    if (std::string problem = checkReference(style.reference); !problem.empty())
      classes.fail(root["classes"]["reference"].node(), "reference", problem);
  }
  std::string darker;
  if (classes.readString("darker_means", darker)) {
    if (darker == "worse")
      style.darkerMeans = MapStyle::DarkerMeans::Worse;
    else if (darker == "higher")
      style.darkerMeans = MapStyle::DarkerMeans::Higher;
    else
      classes.fail(root["classes"]["darker_means"].node(), "darker_means",
                   "unknown value '" + darker + "' (expected worse or higher)");
  }
  {
    std::string what;
    if (std::string problem = checkRamp(ramps, style.ramp, style.classes, style.reference, what); !problem.empty()) {
      const std::string key = what == "classes" ? "count" : what;
      const toml::node* at = root["classes"][key].node();
      classes.fail(at ? at : root.get("classes"), key, problem);
    }
  }
  classes.rejectUnknownKeys("method, count, ramp, reference, darker_means");

  SectionReader outline = section("outline");
  outline.readColor("color", style.outline);
  outline.readNumber("width_pt", style.outlineWidthPt, 0, true);
  outline.rejectUnknownKeys("color, width_pt");

  SectionReader missing = section("missing");
  missing.readColor("fill", style.missingFill);
  missing.rejectUnknownKeys("fill");

  SectionReader suppressed = section("suppressed");
  suppressed.readColor("fill", style.suppressedFill);
  {
    SectionReader pattern(suppressed.table("pattern"), "[suppressed.pattern] ", reporter);
    pattern.readPattern(style.suppressedPattern);
    pattern.rejectUnknownKeys("kind, color, line_width_pt, spacing_pt");
  }
  suppressed.rejectUnknownKeys("fill, [suppressed.pattern]");

  SectionReader lowQuality = section("low_quality");
  lowQuality.readPattern(style.lowQualityHatch);
  lowQuality.rejectUnknownKeys("kind, color, line_width_pt, spacing_pt");

  SectionReader context = section("context");
  context.readColor("outline_color", style.contextOutline);
  context.readNumber("outline_width_pt", style.contextOutlineWidthPt, 0, false);
  context.rejectUnknownKeys("outline_color, outline_width_pt");

  SectionReader referenceMark = section("reference_mark");
  referenceMark.readColor("color", style.referenceMark);
  referenceMark.readNumber("width_pt", style.referenceMarkWidthPt, 0, false);
  referenceMark.rejectUnknownKeys("color, width_pt");

  SectionReader text = section("text");
  if (text.readString("font_family", style.fontFamily) && style.fontFamily.empty())
    text.fail(root["text"]["font_family"].node(), "font_family", "must not be empty");
  text.readNumber("title_pt", style.titlePt, 0, false);
  text.readNumber("subtitle_pt", style.subtitlePt, 0, false);
  text.readNumber("legend_pt", style.legendPt, 0, false);
  text.readNumber("source_pt", style.sourcePt, 0, false);
  text.rejectUnknownKeys("font_family, title_pt, subtitle_pt, legend_pt, source_pt");

  top.rejectUnknownKeys("name, [classes], [outline], [missing], [suppressed], [low_quality], [context], "
                        "[reference_mark], [text]");
  return style;
}

const StyleCatalog& StyleCatalog::builtin() {
  static const StyleCatalog catalog = [] {
    std::vector<MapStyle> styles;
    for (const std::string_view file : kBuiltinStyleFiles) {
      const std::string_view text = embedded::embeddedFile(file);
      if (text.empty())
        throw Error(std::string(file) + ": this built-in map style is missing from this build");
      styles.push_back(parseMapStyle(text, std::string(file)));
    }
    return fromStyles(std::move(styles));
  }();
  return catalog;
}

StyleCatalog StyleCatalog::fromStyles(std::vector<MapStyle> styles) {
  StyleCatalog catalog;
  for (MapStyle& style : styles) {
    if (catalog.has(style.name)) throw Error("map style '" + style.name + "' is defined twice");
    catalog.m_styles.push_back(std::move(style));
  }
  return catalog;
}

bool StyleCatalog::has(std::string_view name) const {
  return std::any_of(m_styles.begin(), m_styles.end(), [&](const MapStyle& s) { return s.name == name; });
}

const MapStyle& StyleCatalog::find(std::string_view name) const {
  for (const MapStyle& style : m_styles)
    if (style.name == name) return style;
  throw Error("unknown map style '" + std::string(name) + "' (known styles: " + joinNames(names()) + ")");
}

std::vector<std::string> StyleCatalog::names() const {
  std::vector<std::string> result;
  for (const MapStyle& style : m_styles) result.push_back(style.name);
  return result;
}

MapStyle applyOverrides(MapStyle style, const StyleOverrides& overrides) {
  const auto fail = [](const std::string& option, const std::string& problem) {
    throw Error("style override " + option + ": " + problem);
  };
  if (overrides.method) {
    style.method = *overrides.method;
    if (std::string problem = checkMethod(style.method); !problem.empty()) fail("method", problem);
  }
  if (overrides.reference) {
    style.reference = *overrides.reference;
    if (std::string problem = checkReference(style.reference); !problem.empty()) fail("reference", problem);
  }
  if (overrides.ramp) style.ramp = *overrides.ramp;
  if (overrides.classes) style.classes = *overrides.classes;
  // A reference given on a sequential style switches to the colour-blind-safe diverging default, unless the
  // caller also named a ramp (then a sequential ramp is an error below).
  if (!style.reference.empty() && !overrides.ramp && RampCatalog::builtin().has(style.ramp) &&
      RampCatalog::builtin().kind(style.ramp) != RampKind::Diverging)
    style.ramp = RampCatalog::builtin().defaultRamp(RampKind::Diverging, std::clamp(style.classes, 3, 11));
  if (overrides.outline) style.outline = *overrides.outline;
  if (overrides.outlineWidthPt) {
    if (!(*overrides.outlineWidthPt >= 0)) fail("outline width", "must be at least 0 points");
    style.outlineWidthPt = *overrides.outlineWidthPt;
  }
  std::string what;
  if (std::string problem = checkRamp(RampCatalog::builtin(), style.ramp, style.classes, style.reference, what);
      !problem.empty())
    fail(what, problem);
  return style;
}

}  // namespace mobmap::style
