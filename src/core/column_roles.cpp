#include "core/column_roles.h"

#include <array>
#include <cctype>
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

// What a numeric column's finite values are like, for telling codes, flags and years from measures.
struct ValueShape {
  bool any = false, integral = true, flag = true, nonNegative = true, yearRange = true;
};

ValueShape valueShape(const Column& column) {
  ValueShape s;
  for (std::size_t i = 0; i < column.size(); ++i) {
    if (column.isMissing(i) || !std::isfinite(column.number(i))) continue;
    const double v = column.number(i);
    s.any = true;
    s.integral = s.integral && v == std::floor(v);
    s.flag = s.flag && (v == 0 || v == 1);
    s.nonNegative = s.nonNegative && v >= 0;
    s.yearRange = s.yearRange && v >= 1900 && v <= 2100;
  }
  return s;
}

}  // namespace

bool isMappableColumn(const Column& column) {
  if (!column.isNumeric() || column.size() == 0) return false;
  const std::string n = toLower(trim(column.name()));
  if (isBookkeepingColumn(n) || isCompanionName(n) || isCoordinateName(n)) return false;
  const ValueShape v = valueShape(column);
  if (!v.any || v.flag) return false;
  // IDs and area codes: "ComAreaID", "area_num_1", "districtno", "ward": whole numbers under a name that says so.
  if (v.integral && (n.ends_with("id") || containsAny(n, {"area_num", "areanum", "district", "ward", "code", "zone"}) ||
                   endsWithAny(n, {"_num", "_no", "num", "no"}) || n == "commarea" || n == "comarea"))
    return false;
  if (n == "yr" || n == "vintage" || n.ends_with("year") || n.ends_with("_yr") || (v.integral && v.yearRange && containsAny(n, {"year", "yr"})))
    return false;
  return true;
}

namespace {

bool isCodeName(const std::string& n) {
  return n.ends_with("id") || n.starts_with("tractce") || n.ends_with("ce10") || n.ends_with("ce20") || n.ends_with("fp") ||
         containsAny(n, {"area_num", "areanum", "district", "ward", "code", "zone", "tract", "fips", "geoid"}) ||
         endsWithAny(n, {"_num", "_no", "num", "no"}) || n == "commarea" || n == "comarea";
}

// "Pov14P", "Wht14P", "Ovr6514P": a year (two digits) then P, the percentage naming of the Chicago SDOH data.
bool yearThenP(const std::string& n) {
  return n.size() >= 3 && n.back() == 'p' && std::isdigit(static_cast<unsigned char>(n[n.size() - 2])) &&
         std::isdigit(static_cast<unsigned char>(n[n.size() - 3]));
}

}  // namespace

ColumnAdditivity columnAdditivity(const Column& column) {
  const std::string n = toLower(trim(column.name()));
  if (!column.isNumeric()) return {Additivity::NotAdditive, "text"};
  if (isBookkeepingColumn(n) || isCoordinateName(n)) return {Additivity::NotAdditive, "an identifier or code"};
  if (isCompanionName(n) || n.ends_with("_low_cv")) return {Additivity::NotAdditive, "a margin of error or quality column"};
  const ValueShape v = valueShape(column);
  if (!v.any) return {Additivity::NotAdditive, "no values"};
  if (v.integral && isCodeName(n)) return {Additivity::NotAdditive, "an identifier or code"};
  if (v.flag) return {Additivity::NotAdditive, "a 0/1 flag"};
  if (containsAny(n, {"median", "med_"}) || n.starts_with("med")) return {Additivity::NotAdditive, "a median"};
  if (containsAny(n, {"pci", "percap", "per_cap", "capita"})) return {Additivity::NotAdditive, "a per-capita value"};
  if (n == "yr" || n == "vintage" || n.ends_with("year") || n.ends_with("_yr")) return {Additivity::NotAdditive, "a year"};
  if (containsAny(n, {"rate", "pct", "percent", "share", "ratio", "prop"}) || n.starts_with("ep_") || n.starts_with("pct") ||
      yearThenP(n))
    return {Additivity::Share, "a rate or percentage"};
  if (containsAny(n, {"dens"})) return {Additivity::NotAdditive, "a density (per unit of area)"};
  if (containsAny(n, {"mean", "avg", "average", "index"})) return {Additivity::Share, "an average"};
  if (!v.integral || !v.nonNegative) return {Additivity::Share, "a measured value with fractions"};
  return {Additivity::Count, {}};
}

std::optional<std::string> populationColumn(const AttributeTable& table) {
  std::optional<std::string> any;
  for (const Column& c : table.columns()) {
    const std::string n = toLower(c.name());
    const bool pop = n.find("pop") != std::string::npos || n == "b01003_001e" || n == "b01003001";
    if (!pop || columnAdditivity(c).kind != Additivity::Count) continue;
    if (n.find("total") != std::string::npos || n.starts_with("tot")) return c.name();
    if (!any) any = c.name();
  }
  return any;
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

const Column* areaNameColumn(const AttributeTable& table) {
  for (std::string_view name : {"name", "NAMELSAD", "NAMELSAD20", "NAMELSAD10", "community", "neighborhood", "NAME20", "NAME10"})
    for (const Column& c : table.columns())
      if (toLower(c.name()) == toLower(name)) return &c;
  return nullptr;
}

const Column* areaKeyColumn(const AttributeTable& table) {
  for (const std::string& name : areaKeyColumnNames())
    for (const Column& c : table.columns())
      if (toLower(c.name()) == toLower(name)) return &c;
  return nullptr;
}

}  // namespace mobmap
