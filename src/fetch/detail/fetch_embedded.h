#pragma once
// Data files compiled into mobmap_fetch (geodata/sources.toml; see src/fetch/CMakeLists.txt).
#include <string_view>

namespace mobmap::fetch {

// The bytes of the embedded file with this name ("sources.toml"); empty when not embedded.
std::string_view embeddedFile(std::string_view fileName);

}  // namespace mobmap::fetch
