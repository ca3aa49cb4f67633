#include "crs/crs_catalog.h"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <set>

#include "core/geometry.h"
#include "core/text.h"

namespace mobmap::crs {

namespace {

bool fitsLonLat(const Extent& e) { return !e.empty() && e.minX >= -180.5 && e.maxX <= 180.5 && e.minY >= -90.5 && e.maxY <= 90.5; }

bool inArea(const CrsEntry& e, double lon, double lat, double tolerance) {
  if (!std::isfinite(lon) || !std::isfinite(lat)) return false;
  if (lat < e.south - tolerance || lat > e.north + tolerance) return false;
  if (e.west <= e.east) return lon >= e.west - tolerance && lon <= e.east + tolerance;
  return lon >= e.west - tolerance || lon <= e.east + tolerance;  // across the antimeridian
}

double areaSize(const CrsEntry& e) {
  const double width = e.west <= e.east ? e.east - e.west : 360 - (e.west - e.east);
  return width * (e.north - e.south);
}

// The projected CRSs a US planner's file may be in without saying so.
bool usCandidate(const CrsEntry& e) {
  if (e.geographic) return false;
  for (const char* prefix : {"NAD83 / ", "NAD83(HARN) / ", "NAD83(2011) / ", "NAD27 / ", "WGS 84 / UTM zone "})
    if (e.name.starts_with(prefix)) return true;
  return e.code == "EPSG:3857";
}

// "NAD83(2011) / Illinois East (ftUS)" -> "Illinois East (ftUS)": zones that differ only by NAD83 realisation.
std::string zonePart(const std::string& name) {
  const std::size_t slash = name.find(" / ");
  if (slash == std::string::npos || !name.starts_with("NAD83")) return name;
  return name.substr(slash + 3);
}

std::string degrees(double lon, double lat) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f°%c %.2f°%c", std::abs(lon), lon < 0 ? 'W' : 'E', std::abs(lat), lat < 0 ? 'S' : 'N');
  return buf;
}

}  // namespace

const std::vector<CrsEntry>& crsCatalog() {
  static std::vector<CrsEntry> catalog;
  static std::once_flag once;
  std::call_once(once, [] {
    PJ_CONTEXT* ctx = proj_context_create();
    PROJ_CRS_LIST_PARAMETERS* params = proj_get_crs_list_parameters_create();
    PJ_TYPE types[] = {PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_PROJECTED_CRS};
    params->types = types;
    params->typesCount = 2;
    params->allow_deprecated = 0;
    int count = 0;
    if (PROJ_CRS_INFO** list = proj_get_crs_info_list_from_database(ctx, "EPSG", params, &count)) {
      for (int i = 0; i < count; ++i) {
        const PROJ_CRS_INFO* info = list[i];
        if (info->deprecated) continue;
        CrsEntry e;
        e.code = std::string(info->auth_name) + ":" + info->code;
        e.name = info->name ? info->name : "";
        e.geographic = info->type == PJ_TYPE_GEOGRAPHIC_2D_CRS;
        e.area = info->area_name ? info->area_name : "";
        if (info->bbox_valid) {
          e.west = info->west_lon_degree;
          e.south = info->south_lat_degree;
          e.east = info->east_lon_degree;
          e.north = info->north_lat_degree;
        }
        catalog.push_back(std::move(e));
      }
      proj_crs_info_list_destroy(list);
    }
    proj_get_crs_list_parameters_destroy(params);
    proj_context_destroy(ctx);
  });
  return catalog;
}

std::vector<CrsEntry> searchCrs(std::string_view query, std::size_t limit) {
  const std::vector<CrsEntry>& all = crsCatalog();
  std::vector<CrsEntry> out;
  const std::string q = toLower(trim(query));
  if (q.empty()) {
    for (const char* code : {"EPSG:4269", "EPSG:4326", "EPSG:5070", "EPSG:3857"})
      for (const CrsEntry& e : all)
        if (e.code == code && out.size() < limit) out.push_back(e);
    return out;
  }
  std::vector<std::string> words;
  for (const std::string& w : split(q, ' '))
    if (!trim(w).empty()) words.push_back(std::string(trim(w)));
  const std::string bareCode = q.starts_with("epsg:") ? q.substr(5) : q;
  std::vector<std::pair<int, std::size_t>> ranked;  // (rank, catalog index)
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string code = toLower(all[i].code), name = toLower(all[i].name);
    const std::string text = code + " " + name;
    if (code == "epsg:" + bareCode) {
      ranked.push_back({0, i});
      continue;
    }
    bool every = true;
    for (const std::string& w : words) every = every && text.find(w) != std::string::npos;
    if (!every) continue;
    ranked.push_back({name.starts_with(q) ? 1 : 2, i});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [rank, i] : ranked) {
    if (out.size() >= limit) break;
    out.push_back(all[i]);
  }
  return out;
}

