#include "fetch/place_project.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include <signal.h>
#include <unistd.h>

#include "analysis/dissolve.h"
#include "analysis/moe.h"
#include "analysis/spatial_weights.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/missing_value.h"
#include "core/project.h"
#include "core/table_typing.h"
#include "core/text.h"
#include "core/sha256.h"
#include "fetch/csv_text.h"
#include "io/layer_writer.h"
#include "io/source_reader.h"

namespace mobmap::fetch {

namespace fs = std::filesystem;

namespace {

// The last year of the first ACS 5-year period (2005-2009).
constexpr int kFirstAcs5YearPeriodEnd = 2009;

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

// Appends feature `row` of `from` to `to` as a new feature.
void appendFeature(GeometryStore& to, const GeometryStore& from, std::size_t row) {
  to.beginFeature();
  for (std::size_t p : from.partsOf(row)) {
    to.beginPart(from.partKind(p));
    for (std::size_t ring : from.ringsOf(p)) {
      to.beginRing();
      for (const Point& v : from.ring(ring)) to.addPoint(v.x, v.y);
    }
  }
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
  for (std::size_t r : rows) appendFeature(out.geometry, source.geometry, r);
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

// Filters and merges the Mobility Metrics files' rows of the areas in `areas` (5-digit county or 7-digit place
// GEOIDs, state included): one row per year x area x subgroup.
CsvText mergeMobility(const std::vector<fs::path>& files, PlaceLevel level,
                      const std::set<std::string>& areas) {
  const std::string areaColumn = level == PlaceLevel::Place ? "place" : "county";
  const std::size_t areaWidth = level == PlaceLevel::Place ? 5 : 3;
  std::vector<std::string> header = {"year", "state", areaColumn, "subgroup_type", "subgroup"};
  std::map<std::string, std::size_t> columnIndex;
  for (std::size_t i = 0; i < header.size(); ++i) columnIndex[header[i]] = i;
  std::map<std::tuple<int, std::string, std::string, std::string, std::string>, std::vector<std::string>> merged;
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
      if (!areas.count(state + area)) continue;
      auto year = number(row[cYear]);
      if (!year) continue;
      std::string type = normaliseSubgroupType(cType >= 0 ? row[cType] : "");
      std::string group = cGroup >= 0 && !row[cGroup].empty() ? row[cGroup] : "All";
      if (type == "all") group = "All";
      auto& out = merged[{int(*year), state, area, type, group}];
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

namespace {

// The folder a project is built in before it is moved into place: beside the target (same file system, so the
// move is a rename), named ".<target>.get-<pid>-<n>", removed unless committed. Folders of killed runs (their
// process no longer exists) are removed when the next run starts.
class StagingFolder {
 public:
  explicit StagingFolder(const fs::path& target) {
    static std::atomic<int> counter{0};
    const fs::path parent = target.parent_path();
    const std::string prefix = "." + target.filename().string() + ".get-";
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(parent, ec)) {
      const std::string name = e.path().filename().string();
      if (!name.starts_with(prefix)) continue;
      const std::string rest = name.substr(prefix.size());
      const long pid = std::strtol(rest.c_str(), nullptr, 10);
      if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH) fs::remove_all(e.path(), ec);
    }
    m_dir = parent / (prefix + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(m_dir, ec);
    fs::create_directories(m_dir, ec);
    if (ec)
      throw Error(m_dir.string() + ": cannot create the folder the project is built in, beside " + target.string() + ": " +
                  ec.message());
  }
  ~StagingFolder() {
    std::error_code ec;
    if (!m_dir.empty()) fs::remove_all(m_dir, ec);
  }
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;
  const fs::path& dir() const { return m_dir; }
  // The folder is gone (renamed onto the target): nothing to remove.
  void release() { m_dir.clear(); }

 private:
  fs::path m_dir;
};

// Moves the built project from `stage` into `target`: a rename of the whole folder when there is no target yet,
// else a rename of each file with the project file last (its presence means the set is complete). `projectName`
// is the project file's name in the stage, `projectTarget` the name it takes (project.new.toml beside an edited
// project.toml).
void moveIntoPlace(StagingFolder& stage, const fs::path& target, const std::string& projectName, const std::string& projectTarget) {
  std::error_code ec;
  if (!fs::exists(target, ec)) {
    if (projectTarget != projectName) fs::rename(stage.dir() / projectName, stage.dir() / projectTarget, ec);
    fs::rename(stage.dir(), target, ec);
    if (ec) throw Error(target.string() + ": cannot move the finished project into place: " + ec.message());
    stage.release();
    return;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(stage.dir(), ec))
    if (e.path().filename() != projectName) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    fs::rename(f, target / f.filename(), ec);
    if (ec) throw Error((target / f.filename()).string() + ": cannot replace it with the new download: " + ec.message());
  }
  fs::rename(stage.dir() / projectName, target / projectTarget, ec);
  if (ec) throw Error((target / projectTarget).string() + ": cannot write it: " + ec.message());
}

bool isMetricKey(const std::string& name) {
  static const std::set<std::string> keys = {"year", "state", "county", "place", "state_name", "county_name", "place_name",
                                             "subgroup_type", "subgroup", "GEOID", "geoid"};
  return keys.count(name) > 0;
}

// The metric columns of a Mobility Metrics table: not keys or names, not a _lb/_ub/_quality companion, and not a
// count (Urban's count_* columns; a choropleth of a count misleads), except a count per population.
std::vector<std::string> metricColumns(const CsvText& mm) {
  std::vector<std::string> out;
  for (const std::string& h : mm.header) {
    if (isMetricKey(h) || h.ends_with("_lb") || h.ends_with("_ub") || h.ends_with("_quality")) continue;
    if (h.starts_with("count_") && h.find("_per_") == std::string::npos) continue;
    out.push_back(h);
  }
  return out;
}

// The population-weighted median of (value, weight) pairs: the smallest value at which the weights of the
// values at or below it reach half of all weight (pairs without a positive weight are left out).
std::optional<double> weightedMedian(std::vector<std::pair<double, double>> pairs) {
  std::erase_if(pairs, [](const auto& p) { return !(p.second > 0); });
  if (pairs.empty()) return std::nullopt;
  std::sort(pairs.begin(), pairs.end());
  double total = 0;
  for (const auto& p : pairs) total += p.second;
  double run = 0;
  for (const auto& p : pairs) {
    run += p.second;
    if (run >= total / 2) return p.first;
  }
  return pairs.back().first;
}

// metric -> year -> GEOID -> value of the release's rows of subgroup All.
using MetricValues = std::map<std::string, std::map<int, std::map<std::string, double>>>;

// Every metric value (subgroup All) in the release's national files; a value seen in two files counts once.
MetricValues readMetricValues(const std::vector<fs::path>& files, PlaceLevel level) {
  const std::string areaColumn = level == PlaceLevel::Place ? "place" : "county";
  const std::size_t areaWidth = level == PlaceLevel::Place ? 5 : 3;
  MetricValues values;
  for (const fs::path& file : files) {
    CsvText csv = readCsvFile(file);
    int cYear = csv.column("year"), cState = csv.column("state"), cArea = csv.column(areaColumn);
    int cType = csv.column("subgroup_type"), cGroup = csv.column("subgroup");
    if (cYear < 0 || cState < 0 || cArea < 0) continue;
    std::vector<std::pair<std::string, int>> metrics;
    for (const std::string& m : metricColumns(csv)) metrics.emplace_back(m, csv.column(m));
    for (const auto& row : csv.rows) {
      if (cType >= 0 && normaliseSubgroupType(row[cType]) != "all") continue;
      if (cType < 0 && cGroup >= 0 && !row[cGroup].empty() && row[cGroup] != "All") continue;
      auto year = number(row[cYear]);
      std::string id = padFips(row[cState], 2) + padFips(row[cArea], areaWidth);
      if (!year || id.size() != 2 + areaWidth) continue;
      for (const auto& [m, c] : metrics)
        if (auto v = number(row[std::size_t(c)])) values[m][int(*year)].emplace(id, *v);
    }
  }
  return values;
}

// State and national population-weighted medians of every metric and year: one row per metric x year, each
// year's areas weighted by the population of the ACS period `weightsYear` names for it (its last year).
CsvText mobilityBenchmarks(const MetricValues& values, const std::string& state,
                           const std::map<int, std::map<std::string, double>>& populationOfPeriod,
                           const std::map<int, int>& weightsYear) {
  CsvText out;
  out.header = {"metric", "year", "state_median", "national_median", "state_areas", "national_areas", "weights_year"};
  for (const auto& [metric, byYear] : values)
    for (const auto& [year, byArea] : byYear) {
      const int period = weightsYear.at(year);
      const std::map<std::string, double>& population = populationOfPeriod.at(period);
      std::vector<std::pair<double, double>> national, inState;
      for (const auto& [id, v] : byArea) {
        auto pop = population.find(id);
        if (pop == population.end()) continue;
        national.emplace_back(v, pop->second);
        if (id.starts_with(state)) inState.emplace_back(v, pop->second);
      }
      auto sm = weightedMedian(inState), nm = weightedMedian(national);
      if (!nm) continue;
      auto exact = [](double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.12g", v);
        return std::string(buf);
      };
      out.rows.push_back({metric, std::to_string(year), sm ? exact(*sm) : "", exact(*nm), std::to_string(inState.size()),
                          std::to_string(national.size()), std::to_string(period)});
    }
  return out;
}

}  // namespace

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
  auto request = [&](const SourceFile& file, const std::map<std::string, std::string>& values, const std::string& what,
                     const std::string& hint, const std::string& suffix, Expect expect, std::vector<std::string> required) {
    DownloadRequest r;
    r.url = catalog.url(file, values);
    r.what = what;
    r.hint = hint + " A mirror can stand in: --source-url " + file.source + "=URL.";
    r.suffix = suffix;
    r.expect = expect;
    r.required = std::move(required);
    r.source = file.source;
    r.relative = catalog.relativeUrl(file, values);
    return r;
  };

