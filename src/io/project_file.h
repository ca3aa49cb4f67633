#pragma once
// Reading and writing a project file (TOML, documented in docs/project-format.md) to and from the core
// project model.
#include <filesystem>

#include "core/project.h"

namespace mobmap::io {

// Reads and validates a project file (format versions 1 and 2); source paths come back absolute (resolved
// against the file's folder). Throws mobmap::Error naming the file, the line and the key for syntax errors,
// unknown keys, older or newer format versions, missing keys, values of the wrong type and references to
// layers, tables or views that do not exist.
Project readProject(const std::filesystem::path& file);

// Writes `project` to `file` in the current format version, with comments explaining each section. Paths
// under the file's folder are written relative to it. The file is written under a temporary name and
// renamed, so a failure leaves any earlier file untouched. readProject(file) then gives a project equal to
// `project` (with formatVersion the current one). Throws mobmap::Error when the file cannot be written.
void writeProject(const Project& project, const std::filesystem::path& file);

// True when `path` looks like a project file (a .toml file).
bool isProjectFile(const std::filesystem::path& path);

}  // namespace mobmap::io