std::vector<CrsSuggestion> suggestCrs(const Extent& extent, std::size_t limit, const std::string& place) {
  std::vector<CrsSuggestion> out;
  if (extent.empty() || limit == 0) return out;
  const std::vector<CrsEntry>& all = crsCatalog();
  auto find = [&](const char* code) -> const CrsEntry* {
    for (const CrsEntry& e : all)
      if (e.code == code) return &e;
    return nullptr;
  };
  if (fitsLonLat(extent)) {
    const std::string span = degrees(extent.minX, extent.minY) + " to " + degrees(extent.maxX, extent.maxY);
    if (const CrsEntry* e = find("EPSG:4269"))
      out.push_back({*e, "its coordinates fit longitude/latitude (" + span + "); US Census files use NAD83"});
    if (const CrsEntry* e = find("EPSG:4326")) out.push_back({*e, "its coordinates fit longitude/latitude (" + span + ")"});
    if (out.size() > limit) out.resize(limit);
    return out;
  }
  // Each candidate's inverse projection of the extent's corners and centre: inside its area of use?
  const Point probes[] = {{extent.minX, extent.minY}, {extent.minX, extent.maxY}, {extent.maxX, extent.minY},
                          {extent.maxX, extent.maxY}, {(extent.minX + extent.maxX) / 2, (extent.minY + extent.maxY) / 2}};
  struct Hit {
    const CrsEntry* crs;
    Point centre;
  };
  std::vector<Hit> hits;
  PJ_CONTEXT* ctx = proj_context_create();
  for (const CrsEntry& e : all) {
    if (!usCandidate(e)) continue;
    PJ* crs = proj_create(ctx, e.code.c_str());
    if (!crs) continue;
    PJ* base = proj_crs_get_geodetic_crs(ctx, crs);
    PJ* op = base ? proj_create_crs_to_crs_from_pj(ctx, crs, base, nullptr, nullptr) : nullptr;
    PJ* norm = op ? proj_normalize_for_visualization(ctx, op) : nullptr;
    bool inside = norm != nullptr;
    Point centre;
    for (const Point& p : probes) {
      if (!inside) break;
      PJ_COORD c = proj_trans(norm, PJ_FWD, proj_coord(p.x, p.y, 0, 0));
      inside = inArea(e, c.xy.x, c.xy.y, 0.25);
      centre = {c.xy.x, c.xy.y};
    }
    if (inside) hits.push_back({&e, centre});
    for (PJ* pj : {norm, op, base, crs})
      if (pj) proj_destroy(pj);
  }
  proj_context_destroy(ctx);
  auto inPlace = [&](const Hit& h) { return !place.empty() && h.crs->area.find(place) != std::string::npos; };
  std::stable_sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    if (inPlace(a) != inPlace(b)) return inPlace(a);
    const double sa = areaSize(*a.crs), sb = areaSize(*b.crs);
    if (sa != sb) return sa < sb;
    return a.crs->name.starts_with("NAD83 / ") && !b.crs->name.starts_with("NAD83 / ");
  });
  std::set<std::string> zones;
  for (const Hit& h : hits) {
    if (out.size() >= limit) break;
    if (!zones.insert(zonePart(h.crs->name)).second) continue;
    out.push_back({*h.crs, "read in it, the layer lies around " + degrees(h.centre.x, h.centre.y) + ", inside its area of use (" +
                              h.crs->area + ")" + (inPlace(h) ? "; the data's GEOIDs are in " + place : "")});
  }
  return out;
}

}  // namespace mobmap::crs
