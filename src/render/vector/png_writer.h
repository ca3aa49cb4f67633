#pragma once
// Writing an opaque raster as a PNG file, fast: rows filtered with one fixed filter and compressed at a fast
// deflate level in independent slices on several threads. Lossless; the file is somewhat larger than a slow
// encoder's. The bytes depend only on the pixels (not on the number of threads), so output is deterministic.
#include <cstdint>
#include <string>

namespace mobmap::render {

// Writes `height` rows of `width` pixels, each pixel a native-endian 32-bit 0x00RRGGBB word (Cairo's RGB24),
// rows `stride` bytes apart, as an 8-bit RGB PNG at `path`. Throws mobmap::Error naming the path when the file
// cannot be written.
void writeRgbPng(const std::string& path, const unsigned char* pixels, int width, int height, int stride);

}  // namespace mobmap::render