  // The project is built in a folder beside the target and moved into place only when complete, so a failed
  // run leaves a previous project exactly as it was.
  std::error_code ec;
  fs::path target = fs::absolute(req.outDir, ec).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  if (fs::exists(target, ec) && !fs::is_directory(target, ec))
    throw Error(target.string() + ": exists and is not a folder; choose another --out");
  fs::create_directories(target.parent_path(), ec);
  if (ec) throw Error(target.parent_path().string() + ": cannot create the output folder: " + ec.message());
  StagingFolder stage(target);
  const fs::path out = stage.dir();

  PlaceProject result;

  // 1. Tract boundaries: the state's file, cut to the area.
  const std::map<std::string, std::string> geoValues = {{"year", year}, {"state", geo.state}};
  DownloadRequest tractsReq = request(catalog.tracts, geoValues, "tract boundaries for state " + geo.state + " (" + year + ")",
                                      yearHint, ".zip", Expect::ZipShapefile, {});
  const std::string tractsUrl = tractsReq.url;
  CachedFile tractsZip = cache.fetch(tractsReq);
  Layer stateTracts = io::readLayer(tractsZip.path.string());
  if (!stateTracts.attributes.find("GEOID"))
    throw Error(tractsUrl + ": the tract file has no GEOID field (cached as " + tractsZip.path.string() + ")");
  std::vector<std::string> tractCounty(stateTracts.featureCount());  // 5-digit county of each state tract
  for (std::size_t r = 0; r < stateTracts.featureCount(); ++r)
    tractCounty[r] = padFips(attributeText(stateTracts, "GEOID", r), 11).substr(0, 5);

