#include "ui/area_drawing.h"

#include "notes/note_geometry.h"

namespace mobmap::ui {

std::string ringProblem(const std::vector<Point>& ring) { return notes::ringProblem(ring); }

}  // namespace mobmap::ui
