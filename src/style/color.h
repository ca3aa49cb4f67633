#pragma once
// An sRGB colour with 8 bits per channel, its "#rrggbb" notation, and the WCAG relative luminance used to
// pick readable label text and to check that map fills stay distinguishable.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mobmap::style {

// One opaque sRGB colour.
struct Rgb {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;

  friend bool operator==(const Rgb&, const Rgb&) = default;
};

// Parses "#rrggbb" or "#rgb" (hex digits in either case). Throws mobmap::Error quoting the text on
// anything else (missing '#', wrong length, non-hex digit, surrounding spaces).
Rgb parseHexColor(std::string_view text);

// The colour as "#rrggbb" with lower-case digits; parseHexColor(toHex(c)) == c.
std::string toHex(Rgb color);

// WCAG 2 relative luminance: 0 for black, 1 for white, from the linearised sRGB channels.
double relativeLuminance(Rgb color);

// WCAG 2 contrast ratio between two colours, from 1 (same luminance) to 21 (black on white); symmetric.
double contrastRatio(Rgb a, Rgb b);

// Black or white, whichever has the higher contrast against `background` (black on ties), for labels
// drawn over a class fill.
Rgb labelTextColor(Rgb background);

// A CIELAB colour (D65 white).
struct Lab {
  double l = 0, a = 0, b = 0;
};

// The CIELAB coordinates of an sRGB colour (D65).
Lab toLab(Rgb color);

// The CIEDE2000 colour difference, as defined by CIE 142-2001 and Sharma, Wu & Dalal (2005): 0 for the same
// colour, about 1 for a just-noticeable difference. The Rgb form converts both colours with toLab first.
double deltaE2000(const Lab& first, const Lab& second);
double deltaE2000(Rgb a, Rgb b);

// The smallest CIEDE2000 difference a no-data, suppressed or absent swatch keeps from every class colour of
// the ramp in use (and a solid special swatch from the other solid ones), so none reads as a class.
constexpr double kMinSwatchDeltaE = 10;

// `preferred` when it differs from every colour of `avoid` by at least kMinSwatchDeltaE, else the first of a
// fixed list of light neutral and tinted fills (documented in styles/README.md) that does, else the one of
// those farthest from them.
Rgb distinctSwatchColor(Rgb preferred, const std::vector<Rgb>& avoid);

}  // namespace mobmap::style
