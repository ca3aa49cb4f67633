#pragma once
// What `mobmap export` wrote last time into a folder, so a re-run only re-renders views whose inputs changed:
// for each view (and the atlas) a hash of its inputs and the files written from them.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mobmap::session {

struct ManifestEntry {
  std::string inputsHash;
  std::vector<std::string> files;  // file names inside the export folder
};

class ExportManifest {
 public:
  static constexpr const char* kFileName = "mobmap-export.json";

  // Reads `dir`/mobmap-export.json; a missing or unreadable manifest gives an empty one (everything is
  // rendered again).
  static ExportManifest load(const std::filesystem::path& dir);
  // Writes the manifest into `dir` (temporary file + rename). Throws mobmap::Error when it cannot.
  void save(const std::filesystem::path& dir) const;

  // True when `name` was written from inputs with this hash and every one of `files` is still in `dir`.
  bool upToDate(const std::string& name, const std::string& inputsHash, const std::vector<std::string>& files,
                const std::filesystem::path& dir) const;
  // Records what was written for `name`, keeping file names written earlier in other formats.
  void record(const std::string& name, const std::string& inputsHash, const std::vector<std::string>& files);

 private:
  std::map<std::string, ManifestEntry> m_entries;
};

// Accumulates the inputs of a rendering into a hex hash: texts, and files by size and modification time.
class InputsHasher {
 public:
  // Adds a text (length-prefixed, so "ab"+"c" and "a"+"bc" differ).
  void add(const std::string& text);
  // Adds a file's path, size and modification time, or "missing"; connection strings are added as text.
  void addFile(const std::string& path);
  // The 64-bit FNV-1a hash of everything added, as 16 hex digits.
  std::string hex() const;

 private:
  std::uint64_t m_hash = 1469598103934665603ull;
};

}  // namespace mobmap::session
