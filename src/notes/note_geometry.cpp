#include "notes/note_geometry.h"

#include <algorithm>
#include <cmath>

#include <array>
#include <charconv>
#include <cctype>
#include <cstdlib>
#include <utility>

#include "core/error.h"
#include "core/text.h"

namespace mobmap::notes {

namespace {

std::string exact(double v) {
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc() ? std::string(buf.data(), end) : std::to_string(v);
}

bool startsNumber(char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'; }

// Walks the WKT text: calls `onText` with each run of text that is not a number and `onList` with each
// parenthesised list of numbers (as pairs) when its ')' is reached.
template <class OnText, class OnList>
void walk(const std::string& wkt, OnText onText, OnList onList) {
  // Notes are stored in two dimensions (note_fields flattens what it validates); a Z or M coordinate would be
  // paired up wrongly here, so such text is refused rather than misread.
  const std::string head = toLower(trim(wkt.substr(0, wkt.find('('))));
  if (!head.empty() && (head.back() == 'z' || head.back() == 'm'))
    throw Error("location '" + wkt + "': only two-dimensional coordinates (x y) are supported here");
  std::vector<double> numbers;
  std::string text;
  const char* p = wkt.c_str();
  auto flushList = [&] {
    if (numbers.empty()) return;
    if (numbers.size() % 2 != 0) throw Error("location '" + wkt + "': a coordinate list holds an odd count of numbers");
    std::vector<Point> pts;
    for (std::size_t i = 0; i + 1 < numbers.size(); i += 2) pts.push_back({numbers[i], numbers[i + 1]});
    numbers.clear();
    onList(pts);
  };
  while (*p) {
    // A number starts a coordinate unless it is part of a word (none in the WKT types notes use).
    if (startsNumber(*p) && (text.empty() || !std::isalpha(static_cast<unsigned char>(text.back())))) {
      char* end = nullptr;
      const double v = std::strtod(p, &end);
      if (end != p) {
        if (!text.empty()) onText(std::exchange(text, {}), numbers.empty());
        numbers.push_back(v);
        p = end;
        continue;
      }
    }
    if (*p == ')') {
      if (!text.empty()) onText(std::exchange(text, {}), numbers.empty());
      flushList();
    }
    text += *p++;
  }
  flushList();
  if (!text.empty()) onText(text, true);
}

}  // namespace

std::string polygonWkt(const std::vector<Point>& ring) {
  std::string out = "POLYGON ((";
  for (std::size_t i = 0; i < ring.size(); ++i) out += (i ? ", " : "") + exact(ring[i].x) + " " + exact(ring[i].y);
  if (!ring.empty() && (ring.front().x != ring.back().x || ring.front().y != ring.back().y))
    out += ", " + exact(ring.front().x) + " " + exact(ring.front().y);
  return out + "))";
}

std::vector<std::vector<Point>> wktRings(const std::string& wkt) {
  std::vector<std::vector<Point>> rings;
  walk(wkt, [](const std::string&, bool) {}, [&](const std::vector<Point>& pts) { rings.push_back(pts); });
  return rings;
}

bool isAreaWkt(const std::string& wkt) {
  const std::string head = toLower(trim(wkt)).substr(0, 12);
  return head.starts_with("polygon") || head.starts_with("multipolygon");
}

std::string mapWktCoordinates(const std::string& wkt, const std::function<Point(Point)>& f) {
  // Texts between numbers are kept; each list is rewritten as "x y, x y" once its ')' is reached.
  std::string out;
  walk(
      wkt, [&](const std::string& text, bool outsideList) {
        if (outsideList) out += text;
      },
      [&](const std::vector<Point>& pts) {
        for (std::size_t i = 0; i < pts.size(); ++i) {
          const Point q = f(pts[i]);
          out += (i ? ", " : "") + exact(q.x) + " " + exact(q.y);
        }
      });
  return out;
}

namespace {


double cross(Point o, Point a, Point b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

bool onSegment(Point a, Point b, Point p) {
  return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y && p.y <= std::max(a.y, b.y);
}

// True when segments ab and cd share a point (touching counts).
bool segmentsMeet(Point a, Point b, Point c, Point d) {
  const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 == 0 && onSegment(c, d, a)) || (d2 == 0 && onSegment(c, d, b)) || (d3 == 0 && onSegment(a, b, c)) ||
         (d4 == 0 && onSegment(a, b, d));
}

}  // namespace

std::string ringProblem(const std::vector<Point>& input) {
  // Repeated corners (a double click adds the same point twice) are one corner.
  std::vector<Point> ring;
  for (const Point& p : input)
    if (ring.empty() || p.x != ring.back().x || p.y != ring.back().y) ring.push_back(p);
  while (ring.size() > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) ring.pop_back();
  if (ring.size() < 3) return "an area needs at least three corners";
  const std::size_t n = ring.size();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const bool adjacent = j == i + 1 || (i == 0 && j == n - 1);
      if (adjacent) continue;
      if (segmentsMeet(ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n]))
        return "the outline crosses itself: edges " + std::to_string(i + 1) + " and " + std::to_string(j + 1) + " meet";
    }
  double area2 = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % ring.size()];
    area2 += (a.x - ring[0].x) * (b.y - ring[0].y) - (b.x - ring[0].x) * (a.y - ring[0].y);
  }
  double extent = 0;
  for (const Point& p : ring) extent = std::max({extent, std::abs(p.x - ring[0].x), std::abs(p.y - ring[0].y)});
  if (std::abs(area2) <= 1e-12 * extent * extent) return "the corners lie on one line: the area has no size";
  return {};
}

}  // namespace mobmap::notes
