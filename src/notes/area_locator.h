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
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "notes/note.h"

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

  // The outline of the areas named `keys` merged into one (lon/lat POLYGON or MULTIPOLYGON WKT), or "" when none
  // of them is kept: what a generalised note shows instead of its location.
  std::string outlineWkt(const std::vector<std::string>& keys) const;

  // The value of `field` (case-insensitive) of area `key` as text ("" when empty), or nullopt when there is no
  // such field or area.
  std::optional<std::string> value(const std::string& key, const std::string& field) const;

  // The first of `candidates` that is a field of the layer (case-insensitive), as the layer spells it; "" if none.
  std::string findField(const std::vector<std::string>& candidates) const;

  // The file the areas were read from.
  const std::string& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Field names read as an area's residents when no population field is named: "population", "pop", "total_pop",
// "totpop", "pop_total", "B01003_001E" (ACS total population), "P1_001N" (2020 census total population), "POP100".
const std::vector<std::string>& populationFieldNames();

// The smallest number of residents an area holding a public note should have, unless a project says otherwise.
constexpr double kDefaultSmallAreaResidents = 100;

// Warnings for a note the public may see (notes::mayPublish) lying in an area of `areas` with fewer than
// `minResidents` residents by `populationField` ("" = the first of populationFieldNames the layer has), where a
// quote could identify its speaker; each names the area, its residents and the threshold. Empty when the note is
// not public, or the layer has no population field.
std::vector<std::string> smallAreaWarnings(const Note& note, const AreaLocator& areas, const std::string& populationField,
                                           double minResidents);

}  // namespace mobmap::notes
