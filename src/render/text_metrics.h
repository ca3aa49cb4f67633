#pragma once
// How big text is, so that layout can be computed once for every back end. Each back end supplies an
// implementation that measures with the font it will draw with.
#include <string>

namespace mobmap::render {

struct TextStyle {
  std::string family = "DejaVu Sans";
  double sizePt = 10;
  bool bold = false;
  bool italic = false;
};

class TextMetrics {
 public:
  virtual ~TextMetrics() = default;
  // Advance width of UTF-8 `text` in points.
  virtual double width(const std::string& text, const TextStyle& style) const = 0;
};

}  // namespace mobmap::render
