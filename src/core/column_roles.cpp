#include "core/column_roles.h"

#include <array>
#include <cmath>

#include "core/table_typing.h"
#include "core/text.h"

namespace mobmap {

bool isBookkeepingColumn(std::string_view name) {
  if (isIdLikeName(name)) return true;
  const std::string n = toLower(trim(name));
  static constexpr std::array<std::string_view, 10> exact = {"objectid", "fid",      "oid",  "ogc_fid",      "intptlat",
                                                             "intptlon", "shape_id", "year", "subgroup_type", "subgroup"};
  for (std::string_view e : exact)
    if (n == e) return true;
  // Shape_Leng, Shape_Area, Shape_Length, SHAPE_STAr, ...; INTPTLAT20, INTPTLON10; OBJECTID_1.
  return n.starts_with("shape_") || n.starts_with("shape.") || n.starts_with("intptlat") || n.starts_with("intptlon") ||
         n.starts_with("objectid");
}

namespace {

bool endsWithAny(const std::string& n, std::initializer_list<std::string_view> ends) {
  for (std::string_view e : ends)
    if (n.ends_with(e)) return true;
  return false;
}

bool containsAny(const std::string& n, std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts)
    if (n.find(p) != std::string::npos) return true;
  return false;
}

bool isCompanionName(const std::string& n) { return endsWithAny(n, {"_lb", "_ub", "_quality", "_moe", "_se", "_cv"}); }

bool isCoordinateName(const std::string& n) {
  static constexpr std::array<std::string_view, 16> exact = {"x", "y", "lat", "lon", "lng", "long", "latitude", "longitude",
                                                             "xcoord", "ycoord", "x_coord", "y_coord", "easting", "northing",
                                                             "point_x", "point_y"};
  for (std::string_view e : exact)
    if (n == e) return true;
  return endsWithAny(n, {"_x", "_y", "_lat", "_lon", "_lng", "latitude", "longitude"}) || n.starts_with("coord");
}

}  // namespace

bool isMappableColumn(const Column& column) {
  if (!column.isNumeric() || column.size() == 0) return false;
  const std::string n = toLower(trim(column.name()));
  if (isBookkeepingColumn(n) || isCompanionName(n) || isCoordinateName(n)) return false;
  bool any = false, integral = true, flag = true, yearRange = true;
  for (std::size_t i = 0; i < column.size(); ++i) {
    if (column.isMissing(i) || !std::isfinite(column.number(i))) continue;
    const double v = column.number(i);
    any = true;
    integral = integral && v == std::floor(v);
    flag = flag && (v == 0 || v == 1);
    yearRange = yearRange && v >= 1900 && v <= 2100;
  }
  if (!any || flag) return false;
  // IDs and area codes: "ComAreaID", "area_num_1", "districtno", "ward": whole numbers under a name that says so.
  if (integral && (n.ends_with("id") || containsAny(n, {"area_num", "areanum", "district", "ward", "code", "zone"}) ||
                   endsWithAny(n, {"_num", "_no", "num", "no"}) || n == "commarea" || n == "comarea"))
    return false;
  if (n == "yr" || n == "vintage" || n.ends_with("year") || n.ends_with("_yr") || (integral && yearRange && containsAny(n, {"year", "yr"})))
    return false;
  return true;
}

std::optional<std::string> defaultMapField(const AttributeTable& table,
                                           const std::function<bool(const std::string&)>& isCatalogMetric) {
  if (isCatalogMetric)
    for (const Column& c : table.columns())
      if (isCatalogMetric(c.name()) && isMappableColumn(c)) return c.name();
  for (const Column& c : table.columns())
    if (isMappableColumn(c)) return c.name();
  return std::nullopt;
}

const std::vector<std::string>& areaKeyColumnNames() {
  static const std::vector<std::string> names = {"GEOID", "GEOID20", "GEOID10", "GEO_ID", "fips", "id"};
  return names;
}

const Column* areaKeyColumn(const AttributeTable& table) {
  for (const std::string& name : areaKeyColumnNames())
    for (const Column& c : table.columns())
      if (toLower(c.name()) == toLower(name)) return &c;
  return nullptr;
}

}  // namespace mobmap
