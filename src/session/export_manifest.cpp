#include "session/detail/export_manifest.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/error.h"

namespace mobmap::session {

ExportManifest ExportManifest::load(const std::filesystem::path& dir) {
  ExportManifest m;
  std::ifstream in(dir / kFileName);
  if (!in) return m;
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    for (const auto& [name, entry] : j.at("outputs").items())
      m.m_entries[name] = {entry.at("inputs").get<std::string>(), entry.at("files").get<std::vector<std::string>>()};
  } catch (const std::exception&) {
    return ExportManifest{};  // unreadable: render everything again
  }
  return m;
}

void ExportManifest::save(const std::filesystem::path& dir) const {
  nlohmann::json outputs = nlohmann::json::object();
  for (const auto& [name, e] : m_entries) outputs[name] = {{"inputs", e.inputsHash}, {"files", e.files}};
  nlohmann::json j = {{"written_by", "mobmap export"}, {"outputs", outputs}};
  writeFileAtomically(dir / kFileName, j.dump(2) + "\n");
}

bool ExportManifest::upToDate(const std::string& name, const std::string& inputsHash,
                              const std::vector<std::string>& files, const std::filesystem::path& dir) const {
  auto it = m_entries.find(name);
  if (it == m_entries.end() || it->second.inputsHash != inputsHash) return false;
  for (const std::string& f : files) {
    if (std::find(it->second.files.begin(), it->second.files.end(), f) == it->second.files.end()) return false;
    if (!std::filesystem::exists(dir / f)) return false;
  }
  return true;
}

void ExportManifest::record(const std::string& name, const std::string& inputsHash, const std::vector<std::string>& files) {
  ManifestEntry& e = m_entries[name];
  if (e.inputsHash != inputsHash) e.files.clear();  // files from other inputs are stale
  e.inputsHash = inputsHash;
  for (const std::string& f : files)
    if (std::find(e.files.begin(), e.files.end(), f) == e.files.end()) e.files.push_back(f);
}

void InputsHasher::add(const std::string& text) {
  const std::string framed = std::to_string(text.size()) + ":" + text;
  for (unsigned char c : framed) {
    m_hash ^= c;
    m_hash *= 1099511628211ull;
  }
}

void InputsHasher::addFile(const std::string& path) {
  add(path);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    add(std::filesystem::is_directory(path, ec) ? "directory" : "missing");
    return;
  }
  const auto mtime = std::filesystem::last_write_time(path, ec);
  add(std::to_string(size) + "/" + std::to_string(ec ? 0 : mtime.time_since_epoch().count()));
}

std::string InputsHasher::hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(m_hash));
  return buf;
}

}  // namespace mobmap::session
