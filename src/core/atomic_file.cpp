#include "core/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace mobmap {

namespace fs = std::filesystem;

namespace {

std::atomic<unsigned> g_counter{0};

std::string prefixOf(const fs::path& target) { return "." + target.stem().string() + ".partial-"; }

std::string reason(int err) {
  if (err == ENOSPC) return "the disk is full";
  if (err == EDQUOT) return "the disk quota is exhausted";
  return std::strerror(err);
}

// True when process `pid` is known to be gone (its temporary files can no longer be in use).
bool processGone(long pid) {
  if (pid <= 0) return false;
  if (pid == static_cast<long>(::getpid())) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH;
}

}  // namespace

int removeStaleTemporaries(const fs::path& target) {
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string prefix = prefixOf(target), ext = target.extension().string();
  int removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    // SQLite leaves its journal beside a database it was writing (name-journal, -wal, -shm).
    const bool ours = name.ends_with(ext) || name.ends_with(ext + "-journal") || name.ends_with(ext + "-wal") ||
                      name.ends_with(ext + "-shm");
    if (!name.starts_with(prefix) || !ours || name.size() <= prefix.size() + ext.size()) continue;
    // The pid is the run of digits after the prefix.
    std::size_t i = prefix.size();
    long pid = 0;
    while (i < name.size() && name[i] >= '0' && name[i] <= '9' && pid < 100000000) pid = pid * 10 + (name[i++] - '0');
    if (i == prefix.size() || !processGone(pid)) continue;
    std::error_code rec;
    if (fs::remove(it->path(), rec)) ++removed;
  }
  return removed;
}

AtomicFile::AtomicFile(fs::path target) : m_target(std::move(target)) {
  const fs::path parent = fs::absolute(m_target).parent_path();
  std::error_code ec;
  if (!fs::is_directory(parent, ec))
    throw Error(m_target.string() + ": cannot write: folder " + parent.string() + " does not exist");
  removeStaleTemporaries(m_target);
  while (true) {
    std::string name = prefixOf(m_target) + std::to_string(::getpid()) + "-" + std::to_string(g_counter++) +
                       m_target.extension().string();
    m_temp = m_target;
    m_temp.replace_filename(name);
    if (!fs::exists(m_temp, ec)) break;
  }
}

AtomicFile::~AtomicFile() {
  if (m_committed) return;
  std::error_code ec;
  fs::remove(m_temp, ec);
}

bool AtomicFile::commitIfAbsent() {
  if (::link(m_temp.c_str(), m_target.c_str()) != 0) {
    const int err = errno;
    if (err == EEXIST) return false;  // the destructor removes the temporary file
    throw Error(m_target.string() + ": cannot write (" + reason(err) + ")");
  }
  std::error_code ec;
  fs::remove(m_temp, ec);
  m_committed = true;
  return true;
}

void AtomicFile::commit() {
  // Flush the data to disk before the rename, so that a crash cannot leave a renamed but empty file.
  int fd = ::open(m_temp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(m_target.string() + ": cannot write (the temporary file " + m_temp.filename().string() + " is gone)");
  const int synced = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (synced != 0 && err != EINVAL && err != EROFS) throw Error(m_target.string() + ": cannot write (" + reason(err) + ")");
  std::error_code ec;
  fs::rename(m_temp, m_target, ec);
  if (ec) throw Error(m_target.string() + ": cannot write (" + ec.message() + ")");
  m_committed = true;
}

void writeBytesChecked(const fs::path& path, std::string_view bytes, const std::string& what) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw Error(what + ": cannot write (" + reason(errno) + ")");
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : ENOSPC;
      ::close(fd);
      throw Error(what + ": cannot write (" + reason(err) + ")");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
    const int err = errno;
    ::close(fd);
    throw Error(what + ": cannot write (" + reason(err) + ")");
  }
  if (::close(fd) != 0) throw Error(what + ": cannot write (" + reason(errno) + ")");
}

void writeFileAtomically(const fs::path& target, std::string_view bytes) {
  AtomicFile file(target);
  writeBytesChecked(file.tempPath(), bytes, target.string());
  file.commit();
}

}  // namespace mobmap
