#pragma once
// Runs the built mobmap binary and captures its exit code, stdout and stderr.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mobmap::test {

struct RunResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

inline std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs `mobmap ARGS...` with stdin closed and DISPLAY unset.
inline RunResult runMobmap(const std::vector<std::string>& args) {
  static int counter = 0;
  auto errPath = std::filesystem::temp_directory_path() / ("mobmap-test-stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::string cmd = "env -u DISPLAY " + shellQuote(MOBMAP_BINARY);
  for (const std::string& a : args) cmd += " " + shellQuote(a);
  cmd += " </dev/null 2>" + shellQuote(errPath.string());
  RunResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(errPath);
  std::stringstream ss;
  ss << e.rdbuf();
  r.err = ss.str();
  std::filesystem::remove(errPath);
  return r;
}

}  // namespace mobmap::test
