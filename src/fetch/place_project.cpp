#include "fetch/place_project.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "analysis/dissolve.h"
#include "analysis/moe.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/missing_value.h"
#include "core/table_typing.h"
#include "core/text.h"
#include "core/sha256.h"
#include "fetch/csv_text.h"
#include "io/layer_writer.h"
#include "io/source_reader.h"

namespace mobmap::fetch {

namespace fs = std::filesystem;

namespace {

constexpr const char* kProjectChecksumPrefix = "# mobmap get checksum (a re-run replaces this file only while it is unedited): ";

bool allDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A FIPS part as written in a file ("17", "1", "17.0", "031") padded to `width`, or "" when not digits.
std::string padFips(std::string s, std::size_t width) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  if (auto dot = s.find('.'); dot != std::string::npos && s.find_first_not_of('0', dot + 1) == std::string::npos) s.resize(dot);
  if (!allDigits(s)) return {};
  while (s.size() < width) s = "0" + s;
  return s;
}

std::string levelName(PlaceLevel level) {
  return level == PlaceLevel::County ? "county" : level == PlaceLevel::Place ? "city" : "state";
}

// The text value of any attribute (numbers without ".0" for whole values).
std::string attributeText(const Layer& layer, std::string_view field, std::size_t row) {
  const Column* c = layer.attributes.find(field);
  return c ? c->displayText(row) : std::string();
}

// A new layer with the chosen rows of `source` (geometry and attributes).
Layer selectFeatures(const Layer& source, const std::vector<std::size_t>& rows, const std::string& name) {
  Layer out;
  out.name = name;
  out.source = source.source;
  out.geometryType = source.geometryType;
  out.crs = source.crs;
  out.crsDefinition = source.crsDefinition;
  out.crsIsGeographic = source.crsIsGeographic;
  out.crsAssumed = source.crsAssumed;
  for (std::size_t r : rows) {
    out.geometry.beginFeature();
    for (std::size_t p : source.geometry.partsOf(r)) {
      out.geometry.beginPart(source.geometry.partKind(p));
      for (std::size_t ring : source.geometry.ringsOf(p)) {
        out.geometry.beginRing();
        for (const Point& v : source.geometry.ring(ring)) out.geometry.addPoint(v.x, v.y);
      }
    }
  }
  for (const Column& c : source.attributes.columns()) {
    Column copy(c.name(), c.type());
    for (std::size_t r : rows) {
      if (c.isMissing(r)) copy.appendMissing();
      else if (c.isNumeric()) copy.appendNumber(c.number(r));
      else copy.appendText(c.text(r));
    }
    out.attributes.addColumn(std::move(copy));
  }
  if (source.attributes.columnCount() == 0) out.attributes.setRowCountWithoutColumns(rows.size());
  return out;
}

double ringArea(std::span<const Point> ring) {
  double a = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) a += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
  return a / 2;
}

// The area centroid of a feature's largest polygon part (its exterior ring).
std::optional<Point> featureCentre(const GeometryStore& g, std::size_t f) {
  double best = 0;
  std::optional<Point> centre;
  for (std::size_t p : g.partsOf(f)) {
    if (g.partKind(p) != PartKind::Polygon) continue;
    for (std::size_t r : g.ringsOf(p)) {
      std::span<const Point> ring = g.ring(r);
      double a = ringArea(ring);
      if (std::abs(a) > best && a != 0) {
        double cx = 0, cy = 0;
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
          double cross = ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
          cx += (ring[i].x + ring[i + 1].x) * cross;
          cy += (ring[i].y + ring[i + 1].y) * cross;
        }
        best = std::abs(a);
        centre = Point{cx / (6 * a), cy / (6 * a)};
      }
      break;  // only the exterior ring
    }
  }
  return centre;
}

bool ringContains(std::span<const Point> ring, Point pt) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    if ((ring[i].y > pt.y) != (ring[j].y > pt.y) &&
        pt.x < (ring[j].x - ring[i].x) * (pt.y - ring[i].y) / (ring[j].y - ring[i].y) + ring[i].x)
      inside = !inside;
  }
  return inside;
}

