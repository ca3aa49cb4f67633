#pragma once
// Helpers for fault tests: a small disk that fills up (a 64 KiB tmpfs), a folder that cannot be written (the same
// tmpfs remounted read-only), running mobmap in the background and killing it with SIGKILL, and the pid of a
// process that is certainly gone. Mounting needs root (or CAP_SYS_ADMIN); without it the tests that need a mount
// print SKIPPED and pass, as the tests that need ../shared/data do.
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace mobmap::test {

// A tmpfs of `sizeKiB` mounted on a fresh folder for the life of the object.
class SmallDisk {
 public:
  SmallDisk(const std::filesystem::path& dir, int sizeKiB) : m_dir(dir) {
    std::filesystem::create_directories(m_dir);
    const std::string options = "size=" + std::to_string(sizeKiB) + "k,mode=0755";
    m_mounted = ::mount("tmpfs", m_dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
    if (!m_mounted)
      std::cout << "SKIPPED: cannot mount a small tmpfs on " << m_dir.string() << " (needs root): " << std::strerror(errno) << "\n";
  }
  ~SmallDisk() {
    if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return m_mounted; }
  const std::filesystem::path& dir() const { return m_dir; }

  // Writes a filler file until the disk is full; returns its size.
  std::size_t fill() {
    std::FILE* f = std::fopen((m_dir / "filler").c_str(), "wb");
    if (!f) return 0;
    std::setvbuf(f, nullptr, _IONBF, 0);
    std::vector<char> block(1024, 'x');
    std::size_t total = 0;
    while (true) {
      std::size_t n = std::fwrite(block.data(), 1, block.size(), f);
      total += n;
      if (n < block.size()) break;
    }
    std::fclose(f);
    return total;
  }

  // Makes the disk read-only (nothing in it can be created, changed or removed, by root either).
  bool makeReadOnly() {
    return ::mount("tmpfs", m_dir.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

 private:
  std::filesystem::path m_dir;
  bool m_mounted = false;
};

// Starts `mobmap ARGS...` in the background (stdout/stderr to /dev/null); returns its pid.
inline pid_t startMobmap(const std::vector<std::string>& args) {
  pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv;
    std::string binary = MOBMAP_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    ::unsetenv("DISPLAY");
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

// SIGKILLs `pid` after `delayMs` (when it is still running) and reaps it; true when the kill landed.
inline bool killAfter(pid_t pid, int delayMs) {
  std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) == pid) return false;  // it had finished
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status);
}

// The pid of a process that has exited and been reaped (so no process has it, unless reused).
inline pid_t deadPid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

// The names of the files in `dir`, sorted.
inline std::vector<std::string> fileNames(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

inline std::string fileBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace mobmap::test
