#pragma once
// How big text is, so that layout can be computed once for every back end. Each back end supplies an
// implementation that measures with the font it will draw with.
#include <algorithm>
#include <string>

namespace mobmap::render {

struct TextStyle {
  std::string family = "DejaVu Sans";
  double sizePt = 10;
  bool bold = false;
  bool italic = false;
};

// The default family at `sizePt`, bold and italic as asked.
inline TextStyle textStyle(double sizePt, bool bold = false, bool italic = false) {
  TextStyle s;
  s.sizePt = sizePt;
  s.bold = bold;
  s.italic = italic;
  return s;
}

// The smallest type a figure sets, in points at the output size: 6.5 pt, the smallest that reads in a printed
// report column; and the smallest title.
constexpr double kMinTextPt = 6.5;
constexpr double kMinTitlePt = 11;

// A design size scaled with the page (`k` = 1 on a 10 x 6.25 in page), never below `minPt`.
inline double readablePt(double designPt, double k, double minPt = kMinTextPt) { return std::max(designPt * k, minPt); }

class TextMetrics {
 public:
  virtual ~TextMetrics() = default;
  // Advance width of UTF-8 `text` in points.
  virtual double width(const std::string& text, const TextStyle& style) const = 0;
};

}  // namespace mobmap::render