bool featureContains(const GeometryStore& g, std::size_t f, Point pt) {
  for (std::size_t p : g.partsOf(f)) {
    if (g.partKind(p) != PartKind::Polygon) continue;
    bool in = false, first = true;
    for (std::size_t r : g.ringsOf(p)) {
      bool c = ringContains(g.ring(r), pt);
      if (first) in = c;
      else if (c) in = false;  // in a hole
      first = false;
    }
    if (in) return true;
  }
  return false;
}

// One Census API cell as CSV text. The API's annotation values (-666666666 "no estimate", -222222222 "no
// MOE", ...) are kept as written, so that reading the file back gives missing values with their reason
// (core/missing_value.h); a controlled MOE (-555555555) is written as 0; text that is not a number is dropped.
std::string acsValue(const nlohmann::json& v, bool moe = false) {
  std::string s = v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump();
  if (moeControlledValue(s, moe)) return "0";
  if (!parseNumber(trim(s))) return {};
  return std::string(trim(s));
}

// A value for arithmetic: nullopt for missing text and for the missing-value codes.
std::optional<double> number(const std::string& s) {
  if (missingReasonOfText(s, false) != MissingReason::None) return std::nullopt;
  return parseNumber(trim(s));
}

std::string formatNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string tomlString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20) out += ' ';
    else out += c;
  }
  return out + "\"";
}

bool isMissingText(const std::string& s) { return isMissingToken(s); }

std::string normaliseSubgroupType(std::string s) {
  for (char& c : s) c = c == '_' ? '-' : char(std::tolower(static_cast<unsigned char>(c)));
  return s.empty() ? "all" : s;
}

struct Geography {
  std::string state;      // 2 digits
  std::string county;     // 3 digits (county level), else ""
  std::string place;      // 5 digits (place level), else ""
};

// Filters and merges the Mobility Metrics files' rows of the area: one row per year x area x subgroup.
CsvText mergeMobility(const std::vector<fs::path>& files, PlaceLevel level, const Geography& geo) {
  const std::string areaColumn = level == PlaceLevel::Place ? "place" : "county";
  const std::size_t areaWidth = level == PlaceLevel::Place ? 5 : 3;
  std::vector<std::string> header = {"year", "state", areaColumn, "subgroup_type", "subgroup"};
  std::map<std::string, std::size_t> columnIndex;
  for (std::size_t i = 0; i < header.size(); ++i) columnIndex[header[i]] = i;
  std::map<std::tuple<int, std::string, std::string, std::string>, std::vector<std::string>> merged;
  for (const fs::path& file : files) {
    CsvText csv = readCsvFile(file);
    int cYear = csv.column("year"), cState = csv.column("state"), cArea = csv.column(areaColumn);
    if (cYear < 0 || cState < 0 || cArea < 0)
      throw Error(file.string() + ": a Mobility Metrics file needs the columns year, state and " + areaColumn +
                  " (found: " + (csv.header.empty() ? std::string("none") : csv.header.front() + ", ...") + ")");
    int cType = csv.column("subgroup_type"), cGroup = csv.column("subgroup");
    std::vector<std::size_t> target(csv.header.size());
    for (std::size_t i = 0; i < csv.header.size(); ++i) {
      const std::string& name = csv.header[i];
      if (!columnIndex.count(name)) {
        columnIndex[name] = header.size();
        header.push_back(name);
      }
      target[i] = columnIndex[name];
    }
    for (const auto& row : csv.rows) {
      std::string state = padFips(row[cState], 2);
      std::string area = padFips(row[cArea], areaWidth);
      if (state != geo.state) continue;
      if (level == PlaceLevel::County && area != geo.county) continue;
      if (level == PlaceLevel::Place && area != geo.place) continue;
      auto year = number(row[cYear]);
      if (!year) continue;
      std::string type = normaliseSubgroupType(cType >= 0 ? row[cType] : "");
      std::string group = cGroup >= 0 && !row[cGroup].empty() ? row[cGroup] : "All";
      if (type == "all") group = "All";
      auto& out = merged[{int(*year), area, type, group}];
      if (out.empty()) out.resize(header.size());
      if (out.size() < header.size()) out.resize(header.size());
      for (std::size_t i = 0; i < row.size(); ++i) {
        std::size_t t = target[i];
        if (isMissingText(out[t]) && !isMissingText(row[i])) out[t] = row[i];
      }
      out[0] = std::to_string(int(*year));
      out[1] = state;
      out[2] = area;
      out[3] = type;
      out[4] = group;
    }
  }
  CsvText result;
  result.header = header;
  for (auto& [key, row] : merged) {
    row.resize(header.size());
    for (std::string& v : row)
      if (v == "NA" || v == "NaN" || v == "N/A") v.clear();
    result.rows.push_back(std::move(row));
  }
  return result;
}

