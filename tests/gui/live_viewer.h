#pragma once
// The real viewer running interactively on a private Xvfb display, driven by real X input through xdotool:
// the test starts `mobmap ... --state-out FILE --run-seconds S`, sends pointer and key events to its window
// and waits on the state file the viewer rewrites whenever what it shows changes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../cli/run_mobmap.h"

// Ends the test case with a note when xdotool or Xvfb is missing (scripts/install-deps installs them).
#define MOBMAP_SKIP_WITHOUT_XDOTOOL()                                                          \
  do {                                                                                          \
    if (!mobmap::test::haveXdotool()) {                                                         \
      WARN("SKIPPED: xdotool or Xvfb is not installed (scripts/install-deps installs them)"); \
      return;                                                                                   \
    }                                                                                           \
  } while (false)

namespace mobmap::test {

inline bool haveXdotool() {
  return std::system("command -v xdotool >/dev/null 2>&1 && command -v Xvfb >/dev/null 2>&1") == 0;
}

// Reads a whole file ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class LiveViewer {
 public:
  // Starts an Xvfb display (1600x1000x24) and `mobmap ARGS --state-out DIR/state.json --run-seconds 180` on it.
  LiveViewer(const std::filesystem::path& dir, const std::vector<std::string>& args)
      : m_state(dir / "state.json"), m_log(dir / "viewer.log") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    m_xvfb = ::fork();
    REQUIRE(m_xvfb >= 0);
    if (m_xvfb == 0) {
      ::close(fds[0]);
      const int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
      const std::string fd = std::to_string(fds[1]);
      ::execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1600x1000x24", "-nolisten", "tcp",
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    std::string number;
    pollfd pfd{fds[0], POLLIN, 0};
    while (::poll(&pfd, 1, 20000) > 0) {
      char c;
      if (::read(fds[0], &c, 1) != 1 || c == '\n') break;
      number += c;
    }
    ::close(fds[0]);
    REQUIRE_FALSE(number.empty());
    m_display = ":" + number;

    std::vector<std::string> all = args;
    for (const char* a : {"--state-out", "", "--run-seconds", "180"}) all.push_back(a);
    all[all.size() - 3] = m_state.string();
    m_viewer = ::fork();
    REQUIRE(m_viewer >= 0);
    if (m_viewer == 0) {
      ::setenv("DISPLAY", m_display.c_str(), 1);
      const int log = ::open(m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(log, 1);
      ::dup2(log, 2);
      std::vector<char*> argv{const_cast<char*>(MOBMAP_BINARY)};
      for (std::string& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(MOBMAP_BINARY, argv.data());
      ::_exit(127);
    }
  }

  ~LiveViewer() {
    if (m_viewer > 0) {
      ::kill(m_viewer, SIGTERM);
      ::waitpid(m_viewer, nullptr, 0);
    }
    if (m_xvfb > 0) {
      ::kill(m_xvfb, SIGTERM);
      ::waitpid(m_xvfb, nullptr, 0);
    }
  }
  LiveViewer(const LiveViewer&) = delete;
  LiveViewer& operator=(const LiveViewer&) = delete;

  // Runs `xdotool ARGS` on the viewer's display; returns its stdout (fails the test on a non-zero exit).
  std::string xdo(const std::string& args) {
    const std::string cmd = "DISPLAY=" + m_display + " timeout 30 xdotool " + args + " 2>&1";
    std::string out;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe);
    char buf[1024];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    const int status = ::pclose(pipe);
    INFO("xdotool " << args << ": " << out);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return out;
  }

  // The viewer's window (searched by its title, waiting until it is mapped), focused for key events.
  std::string window() {
    if (m_window.empty()) {
      std::string out = xdo("search --sync --onlyvisible --name '^mobmap'");
      m_window = out.substr(0, out.find('\n'));
      REQUIRE_FALSE(m_window.empty());
      xdo("windowfocus --sync " + m_window);
      // With no window manager, keys go to the window under the pointer when the focus is lost: keep the
      // pointer over the window (its top-left corner, on the side panel's title) from the start.
      xdo("mousemove --window " + m_window + " 4 4");
    }
    return m_window;
  }

  // Taps `keys` (X keysym names, with modifiers as "ctrl+z"): pressed and released at once, as a quick typist
  // or a presentation clicker does.
  void key(const std::string& keys) { xdo("key --clearmodifiers " + keys); }

  // Moves the pointer to window position (x, y).
  void moveTo(double x, double y) {
    xdo("mousemove --window " + window() + " " + std::to_string(std::lround(x)) + " " + std::to_string(std::lround(y)));
  }

  // The last state the viewer wrote (null when none yet).
  nlohmann::json state() const {
    const std::string text = slurp(m_state);
    if (text.empty()) return nullptr;
    return nlohmann::json::parse(text, nullptr, false);
  }

  // Waits (up to `seconds`) for a state passing `pred`; fails the test with the last state and the viewer's log
  // otherwise.
  nlohmann::json waitFor(const std::string& what, const std::function<bool(const nlohmann::json&)>& pred,
                         double seconds = 60) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    nlohmann::json s;
    while (std::chrono::steady_clock::now() < until) {
      s = state();
      if (!s.is_null() && !s.is_discarded() && pred(s)) return s;
      if (exited()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
    FAIL("the viewer never showed: " << what << "\nlast state: " << s.dump(1) << "\nviewer log:\n" << slurp(m_log));
    return s;
  }

  // Waits until the state has not changed for `quietMs` (the viewer has settled), then returns it.
  nlohmann::json settle(int quietMs = 600) {
    nlohmann::json last = state();
    auto since = std::chrono::steady_clock::now();
    const auto until = since + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      nlohmann::json s = state();
      if (s.is_null() || s.is_discarded()) continue;
      if (!last.is_object() || s["seq"] != last["seq"]) {
        last = s;
        since = std::chrono::steady_clock::now();
      } else if (std::chrono::steady_clock::now() - since > std::chrono::milliseconds(quietMs)) {
        return s;
      }
    }
    return last;
  }

  // True once the viewer has exited (its status is then in exitStatus()).
  bool exited() {
    if (m_viewer <= 0) return true;
    int status = 0;
    if (::waitpid(m_viewer, &status, WNOHANG) == m_viewer) {
      m_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      m_viewer = 0;
      return true;
    }
    return false;
  }

  // Sends Ctrl+Q and waits (up to 60 s) for the viewer to exit; returns its exit status. When the viewer asks
  // about unsaved changes, answers D (quit without saving).
  int quit() {
    key("ctrl+q");
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    bool answered = false;
    while (!exited() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const nlohmann::json s = state();
      if (!answered && s.is_object() && s.contains("project") && s["project"]["quit_prompt"] == true) {
        key("d");
        answered = true;
      }
    }
    if (!exited()) WARN("the viewer did not exit on Ctrl+Q; last state: " << state().dump(1) << "\nlog:\n" << log());
    return exited() ? m_status : -2;
  }

  std::string log() const { return slurp(m_log); }

 private:
  std::filesystem::path m_state, m_log;
  std::string m_display, m_window;
  pid_t m_xvfb = -1, m_viewer = -1;
  int m_status = -1;
};

// A map position (window units) as a display-CRS point through the camera the viewer reported:
// x grows to the right and y downwards on screen, the display CRS's y grows upwards (render/camera.h).
struct Pt {
  double x = 0, y = 0;
};
inline Pt screenToWorld(const nlohmann::json& s, double wx, double wy) {
  const double fbs = s["framebuffer_scale"].get<double>();
  const double sx = (wx - s["map"][0].get<double>()) * fbs, sy = (wy - s["map"][1].get<double>()) * fbs;
  const auto& cam = s["camera"];
  const double k = cam["pixels_per_unit"].get<double>();
  return {cam["center"][0].get<double>() + (sx - cam["viewport"][0].get<double>() / 2) / k,
          cam["center"][1].get<double>() - (sy - cam["viewport"][1].get<double>() / 2) / k};
}
inline Pt worldToScreen(const nlohmann::json& s, Pt w) {
  const double fbs = s["framebuffer_scale"].get<double>();
  const auto& cam = s["camera"];
  const double k = cam["pixels_per_unit"].get<double>();
  const double sx = cam["viewport"][0].get<double>() / 2 + (w.x - cam["center"][0].get<double>()) * k;
  const double sy = cam["viewport"][1].get<double>() / 2 - (w.y - cam["center"][1].get<double>()) * k;
  return {s["map"][0].get<double>() + sx / fbs, s["map"][1].get<double>() + sy / fbs};
}

// True when the state's pointer is at window position (x, y), rounded as xdotool moves it.
inline bool pointerAt(const nlohmann::json& s, double x, double y) {
  return std::abs(s["pointer"]["x"].get<double>() - std::lround(x)) < 0.5 &&
         std::abs(s["pointer"]["y"].get<double>() - std::lround(y)) < 0.5;
}
inline double scaleOf(const nlohmann::json& s) { return s["camera"]["pixels_per_unit"].get<double>(); }
inline Pt centreOf(const nlohmann::json& s) {
  return {s["camera"]["center"][0].get<double>(), s["camera"]["center"][1].get<double>()};
}

}  // namespace mobmap::test