  std::vector<std::size_t> keep;
  Layer placeLayer;
  Layer statePlaces;
  std::string placesUrl;
  if (req.level == PlaceLevel::Place) {
    DownloadRequest placesReq = request(catalog.places, geoValues, "place boundaries for state " + geo.state + " (" + year + ")",
                                        yearHint, ".zip", Expect::ZipShapefile, {});
    placesUrl = placesReq.url;
    CachedFile placesZip = cache.fetch(placesReq);
    statePlaces = io::readLayer(placesZip.path.string());
    std::vector<std::size_t> match;
    for (std::size_t r = 0; r < statePlaces.featureCount(); ++r)
      if (padFips(attributeText(statePlaces, "GEOID", r), 7) == req.geoid) match.push_back(r);
    if (match.empty())
      throw Error("place " + req.geoid + " is not in " + placesUrl + " (" + std::to_string(statePlaces.featureCount()) +
                  " places); check the code (state 2 digits + place 5 digits, e.g. 1714000 for Chicago)");
    placeLayer = selectFeatures(statePlaces, match, "place");
    for (std::size_t r = 0; r < stateTracts.featureCount(); ++r)
      if (auto c = featureCentre(stateTracts.geometry, r); c && featureContains(placeLayer.geometry, 0, *c)) keep.push_back(r);
  } else {
    std::string prefix = geo.state + geo.county;
    for (std::size_t r = 0; r < stateTracts.featureCount(); ++r)
      if (tractCounty[r].starts_with(prefix)) keep.push_back(r);
  }
  if (keep.empty())
    throw Error("no tracts of " + levelName(req.level) + " " + req.geoid + " in " + tractsUrl + " (" +
                std::to_string(stateTracts.featureCount()) + " tracts in the file); check the code");
  Layer tracts = selectFeatures(stateTracts, keep, "tracts");
  std::set<std::string> tractIds;
  for (std::size_t r = 0; r < tracts.featureCount(); ++r) tractIds.insert(padFips(attributeText(tracts, "GEOID", r), 11));
  io::writeLayer(tracts, (out / "tracts.gpkg").string());
  result.files.push_back("tracts.gpkg");
  result.tracts = tracts.featureCount();
  say("tracts: " + std::to_string(result.tracts) + " of " + std::to_string(stateTracts.featureCount()) + " in the state file");

  // 2. The area layer the Mobility Metrics join to: counties dissolved from their tracts, or the city. A county
  // project also gets the state's other counties (its comparison places), dissolved from the same state file,
  // with the counties that touch it marked as neighbours.
  const std::string areaLayerName = req.level == PlaceLevel::Place ? "place" : "county";
  std::string comparisonLayer;  // "state_counties" or "state_cities"; empty for a state project
  std::map<std::string, std::vector<std::size_t>> byCounty;
  for (std::size_t r = 0; r < stateTracts.featureCount(); ++r)
    if (tractCounty[r].size() == 5) byCounty[tractCounty[r]].push_back(r);
  // The home county's neighbours: the counties that touch it (queen contiguity) in the nation's county file,
  // where one exists in the catalog, so that a county on a state line gets its neighbours across it; else the
  // state's counties whose tracts touch its tracts. Neighbours in another state are drawn from the county file.
  std::set<std::string> neighbours;
  Layer nationCounties;
  std::vector<std::size_t> otherStateNeighbours;  // rows of nationCounties
  if (req.level == PlaceLevel::County && !catalog.counties.path.empty()) {
    DownloadRequest countiesReq = request(catalog.counties, geoValues, "county boundaries of the nation (" + year + ")", yearHint, ".zip",
                                          Expect::ZipShapefile, {});
    CachedFile countiesZip = cache.fetch(countiesReq);
    nationCounties = io::readLayer(countiesZip.path.string());
    if (!nationCounties.attributes.find("GEOID"))
      throw Error(countiesReq.url + ": the county file has no GEOID field (cached as " + countiesZip.path.string() + ")");
    std::vector<std::string> ids(nationCounties.featureCount());
    std::optional<std::size_t> home;
    for (std::size_t r = 0; r < ids.size(); ++r) {
      ids[r] = padFips(attributeText(nationCounties, "GEOID", r), 5);
      if (ids[r] == req.geoid) home = r;
    }
    if (!home)
      throw Error("county " + req.geoid + " is not in " + countiesReq.url + " (" + std::to_string(ids.size()) +
                  " counties in the file, cached as " + countiesZip.path.string() + ")");
    analysis::SpatialWeights w = analysis::contiguityWeights(nationCounties.geometry, analysis::Contiguity::Queen, analysis::kPoly2nbSnap);
    for (std::size_t n : w.neighbours(*home)) {
      if (ids[n].size() != 5) continue;
      neighbours.insert(ids[n]);
      if (!ids[n].starts_with(geo.state)) otherStateNeighbours.push_back(n);
    }
  } else if (req.level == PlaceLevel::County) {
    analysis::SpatialWeights w = analysis::contiguityWeights(stateTracts.geometry, analysis::Contiguity::Queen, analysis::kPoly2nbSnap);
    for (std::size_t r : keep)
      for (std::size_t n : w.neighbours(r))
        if (tractCounty[n] != req.geoid) neighbours.insert(tractCounty[n]);
  }
  // The state's counties dissolved from its tracts (columns name, n_sources, GEOID), then the neighbours in
  // other states as the county file draws them (n_sources missing).
  auto countyLayer = [&](const std::vector<std::string>& ids, const std::string& name) {
    std::vector<analysis::DissolveArea> areas;
    for (const std::string& id : ids) areas.push_back({id, byCounty.at(id)});
    Layer l = analysis::dissolveAreas(stateTracts, areas);
    Column names("name", FieldType::String), counts("n_sources", FieldType::Integer), geoid("GEOID", FieldType::String);
    for (std::size_t i = 0; i < areas.size(); ++i) {
      names.appendText(l.attributes.require("name", "counties").text(i));
      counts.appendNumber(l.attributes.require("n_sources", "counties").number(i));
      geoid.appendText(areas[i].name);
    }
    for (std::size_t r : otherStateNeighbours) {
      appendFeature(l.geometry, nationCounties.geometry, r);
      names.appendText(padFips(attributeText(nationCounties, "GEOID", r), 5));
      counts.appendMissing();
      geoid.appendText(padFips(attributeText(nationCounties, "GEOID", r), 5));
    }
    l.attributes = AttributeTable();
    l.attributes.addColumn(std::move(names));
    l.attributes.addColumn(std::move(counts));
    l.attributes.addColumn(std::move(geoid));
    l.name = name;
    return l;
  };
  if (req.level == PlaceLevel::County) {
    std::vector<std::string> all;
    for (const auto& [id, rows] : byCounty) all.push_back(id);
    Layer counties = countyLayer(all, "state_counties");
    for (std::size_t r : otherStateNeighbours) all.push_back(padFips(attributeText(nationCounties, "GEOID", r), 5));
    Column role("role", FieldType::String);
    std::size_t home = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      role.appendText(all[i] == req.geoid ? "home" : neighbours.count(all[i]) ? "neighbour" : "other");
      if (all[i] == req.geoid) home = i;
    }
    counties.attributes.addColumn(std::move(role));
    placeLayer = selectFeatures(counties, {home}, "county");

