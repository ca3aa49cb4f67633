#pragma once
// Facts about a point of the display CRS for a status bar: its longitude/latitude and the ground distance
// per display unit there. Keeps PROJ out of UI code.
#include <memory>
#include <optional>
#include <string>

#include <vector>

#include "core/geometry.h"
#include "crs/display_crs.h"

namespace mobmap::crs {
class Transformer;
}

namespace mobmap::session {

class MapProbe {
 public:
  // A probe for `displayCrs`; when PROJ cannot read it, every answer is nullopt. With `insets` (a composite
  // national map), points inside an inset's box answer in that inset's projection and scale.
  explicit MapProbe(const std::string& displayCrs, std::vector<crs::Inset> insets = {});
  ~MapProbe();
  MapProbe(MapProbe&&) noexcept;
  MapProbe& operator=(MapProbe&&) noexcept;

  // Longitude and latitude (x, y) of a display-CRS point; nullopt outside the projection's domain.
  std::optional<Point> lonLat(Point p) const;
  // The display-CRS point at longitude/latitude `lonLat` (x, y); nullopt outside the projection's domain.
  std::optional<Point> displayPoint(Point lonLat) const;
  // Ground metres per display-CRS unit along x at `p`; nullopt when unknown.
  std::optional<double> groundMetresPerUnit(Point p) const;

 private:
  std::string m_crs;
  std::unique_ptr<crs::Transformer> m_fromLonLat;  // EPSG:4326 → m_crs
  struct InsetProbe {
    crs::Inset inset;
    std::unique_ptr<crs::Transformer> fromLonLat;  // EPSG:4326 → inset.crs
  };
  std::vector<InsetProbe> m_insets;
  const InsetProbe* insetAt(Point display) const;
};

}  // namespace mobmap::session
