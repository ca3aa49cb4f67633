#pragma once
// The map camera: which display-CRS point sits at the centre of the canvas and how many pixels one
// display-CRS unit spans. Screen coordinates are framebuffer pixels with the origin at the canvas's top
// left and y growing downwards. Backend-neutral.
#include "core/extent.h"
#include "core/geometry.h"

namespace mobmap::render {

class Camera {
 public:
  // Sets the canvas size in framebuffer pixels (at least 1 × 1).
  void setViewport(double widthPx, double heightPx);
  double viewportWidth() const { return m_width; }
  double viewportHeight() const { return m_height; }

  Point center() const { return m_center; }
  double pixelsPerUnit() const { return m_scale; }
  void setCenter(Point c) { m_center = c; }
  // Sets the zoom, clamped to [minScale, maxScale].
  void setPixelsPerUnit(double scale);
  // Zoom limits in pixels per unit (the default allows any positive scale).
  void setScaleLimits(double minScale, double maxScale);

  // The display-CRS point under a screen pixel position.
  Point screenToWorld(Point screen) const;
  // The screen position of a display-CRS point.
  Point worldToScreen(Point world) const;
  // The display-CRS box the canvas shows.
  Extent visibleExtent() const;

  // Moves the map by a screen offset (the map follows a drag by dx, dy pixels).
  void panPixels(double dx, double dy);
  // Multiplies the zoom by `factor`, keeping the world point under `screen` where it is.
  void zoomAround(Point screen, double factor);
  // Fits `extent` into the canvas with `marginPx` free on every side, keeping the aspect ratio.
  void fit(const Extent& extent, double marginPx = 20);

 private:
  double m_width = 1, m_height = 1;
  Point m_center;
  double m_scale = 1;
  double m_minScale = 0, m_maxScale = 1e300;
};

}  // namespace mobmap::render
