#pragma once
// Map styles (styles/choropleth.toml, styles/diverging.toml, or a user's file of the same layout): how a
// thematic map is classified and coloured, and how outlines, missing / suppressed / low-quality values,
// context layers, reference marks and text are drawn. Every key is described in styles/README.md.
//
// Usage:
//   const auto& styles = mobmap::style::StyleCatalog::builtin();
//   mobmap::style::StyleOverrides overrides;
//   overrides.classes = 7;
//   MapStyle style = applyOverrides(styles.find("choropleth"), overrides);
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "style/color.h"
#include "style/color_ramps.h"

namespace mobmap::style {

// A fill drawn over (or instead of) a class colour.
struct FillPattern {
  std::string kind = "none";  // none | hatch (parallel 45-degree lines) | dots (a grid of dots)
  Rgb color{0, 0, 0};
  double lineWidthPt = 0.5;   // hatch line width, or dot diameter, in points
  double spacingPt = 3.0;     // distance between hatch lines or dot centres, in points
};

// One complete map style; the default values are those documented in styles/README.md.
struct MapStyle {
  // Which end of the ramp is dark: Worse = the worse outcome of a metric with a direction in the metric
  // catalog (the ramp is reversed for higher-is-better metrics), and the higher value for fields with no
  // direction; Higher = always the higher value.
  enum class DarkerMeans { Worse, Higher };

  std::string name;
  std::string method = "quantile";  // quantile | equal | jenks | stddev | box | percentile | manual
  int classes = 5;
  std::string ramp = "YlGnBu";      // a RampCatalog name, as the catalog spells it
  std::string reference;            // "" (the caller gives one) | county | state | national | parity | zero | a number
  Rgb outline{0x6e, 0x6e, 0x6e};
  double outlineWidthPt = 0.25;
  Rgb missingFill{0xd9, 0xd9, 0xd9};
  Rgb suppressedFill{0xff, 0xff, 0xff};
  FillPattern suppressedPattern{"dots", Rgb{0x63, 0x63, 0x63}, 0.9, 3.0};
  FillPattern lowQualityHatch{"hatch", Rgb{0x8c, 0x8c, 0x8c}, 0.4, 2.5};
  Rgb contextOutline{0x22, 0x22, 0x22};
  double contextOutlineWidthPt = 0.8;
  Rgb referenceMark{0x00, 0x00, 0x00};
  double referenceMarkWidthPt = 1.5;
  std::string fontFamily = "DejaVu Sans";
  double titlePt = 14;
  double subtitlePt = 10;
  double legendPt = 8;
  double sourcePt = 7;
  DarkerMeans darkerMeans = DarkerMeans::Worse;
};

// Parses one style file. Keys left out take the defaults of MapStyle; `name` is required. Throws
// mobmap::Error naming sourceName, the line and the key on malformed TOML, an unknown table or key, a
// mistyped or out-of-range value, a bad colour, an unknown method, pattern, reference or darker_means, a
// ramp that `ramps` does not know, a class count the ramp does not offer, or a reference with a ramp that
// is not diverging.
MapStyle parseMapStyle(std::string_view tomlText, const std::string& sourceName,
                       const RampCatalog& ramps = RampCatalog::builtin());

// The spelling of a DarkerMeans value in style files ("worse", "higher").
std::string_view darkerMeansName(MapStyle::DarkerMeans value);

// An immutable set of named map styles.
class StyleCatalog {
 public:
  // The styles embedded from styles/ (every style file, not ramps.toml or metric_catalog.toml), parsed on
  // first use; the same object each call.
  static const StyleCatalog& builtin();

  // A catalog of these styles, in this order. Throws mobmap::Error when two share a name.
  static StyleCatalog fromStyles(std::vector<MapStyle> styles);

  // Whether a style of this exact name exists.
  bool has(std::string_view name) const;

  // The style of this exact name. Throws mobmap::Error listing the known names when there is none.
  const MapStyle& find(std::string_view name) const;

  // The names of all styles, in catalog order.
  std::vector<std::string> names() const;

 private:
  std::vector<MapStyle> m_styles;
};

// Values given on the command line or in the GUI that replace those of a style; unset fields keep the
// style's value.
struct StyleOverrides {
  std::optional<std::string> method, ramp, reference;
  std::optional<int> classes;
  std::optional<Rgb> outline;
  std::optional<double> outlineWidthPt;
};

// The style with the overrides applied, checked as a style file is (method, reference, ramp name against
// RampCatalog::builtin() with its spelling normalised, class count within the ramp's range, width > 0).
// Throws mobmap::Error naming the option and value on a bad override. A reference on a sequential style with
// no ramp override switches to the default diverging ramp.
MapStyle applyOverrides(MapStyle style, const StyleOverrides& overrides);

}  // namespace mobmap::style
