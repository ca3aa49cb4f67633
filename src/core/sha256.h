#pragma once
// SHA-256 (FIPS 180-4) of bytes and files, as lowercase hex: cache file names and content checksums.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace mobmap {

// Incremental SHA-256: update() any number of times, then hexDigest() once.
class Sha256 {
 public:
  Sha256();
  // Feeds more bytes.
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  // The 64-character lowercase hex digest of everything fed so far; the object is spent afterwards.
  std::string hexDigest();

 private:
  void block(const std::uint8_t* p);

  std::uint32_t m_state[8];
  std::uint8_t m_buffer[64];
  std::size_t m_buffered = 0;
  std::uint64_t m_length = 0;
};

// The hex SHA-256 of `text`.
std::string sha256Hex(std::string_view text);

// The hex SHA-256 of a file's content. Throws mobmap::Error naming the file when it cannot be read.
std::string sha256OfFile(const std::filesystem::path& file);

}  // namespace mobmap
