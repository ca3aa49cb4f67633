#include "render/camera.h"

#include <algorithm>

namespace mobmap::render {

void Camera::setViewport(double widthPx, double heightPx) {
  m_width = std::max(1.0, widthPx);
  m_height = std::max(1.0, heightPx);
}

void Camera::setPixelsPerUnit(double scale) {
  if (!(scale > 0)) return;
  m_scale = std::clamp(scale, m_minScale > 0 ? m_minScale : scale, m_maxScale);
}

void Camera::setScaleLimits(double minScale, double maxScale) {
  m_minScale = minScale;
  m_maxScale = maxScale;
  setPixelsPerUnit(m_scale);
}

Point Camera::screenToWorld(Point s) const {
  return {m_center.x + (s.x - m_width / 2) / m_scale, m_center.y - (s.y - m_height / 2) / m_scale};
}

Point Camera::worldToScreen(Point w) const {
  return {m_width / 2 + (w.x - m_center.x) * m_scale, m_height / 2 - (w.y - m_center.y) * m_scale};
}

Extent Camera::visibleExtent() const {
  Extent e;
  Point a = screenToWorld({0, m_height}), b = screenToWorld({m_width, 0});
  e.add(a.x, a.y);
  e.add(b.x, b.y);
  return e;
}

void Camera::panPixels(double dx, double dy) {
  m_center.x -= dx / m_scale;
  m_center.y += dy / m_scale;
}

void Camera::zoomAround(Point screen, double factor) {
  Point before = screenToWorld(screen);
  setPixelsPerUnit(m_scale * factor);
  Point after = screenToWorld(screen);
  m_center.x += before.x - after.x;
  m_center.y += before.y - after.y;
}

void Camera::fit(const Extent& extent, double marginPx) {
  if (extent.empty()) return;
  m_center = {(extent.minX + extent.maxX) / 2, (extent.minY + extent.maxY) / 2};
  double w = std::max(1.0, m_width - 2 * marginPx), h = std::max(1.0, m_height - 2 * marginPx);
  double sx = extent.width() > 0 ? w / extent.width() : 1e300;
  double sy = extent.height() > 0 ? h / extent.height() : 1e300;
  double s = std::min(sx, sy);
  if (s >= 1e300) s = 1;  // a single point: keep a unit scale
  setPixelsPerUnit(s);
}

}  // namespace mobmap::render
