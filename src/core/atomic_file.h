#pragma once
// Writing a file all or nothing: the bytes go to a temporary file in the target's folder, whose every write,
// flush and close is checked, and only a complete file is renamed onto the target.
//
// Usage:
//   writeFileAtomically("out/report.json", text);      // throws mobmap::Error naming the file on a full disk
//   AtomicFile temp("out/tracts.gpkg");                // for writers that need a path (GDAL, Cairo, SQLite)
//   writeSomething(temp.tempPath());                   // must report its own write errors
//   temp.commit();                                     // rename onto the target; destructor removes otherwise
// Temporary names are ".<stem>.partial-<pid>-<n><ext>" so two programs (or two threads) writing the same target
// never share one; temporary files left by a killed run (their process no longer exists) are removed the next
// time the same target is written.
#include <filesystem>
#include <string>
#include <string_view>

namespace mobmap {

class AtomicFile {
 public:
  // Picks a unique temporary name beside `target` and removes leftovers of killed runs for the same target.
  // Throws mobmap::Error naming `target` when its folder does not exist.
  explicit AtomicFile(std::filesystem::path target);
  // Removes the temporary file unless committed.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Where to write; nothing exists there yet.
  const std::filesystem::path& tempPath() const { return m_temp; }
  const std::filesystem::path& target() const { return m_target; }
  // Flushes the temporary file to disk and renames it onto the target. Throws mobmap::Error naming the target
  // (the previous target is then untouched and the temporary file removed).
  void commit();
  // Like commit(), but never replaces an existing target: when one appeared meanwhile (another program made it),
  // the temporary file is removed and false returned.
  bool commitIfAbsent();

 private:
  std::filesystem::path m_target, m_temp;
  bool m_committed = false;
};

// Writes `bytes` to `path` (a plain file, created or truncated), checking every write, the flush to disk and the
// close. Throws mobmap::Error "<what>: cannot write (<reason>)" — for a full disk the reason says so.
void writeBytesChecked(const std::filesystem::path& path, std::string_view bytes, const std::string& what);

// Replaces `target` with `bytes` all or nothing (AtomicFile + writeBytesChecked). Throws mobmap::Error naming
// `target`; the previous file is then unchanged.
void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes);

// Removes temporary files that killed runs left beside `target` (see AtomicFile); returns how many.
int removeStaleTemporaries(const std::filesystem::path& target);

}  // namespace mobmap
