#include "render/map_furniture.h"

#include <cmath>

#include "core/text.h"
#include "crs/map_geometry.h"
#include "render/number_format.h"

namespace mobmap::render {

double niceLength(double limit) {
  if (limit <= 0) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(limit)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= limit) return m * p;
  return p;
}

std::string groupNumber(std::size_t n) { return groupThousands(std::to_string(n)); }

void addScaleBarAndNorthArrow(Figure& fig, const std::string& displayCrs, bool miles, double x, double top,
                              double width, const TextStyle& style, Rgb ink) {
  if (fig.panels.empty()) return;
  const Viewport& v = fig.panels.front().viewport;
  const Point centre{(v.extent.minX + v.extent.maxX) / 2, (v.extent.minY + v.extent.maxY) / 2};
  const double unitMetres = miles ? 1609.344 : 1000.0;
  const crs::GroundFacts ground = crs::groundFactsAt(displayCrs, centre);
  const double metresPerPt = ground.metresPerUnit / v.scale;
  const double arrowSpace = style.sizePt * 6;  // the arrow plus half of the end label centred on the bar's end
  // The bar fits the column it is drawn in and the panel it describes (a small multiple is narrower).
  const double maxBarPt = std::min(std::max(width - arrowSpace, width * 0.5), v.width * 0.6);
  const double length = niceLength(maxBarPt * metresPerPt / unitMetres);
  const double barPt = length * unitMetres / metresPerPt;

  // Two-segment bar: black then white, with labels 0, half, full.
  const double h = style.sizePt * 0.45;
  const double y = top + style.sizePt * 1.2;
  fig.rects.push_back({x, y, barPt / 2, h, Fill{ink}, ink, 0.5});
  fig.rects.push_back({x + barPt / 2, y, barPt / 2, h, Fill{Rgb{255, 255, 255}}, ink, 0.5});
  const std::string unit = miles ? " mi" : " km";
  fig.texts.push_back({"0", x, top + style.sizePt * 0.8, style, ink, Anchor::Center});
  fig.texts.push_back({formatNumber(length / 2), x + barPt / 2, top + style.sizePt * 0.8, style, ink, Anchor::Center});
  fig.texts.push_back({formatNumber(length) + unit, x + barPt, top + style.sizePt * 0.8, style, ink, Anchor::Center});
  // Distortion note for maps spanning a large area, where one bar cannot be true everywhere.
  const double spanKm = v.extent.width() * ground.metresPerUnit / 1000;
  if (spanKm > 800) fig.texts.push_back({"scale true at map centre", x, y + h + style.sizePt * 1.2, style, ink});

  // North arrow: a narrow triangle rotated to true north, with an "N".
  const double angle = ground.northAngle;
  const double cx = x + width - style.sizePt, cy = top + style.sizePt * 1.4, len = style.sizePt * 1.8;
  auto rotate = [&](double dx, double dy) {  // (dx, dy) in "north up" page offsets, y down
    const double c = std::cos(angle), s = std::sin(angle);
    return Point{cx + dx * c - dy * s, cy + dx * s + dy * c};
  };
  fig.lines.push_back({{rotate(0, -len / 2), rotate(len * 0.28, len / 2), rotate(0, len * 0.3), rotate(-len * 0.28, len / 2)},
                       ink, 0.5, true});
  Point label = rotate(0, -len / 2 - style.sizePt * 0.3);
  TextStyle bold = style;
  bold.bold = true;
  fig.texts.push_back({"N", label.x, label.y, bold, ink, Anchor::Center});
}

}  // namespace mobmap::render
