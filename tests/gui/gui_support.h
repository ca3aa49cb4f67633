#pragma once
// Shared by the viewer's Xvfb tests: running the real viewer, reading its printed rectangles, and counting
// colours in the screenshots it writes.
#include <cairo.h>
#include <catch2/catch.hpp>
#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <string>
#include <utility>

#include "../cli/run_mobmap.h"

namespace mobmap::test {

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
};

// The rectangle the viewer printed as ` KEY=x,y,w,h` in its screenshot line (fails the test when absent).
inline Rect rectIn(const std::string& out, const std::string& key) {
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex("(?:^|\\s)" + key + "=(-?\\d+),(-?\\d+),(\\d+),(\\d+)")));
  return {std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]), std::stoi(m[4])};
}

// A PNG read through Cairo, with colours as 0xRRGGBB.
class Png {
 public:
  explicit Png(const std::string& path) : m_surface(cairo_image_surface_create_from_png(path.c_str())) {}
  ~Png() { cairo_surface_destroy(m_surface); }
  Png(const Png&) = delete;
  Png& operator=(const Png&) = delete;
  bool ok() const { return cairo_surface_status(m_surface) == CAIRO_STATUS_SUCCESS; }
  int width() const { return cairo_image_surface_get_width(m_surface); }
  int height() const { return cairo_image_surface_get_height(m_surface); }
  std::uint32_t rgb(int x, int y) const {
    const unsigned char* d = cairo_image_surface_get_data(m_surface);
    const int stride = cairo_image_surface_get_stride(m_surface);
    return *reinterpret_cast<const std::uint32_t*>(d + static_cast<std::ptrdiff_t>(y) * stride + x * 4) & 0xffffffu;
  }
  // How often each colour occurs in a rectangle (clipped to the image).
  std::map<std::uint32_t, int> histogram(const Rect& r) const {
    std::map<std::uint32_t, int> h;
    for (int y = std::max(0, r.y); y < std::min(height(), r.y + r.h); ++y)
      for (int x = std::max(0, r.x); x < std::min(width(), r.x + r.w); ++x) ++h[rgb(x, y)];
    return h;
  }

 private:
  cairo_surface_t* m_surface;
};

inline bool haveXvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

// Runs `mobmap ARGUMENTS` (already shell-quoted where needed) under a 1600x1000 Xvfb screen; returns the exit
// status (-1 when it did not exit normally) and stdout + stderr.
inline std::pair<int, std::string> runViewer(const std::string& arguments) {
  const std::string cmd = "xvfb-run -a -s '-screen 0 1600x1000x24' " + shellQuote(MOBMAP_BINARY) + " " + arguments + " 2>&1";
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return {-1, ""};
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace mobmap::test
