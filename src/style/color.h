#pragma once
// An sRGB colour with 8 bits per channel, its "#rrggbb" notation, and the WCAG relative luminance used to
// pick readable label text and to check that map fills stay distinguishable.
#include <cstdint>
#include <string>
#include <string_view>

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

}  // namespace mobmap::style
