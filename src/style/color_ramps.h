#pragma once
// The ColorBrewer colour ramps (styles/ramps.toml): for each scheme its kind, the exact colours for every
// class count it offers, and ColorBrewer's colour-blind / print / photocopy ratings for that count.
//
// Usage:
//   const auto& ramps = mobmap::style::RampCatalog::builtin();
//   std::vector<Rgb> fills = ramps.colors("YlGnBu", 5);                 // lightest first
//   std::vector<Rgb> worseDarker = ramps.colors("YlGnBu", 5, true);     // darkest first
//   std::vector<Rgb> gap = ramps.divergingAround("RdBu", 2, 3);         // 2 classes below, 3 above
//   std::string safe = ramps.defaultRamp(RampKind::Qualitative, 4);
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "style/color.h"

namespace mobmap::style {

// What a ramp is for: ordered data, data with a meaningful middle, or unordered categories.
enum class RampKind { Sequential, Diverging, Qualitative };

// ColorBrewer's safety ratings for one ramp at one class count. The flags are true only for a firm "yes";
// the ratings keep ColorBrewer's raw value (1 = yes, 0 = no, 2 = maybe).
struct RampSafety {
  bool colorBlind = false;
  bool print = false;
  bool photocopy = false;
  int colorBlindRating = 0;
  int printRating = 0;
  int photocopyRating = 0;
};

// An immutable, validated set of colour ramps. Names are matched case-insensitively everywhere.
class RampCatalog {
 public:
  // Parses ramp TOML text (the layout of styles/ramps.toml). Throws mobmap::Error naming sourceName, the
  // line and the ramp or key on malformed TOML, an unknown kind or key, a bad colour, a colour count that
  // differs from the class count, a rating other than 0, 1 or 2, gaps in the class counts, or a name used
  // twice.
  static RampCatalog parse(std::string_view toml, const std::string& sourceName);

  // The catalog embedded from styles/ramps.toml, parsed on first use; the same object each call.
  static const RampCatalog& builtin();

  // Whether a ramp of this name exists.
  bool has(std::string_view name) const;

  // The ramp's name as the catalog spells it ("ylgnbu" -> "YlGnBu"). Throws like kind().
  const std::string& canonicalName(std::string_view name) const;

  // The ramp's kind. Throws mobmap::Error listing the known ramps when the name is unknown.
  RampKind kind(std::string_view name) const;

  // The smallest and largest class counts the ramp offers. Throw like kind().
  int minClasses(std::string_view name) const;
  int maxClasses(std::string_view name) const;

  // The `classes` colours of the ramp, in ColorBrewer's order (sequential: lightest first), or in the
  // opposite order when `reversed`. Throws mobmap::Error naming the ramp, the class count and the allowed
  // range when the ramp has no scheme of that size, and listing the known ramps when the name is unknown.
  std::vector<Rgb> colors(std::string_view name, int classes, bool reversed = false) const;

  // ColorBrewer's ratings for the ramp at this class count. Throws like colors().
  RampSafety safety(std::string_view name, int classes) const;

  // Colours for `below` classes under a reference value followed by `above` classes over it, the two
  // sides equally intense at equal distance from the reference: both are cut from the scheme with
  // 2*max(below, above) classes (the 4-class scheme when that would be 2), or, when `withMiddle`, from the
  // odd scheme with 2*max(below, above)+1 classes, whose neutral middle class is returned between the two
  // sides (below + 1 + above colours). `reversed` flips the scheme first, so the below side takes the
  // colours ColorBrewer puts last. Throws mobmap::Error when the ramp is not diverging, a count is negative,
  // both counts are 0, or the scheme needed is larger than the ramp's maximum (naming that maximum).
  std::vector<Rgb> divergingAround(std::string_view name, int below, int above, bool withMiddle = false,
                                   bool reversed = false) const;

  // The names of all ramps of this kind, in file order.
  std::vector<std::string> names(RampKind kind) const;

  // The colour-blind-safe default ramp for a kind and class count: "YlGnBu" (sequential), "RdBu"
  // (diverging), "Dark2" then "Set2" (qualitative) when ColorBrewer rates them colour-blind safe at that
  // count; otherwise the first ramp of the kind, in file order, rated safe; otherwise (no ramp of the kind
  // is safe at that count, e.g. qualitative with 5 or more classes) the first rated "maybe", then the first
  // that offers the count. Throws mobmap::Error when no ramp of the kind offers `classes`.
  std::string defaultRamp(RampKind kind, int classes) const;

 private:
  struct Scheme {
    std::vector<Rgb> colors;
    RampSafety safety;
  };
  struct Ramp {
    std::string name;
    RampKind kind = RampKind::Sequential;
    int minClasses = 0;
    std::vector<Scheme> schemes;  // schemes[i] has minClasses + i colours
    int maxClasses() const { return minClasses + static_cast<int>(schemes.size()) - 1; }
  };

  const Ramp& ramp(std::string_view name) const;
  const Scheme& scheme(const Ramp& ramp, int classes) const;
  const Ramp* findRamp(std::string_view name) const;

  std::vector<Ramp> m_ramps;
  std::map<std::string, std::size_t, std::less<>> m_byLowerName;  // lower-case name -> index
};

// The name of a kind as spelled in ramps.toml ("sequential", "diverging", "qualitative").
std::string_view rampKindName(RampKind kind);

}  // namespace mobmap::style
