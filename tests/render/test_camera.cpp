// Camera math: screen <-> world conversions, zoom around a point, pan and fit. Expected values are worked
// out by hand from the definitions in camera.h (centre at the canvas middle, y up in the world, down on
// screen).
#include <catch2/catch.hpp>

#include "render/camera.h"

using mobmap::Extent;
using mobmap::Point;
using mobmap::render::Camera;

TEST_CASE("screen and world positions convert both ways", "[camera]") {
  Camera cam;
  cam.setViewport(800, 600);
  cam.setCenter({1000, 2000});
  cam.setPixelsPerUnit(0.5);
  // The canvas centre shows the camera centre.
  Point c = cam.screenToWorld({400, 300});
  CHECK(c.x == Approx(1000));
  CHECK(c.y == Approx(2000));
  // The top left corner is 400 px left and 300 px up: 800 and 600 units at 0.5 px per unit.
  Point tl = cam.screenToWorld({0, 0});
  CHECK(tl.x == Approx(200));
  CHECK(tl.y == Approx(2600));
  for (Point w : {Point{1234.5, 1987.25}, Point{-50, 4000}, Point{1e6, -1e6}}) {
    Point back = cam.screenToWorld(cam.worldToScreen(w));
    CHECK(back.x == Approx(w.x).margin(1e-6));
    CHECK(back.y == Approx(w.y).margin(1e-6));
  }
  Extent e = cam.visibleExtent();
  CHECK(e.minX == Approx(200));
  CHECK(e.maxX == Approx(1800));
  CHECK(e.minY == Approx(1400));
  CHECK(e.maxY == Approx(2600));
}

TEST_CASE("zooming keeps the point under the cursor in place, panning follows the drag", "[camera]") {
  Camera cam;
  cam.setViewport(1000, 500);
  cam.setCenter({0, 0});
  cam.setPixelsPerUnit(1);
  const Point cursor{900, 100};
  const Point before = cam.screenToWorld(cursor);  // (400, 150)
  cam.zoomAround(cursor, 2.5);
  CHECK(cam.pixelsPerUnit() == Approx(2.5));
  Point after = cam.screenToWorld(cursor);
  CHECK(after.x == Approx(before.x));
  CHECK(after.y == Approx(before.y));

  // Dragging by (+100, +50) px moves the map right and down: the world point under the start follows.
  Point grabbed = cam.screenToWorld({500, 250});
  cam.panPixels(100, 50);
  Point moved = cam.worldToScreen(grabbed);
  CHECK(moved.x == Approx(600));
  CHECK(moved.y == Approx(300));
}

TEST_CASE("fit shows the whole extent centred, limited by the tighter axis", "[camera]") {
  Camera cam;
  cam.setViewport(1000, 500);
  Extent e;
  e.add(0, 0);
  e.add(200, 200);  // square: the height (500 - 2*50 = 400 px) limits, 2 px per unit
  cam.fit(e, 50);
  CHECK(cam.pixelsPerUnit() == Approx(2));
  CHECK(cam.center().x == Approx(100));
  CHECK(cam.center().y == Approx(100));
  Point corner = cam.worldToScreen({0, 200});
  CHECK(corner.x == Approx(300));  // 500 - 100 units * 2 px
  CHECK(corner.y == Approx(50));

  cam.setScaleLimits(1, 4);
  cam.zoomAround({500, 250}, 10);
  CHECK(cam.pixelsPerUnit() == Approx(4));  // clamped to the limit
}
