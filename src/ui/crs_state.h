#pragma once
// Setting the CRS of a layer whose file declares none or a wrong one: the banner over the map, the dialog's
// search and suggestions (computed off the UI thread), and the choice the app applies.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/background_job.h"
#include "session/crs_choice.h"

namespace mobmap::ui {

struct CrsDialogState {
  bool open = false;
  bool focusSearch = false;                            // put the keyboard in the search box (until it has it)
  bool searchFocused = false;                          // the search box has the keyboard
  std::string query;                                   // what the user typed
  std::string resultsFor;                              // the query `results` answer
  std::vector<session::CrsChoice> results;             // PROJ's database searched for `query`
  std::vector<session::CrsChoice> suggestions;         // from the layer's coordinates, best first
  int suggestionsGeneration = -1;                      // the view generation the suggestions are for
  std::string highlighted;                             // the code Enter applies
  // Suggestions are slow the first time (PROJ's database): computed through the viewer's job type.
  std::shared_ptr<BackgroundJob<std::vector<session::CrsChoice>>> suggestJob =
      std::make_shared<BackgroundJob<std::vector<session::CrsChoice>>>();
  std::optional<std::string> requested;                // a CRS chosen this frame; applyCrsChoice carries it out
  std::string message;                                 // where the choice was kept, or why it could not be
  float bannerButton[4] = {0, 0, 0, 0};                // "Set CRS..." in window coordinates (x, y, w, h), for tests
};

}  // namespace mobmap::ui
