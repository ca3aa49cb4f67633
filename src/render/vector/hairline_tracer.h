#pragma once
// Internal to the Cairo back end: hairline outlines (at most a pixel wide) traced straight into an 8-bit
// coverage mask. Each pixel's coverage is the line's width times the length of the line inside the pixel, which
// is what stroking so thin a line covers (its joins and caps are a few hundredths of a pixel). Not for use
// outside render/vector.
#include <cstdint>
#include <vector>

#include "core/geometry.h"

namespace mobmap::render {

// Outlines at most this wide (pixels) are traced; wider ones are stroked by Cairo.
constexpr double kHairlinePx = 1.0;

// Traces rings and lines into the rows [y0, y1) of a mask `width` pixels wide (rows `stride` bytes apart,
// `mask` pointing at row 0): per ring, the coverage of its segments summed per pixel; each ring composited over
// the earlier ones, as if each area's outline were stroked on its own (a boundary two areas share is drawn
// twice, as in most GIS).
class HairlineTracer {
 public:
  HairlineTracer(std::uint8_t* mask, int width, int stride, double lineWidthPx, int y0, int y1);

  // One ring or line: beginRing, its segments in order (pixel coordinates), endRing.
  void beginRing() { m_pieces.clear(); }
  void segment(Point a, Point b);
  void endRing();

 private:
  struct Piece {
    std::uint32_t pixel;  // index in the mask from row y0
    float cover;
    bool operator<(const Piece& o) const { return pixel < o.pixel; }
  };
  std::uint8_t* m_mask;
  int m_widthPx, m_stride;
  double m_lineWidth;
  int m_y0, m_y1;
  std::vector<double> m_ts;
  std::vector<Piece> m_pieces;
};

}  // namespace mobmap::render
