#pragma once
// Data files under styles/ compiled into mobmap_style (see mobmap_embed_files in src/style/CMakeLists.txt).
#include <string_view>

namespace mobmap::style::embedded {

// The bytes of the embedded file with this name (e.g. "metric_catalog.toml"); empty when not embedded.
std::string_view embeddedFile(std::string_view fileName);

}  // namespace mobmap::style::embedded
