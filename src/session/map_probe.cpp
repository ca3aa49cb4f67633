#include "session/map_probe.h"

#include <cmath>

#include "core/error.h"
#include "crs/map_geometry.h"
#include "crs/transformer.h"

namespace mobmap::session {

MapProbe::MapProbe(const std::string& displayCrs) : m_crs(displayCrs) {
  if (displayCrs.empty()) return;  // a layer drawn in its own coordinates: nothing to ask PROJ
  try {
    m_toLonLat = std::make_unique<crs::Transformer>(displayCrs, "EPSG:4326");
  } catch (const Error&) {
    m_toLonLat.reset();
  }
}

MapProbe::~MapProbe() = default;
MapProbe::MapProbe(MapProbe&&) noexcept = default;
MapProbe& MapProbe::operator=(MapProbe&&) noexcept = default;

std::optional<Point> MapProbe::lonLat(Point p) const {
  if (!m_toLonLat) return std::nullopt;
  Point q = m_toLonLat->forward(p);
  if (!std::isfinite(q.x) || !std::isfinite(q.y)) return std::nullopt;
  return q;
}

std::optional<Point> MapProbe::displayPoint(Point lonLat) const {
  if (!m_toLonLat) return std::nullopt;
  Point q = m_toLonLat->inverse(lonLat);
  if (!std::isfinite(q.x) || !std::isfinite(q.y)) return std::nullopt;
  return q;
}

std::optional<double> MapProbe::groundMetresPerUnit(Point p) const {
  if (!m_toLonLat) return std::nullopt;
  try {
    double m = crs::groundMetresPerUnit(m_crs, p);
    if (std::isfinite(m) && m > 0) return m;
  } catch (const Error&) {
  }
  return std::nullopt;
}

}  // namespace mobmap::session
