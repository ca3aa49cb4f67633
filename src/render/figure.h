#pragma once
// A composed figure: everything a back end draws, in page points (1/72 inch) with the origin at the top
// left and y growing downwards. Map layers keep their geometry in the display CRS and are placed through
// the viewport, so a back end can draw them at any resolution.
#include <optional>
#include <string>
#include <vector>

#include "core/extent.h"
#include "core/geometry.h"
#include "render/text_metrics.h"
#include "style/color.h"

namespace mobmap::render {

using style::Rgb;

enum class Pattern { None, Hatch, Dots };

// A solid fill, optionally with a line pattern drawn over it.
struct Fill {
  Rgb color{255, 255, 255};
  Pattern pattern = Pattern::None;
  Rgb patternColor{0, 0, 0};
  double patternLineWidthPt = 0.5;
  double patternSpacingPt = 4;
};

// Where the map sits on the page and how display-CRS coordinates map to page points.
struct Viewport {
  double x = 0, y = 0, width = 0, height = 0;  // frame on the page
  Extent extent;                               // display-CRS extent shown (fills the frame, aspect kept)
  double scale = 1;                            // page points per display-CRS unit

  Point toPage(Point p) const { return {x + (p.x - extent.minX) * scale, y + (extent.maxY - p.y) * scale}; }
};

// Dots drawn over a layer (a dot-density map): small filled circles, in the order given, so a caller that
// interleaves groups keeps any one group from being drawn under all the others.
struct DotLayerDraw {
  std::vector<Point> points;                // display CRS
  std::vector<int> colorIndex;              // per point, into colors
  std::vector<Rgb> colors;
  double radiusPt = 0.6;
};

// One map layer to draw: polygons filled per feature (fillIndex -1 = no fill), outlines, an optional
// pattern overlay on marked features (low-quality hatching) and optional dots drawn last.
struct MapLayerDraw {
  const GeometryStore* geometry = nullptr;  // not owned; outlives the figure
  std::vector<int> fillIndex;               // per feature, into fills; empty = outline only
  std::vector<Fill> fills;
  std::vector<bool> overlay;                // per feature: draw overlayFill's pattern over it
  Fill overlayFill;
  Rgb outline{110, 110, 110};
  double outlineWidthPt = 0.25;
  DotLayerDraw dots;                        // empty = none
};

enum class Anchor { Left, Center, Right };

struct TextItem {
  std::string text;
  double x = 0, y = 0;  // baseline position
  TextStyle style;
  Rgb color{0, 0, 0};
  Anchor anchor = Anchor::Left;
  std::optional<Rgb> halo = std::nullopt;  // an outline of this colour around the glyphs (labels over the map)
};

struct RectItem {
  double x = 0, y = 0, width = 0, height = 0;
  std::optional<Fill> fill;
  std::optional<Rgb> stroke;
  double strokeWidthPt = 0.5;
};

struct LineItem {
  std::vector<Point> points;  // page points
  Rgb color{0, 0, 0};
  double widthPt = 1;
  bool closedAndFilled = false;
};

// A circle (a point of a scatter plot): filled, outlined, or both.
struct CircleItem {
  double cx = 0, cy = 0, radiusPt = 2;  // page points
  std::optional<Rgb> fill;
  std::optional<Rgb> stroke;
  double strokeWidthPt = 0.75;
};

// One map on the page: its frame and the layers drawn in it, in order, clipped to the frame. A figure holds
// one panel, or several for small multiples (one map per group on shared classes).
struct MapPanel {
  Viewport viewport;
  std::vector<MapLayerDraw> layers;
  std::string altText;  // what the map shows, in words (tagged PDF's alternative text for the map)
};

struct Figure {
  double widthPt = 0, heightPt = 0;
  Rgb background{255, 255, 255};
  std::vector<MapPanel> panels;         // drawn first, in order; the first one carries the scale bar
  std::vector<RectItem> rects;          // drawn after the maps
  std::vector<LineItem> lines;
  std::vector<CircleItem> circles;      // drawn after the lines, before the texts
  std::vector<TextItem> texts;
  std::string title;                    // document metadata (SVG <title>, PDF Title)
  std::string description;              // document metadata (SVG <desc>, PDF Subject)
  std::string legendTitle;              // the legend's heading as drawn (with the rows' subgroup and year)
  std::size_t labelsPlaced = 0, labelsDropped = 0;  // orientation labels drawn, and left out for want of room
  std::string sourceLine;               // the source line as drawn, before wrapping
};

}  // namespace mobmap::render
