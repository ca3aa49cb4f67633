#include "style/color.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace mobmap::style {

namespace {

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// sRGB channel (0-255) to linear light (0-1), as WCAG 2 defines it.
double linearChannel(std::uint8_t value) {
  const double c = value / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

}  // namespace

Rgb parseHexColor(std::string_view text) {
  const auto fail = [&]() -> Rgb {
    throw Error("invalid colour '" + std::string(text) + "' (expected \"#rrggbb\" or \"#rgb\")");
  };
  if (text.empty() || text.front() != '#' || (text.size() != 7 && text.size() != 4)) return fail();
  int digits[6] = {};
  const std::string_view hex = text.substr(1);
  for (std::size_t i = 0; i < hex.size(); ++i) {
    digits[i] = hexDigit(hex[i]);
    if (digits[i] < 0) return fail();
  }
  if (hex.size() == 3) {
    return Rgb{static_cast<std::uint8_t>(digits[0] * 17), static_cast<std::uint8_t>(digits[1] * 17),
               static_cast<std::uint8_t>(digits[2] * 17)};
  }
  return Rgb{static_cast<std::uint8_t>(digits[0] * 16 + digits[1]),
             static_cast<std::uint8_t>(digits[2] * 16 + digits[3]),
             static_cast<std::uint8_t>(digits[4] * 16 + digits[5])};
}

std::string toHex(Rgb color) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "#";
  for (const std::uint8_t channel : {color.r, color.g, color.b}) {
    out += kDigits[channel >> 4];
    out += kDigits[channel & 0x0f];
  }
  return out;
}

double relativeLuminance(Rgb color) {
  return 0.2126 * linearChannel(color.r) + 0.7152 * linearChannel(color.g) + 0.0722 * linearChannel(color.b);
}

double contrastRatio(Rgb a, Rgb b) {
  const double la = relativeLuminance(a);
  const double lb = relativeLuminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Rgb labelTextColor(Rgb background) {
  const Rgb black{0, 0, 0};
  const Rgb white{255, 255, 255};
  return contrastRatio(background, black) >= contrastRatio(background, white) ? black : white;
}

}  // namespace mobmap::style
