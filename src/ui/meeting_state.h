#pragma once
// What a coalition meeting asks of the viewer: presentation mode (full screen, large type, stepping through
// the saved views) and the linked comparison of two views side by side. Panels write the requests here; the
// app carries them out. Holds no GL or ImGui types.
#include <string>
#include <vector>

namespace mobmap::ui {

// The UI scale factor presentation mode multiplies the user's scale by (type on a projector).
inline constexpr float kPresentationScale = 1.75f;

struct MeetingState {
  // Presentation mode.
  bool presenting = false;           // set by the app while in presentation mode
  bool presentRequested = false;     // a panel asks to enter presentation mode
  std::size_t presentPosition = 0;   // 1-based position of the shown view among the project's views (0 = none)

  // Linked comparison: the shown view (left) beside `compareWith` (right), one camera, shared breaks.
  bool comparing = false;            // the user's toggle
  std::string compareWith;           // the right-hand view
  bool independentBreaks = false;    // each side classified on its own (labelled on the map)
  bool breaksChosen = false;         // the user chose shared or independent classes; else ui::poolingProblem
                                     // decides when the right view arrives
  std::string poolingProblem;        // why independent classes were chosen for these views ("" otherwise)
  // What the app reports back for the panels and labels.
  bool camerasLinked = true;         // pan and zoom in step (across display CRSs through lon/lat); false when
                                     // the two CRSs cannot be related
  std::string compareMessage;        // why the comparison is not shown, or a note about it ("" when fine)
};

// The view `step` places after `current` in `views` (negative steps go back), clamped to the first and last
// view; `current` itself when it is not in the list and the list is empty. A view not in the list steps from
// the start of the list.
std::string adjacentView(const std::vector<std::string>& views, const std::string& current, int step);

// The 1-based position of `current` in `views`, 0 when it is not there.
std::size_t viewPosition(const std::vector<std::string>& views, const std::string& current);

}  // namespace mobmap::ui
