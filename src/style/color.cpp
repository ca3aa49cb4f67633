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

namespace {

double radians(double degrees) { return degrees * M_PI / 180; }

}  // namespace

Lab toLab(Rgb c) {
  auto lin = [](std::uint8_t v) {
    const double x = v / 255.0;
    return x > 0.04045 ? std::pow((x + 0.055) / 1.055, 2.4) : x / 12.92;
  };
  const double r = lin(c.r), g = lin(c.g), b = lin(c.b);
  const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  auto f = [](double t) { return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116; };
  const double fx = f(x), fy = f(y), fz = f(z);
  return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

double deltaE2000(Rgb first, Rgb second) { return deltaE2000(toLab(first), toLab(second)); }

double deltaE2000(const Lab& p, const Lab& q) {
  const double c1 = std::hypot(p.a, p.b), c2 = std::hypot(q.a, q.b), cMean = (c1 + c2) / 2;
  const double c7 = std::pow(cMean, 7), g = 0.5 * (1 - std::sqrt(c7 / (c7 + std::pow(25.0, 7))));
  const double a1 = (1 + g) * p.a, a2 = (1 + g) * q.a;
  const double c1p = std::hypot(a1, p.b), c2p = std::hypot(a2, q.b);
  auto hue = [](double b, double a) {
    if (a == 0 && b == 0) return 0.0;
    const double h = std::atan2(b, a) * 180 / M_PI;
    return h < 0 ? h + 360 : h;
  };
  const double h1 = hue(p.b, a1), h2 = hue(q.b, a2);
  const double dL = q.l - p.l, dC = c2p - c1p;
  double dh = 0;
  if (c1p * c2p != 0) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const double dH = 2 * std::sqrt(c1p * c2p) * std::sin(radians(dh / 2));
  const double lMean = (p.l + q.l) / 2, cMeanP = (c1p + c2p) / 2;
  double hMean = h1 + h2;
  if (c1p * c2p != 0) {
    if (std::fabs(h1 - h2) <= 180) hMean = (h1 + h2) / 2;
    else hMean = h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
  }
  const double t = 1 - 0.17 * std::cos(radians(hMean - 30)) + 0.24 * std::cos(radians(2 * hMean)) +
                   0.32 * std::cos(radians(3 * hMean + 6)) - 0.20 * std::cos(radians(4 * hMean - 63));
  const double dTheta = 30 * std::exp(-std::pow((hMean - 275) / 25, 2));
  const double cp7 = std::pow(cMeanP, 7), rc = 2 * std::sqrt(cp7 / (cp7 + std::pow(25.0, 7)));
  const double sl = 1 + 0.015 * std::pow(lMean - 50, 2) / std::sqrt(20 + std::pow(lMean - 50, 2));
  const double sc = 1 + 0.045 * cMeanP, sh = 1 + 0.015 * cMeanP * t;
  const double rt = -std::sin(radians(2 * dTheta)) * rc;
  const double l = dL / sl, c = dC / sc, h = dH / sh;
  return std::sqrt(l * l + c * c + h * h + rt * c * h);
}

Rgb distinctSwatchColor(Rgb preferred, const std::vector<Rgb>& avoid) {
  // Light fills that read as "not a value": two greys, white, then pale tan, lavender, mint, rose and yellow
  // (tinted, for ramps that run through the greys), and a mid grey.
  static const std::vector<Rgb> fallbacks = {
      {217, 217, 217}, {189, 189, 189}, {255, 255, 255}, {243, 227, 195}, {213, 196, 232},
      {201, 230, 224}, {232, 201, 217}, {255, 244, 176}, {140, 140, 140}};
  auto nearest = [&](Rgb c) {
    double d = INFINITY;
    for (Rgb a : avoid) d = std::min(d, deltaE2000(c, a));
    return d;
  };
  if (nearest(preferred) >= kMinSwatchDeltaE) return preferred;
  Rgb best = preferred;
  double bestDistance = nearest(preferred);
  for (Rgb c : fallbacks) {
    const double d = nearest(c);
    if (d >= kMinSwatchDeltaE) return c;
    if (d > bestDistance) bestDistance = d, best = c;
  }
  return best;
}

}  // namespace mobmap::style
