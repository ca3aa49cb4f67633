#include "session/open_file.h"

#include <algorithm>
#include <filesystem>

#include "core/join_diagnosis.h"
#include "core/text.h"
#include "io/source_reader.h"

namespace mobmap::session {

FileKind fileKindOf(const std::string& path) {
  const std::string ext = toLower(std::filesystem::path(path).extension().string());
  for (const char* e : {".shp", ".zip", ".gpkg", ".geojson", ".json", ".topojson", ".fgb", ".kml"})
    if (ext == e) return FileKind::Boundaries;
  for (const char* e : {".csv", ".xlsx", ".ods"})
    if (ext == e) return FileKind::Table;
  if (ext == ".toml") return FileKind::Project;
  return FileKind::Unknown;
}

TableOffer offerTable(const std::string& path, const AttributeTable& boundaries) {
  TableOffer o;
  o.path = path;
  const AttributeTable table = io::readTable(path);
  for (const Column& c : table.columns()) o.columns.push_back(c.name());
  std::vector<std::string> left;
  for (const Column& c : boundaries.columns()) left.push_back(c.name());
  o.keys = proposeJoinKeys(left, o.columns);
  o.longTable = longTableChoices(table);
  if (o.longTable && !o.longTable->years.empty()) {
    const auto& sub = o.longTable->subgroups;
    std::optional<std::string> all;
    if (std::find(sub.begin(), sub.end(), "All") != sub.end()) all = "All";
    else if (!sub.empty()) all = sub.front();
    o.where = withYearAndSubgroup("", o.longTable->years.back(), all);
  } else if (const Column* year = table.find("year"); year && year->isNumeric()) {
    // Years without subgroups: one row per area and year, so one year at a time.
    std::optional<double> latest;
    for (std::size_t r = 0; r < year->size(); ++r)
      if (auto v = year->optionalNumber(r); v && (!latest || *v > *latest)) latest = v;
    if (latest) o.where = "year = " + std::to_string(static_cast<long long>(*latest));
  }
  return o;
}

}  // namespace mobmap::session