    comparisonLayer = "state_counties";
    io::writeLayer(counties, (out / "state_counties.gpkg").string());
    result.files.push_back("state_counties.gpkg");
  } else if (req.level == PlaceLevel::State) {
    std::vector<std::string> all;
    for (const auto& [id, rows] : byCounty) all.push_back(id);
    placeLayer = countyLayer(all, "county");
    // The metric views of a state draw its counties year by year: a layer of its own, joined to every year.
    Layer counties = placeLayer;
    counties.name = "state_counties";
    Column role("role", FieldType::String);
    for (std::size_t i = 0; i < all.size(); ++i) role.appendText("other");
    counties.attributes.addColumn(std::move(role));
    comparisonLayer = "state_counties";
    io::writeLayer(counties, (out / "state_counties.gpkg").string());
    result.files.push_back("state_counties.gpkg");
  }
  io::writeLayer(placeLayer, (out / (areaLayerName + ".gpkg")).string());
  result.files.push_back(areaLayerName + ".gpkg");

  // 3. ACS tables for the tracts, one request per table, merged by GEOID. Each answer must be the Census API's
  // table with every variable asked for.
  std::map<std::string, std::map<std::string, std::string>> acs;  // GEOID -> column -> value
  std::map<std::string, std::string> acsName;
  std::vector<std::string> acsColumns;
  const std::string secret = req.censusApiKey.empty() ? "" : "key=" + req.censusApiKey;
  const std::string keyHint = " The Census API asks for a key: set CENSUS_API_KEY (https://api.census.gov/data/key_signup.html).";
  // A Census API answer, fetched with the key (sent, never stored) and read: a table with its header row first
  // and the cache file it came from; a reply that is not one is an error naming the URL.
  auto censusTable = [&](DownloadRequest r) {
    r.secretQuery = secret;
    r.keyVariable = "CENSUS_API_KEY";
    CachedFile f = cache.fetch(r);
    nlohmann::json j;
    try {
      std::ifstream in(f.path);
      j = nlohmann::json::parse(in);
    } catch (const std::exception& e) {
      throw Error(r.url + ": the Census API answer is not JSON (" + e.what() + "); cached as " + f.path.string() +
                  " (run again with --refresh census_api)");
    }
    if (!j.is_array() || j.empty() || !j[0].is_array())
      throw Error(r.url + ": the Census API answer is not a table (cached as " + f.path.string() + ")");
    return std::make_pair(std::move(j), f.path);
  };
  for (const AcsTable& table : catalog.acsTables) {
    std::string vars;
    std::vector<std::string> required = {"NAME", "state", "county", "tract"};
    for (const AcsVariable& v : table.variables) {
      vars += (vars.empty() ? "" : ",") + v.code + "E," + v.code + "M";
      required.push_back(v.code + "E");
      required.push_back(v.code + "M");
      acsColumns.push_back(v.name);
      acsColumns.push_back(v.name + "_moe");
    }
    DownloadRequest acsReq = request(catalog.acs, {{"year", year}, {"state", geo.state}, {"county", geo.county.empty() ? "*" : geo.county},
                                                   {"variables", vars}},
                                     "ACS table " + table.id + " for state " + geo.state + " (" + period + ")",
                                     yearHint + keyHint, ".json", Expect::CensusTable, required);
    const std::string url = acsReq.url;
    const auto [j, cached] = censusTable(acsReq);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < j[0].size(); ++i) col[j[0][i].get<std::string>()] = i;
    std::vector<std::string> lacking;
    for (const std::string& need : required)
      if (!col.count(need)) lacking.push_back(need);
    if (!lacking.empty()) {
      std::string names;
      for (const std::string& n : lacking) names += (names.empty() ? "" : ", ") + n;
      throw Error(url + ": the Census API answer (cached as " + cached.string() + ") lacks the requested variables " + names +
                  "; run again with --refresh census_api");
    }
    for (std::size_t r = 1; r < j.size(); ++r) {
      const auto& row = j[r];
      std::string id = padFips(acsValue(row[col["state"]]), 2) + padFips(acsValue(row[col["county"]]), 3) +
                       padFips(row[col["tract"]].is_string() ? row[col["tract"]].get<std::string>() : "", 6);
      if (!tractIds.count(id)) continue;
      if (row[col["NAME"]].is_string()) acsName[id] = row[col["NAME"]].get<std::string>();
      for (const AcsVariable& v : table.variables) {
        acs[id][v.name] = acsValue(row[col[v.code + "E"]]);
        acs[id][v.name + "_moe"] = acsValue(row[col[v.code + "M"]], true);
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
      else {
        // An input's MOE the Census Bureau could not compute (-222222222, -333333333) leaves the percentage's
        // MOE unknown too: it keeps the code, so the percentage is flagged as unreliable, not shown as reliable.
        for (const std::string& m : {values[d.numerator + "_moe"], values[d.denominator + "_moe"]}) {
          MissingReason why = missingReasonOfText(m, true);
          if (why == MissingReason::CensusMoeNotComputed || why == MissingReason::CensusMoeOpenEnded) {
            values[d.name + "_moe"] = m;
            break;
          }
        }
      }
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
  writeCsvWithTypes(out / "tract_acs.csv", acsCsv, acsTypes);
  result.files.push_back("tract_acs.csv");
  result.acsRows = acsCsv.rows.size();
  say("ACS: " + std::to_string(result.acsRows) + " of " + std::to_string(result.tracts) + " tracts with values");

  // 4. Mobility Metrics rows of the area and its comparison places (county rows for a county or a state, city
  // rows for a place).
  const auto& mmFiles = req.level == PlaceLevel::Place ? catalog.mobilityPlace : catalog.mobilityCounty;
  const std::string areaColumn = req.level == PlaceLevel::Place ? "place" : "county";
  std::vector<fs::path> mmPaths;
  for (const SourceFile& file : mmFiles)
    mmPaths.push_back(cache.fetch(request(file, {{"year", year}}, "Mobility Metrics file " + fs::path(file.path).filename().string(), "",
                                          "", Expect::Csv, {"year", "state", areaColumn}))
                          .path);
  bool haveMobility = !mmPaths.empty();
  std::map<std::string, int> metricYear;  // metric -> latest year with the home place's value (subgroup All)
  int firstMobilityYear = 0;
  bool haveBenchmarks = false;
  std::string benchmarkWeights;  // what weights the benchmarks' medians, for the table's vintage
  Layer comparisonCities;
  if (haveMobility) {
    std::set<std::string> areas;
    if (req.level == PlaceLevel::Place) {
      for (std::size_t r = 0; r < statePlaces.featureCount(); ++r) {
        std::string id = padFips(attributeText(statePlaces, "GEOID", r), 7);
        if (id.size() == 7) areas.insert(id);
      }
    } else {
      for (const auto& [id, rows] : byCounty) areas.insert(id);
      for (std::size_t r : otherStateNeighbours) areas.insert(padFips(attributeText(nationCounties, "GEOID", r), 5));
    }
    CsvText mm = mergeMobility(mmPaths, req.level, areas);
    writeCsvWithTypes(out / "mobility_metrics.csv", mm,
                      columnTypes(mm, {"state", areaColumn, "subgroup_type", "subgroup", "state_name", "county_name", "place_name"}, {"year"}));
    result.files.push_back("mobility_metrics.csv");
    result.mobilityRows = mm.rows.size();
    const std::string homeArea = req.level == PlaceLevel::Place ? geo.place : geo.county;
    std::set<std::string> citiesInRelease;
    for (const auto& row : mm.rows) {
      int y = std::stoi(row[0]);
      if (req.level == PlaceLevel::Place) citiesInRelease.insert(row[1] + row[2]);
      if (row[4] != "All") continue;
      firstMobilityYear = firstMobilityYear ? std::min(firstMobilityYear, y) : y;
      if (req.level == PlaceLevel::State) {  // a state's metrics: the latest year any of its counties has a value
        for (const std::string& m : metricColumns(mm))
          if (int c = mm.column(m); c >= 0 && number(row[std::size_t(c)])) metricYear[m] = std::max(metricYear[m], y);
        continue;
      }
      if (row[1] != geo.state || row[2] != homeArea) continue;
      result.mobilityYear = std::max(result.mobilityYear, y);
      result.homeMobilityRows++;
      for (const std::string& m : metricColumns(mm)) {
        int c = mm.column(m);
        if (c >= 0 && number(row[c])) metricYear[m] = std::max(metricYear[m], y);
      }
    }
    // The benchmarks: the state's and the nation's population-weighted medians of each metric and year.
    if (!catalog.population.path.empty()) {
      const std::string popLevel = req.level == PlaceLevel::Place ? "place" : "county";
      const std::size_t areaWidth = req.level == PlaceLevel::Place ? 5 : 3;
      // The total population of every county or city in the ACS 5-year period ending in `periodEnd`.
      auto fetchPopulation = [&](int periodEnd) {
        const std::string y = std::to_string(periodEnd), p = std::to_string(periodEnd - 4) + "-" + y;
        DownloadRequest popReq = request(catalog.population, {{"year", y}, {"level", popLevel}, {"variable", catalog.populationVariable}},
                                         "ACS total population of every " + popLevel + " (" + p + ")",
                                         keyHint, ".json", Expect::CensusTable, {catalog.populationVariable, "state", popLevel});
        const nlohmann::json pj = censusTable(popReq).first;
        std::map<std::string, double> population;
        std::map<std::string, std::size_t> pc;
        for (std::size_t i = 0; i < pj[0].size(); ++i) pc[pj[0][i].get<std::string>()] = i;
        for (std::size_t r = 1; r < pj.size(); ++r) {
          auto pop = number(acsValue(pj[r][pc[catalog.populationVariable]]));
          std::string id = padFips(acsValue(pj[r][pc["state"]]), 2) +
                           padFips(pj[r][pc[popLevel]].is_string() ? pj[r][pc[popLevel]].get<std::string>() : "", areaWidth);
          if (pop && id.size() == 2 + areaWidth) population[id] = *pop;
        }
        return population;
      };
      // Each year of the release is weighted by the 5-year period ending that year (from the first, 2005-2009;
      // years after the project's period by the project's). A period the source cannot give (a mirror holding
      // only some years, an offline cache) is replaced by the project's, and the run says so.
      MetricValues values = readMetricValues(mmPaths, req.level);
      std::map<int, std::map<std::string, double>> populationOfPeriod;
      populationOfPeriod[req.year] = fetchPopulation(req.year);
      std::map<int, int> weightsYear;
      std::set<int> unavailable;
      for (const auto& [metric, byYear] : values)
        for (const auto& [y, byArea] : byYear) {
          if (weightsYear.count(y)) continue;
          const int periodEnd = std::clamp(y, kFirstAcs5YearPeriodEnd, req.year);
          if (!populationOfPeriod.count(periodEnd) && !unavailable.count(periodEnd)) {
            try {
              populationOfPeriod[periodEnd] = fetchPopulation(periodEnd);
            } catch (const Error& e) {
              unavailable.insert(periodEnd);
              say("the medians of " + std::to_string(y) + " are weighted by the " + period + " population instead: " + e.what());
            }
          }
          weightsYear[y] = populationOfPeriod.count(periodEnd) ? periodEnd : req.year;
        }
      std::set<int> periods;
      for (const auto& [y, p] : weightsYear) periods.insert(p);
      benchmarkWeights = periods.size() <= 1
                             ? "ACS " + period + " total population"
                             : "each year's ACS 5-year total population (periods ending " + std::to_string(*periods.begin()) + "-" +
                                   std::to_string(*periods.rbegin()) + ")";
      CsvText bench = mobilityBenchmarks(values, geo.state, populationOfPeriod, weightsYear);
      writeCsvWithTypes(out / "mobility_benchmarks.csv", bench, {"String", "Integer", "Real", "Real", "Integer", "Integer", "Integer"});
      result.files.push_back("mobility_benchmarks.csv");
      haveBenchmarks = true;
    }
    if (req.level == PlaceLevel::State)
      for (const auto& row : mm.rows)
        if (row[4] == "All") result.mobilityYear = std::max(result.mobilityYear, std::stoi(row[0]));
    if (req.level == PlaceLevel::Place) {
      // The state's other cities in the release, as outlines with the home city marked.
      std::vector<std::size_t> rows;
      for (std::size_t r = 0; r < statePlaces.featureCount(); ++r)
        if (citiesInRelease.count(padFips(attributeText(statePlaces, "GEOID", r), 7))) rows.push_back(r);
      if (!rows.empty()) {
        comparisonCities = selectFeatures(statePlaces, rows, "state_cities");
        Column role("role", FieldType::String);
        for (std::size_t r : rows) role.appendText(padFips(attributeText(statePlaces, "GEOID", r), 7) == req.geoid ? "home" : "other");
        comparisonCities.attributes.addColumn(std::move(role));
        io::writeLayer(comparisonCities, (out / "state_cities.gpkg").string());
        result.files.push_back("state_cities.gpkg");
        comparisonLayer = "state_cities";
      }
    }
    say("Mobility Metrics: " + std::to_string(result.mobilityRows) + " rows (years x subgroups) of " + std::to_string(areas.size()) +
        (req.level == PlaceLevel::Place ? " places" : " counties") + " in the state" +
        (result.mobilityYear ? ", latest year " + std::to_string(result.mobilityYear) : ", none for this area") +
        (metricYear.empty() ? "" : "; " + std::to_string(metricYear.size()) + " metrics with values for it"));
  }

  // 5. Neighborhoods, copied in as a GeoPackage.
  bool haveNeighborhoods = !req.neighborhoods.empty();
  if (haveNeighborhoods) {
    Layer n = io::readLayer(req.neighborhoods.string());
    n.name = "neighborhoods";
    io::writeLayer(n, (out / "neighborhoods.gpkg").string());
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
  std::string stateName = areaName.find(',') != std::string::npos ? areaName.substr(areaName.rfind(',') + 2) : areaName;
  if (req.level == PlaceLevel::Place) {
    std::string placeName = attributeText(placeLayer, "NAME", 0);
    areaName = placeName.empty() ? "place " + req.geoid : placeName + (stateName.empty() ? "" : ", " + stateName);
  }
  if (areaName.empty()) areaName = levelName(req.level) + " " + req.geoid;
  if (stateName.empty()) stateName = "state " + geo.state;
  result.title = areaName + " (ACS " + period + ")";

  const std::string boundaryVintage = year + " cartographic boundary file (1:500,000)";
  const std::string acsVintage = "ACS " + period + " 5-year estimates";
  const std::string mmRelease = catalog.mobilityLabel.empty() ? "Urban Institute Mobility Metrics" : catalog.mobilityLabel;
  const std::string mmYears = firstMobilityYear && result.mobilityYear
                                  ? (firstMobilityYear == result.mobilityYear ? std::to_string(firstMobilityYear)
                                                                              : std::to_string(firstMobilityYear) + "-" + std::to_string(result.mobilityYear))
                                  : std::string();
  // "the counties of Illinois" and, with neighbours across a state line, " and the neighbouring county in Indiana".
  std::string acrossStateLine;
  if (!otherStateNeighbours.empty()) {
    std::set<std::string> states;
    for (std::size_t r : otherStateNeighbours) {
      std::string s = attributeText(nationCounties, "STATE_NAME", r);
      states.insert(s.empty() ? "state " + padFips(attributeText(nationCounties, "GEOID", r), 5).substr(0, 2) : s);
    }
    std::string list;
    std::size_t i = 0;
    for (const std::string& s : states) list += (i++ == 0 ? "" : i == states.size() ? " and " : ", ") + s;
    acrossStateLine = otherStateNeighbours.size() == 1
                          ? " and the neighbouring county in " + list
                          : " and the " + std::to_string(otherStateNeighbours.size()) + " neighbouring counties in " + list;
  }
  std::string contextLayer = haveNeighborhoods ? "neighborhoods" : areaLayerName;
  std::ostringstream t;
  t << "# mobmap project made by `mobmap get --" << (req.level == PlaceLevel::Place ? "place" : levelName(req.level)) << " "
    << req.geoid << " --year " << year << "`.\n"
    << "# Format: docs/project-format.md. Paths are relative to this file. Edit freely.\n"
    << "format_version = " << Project::kFormatVersion << "\n"
    << "title = " << tomlString(result.title) << "\n"
    << "data_vintage = "
    << tomlString(acsVintage + "; " + year + " cartographic boundaries" +
                  (haveMobility ? "; " + mmRelease + (mmYears.empty() ? "" : ", years " + mmYears) : ""))
    << "\n"
    << "description = "
    << tomlString("Census tracts of " + areaName + " (" + year + " cartographic boundaries) with " + catalog.acsLabel + " " +
                  period + " and their 90% margins of error" +
                  (haveMobility ? "; the Urban Institute's Mobility Metrics for the " +
                                      std::string(req.level == PlaceLevel::Place ? "city and the state's other cities in the release"
                                                  : req.level == PlaceLevel::State ? "state's counties" : acrossStateLine.empty() ? "county and the state's other counties" : "county, the state's other counties and its neighbours in other states") +
                                      ", all years and subgroups, in mobility_metrics.csv"
                                : "") +
                  ".")
    << "\n\n";
  t << "[[layer]]\nname = \"tracts\"\nsource = \"tracts.gpkg\"\nvintage = " << tomlString(year + " tracts") << "\ndescription = "
    << tomlString(std::to_string(result.tracts) + " census tracts, " + boundaryVintage) << "\n\n";
  t << "[[layer]]\nname = " << tomlString(areaLayerName) << "\nsource = " << tomlString(areaLayerName + ".gpkg")
    << "\nvintage = " << tomlString(year + (req.level == PlaceLevel::Place ? " place boundary" : " tracts, dissolved"))
    << (req.level == PlaceLevel::State ? "" : "\ncolor = \"#000000\"\nline_width_pt = 2.2")
    << "\ndescription = "
    << tomlString(req.level == PlaceLevel::Place ? "City boundary, " + boundaryVintage
                  : req.level == PlaceLevel::State ? "The state's counties, dissolved from the tracts"
                                                   : "County outline, dissolved from the tracts")
    << "\n\n";
  if (comparisonLayer == "state_counties")
    t << "[[layer]]\nname = \"state_counties\"\nsource = \"state_counties.gpkg\"\nvintage = " << tomlString(year + " tracts, dissolved")
      << "\ndescription = "
      << tomlString("Every county of " + stateName + ", dissolved from the state's tracts (" + boundaryVintage + ")" +
                    (acrossStateLine.empty() ? "" : acrossStateLine + ", from the nation's county file") +
                    "; role: home, neighbour (touches it) or other")
      << "\n\n";
  if (comparisonLayer == "state_cities")
    t << "[[layer]]\nname = \"state_cities\"\nsource = \"state_cities.gpkg\"\nvintage = " << tomlString(year + " place boundaries")
      << "\ndescription = "
      << tomlString("The cities of " + stateName + " in the Mobility Metrics release (" + boundaryVintage + "); role: home or other")
      << "\n\n";
  if (haveNeighborhoods)
    t << "[[layer]]\nname = \"neighborhoods\"\nsource = \"neighborhoods.gpkg\"\ndescription = "
      << tomlString("Neighborhoods, from " + req.neighborhoods.filename().string()) << "\n\n";
  t << "[[table]]\nname = \"tract_acs\"\nsource = \"tract_acs.csv\"\nvintage = " << tomlString(acsVintage) << "\ndescription = "
    << tomlString(catalog.acsLabel + " " + period + " by tract; NAME_moe columns are 90% margins of error; pov_rate and pct_ columns are percentages") << "\n\n";
  if (haveMobility)
    t << "[[table]]\nname = \"mobility_metrics\"\nsource = \"mobility_metrics.csv\"\nvintage = "
      << tomlString(mmRelease + (mmYears.empty() ? "" : ", years " + mmYears)) << "\ndescription = "
      << tomlString("Urban Institute Mobility Metrics, long format (year x subgroup); _lb/_ub 95% interval, _quality 1-3 or Strong/Marginal/Weak") << "\n\n";
  if (haveBenchmarks)
    t << "[[table]]\nname = \"mobility_benchmarks\"\nsource = \"mobility_benchmarks.csv\"\nvintage = "
      << tomlString(mmRelease + "; weights: " + benchmarkWeights) << "\ndescription = "
      << tomlString("State and national population-weighted medians of each Mobility Metric and year (subgroup All), for `mobmap profile`")
      << "\n\n";
  t << "[[join]]\nlayer = \"tracts\"\ntable = \"tract_acs\"\non = \"GEOID=GEOID\"\n\n";
  const std::string on = req.level == PlaceLevel::Place ? "GEOID=state+place" : "GEOID=state+county";
  if (haveMobility && result.mobilityYear > 0)
    t << "[[join]]\nlayer = " << tomlString(areaLayerName) << "\ntable = \"mobility_metrics\"\non = " << tomlString(on)
      << "\nwhere = " << tomlString("year = " + std::to_string(result.mobilityYear) + " AND subgroup = 'All'") << "\n\n";
  if (haveMobility && !comparisonLayer.empty())
    t << "[[join]]\nlayer = " << tomlString(comparisonLayer) << "\ntable = \"mobility_metrics\"\non = " << tomlString(on)
      << "\nwhere = \"subgroup = 'All'\"\n\n";
  std::set<std::string> fields(acsCsv.header.begin(), acsCsv.header.end());
  for (const StartingView& v : catalog.views) {
    if (!fields.count(v.field) || (!v.per.empty() && !fields.count(v.per))) continue;
    t << "[[view]]\nname = " << tomlString(v.name) << "\nlayer = \"tracts\"\nfield = " << tomlString(v.field)
      << "\ntitle = " << tomlString(v.title) << "\nsubtitle = " << tomlString(areaName);
    if (!v.legendTitle.empty()) t << "\nlegend_title = " << tomlString(v.legendTitle);
    if (!v.map.empty()) t << "\nmap = " << tomlString(v.map) << "\nfields = [" << tomlString(v.field) << "]";
    if (!v.per.empty()) t << "\nper = " << tomlString(v.per);
    t << "\ncontext_layer = " << tomlString(contextLayer)
      << "\nsource = " << tomlString(fillTemplate(v.source, {{"period", period}, {"year", year}})) << "\n\n";
    result.views.push_back(v.name);
  }
  // The tract poverty rate against the county's (or city's) own, as a reference the diverging map is centred
  // on: the rate of the sums of its tracts' counts (the ACS publishes the area's own estimate separately; the
  // sum of its tracts is what these tracts add up to).
  if (req.level != PlaceLevel::State && fields.count("pov_rate")) {
    double below = 0, universe = 0;
    for (auto& [id, values] : acs) {
      auto b = number(values["pov_below"]), u = number(values["pov_universe"]);
      if (b && u) below += *b, universe += *u;
    }
    if (universe > 0) {
      const std::string rate = formatNumber(100 * below / universe);
      char shown[32];
      std::snprintf(shown, sizeof shown, "%.1f", 100 * below / universe);
      const std::string home = req.level == PlaceLevel::Place ? "the city" : "the county";
      t << "[[view]]\nname = \"poverty_rate_vs_" << (req.level == PlaceLevel::Place ? "city" : "county") << "\"\nlayer = \"tracts\"\nfield = \"pov_rate\""
        << "\ntitle = " << tomlString("Share of people below the poverty line, compared with " + home + " as a whole")
        << "\nsubtitle = " << tomlString(areaName + " as a whole: " + std::string(shown) + "% (the sum of its tracts' people below the poverty line over those whose status is known)")
        << "\nlegend_title = \"People below the poverty line (%)\"\nstyle = \"diverging\"\nreference = " << tomlString(rate)
        << "\ncontext_layer = " << tomlString(contextLayer)
        << "\nsource = " << tomlString("U.S. Census Bureau, ACS 5-year estimates " + period + ", table B17001") << "\n\n";
      result.views.push_back(std::string("poverty_rate_vs_") + (req.level == PlaceLevel::Place ? "city" : "county"));
    }
  }
  // The Mobility Metrics in context: each metric the home place has a value for, mapped over the comparison
  // places in the latest year it has one, the home place outlined over them.
  if (!comparisonLayer.empty()) {
    const std::string others = comparisonLayer == "state_counties" ? "the counties of " + stateName + acrossStateLine
                                                                   : "the cities of " + stateName + " in the release";
    for (const auto& [metric, y] : metricYear) {
      std::string name = "mm_" + metric;
      t << "[[view]]\nname = " << tomlString(name) << "\nlayer = " << tomlString(comparisonLayer) << "\nfield = " << tomlString(metric)
        << "\nyear = " << y << "\nsubgroup = \"All\"\nsubtitle = "
        << tomlString(req.level == PlaceLevel::State ? "The counties of " + stateName + ", " + std::to_string(y)
                                                     : areaName + " (outlined) among " + others + ", " + std::to_string(y))
        << (req.level == PlaceLevel::State ? std::string() : "\ncontext_layer = " + tomlString(areaLayerName))
        << "\nsource = " << tomlString(mmRelease) << "\n\n";
      result.views.push_back(name);
      result.metricViews.push_back(name);
    }
  }
  // The project file carries a checksum of what was generated, so a re-run can tell an edited file from its own:
  // an edited (or hand-made) project.toml is never replaced; the new one is written beside it.
  const std::string body = t.str();
  const std::string text = std::string(kProjectChecksumPrefix) + sha256Hex(body) + "\n" + body;
  std::string projectName = "project.toml";
  if (projectFileEdited(target / "project.toml")) {
    projectName = "project.new.toml";
    result.keptEditedProject = true;
    say("project.toml was edited since mobmap get wrote it, so it is kept as it is; the new project is "
        "project.new.toml (compare the two and merge by hand)");
  }
  writeFileAtomically(out / "project.toml", text);
  result.files.push_back(projectName);
  moveIntoPlace(stage, target, "project.toml", projectName);
  result.projectFile = target / projectName;
  return result;
}

}  // namespace mobmap::fetch
