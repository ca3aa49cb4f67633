#pragma once
// Giving a layer the CRS its file lacks or gets wrong, for the viewer (which reaches PROJ only through here):
// searching PROJ's database, suggestions from the layer's own coordinates, and keeping the choice on the
// project's layer (`crs = "EPSG:…"`).
#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_table.h"
#include "core/extent.h"
#include "session/view_spec.h"

namespace mobmap::session {

struct CrsChoice {
  std::string code;  // "EPSG:3435"
  std::string name;  // "NAD83 / Illinois East (ftUS)"
  std::string why;   // for a suggestion: the evidence from the coordinates; else ""
};

// PROJ's database searched by code or name (see crs::searchCrs), at most `limit` entries.
std::vector<CrsChoice> searchCrsChoices(std::string_view query, std::size_t limit);

// The state a layer's areas are in, from the first two digits of its GEOID-like column (GEOID, GEOID10, GEOID20,
// geoid10, STATEFP, fips) when most of its values agree: "Illinois" for Chicago tracts; "" otherwise.
std::string stateOfAreas(const AttributeTable& attributes);

// CRSs a layer with coordinates spanning `extent` may be in, best first, with the evidence (crs::suggestCrs);
// `state` (stateOfAreas) puts that state's zones first. Slow the first time (seconds): run it off the UI thread.
std::vector<CrsChoice> suggestCrsChoices(const Extent& extent, const std::string& state = {}, std::size_t limit = 8);

// Writes `crs` as the `crs` of the layer of project `projectFile` whose source is the spec's data (and layer),
// keeping the rest of the project as it was. Returns the layer's name. Throws mobmap::Error naming the project
// when it has no such layer or cannot be written.
std::string saveLayerCrs(const std::string& projectFile, const ViewSpec& spec, const std::string& crs);

}  // namespace mobmap::session
