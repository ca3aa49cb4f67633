#pragma once
// The areas (tracts, neighborhoods) a note falls in, from a boundary layer: how a note's GEOIDs are derived.
//
// Usage:
//   AreaLocator tracts("tracts.gpkg", "", "GEOID");                 // every tract
//   AreaLocator poorest("tracts.gpkg", "", "GEOID", "pov_rate > 0.3");  // only those passing an OGR filter
//   note.areaIds = tracts.locate(note.geometryWkt);
// Keys are normalised as joins do (a Real GEOID 17031839100.0 reads "17031839100").
// A point falls in the areas that contain it (on a shared edge: both); an area note in every area it overlaps.
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace mobmap::notes {

class AreaLocator {
 public:
  // Reads `layer` of `path` (the first layer when empty), keeping areas passing `where` (GDAL's OGR SQL attribute
  // filter syntax; all when empty) and their `keyField` values. Throws Error naming the file, layer or field.
  AreaLocator(const std::string& path, const std::string& layer, const std::string& keyField,
              const std::string& where = "");
  ~AreaLocator();
  AreaLocator(AreaLocator&&) noexcept;
  AreaLocator& operator=(AreaLocator&&) noexcept;

  // Keys of the areas that the lon/lat WKT geometry falls in or overlaps, in layer order, each once.
  std::vector<std::string> locate(const std::string& geometryWkt) const;

  // Keys of all areas kept.
  std::set<std::string> keys() const;

  // How many areas were kept.
  std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mobmap::notes
