#pragma once
// The CRSs a user can give a layer that declares none or a wrong one: PROJ's database searched by code or name,
// and suggestions from the layer's coordinates (longitude/latitude, a UTM zone, a State Plane zone).
//
// Usage:
//   for (const crs::CrsEntry& e : crs::searchCrs("illinois east", 20)) ...       // "EPSG:3435 NAD83 / Illinois East (ftUS)"
//   for (const crs::CrsSuggestion& s : crs::suggestCrs(layer.geometry.extent())) // best first, with the evidence
#include <string>
#include <string_view>
#include <vector>

#include "core/extent.h"

namespace mobmap::crs {

// One CRS of PROJ's database.
struct CrsEntry {
  std::string code;          // "EPSG:3435"
  std::string name;          // "NAD83 / Illinois East (ftUS)"
  bool geographic = false;   // a longitude/latitude CRS
  std::string area;          // its area of use in words ("United States (USA) - Illinois - counties of ...")
  double west = -180, south = -90, east = 180, north = 90;  // its area of use in degrees (west > east across 180°)
};

// Every EPSG geographic 2D and projected CRS PROJ's database holds, deprecated ones left out, read once and
// kept (the first call takes a fraction of a second). Empty when the database cannot be read.
const std::vector<CrsEntry>& crsCatalog();

// The catalog entries whose code or name contains every word of `query` (case-insensitive; "3435",
// "EPSG:3435", "illinois east ftus"): an exact code first, then names that begin with the query, then the
// rest in catalog order; at most `limit`. An empty query gives the commonest US choices (lon/lat NAD83 and
// WGS 84, CONUS Albers, Web Mercator).
std::vector<CrsEntry> searchCrs(std::string_view query, std::size_t limit);

// A CRS the coordinates fit, and the evidence in words.
struct CrsSuggestion {
  CrsEntry crs;
  std::string why;           // "its coordinates fit longitude/latitude"; "read in it, the layer lies at 87.68°W 41.84°N, inside its area of use (Illinois - east)"
};

// CRSs a layer whose coordinates span `extent` (in an unknown CRS) may be in, best first, at most `limit`:
// NAD83 and WGS 84 longitude/latitude when the coordinates fit -180..180 / -90..90; otherwise the projected US
// CRSs (State Plane zones in metres and feet, UTM zones, national projections) under which every corner and the
// centre of the extent falls inside the CRS's area of use, the smallest area first (a State Plane zone before a
// UTM zone before a national projection). Zones that differ only by NAD83 realisation appear once, as plain
// NAD83. The same coordinates can fit zones far apart (Chicago's Illinois East feet also land in Arkansas South):
// `place`, when given (a state name known from the data's GEOIDs), puts the CRSs whose area of use names it first.
// Takes a few seconds the first time: callers on a UI thread run it in the background.
std::vector<CrsSuggestion> suggestCrs(const Extent& extent, std::size_t limit = 8, const std::string& place = {});

}  // namespace mobmap::crs
