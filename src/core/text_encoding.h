#pragma once
// Text encodings of files people export from spreadsheets: UTF-8 (what mobmap holds everywhere) and
// Windows-1252 (Excel's "CSV" on Windows in the Americas), which is not valid UTF-8 once it holds ñ, é, ...
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mobmap {

// The offset of the first byte that does not start or continue a valid UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are invalid), or npos when `s` is valid UTF-8.
std::size_t firstInvalidUtf8(std::string_view s);
inline bool isValidUtf8(std::string_view s) { return firstInvalidUtf8(s) == std::string_view::npos; }

// `s` read as Windows-1252 and written as UTF-8 ("Pe\xF1asco" -> "Peñasco"); nullopt when `s` holds one of
// the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
std::optional<std::string> windows1252ToUtf8(std::string_view s);

}  // namespace mobmap
