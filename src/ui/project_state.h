#pragma once
// Saving the viewer's work as a project file: the project as last read or written, what the view looked like
// then (for "unsaved changes"), the Save-as and quit prompts, and the recent projects.
#include <optional>
#include <string>
#include <vector>

#include "core/project.h"

namespace mobmap::ui {

struct ProjectSaveState {
  std::optional<Project> saved;      // the project file as last read or written; an empty project for a data file
  std::optional<Project> baseline;   // the project with the view as loaded: what "no unsaved changes" is
  bool saveAsOpen = false;           // the Save-as window
  std::string saveAsPath;
  bool saveAsFocus = false;          // put the keyboard in the path (until it has it)
  bool saveAsFocused = false;
  bool quitAfterSave = false;        // Save as was asked for by the quit prompt
  bool quitPromptOpen = false;       // "Save changes before quitting?"
  bool quitNow = false;              // the prompt was answered: the app ends the run
  bool rebaseline = false;           // the project file was written for the view being reloaded (its CRS): read it again then
  std::string message;               // "Saved project.toml" or why not
  std::vector<std::string> recent;   // recent projects, read at start and after each save
  float promptButtons[3][4] = {};    // Save, Don't save, Cancel of the quit prompt (x, y, w, h), for tests
};

}  // namespace mobmap::ui
