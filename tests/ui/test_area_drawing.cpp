// Drawn note areas: which rings may become a note. Hand-made rings whose validity is plain from a sketch.
#include <catch2/catch.hpp>

#include "ui/area_drawing.h"

using mobmap::Point;
using mobmap::ui::ringProblem;

TEST_CASE("ringProblem accepts simple rings and names what is wrong with others", "[ui][notes]") {
  CHECK(ringProblem({{0, 0}, {10, 0}, {5, 8}}).empty());                  // a triangle
  CHECK(ringProblem({{0, 0}, {10, 0}, {10, 10}, {5, 3}, {0, 10}}).empty());  // concave, still simple
  CHECK(ringProblem({{0, 0}, {10, 0}, {10, 0}, {5, 8}, {5, 8}}).empty());    // repeated clicks are one corner
  CHECK(ringProblem({{0, 0}, {10, 0}}).find("three corners") != std::string::npos);
  CHECK(ringProblem({{0, 0}, {0, 0}, {0, 0}, {10, 0}}).find("three corners") != std::string::npos);
  CHECK(ringProblem({{0, 0}, {5, 0}, {10, 0}}).find("one line") != std::string::npos);
  // A bow tie: edges 1 (0,0)-(10,10) and 3 (10,0)-(0,10) cross.
  CHECK(ringProblem({{0, 0}, {10, 10}, {10, 0}, {0, 10}}).find("crosses itself") != std::string::npos);
  // A corner touching a non-adjacent edge.
  CHECK(ringProblem({{0, 0}, {10, 0}, {10, 10}, {5, 0}, {0, 10}}).find("crosses itself") != std::string::npos);
  // Far from the origin (display CRS metres): precision holds.
  CHECK(ringProblem({{500000, 4400000}, {500010, 4400000}, {500005, 4400008}}).empty());
}
