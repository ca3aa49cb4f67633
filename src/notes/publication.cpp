#include "notes/publication.h"

#include <ogr_api.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <random>

#include "core/error.h"
#include "core/text.h"
#include "io/gdal_session.h"
#include "notes/detail/note_fields.h"
#include "notes/note_geometry.h"

namespace mobmap::notes {

namespace {

constexpr double kEarthRadiusM = 6371008.8;

// splitmix64: a well-mixed 64-bit stream from one seed (Steele, Lea and Flood 2014).
std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double unit(std::uint64_t& state) { return static_cast<double>(splitmix(state) >> 11) / 9007199254740992.0; }  // [0, 1)

std::uint64_t seedValue(const std::string& seed) {
  std::string s(trim(seed));
  if (s.empty() || s.size() > 16) throw Error("location seed '" + s + "' is not 1 to 16 hex digits");
  std::uint64_t v = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) throw Error("location seed '" + s + "' is not hex digits");
    v = v * 16 + static_cast<std::uint64_t>(d);
  }
  return v;
}

}  // namespace

std::string withheldReason(const Note& note, Audience audience) {
  if (!mayShow(note, audience))
    return "its consent level is " + consentName(note.consent) + ", not shown to " + audienceName(audience) +
           (audience == Audience::Public ? " outputs" : "");
  if (audience != Audience::Public) return "";
  if (note.location == LocationMode::Generalised && trim(note.publicWkt).empty())
    return "it is generalised but has no area to show instead (give --areas when adding or updating it)";
  if (note.location == LocationMode::Jittered && trim(note.locationSeed).empty())
    return "it is jittered but has no location seed (a store assigns one when the note is added or updated)";
  return "";
}

std::optional<Note> noteFor(const Note& note, Audience audience) {
  if (!withheldReason(note, audience).empty()) return std::nullopt;
  if (audience != Audience::Public) return note;
  Note shown = note;
  try {
    if (note.location == LocationMode::Generalised) shown.geometryWkt = note.publicWkt;
    else if (note.location == LocationMode::Jittered)
      shown.geometryWkt = jitteredWkt(note.geometryWkt, note.jitterMinM, note.jitterMaxM, note.locationSeed);
  } catch (const Error&) {
    return std::nullopt;  // a protected location that cannot be made is never replaced by the recorded one
  }
  if (!mayAttribute(note)) shown.speaker.clear();
  shown.publicWkt.clear();
  shown.locationSeed.clear();
  shown.importKey.clear();
  return shown;
}

std::string jitteredWkt(const std::string& wkt, double minM, double maxM, const std::string& seed) {
  if (!(minM > 0 && maxM >= minM)) throw Error("jitter range " + formatNumber(minM) + " to " + formatNumber(maxM) + " m is not valid");
  std::uint64_t state = seedValue(seed);
  // Evenly over the ring's area: r² uniform between min² and max².
  const double r = std::sqrt(minM * minM + unit(state) * (maxM * maxM - minM * minM));
  const double bearing = 2 * M_PI * unit(state);
  const std::vector<std::vector<Point>> rings = wktRings(wkt);
  if (rings.empty() || rings[0].empty()) throw Error("location '" + wkt + "' has no coordinates");
  // One offset for the whole geometry, in degrees at its first coordinate's latitude.
  const double lat0 = rings[0][0].y * M_PI / 180;
  const double dLat = r * std::cos(bearing) / kEarthRadiusM * 180 / M_PI;
  const double dLon = r * std::sin(bearing) / (kEarthRadiusM * std::max(std::cos(lat0), 1e-6)) * 180 / M_PI;
  return mapWktCoordinates(wkt, [&](Point p) {
    Point q{p.x + dLon, std::clamp(p.y + dLat, -90.0, 90.0)};
    if (q.x > 180) q.x -= 360;
    if (q.x < -180) q.x += 360;
    return q;
  });
}

std::string newLocationSeed() {
  std::random_device rd;
  const std::uint64_t v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  static const char* hex = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 0; i < 16; ++i) s[15 - i] = hex[(v >> (4 * i)) & 0xF];
  return s;
}

std::optional<Point> labelPoint(const std::string& wkt) {
  if (trim(wkt).empty()) return std::nullopt;
  try {
    io::ensureGdal();
    std::unique_ptr<OGRGeometry> g = detail::parseNoteGeometry(wkt, "note", false);
    if (wkbFlatten(g->getGeometryType()) == wkbPoint) return Point{g->toPoint()->getX(), g->toPoint()->getY()};
    CPLErrorReset();
    if (OGRGeometryH p = OGR_G_PointOnSurface(OGRGeometry::ToHandle(g.get()))) {
      std::unique_ptr<OGRGeometry> onSurface(OGRGeometry::FromHandle(p));
      io::takeGdalError();
      if (wkbFlatten(onSurface->getGeometryType()) == wkbPoint && !onSurface->IsEmpty())
        return Point{onSurface->toPoint()->getX(), onSurface->toPoint()->getY()};
    }
    io::takeGdalError();
    OGREnvelope e;
    g->getEnvelope(&e);
    return Point{(e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2};
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::string creditLine(const Note& note) {
  std::vector<std::string> parts;
  if (mayAttribute(note) && !trim(note.speaker).empty()) parts.emplace_back(trim(note.speaker));
  parts.push_back(trim(note.sourceName).empty() ? sourceTypeName(note.sourceType) : std::string(trim(note.sourceName)));
  const auto digits = [&](std::size_t at) { return std::isdigit(static_cast<unsigned char>(note.dateHeard[at])) != 0; };
  if (note.dateHeard.size() == 10 && digits(5) && digits(6) && digits(8) && digits(9)) {
    static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
    const int m = std::stoi(note.dateHeard.substr(5, 2)), d = std::stoi(note.dateHeard.substr(8, 2));
    if (m >= 1 && m <= 12) parts.push_back(std::string(months[m - 1]) + " " + std::to_string(d) + ", " + note.dateHeard.substr(0, 4));
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

double distanceMetres(Point a, Point b) {
  const double p1 = a.y * M_PI / 180, p2 = b.y * M_PI / 180;
  const double dp = p2 - p1, dl = (b.x - a.x) * M_PI / 180;
  const double h = std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace mobmap::notes
