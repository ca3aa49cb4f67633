#include "crs/transformer.h"

#include <proj.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>
#include <utility>

#include "core/error.h"

namespace mobmap::crs {

namespace {

std::string projError(PJ_CONTEXT* ctx) {
  int code = proj_context_errno(ctx);
  const char* msg = code ? proj_context_errno_string(ctx, code) : nullptr;
  return msg ? msg : "unknown PROJ error";
}

std::string shortDefinition(const std::string& d) { return d.size() > 60 ? d.substr(0, 57) + "..." : d; }

}  // namespace

struct Transformer::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;
  ~Impl() {
    if (pj) proj_destroy(pj);
    if (ctx) proj_context_destroy(ctx);
  }
};

namespace {

// A transformation chosen once in this process, kept to be cloned: choosing one searches PROJ's database
// (10 to 40 ms for each pair of CRSs), cloning the chosen one takes well under a millisecond and gives the
// same operation (with every alternative PROJ chose between, for points in different areas).
struct ChosenTransformation {
  std::mutex mutex;           // held while the transformation is chosen and while it is cloned
  bool tried = false;
  PJ_CONTEXT* ctx = nullptr;  // the prototype's own context; both kept for the process's life
  PJ* prototype = nullptr;    // null when PROJ could not set it up: `error` says why
  std::string error;
};

// The entry for (from, to), made empty on first use. Safe from any thread.
ChosenTransformation& chosenTransformation(const std::string& from, const std::string& to) {
  static std::mutex mutex;
  // Never destroyed: PROJ's own statics may go first at exit.
  static auto* chosen = new std::map<std::pair<std::string, std::string>, std::unique_ptr<ChosenTransformation>>;
  std::lock_guard lock(mutex);
  std::unique_ptr<ChosenTransformation>& entry = (*chosen)[{from, to}];
  if (!entry) entry = std::make_unique<ChosenTransformation>();
  return *entry;
}

void choose(ChosenTransformation& c, const std::string& from, const std::string& to) {
  c.tried = true;
  c.ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(c.ctx, from.c_str(), to.c_str(), nullptr);
  if (!raw) {
    c.error = "cannot transform coordinates from " + shortDefinition(from) + " to " + shortDefinition(to) + ": " + projError(c.ctx);
    return;
  }
  c.prototype = proj_normalize_for_visualization(c.ctx, raw);
  proj_destroy(raw);
  if (!c.prototype) c.error = "cannot set up the transformation to " + shortDefinition(to) + ": " + projError(c.ctx);
}

}  // namespace

void chooseTransformations(std::span<const std::pair<std::string, std::string>> pairs) {
  for (const auto& [from, to] : pairs) {
    ChosenTransformation& c = chosenTransformation(from, to);
    std::lock_guard lock(c.mutex);
    if (!c.tried) choose(c, from, to);
  }
}

Transformer::Transformer(const std::string& from, const std::string& to) : m_impl(std::make_unique<Impl>()) {
  ChosenTransformation& c = chosenTransformation(from, to);
  std::lock_guard lock(c.mutex);
  if (!c.tried) choose(c, from, to);
  if (!c.prototype) throw Error(c.error);
  m_impl->ctx = proj_context_create();
  m_impl->pj = proj_clone(m_impl->ctx, c.prototype);
  if (!m_impl->pj) throw Error("cannot set up the transformation to " + shortDefinition(to) + ": " + projError(m_impl->ctx));
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

Point Transformer::forward(Point p) const {
  PJ_COORD c = proj_trans(m_impl->pj, PJ_FWD, proj_coord(p.x, p.y, 0, 0));
  return {c.xy.x, c.xy.y};
}

Point Transformer::inverse(Point p) const {
  PJ_COORD c = proj_trans(m_impl->pj, PJ_INV, proj_coord(p.x, p.y, 0, 0));
  return {c.xy.x, c.xy.y};
}

std::size_t Transformer::forward(std::span<Point> points) const {
  if (points.empty()) return 0;
  const std::size_t stride = sizeof(Point);
  proj_trans_generic(m_impl->pj, PJ_FWD, &points[0].x, stride, points.size(), &points[0].y, stride, points.size(),
                     nullptr, 0, 0, nullptr, 0, 0);
  std::size_t failed = 0;
  for (const Point& p : points)
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) ++failed;
  return failed;
}

CrsFacts describeCrs(const std::string& definition) {
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* crs = proj_create(ctx, definition.c_str());
  if (!crs) {
    std::string err = projError(ctx);
    proj_context_destroy(ctx);
    throw Error("not a coordinate reference system PROJ can read: " + shortDefinition(definition) + " (" + err + ")");
  }
  CrsFacts facts;
  PJ_TYPE type = proj_get_type(crs);
  facts.geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS || type == PJ_TYPE_GEOGRAPHIC_CRS;
  if (const char* name = proj_get_name(crs)) facts.name = name;
  if (PJ* cs = proj_crs_get_coordinate_system(ctx, crs)) {
    double factor = 1;
    if (!facts.geographic && proj_cs_get_axis_info(ctx, cs, 0, nullptr, nullptr, nullptr, &factor, nullptr, nullptr, nullptr))
      facts.metresPerUnit = factor;
    proj_destroy(cs);
  }
  proj_destroy(crs);
  proj_context_destroy(ctx);
  return facts;
}

std::string shortCrsName(const std::string& definition) {
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* crs = proj_create(ctx, definition.c_str());
  std::string out = definition;
  if (crs) {
    const char* name = proj_get_name(crs);
    const char* auth = proj_get_id_auth_name(crs, 0);
    const char* code = proj_get_id_code(crs, 0);
    if (auth && code) {
      out = std::string(name ? name : "") + " (" + auth + ":" + code + ")";
    } else if (definition.find("+proj=laea") != std::string::npos) {
      auto param = [&](const std::string& key) {
        const std::size_t at = definition.find("+" + key + "=");
        return at == std::string::npos ? 0.0 : std::strtod(definition.c_str() + at + key.size() + 2, nullptr);
      };
      const double lat = param("lat_0"), lon = param("lon_0");
      char buf[120];
      std::snprintf(buf, sizeof buf, "Lambert azimuthal equal-area centred on %.2f\u00b0%s %.2f\u00b0%s", std::abs(lat),
                    lat >= 0 ? "N" : "S", std::abs(lon), lon >= 0 ? "E" : "W");
      out = buf;
    } else if (name && std::string(name) != "unknown") {
      out = name;
    }
    proj_destroy(crs);
  }
  proj_context_destroy(ctx);
  return out;
}

std::string lonLatCrsOf(const std::string& definition) {
  PJ_CONTEXT* ctx = proj_context_create();
  std::string out = "EPSG:4326";
  if (PJ* crs = proj_create(ctx, definition.c_str())) {
    if (PJ* geodetic = proj_crs_get_geodetic_crs(ctx, crs)) {
      const char* auth = proj_get_id_auth_name(geodetic, 0);
      const char* code = proj_get_id_code(geodetic, 0);
      const PJ_TYPE type = proj_get_type(geodetic);
      const bool lonLat = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
      if (auth && code && lonLat) out = std::string(auth) + ":" + code;
      proj_destroy(geodetic);
    }
    proj_destroy(crs);
  }
  proj_context_destroy(ctx);
  return out;
}

}  // namespace mobmap::crs
