#include "session/map_probe.h"

#include <cmath>

#include "core/error.h"
#include "crs/map_geometry.h"
#include "crs/transformer.h"

namespace mobmap::session {

MapProbe::MapProbe(const std::string& displayCrs, std::vector<crs::Inset> insets) : m_crs(displayCrs) {
  if (displayCrs.empty()) return;  // a layer drawn in its own coordinates: nothing to ask PROJ
  try {
    // From lon/lat, as a layer in EPSG:4326 is drawn: the same transformations (chosen once: crs::Transformer),
    // so a lon/lat lands where such a layer's vertex at it is drawn.
    m_fromLonLat = std::make_unique<crs::Transformer>("EPSG:4326", displayCrs);
    for (crs::Inset& i : insets) {
      auto t = std::make_unique<crs::Transformer>("EPSG:4326", i.crs);
      m_insets.push_back({std::move(i), std::move(t)});
    }
  } catch (const Error&) {
    m_fromLonLat.reset();
    m_insets.clear();
  }
}

const MapProbe::InsetProbe* MapProbe::insetAt(Point display) const {
  for (const InsetProbe& i : m_insets)
    if (display.x >= i.inset.box.minX && display.x <= i.inset.box.maxX && display.y >= i.inset.box.minY && display.y <= i.inset.box.maxY)
      return &i;
  return nullptr;
}

MapProbe::~MapProbe() = default;
MapProbe::MapProbe(MapProbe&&) noexcept = default;
MapProbe& MapProbe::operator=(MapProbe&&) noexcept = default;

std::optional<Point> MapProbe::lonLat(Point p) const {
  if (!m_fromLonLat) return std::nullopt;
  const InsetProbe* inset = insetAt(p);
  Point q = inset ? inset->fromLonLat->inverse(crs::unplaceFromInset(inset->inset, p)) : m_fromLonLat->inverse(p);
  if (!std::isfinite(q.x) || !std::isfinite(q.y)) return std::nullopt;
  return q;
}

std::optional<Point> MapProbe::displayPoint(Point lonLat) const {
  if (!m_fromLonLat) return std::nullopt;
  for (const InsetProbe& i : m_insets)
    if (crs::insetRegionHolds(i.inset, lonLat)) {
      const Point q = i.fromLonLat->forward(lonLat);
      if (!std::isfinite(q.x) || !std::isfinite(q.y)) return std::nullopt;
      return crs::placeInInset(i.inset, q);
    }
  Point q = m_fromLonLat->forward(lonLat);
  if (!std::isfinite(q.x) || !std::isfinite(q.y)) return std::nullopt;
  return q;
}

std::optional<double> MapProbe::groundMetresPerUnit(Point p) const {
  if (!m_fromLonLat) return std::nullopt;
  try {
    // Inside an inset one display unit is 1/scale units of the inset's projection.
    const InsetProbe* inset = insetAt(p);
    double m = inset ? crs::groundMetresPerUnit(inset->inset.crs, crs::unplaceFromInset(inset->inset, p)) / inset->inset.scale
                     : crs::groundMetresPerUnit(m_crs, p);
    if (std::isfinite(m) && m > 0) return m;
  } catch (const Error&) {
  }
  return std::nullopt;
}

}  // namespace mobmap::session
