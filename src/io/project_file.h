#pragma once
// Reading a project file (TOML, documented in docs/project-format.md) into the core project model.
#include <filesystem>

#include "core/project.h"

namespace mobmap::io {

// Reads and validates a project file; source paths come back absolute (resolved against the file's folder).
// Throws mobmap::Error naming the file, the line and the key for syntax errors, unknown format versions,
// missing keys and references to layers or tables that do not exist.
Project readProject(const std::filesystem::path& file);

// True when `path` looks like a project file (a .toml file).
bool isProjectFile(const std::filesystem::path& path);

}  // namespace mobmap::io