std::vector<std::string> columnTypes(const CsvText& csv, const std::set<std::string>& stringColumns,
                                     const std::set<std::string>& integerColumns) {
  std::vector<std::string> types;
  for (std::size_t c = 0; c < csv.header.size(); ++c) {
    const std::string& name = csv.header[c];
    if (stringColumns.count(name)) {
      types.push_back("String");
      continue;
    }
    if (integerColumns.count(name)) {
      types.push_back("Integer");
      continue;
    }
    bool numeric = true;
    for (const auto& row : csv.rows)
      if (!row[c].empty() && !number(row[c])) {
        numeric = false;
        break;
      }
    types.push_back(numeric ? "Real" : "String");
  }
  return types;
}

}  // namespace

bool projectFileEdited(const fs::path& projectFile) {
  std::error_code ec;
  if (!fs::exists(projectFile, ec)) return false;
  std::ifstream in(projectFile, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return true;
  const std::string prefix = kProjectChecksumPrefix;
  if (!text.starts_with(prefix)) return true;
  const std::size_t eol = text.find('\n');
  if (eol == std::string::npos) return true;
  return text.substr(prefix.size(), eol - prefix.size()) != sha256Hex(std::string_view(text).substr(eol + 1));
}

void checkPlaceGeoid(PlaceLevel level, const std::string& geoid) {
  std::size_t width = level == PlaceLevel::County ? 5 : level == PlaceLevel::Place ? 7 : 2;
  if (!allDigits(geoid) || geoid.size() != width)
    throw UsageError("--" + std::string(level == PlaceLevel::Place ? "place" : levelName(level)) + " " + geoid +
                     ": expected a " + std::to_string(width) + "-digit FIPS code (" +
                     (level == PlaceLevel::County ? "state + county, e.g. 17031 for Cook County, IL"
                      : level == PlaceLevel::Place ? "state + place, e.g. 1714000 for Chicago"
                                                   : "e.g. 17 for Illinois") +
                     ")");
}

PlaceProject buildPlaceProject(const PlaceRequest& req, const SourceCatalog& catalog, DownloadCache& cache,
                               const std::function<void(const std::string&)>& message) {
  checkPlaceGeoid(req.level, req.geoid);
  auto say = [&](const std::string& m) {
    if (message) message(m);
  };
  Geography geo{req.geoid.substr(0, 2), req.level == PlaceLevel::County ? req.geoid.substr(2) : "",
                req.level == PlaceLevel::Place ? req.geoid.substr(2) : ""};
  const std::string year = std::to_string(req.year);
  const std::string period = std::to_string(req.year - 4) + "-" + year;
  const std::string yearHint = " Check that --year " + year + " is published (ACS 5-year and boundary files start in 2013 and lag about a year).";
  std::error_code ec;
  fs::create_directories(req.outDir, ec);
  if (ec) throw Error(req.outDir.string() + ": cannot create the output folder: " + ec.message());

  PlaceProject result;

  // 1. Tract boundaries: the state's file, cut to the area.
  std::string tractsUrl = catalog.url(catalog.tracts, {{"year", year}, {"state", geo.state}});
  CachedFile tractsZip = cache.fetch({tractsUrl, "", "tract boundaries for state " + geo.state + " (" + year + ")",
                                      yearHint + " A mirror can stand in: --source-url " + catalog.tracts.source + "=URL.", ".zip"});
  Layer stateTracts = io::readLayer(tractsZip.path.string());
  if (!stateTracts.attributes.find("GEOID"))
    throw Error(tractsUrl + ": the tract file has no GEOID field (cached as " + tractsZip.path.string() + ")");

  std::vector<std::size_t> keep;
  Layer placeLayer;
  if (req.level == PlaceLevel::Place) {
    std::string placesUrl = catalog.url(catalog.places, {{"year", year}, {"state", geo.state}});
    CachedFile placesZip = cache.fetch({placesUrl, "", "place boundaries for state " + geo.state + " (" + year + ")",
                                        yearHint + " A mirror can stand in: --source-url " + catalog.places.source + "=URL.", ".zip"});
    Layer places = io::readLayer(placesZip.path.string());
    std::vector<std::size_t> match;
    for (std::size_t r = 0; r < places.featureCount(); ++r)
      if (padFips(attributeText(places, "GEOID", r), 7) == req.geoid) match.push_back(r);
    if (match.empty())
      throw Error("place " + req.geoid + " is not in " + placesUrl + " (" + std::to_string(places.featureCount()) +
                  " places); check the code (state 2 digits + place 5 digits, e.g. 1714000 for Chicago)");
    placeLayer = selectFeatures(places, match, "place");
    for (std::size_t r = 0; r < stateTracts.featureCount(); ++r)
      if (auto c = featureCentre(stateTracts.geometry, r); c && featureContains(placeLayer.geometry, 0, *c)) keep.push_back(r);
  } else {
    std::string prefix = geo.state + geo.county;
    for (std::size_t r = 0; r < stateTracts.featureCount(); ++r)
      if (padFips(attributeText(stateTracts, "GEOID", r), 11).starts_with(prefix)) keep.push_back(r);
  }
  if (keep.empty())
    throw Error("no tracts of " + levelName(req.level) + " " + req.geoid + " in " + tractsUrl + " (" +
                std::to_string(stateTracts.featureCount()) + " tracts in the file); check the code");
  Layer tracts = selectFeatures(stateTracts, keep, "tracts");
  std::set<std::string> tractIds;
  for (std::size_t r = 0; r < tracts.featureCount(); ++r) tractIds.insert(padFips(attributeText(tracts, "GEOID", r), 11));
  io::writeLayer(tracts, (req.outDir / "tracts.gpkg").string());
  result.files.push_back("tracts.gpkg");
  result.tracts = tracts.featureCount();
  say("tracts: " + std::to_string(result.tracts) + " of " + std::to_string(stateTracts.featureCount()) + " in the state file");

  // 2. The area layer the Mobility Metrics join to: counties dissolved from their tracts, or the city.
  std::string areaLayerName = req.level == PlaceLevel::Place ? "place" : "county";
  if (req.level != PlaceLevel::Place) {
    std::map<std::string, std::vector<std::size_t>> byCounty;
    for (std::size_t r = 0; r < tracts.featureCount(); ++r)
      byCounty[padFips(attributeText(tracts, "GEOID", r), 11).substr(0, 5)].push_back(r);
    std::vector<analysis::DissolveArea> areas;
    for (auto& [id, rows] : byCounty) areas.push_back({id, rows});
    placeLayer = analysis::dissolveAreas(tracts, areas);
    Column geoid("GEOID", FieldType::String);
    for (const auto& a : areas) geoid.appendText(a.name);
    placeLayer.attributes.addColumn(std::move(geoid));
    placeLayer.name = "county";
  }
  io::writeLayer(placeLayer, (req.outDir / (areaLayerName + ".gpkg")).string());
  result.files.push_back(areaLayerName + ".gpkg");

  // 3. ACS tables for the tracts, one request per table, merged by GEOID.
  std::map<std::string, std::map<std::string, std::string>> acs;  // GEOID -> column -> value
  std::map<std::string, std::string> acsName;
  std::vector<std::string> acsColumns;
  std::string secret = req.censusApiKey.empty() ? "" : "key=" + req.censusApiKey;
  for (const AcsTable& table : catalog.acsTables) {
    std::string vars;
    for (const AcsVariable& v : table.variables) {
      vars += (vars.empty() ? "" : ",") + v.code + "E," + v.code + "M";
      acsColumns.push_back(v.name);
      acsColumns.push_back(v.name + "_moe");
    }
    std::string url = catalog.url(catalog.acs, {{"year", year}, {"state", geo.state},
                                                {"county", geo.county.empty() ? "*" : geo.county}, {"variables", vars}});
    CachedFile f = cache.fetch({url, secret, "ACS table " + table.id + " for state " + geo.state + " (" + period + ")",
                                yearHint + " Without a key the Census API allows a few hundred requests a day: set CENSUS_API_KEY. "
                                "A mirror can stand in: --source-url " + catalog.acs.source + "=URL.", ".json"});
    nlohmann::json j;
    try {
      std::ifstream in(f.path);
      j = nlohmann::json::parse(in);
    } catch (const std::exception& e) {
      throw Error(url + ": the Census API answer is not JSON (" + e.what() + "); cached as " + f.path.string() +
                  " (delete it and run again)");
    }
    if (!j.is_array() || j.empty() || !j[0].is_array())
      throw Error(url + ": the Census API answer is not a table (cached as " + f.path.string() + ")");
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < j[0].size(); ++i) col[j[0][i].get<std::string>()] = i;
    for (const char* need : {"state", "county", "tract"})
      if (!col.count(need)) throw Error(url + ": the Census API answer has no '" + std::string(need) + "' column");
    for (std::size_t r = 1; r < j.size(); ++r) {
      const auto& row = j[r];
      std::string id = padFips(acsValue(row[col["state"]]), 2) + padFips(acsValue(row[col["county"]]), 3) +
                       padFips(row[col["tract"]].is_string() ? row[col["tract"]].get<std::string>() : "", 6);
      if (!tractIds.count(id)) continue;
      if (col.count("NAME") && row[col["NAME"]].is_string()) acsName[id] = row[col["NAME"]].get<std::string>();
      for (const AcsVariable& v : table.variables) {
        if (col.count(v.code + "E")) acs[id][v.name] = acsValue(row[col[v.code + "E"]]);
        if (col.count(v.code + "M")) acs[id][v.name + "_moe"] = acsValue(row[col[v.code + "M"]], true);
      }
    }
  }
  for (const AcsDerived& d : catalog.acsDerived) {
    acsColumns.push_back(d.name);
    acsColumns.push_back(d.name + "_moe");
    for (auto& [id, values] : acs) {
      auto x = number(values[d.numerator]), mx = number(values[d.numerator + "_moe"]);
      auto y = number(values[d.denominator]), my = number(values[d.denominator + "_moe"]);
      if (!x || !y || *y <= 0) continue;
      values[d.name] = formatNumber(100 * *x / *y);
      if (mx && my) values[d.name + "_moe"] = formatNumber(100 * analysis::proportionMoe(*x, *mx, *y, *my));
    }
  }
  CsvText acsCsv;
  acsCsv.header = {"GEOID", "NAME"};
  acsCsv.header.insert(acsCsv.header.end(), acsColumns.begin(), acsColumns.end());
  for (auto& [id, values] : acs) {
    std::vector<std::string> row = {id, acsName[id]};
    for (const std::string& c : acsColumns) row.push_back(values[c]);
    acsCsv.rows.push_back(std::move(row));
  }
  std::vector<std::string> acsTypes = {"String", "String"};
  acsTypes.resize(acsCsv.header.size(), "Real");
  writeCsvWithTypes(req.outDir / "tract_acs.csv", acsCsv, acsTypes);
  result.files.push_back("tract_acs.csv");
  result.acsRows = acsCsv.rows.size();
  say("ACS: " + std::to_string(result.acsRows) + " of " + std::to_string(result.tracts) + " tracts with values");

  // 4. Mobility Metrics rows of the area (county rows for a county or a state, city rows for a place).
  const auto& mmFiles = req.level == PlaceLevel::Place ? catalog.mobilityPlace : catalog.mobilityCounty;
  std::vector<fs::path> mmPaths;
  for (const SourceFile& file : mmFiles) {
    std::string url = catalog.url(file, {{"year", year}});
    mmPaths.push_back(cache.fetch({url, "", "Mobility Metrics file " + fs::path(file.path).filename().string(),
                                   "A mirror can stand in: --source-url " + file.source + "=URL.", ""}).path);
  }
  bool haveMobility = !mmPaths.empty();
  if (haveMobility) {
    CsvText mm = mergeMobility(mmPaths, req.level, geo);
    std::string areaColumn = req.level == PlaceLevel::Place ? "place" : "county";
    writeCsvWithTypes(req.outDir / "mobility_metrics.csv", mm,
                      columnTypes(mm, {"state", areaColumn, "subgroup_type", "subgroup", "state_name", "county_name", "place_name"}, {"year"}));
    result.files.push_back("mobility_metrics.csv");
    result.mobilityRows = mm.rows.size();
    for (const auto& row : mm.rows)
      if (row[4] == "All") result.mobilityYear = std::max(result.mobilityYear, std::stoi(row[0]));
    say("Mobility Metrics: " + std::to_string(result.mobilityRows) + " rows (years x subgroups)" +
        (result.mobilityYear ? ", latest year " + std::to_string(result.mobilityYear) : ", none for this area"));
  }

  // 5. Neighborhoods, copied in as a GeoPackage.
  bool haveNeighborhoods = !req.neighborhoods.empty();
  if (haveNeighborhoods) {
    Layer n = io::readLayer(req.neighborhoods.string());
    n.name = "neighborhoods";
    io::writeLayer(n, (req.outDir / "neighborhoods.gpkg").string());
    result.files.push_back("neighborhoods.gpkg");
  }

  // 6. The project file, written last: its presence means the folder is complete.
  std::string areaName;
  if (!acsName.empty()) {
    std::string name = acsName.begin()->second;  // "Census Tract 101; Cook County; Illinois" (older: commas)
    char sep = name.find(';') != std::string::npos ? ';' : ',';
    std::size_t first = name.find(sep);
    if (first != std::string::npos) {
      areaName = name.substr(first + 1);
      while (!areaName.empty() && areaName.front() == ' ') areaName.erase(0, 1);
      if (sep == ';')
        for (std::size_t at = areaName.find(';'); at != std::string::npos; at = areaName.find(';', at)) areaName.replace(at, 1, ",");
      if (req.level == PlaceLevel::State) areaName = areaName.substr(areaName.find(',') == std::string::npos ? 0 : areaName.rfind(',') + 2);
    }
  }
  if (req.level == PlaceLevel::Place) {
    std::string placeName = attributeText(placeLayer, "NAME", 0);
    std::string stateName = areaName.find(',') != std::string::npos ? areaName.substr(areaName.rfind(',') + 2) : "";
    areaName = placeName.empty() ? "place " + req.geoid : placeName + (stateName.empty() ? "" : ", " + stateName);
  }
  if (areaName.empty()) areaName = levelName(req.level) + " " + req.geoid;
  result.title = areaName + " (ACS " + period + ")";

  std::string contextLayer = haveNeighborhoods ? "neighborhoods" : areaLayerName;
  std::ostringstream t;
  t << "# mobmap project made by `mobmap get --" << (req.level == PlaceLevel::Place ? "place" : levelName(req.level)) << " "
    << req.geoid << " --year " << year << "`.\n"
    << "# Format: docs/project-format.md. Paths are relative to this file. Edit freely.\n"
    << "format_version = 1\n"
    << "title = " << tomlString(result.title) << "\n"
    << "description = "
    << tomlString("Census tracts of " + areaName + " (" + year + " cartographic boundaries) with " + catalog.acsLabel + " " +
                  period + " and their 90% margins of error" +
                  (haveMobility ? "; the Urban Institute's Mobility Metrics for the " + levelName(req.level == PlaceLevel::Place ? PlaceLevel::Place : PlaceLevel::County) +
                                      (req.level == PlaceLevel::State ? "ies" : "") + ", all years and subgroups, in mobility_metrics.csv"
                                : "") +
                  ".")
    << "\n\n";
  t << "[[layer]]\nname = \"tracts\"\nsource = \"tracts.gpkg\"\ndescription = "
    << tomlString(std::to_string(result.tracts) + " census tracts, " + year + " cartographic boundary file (1:500,000)") << "\n\n";
  t << "[[layer]]\nname = " << tomlString(areaLayerName) << "\nsource = " << tomlString(areaLayerName + ".gpkg")
    << "\ndescription = "
    << tomlString(req.level == PlaceLevel::Place ? "City boundary, " + year + " cartographic boundary file"
                                                 : "County outline(s), dissolved from the tracts")
    << "\n\n";
  if (haveNeighborhoods)
    t << "[[layer]]\nname = \"neighborhoods\"\nsource = \"neighborhoods.gpkg\"\ndescription = "
      << tomlString("Neighborhoods, from " + req.neighborhoods.filename().string()) << "\n\n";
  t << "[[table]]\nname = \"tract_acs\"\nsource = \"tract_acs.csv\"\ndescription = "
    << tomlString(catalog.acsLabel + " " + period + " by tract; NAME_moe columns are 90% margins of error; pov_rate and pct_ columns are percentages") << "\n\n";
  if (haveMobility)
    t << "[[table]]\nname = \"mobility_metrics\"\nsource = \"mobility_metrics.csv\"\ndescription = "
      << tomlString("Urban Institute Mobility Metrics, long format (year x subgroup); _lb/_ub 95% interval, _quality 1-3 or Strong/Marginal/Weak") << "\n\n";
  t << "[[join]]\nlayer = \"tracts\"\ntable = \"tract_acs\"\non = \"GEOID=GEOID\"\n\n";
  if (haveMobility && result.mobilityYear > 0) {
    std::string on = req.level == PlaceLevel::Place ? "GEOID=state+place" : "GEOID=state+county";
    t << "[[join]]\nlayer = " << tomlString(areaLayerName) << "\ntable = \"mobility_metrics\"\non = " << tomlString(on)
      << "\nwhere = " << tomlString("year = " + std::to_string(result.mobilityYear) + " AND subgroup = 'All'") << "\n\n";
  }
  std::set<std::string> fields(acsCsv.header.begin(), acsCsv.header.end());
  for (const StartingView& v : catalog.views) {
    if (!fields.count(v.field)) continue;
    t << "[[view]]\nname = " << tomlString(v.name) << "\nlayer = \"tracts\"\nfield = " << tomlString(v.field)
      << "\ntitle = " << tomlString(v.title) << "\nsubtitle = " << tomlString(areaName)
      << "\ncontext_layer = " << tomlString(contextLayer)
      << "\nsource = " << tomlString(fillTemplate(v.source, {{"period", period}, {"year", year}})) << "\n\n";
    result.views.push_back(v.name);
  }
  // The project file carries a checksum of what was generated, so a re-run can tell an edited file from its own:
  // an edited (or hand-made) project.toml is never replaced; the new one is written beside it.
  const std::string body = t.str();
  const std::string text = std::string(kProjectChecksumPrefix) + sha256Hex(body) + "\n" + body;
  fs::path projectFile = req.outDir / "project.toml";
  if (projectFileEdited(projectFile)) {
    projectFile = req.outDir / "project.new.toml";
    result.keptEditedProject = true;
    say("project.toml was edited since mobmap get wrote it, so it is kept as it is; the new project is "
        "project.new.toml (compare the two and merge by hand)");
  }
  writeFileAtomically(projectFile, text);
  result.files.push_back(projectFile.filename().string());
  result.projectFile = projectFile;
  return result;
}

}  // namespace mobmap::fetch
