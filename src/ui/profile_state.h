#pragma once
// The Mobility Metrics profile window: the profile of the open project's place, read when the window opens, and
// its export.
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/background_job.h"
#include "render/metric_profile.h"

namespace mobmap::ui {

struct ProfileState {
  bool open = false;
  int raiseFrames = 0;                         // frames left in which the window is brought to the front
  std::string readFrom;                        // the project file the profile below was read from
  std::optional<render::MetricProfile> profile;
  std::string error;                           // why there is no profile (session::loadMetricProfile's words)
  std::string exportPath;                      // prefilled beside the project: profile.pdf
  std::string exportMessage;                   // "Wrote ..." or why not
  std::shared_ptr<BackgroundJob<std::string>> exportJob;  // writing the figure off the UI thread; its message
  std::string clickedMetric;                   // the row clicked last (its map view is asked for)
  // Where the export button ("export") and each metric's row ("row:<variable>") were drawn: x, y, w, h (for tests).
  std::map<std::string, std::array<float, 4>> itemRects;
};

}  // namespace mobmap::ui
