#pragma once
// Colours of the cluster and bivariate views, read from styles/views.toml (embedded at build time).
//
// Usage:
//   const ViewPalettes& p = ViewPalettes::builtin();
//   Rgb hh = p.lisa().highHigh;
//   const BivariatePalette& b = p.bivariate("");   // the default palette; cells[3 * y + x]
#include <string>
#include <string_view>
#include <vector>

#include "style/color.h"

namespace mobmap::style {

// LISA cluster colours (GeoDa's roles; see styles/views.toml).
struct LisaColors {
  Rgb highHigh, lowLow, highLow, lowHigh, notSignificant, island;
};

// Getis–Ord hot-spot colours by confidence (styles/views.toml [hotspots]).
struct HotSpotColors {
  Rgb hot99, hot95, hot90, cold90, cold95, cold99;
};

// A 3 × 3 bivariate palette: cells[3 * y + x], x the first variable's class, y the second's, 0 = low.
struct BivariatePalette {
  std::string name;
  std::vector<Rgb> cells;
};

class ViewPalettes {
 public:
  // The palettes of the embedded styles/views.toml. Throws mobmap::Error when the file is missing or malformed.
  static const ViewPalettes& builtin();
  // Parses a views.toml text; `sourceName` names it in error messages ("views.toml:12: ...").
  static ViewPalettes parse(std::string_view text, const std::string& sourceName);

  const LisaColors& lisa() const { return m_lisa; }
  const HotSpotColors& hotSpots() const { return m_hotSpots; }
  // The bivariate palette `name` (case-insensitive), or the default for an empty name. Throws
  // mobmap::UsageError naming the known palettes for an unknown name.
  const BivariatePalette& bivariate(std::string_view name) const;
  // Names of the bivariate palettes, in file order.
  std::vector<std::string> bivariateNames() const;

 private:
  LisaColors m_lisa;
  HotSpotColors m_hotSpots;
  std::vector<BivariatePalette> m_bivariate;
  std::string m_defaultBivariate;
};

}  // namespace mobmap::style
