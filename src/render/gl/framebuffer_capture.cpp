#include "render/gl/framebuffer_capture.h"

#include <cairo.h>

#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/error.h"
#include "render/gl/gl_api.h"

namespace mobmap::render::gl {

void captureFramebufferPng(int width, int height, const std::string& path) {
  if (width <= 0 || height <= 0) throw Error(path + ": nothing to capture (the window has no pixels)");
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());

  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_surface_flush(surface);
  unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* src = &rgba[static_cast<std::size_t>(height - 1 - y) * width * 4];  // GL rows go up
    auto* dst = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < width; ++x)
      dst[x] = 0xff000000u | (std::uint32_t{src[x * 4]} << 16) | (std::uint32_t{src[x * 4 + 1]} << 8) | src[x * 4 + 2];
  }
  cairo_surface_mark_dirty(surface);
  const std::string tmp = path + ".tmp.png";
  cairo_status_t status = cairo_surface_write_to_png(surface, tmp.c_str());
  cairo_surface_destroy(surface);
  std::error_code ec;
  if (status != CAIRO_STATUS_SUCCESS) {
    std::filesystem::remove(tmp, ec);
    throw Error(path + ": cannot write the screenshot (" + cairo_status_to_string(status) + ")");
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error(path + ": cannot write the screenshot (" + ec.message() + ")");
}

}  // namespace mobmap::render::gl
