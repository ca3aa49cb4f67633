#pragma once
// Writing what the GL context has drawn to a PNG file (scripted screenshots for tests and documentation).
#include <string>

namespace mobmap::render::gl {

// Reads the current read framebuffer's `width` × `height` pixels (GL context current) and writes them as
// an RGB PNG, top row first. Throws mobmap::Error naming the path when it cannot be written.
void captureFramebufferPng(int width, int height, const std::string& path);

}  // namespace mobmap::render::gl
