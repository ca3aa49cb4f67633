#pragma once
// The viewer's project as a file: the view shown written into the project model (its layer, join, CRS, style,
// texts, year and subgroup, map kind, overlays), saving it, the notes store, and the recent-projects list.
#include <filesystem>
#include <string>
#include <vector>

#include "core/project.h"
#include "session/view_spec.h"

namespace mobmap::session {

// `base` with the view `viewName` set from `spec` as the viewer shows it: the spec's data becomes (or finds) a
// layer with its assigned CRS (`crs`), its table and join a [[table]] and [[join]], its context entries overlay
// layers; the view's field, per, year and subgroup (from the row filter), title, subtitle, legend title, source,
// style, method, classes, breaks, ramp, reference, callout notes, map kind and fields are the spec's; `notesStore`
// (when not empty) becomes the project's. Everything else of `base` (other views, presets, descriptions, colours)
// is kept. Paths stay absolute (io::writeProject writes them relative to the file). New layers and tables are
// named after their files ("tracts", "tracts 2" when taken).
Project projectWithView(Project base, const std::string& viewName, const ViewSpec& spec, const std::string& notesStore = {});

// The project in `file` (io::readProject), and whether a path names a project file (.toml), for the viewer.
Project loadProject(const std::string& file);
bool isProjectPath(const std::string& path);

// A name for the view of `spec` in a new project: its field.
std::string defaultViewName(const ViewSpec& spec);

// Where "Save as" proposes a project for data file `dataFile`: "<name>-project.toml" beside it.
std::string defaultProjectPath(const std::string& dataFile);

// Writes `project` to `file` (io::writeProject: atomically, paths relative to it) and adds it to the recent
// projects. Throws mobmap::Error naming the file when it cannot be written.
void saveProject(const Project& project, const std::string& file);

// Sets the project's notes store ([notes] store) to `store` and rewrites `projectFile`. Throws mobmap::Error
// naming the project when it cannot be read or written.
void saveNotesStore(const std::string& projectFile, const std::string& store);

// The recent projects, newest first (at most 10; files that no longer exist left out), kept in
// $XDG_CONFIG_HOME/mobmap/recent-projects (else ~/.config/mobmap/recent-projects), one path a line.
std::vector<std::string> recentProjects();
// Puts `projectFile` (made absolute) first in the recent projects. Never throws: a list that cannot be written
// is left as it was.
void addRecentProject(const std::string& projectFile);

}  // namespace mobmap::session
