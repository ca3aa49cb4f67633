#include "render/vector/png_writer.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "core/error.h"
#include "core/parallel.h"

namespace mobmap::render {

namespace {

// Rows per independently compressed slice. Fixed (not derived from the number of cores) so that the same
// pixels always give the same bytes; each slice restarts the deflate window, which costs little at this size.
constexpr int kRowsPerSlice = 64;
// zlib level 1 (fastest): flat map colours compress well even so.
constexpr int kLevel = 1;

void putU32(std::vector<unsigned char>& out, std::uint32_t v) {
  for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<unsigned char>(v >> shift));
}

void appendChunk(std::vector<unsigned char>& out, const char type[4], const unsigned char* data, std::size_t size) {
  putU32(out, static_cast<std::uint32_t>(size));
  const std::size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data, data + size);
  const uLong crc = crc32(0L, out.data() + start, static_cast<uInt>(out.size() - start));
  putU32(out, static_cast<std::uint32_t>(crc));
}

// The PNG rows [y0, y1) with filter "Sub" (each byte minus the byte one pixel to its left): flat runs of one
// colour become zeros, which deflate compresses to almost nothing.
void filterRows(const unsigned char* pixels, int width, int stride, int y0, int y1, std::vector<unsigned char>& out) {
  const std::size_t rowBytes = 1 + 3 * static_cast<std::size_t>(width);
  out.resize(rowBytes * static_cast<std::size_t>(y1 - y0));
  for (int y = y0; y < y1; ++y) {
    unsigned char* o = out.data() + rowBytes * static_cast<std::size_t>(y - y0);
    const auto* row = reinterpret_cast<const std::uint32_t*>(pixels + static_cast<std::ptrdiff_t>(y) * stride);
    *o++ = 1;  // Sub
    unsigned char pr = 0, pg = 0, pb = 0;
    for (int x = 0; x < width; ++x) {
      const std::uint32_t p = row[x];
      const auto r = static_cast<unsigned char>(p >> 16), g = static_cast<unsigned char>(p >> 8), b = static_cast<unsigned char>(p);
      *o++ = static_cast<unsigned char>(r - pr);
      *o++ = static_cast<unsigned char>(g - pg);
      *o++ = static_cast<unsigned char>(b - pb);
      pr = r;
      pg = g;
      pb = b;
    }
  }
}

struct Slice {
  std::vector<unsigned char> deflated;
  uLong adler = 0;
  std::size_t rawSize = 0;
  bool ok = false;
};

// Raw deflate of one slice's filtered rows; all but the last end on a byte boundary (sync flush) so the
// slices concatenate into one stream. `raw` and `scratch` are the calling thread's buffers, reused from slice to
// slice; the slice keeps only its compressed bytes.
void compressSlice(const unsigned char* pixels, int width, int stride, int y0, int y1, bool last, Slice& out,
                   std::vector<unsigned char>& raw, std::vector<unsigned char>& scratch) {
  filterRows(pixels, width, stride, y0, y1, raw);
  out.rawSize = raw.size();
  out.adler = adler32(1L, raw.data(), static_cast<uInt>(raw.size()));
  z_stream z{};
  if (deflateInit2(&z, kLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return;
  const std::size_t bound = deflateBound(&z, static_cast<uLong>(raw.size())) + 16;
  if (scratch.size() < bound) scratch.resize(bound);
  z.next_in = raw.data();
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = scratch.data();
  z.avail_out = static_cast<uInt>(bound);
  const int rc = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
  out.ok = last ? rc == Z_STREAM_END : (rc == Z_OK && z.avail_in == 0);
  out.deflated.assign(scratch.data(), scratch.data() + (bound - z.avail_out));
  deflateEnd(&z);
}

}  // namespace

void writeRgbPng(const std::string& path, const unsigned char* pixels, int width, int height, int stride) {
  const int slices = std::max(1, (height + kRowsPerSlice - 1) / kRowsPerSlice);
  std::vector<Slice> parts(static_cast<std::size_t>(slices));
  const int threads = std::clamp(static_cast<int>(maxThreads()), 1, std::min(slices, 8));
  runWorkers(static_cast<unsigned>(threads), [&](unsigned t) {
    std::vector<unsigned char> raw, scratch;
    for (int s = static_cast<int>(t); s < slices; s += threads)
      compressSlice(pixels, width, stride, s * kRowsPerSlice, std::min(height, (s + 1) * kRowsPerSlice), s == slices - 1,
                    parts[static_cast<std::size_t>(s)], raw, scratch);
  });

  std::vector<unsigned char> file = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  unsigned char ihdr[13];
  for (int i = 0; i < 4; ++i) {
    ihdr[i] = static_cast<unsigned char>(static_cast<std::uint32_t>(width) >> (24 - 8 * i));
    ihdr[4 + i] = static_cast<unsigned char>(static_cast<std::uint32_t>(height) >> (24 - 8 * i));
  }
  ihdr[8] = 8;   // bits per channel
  ihdr[9] = 2;   // truecolour RGB
  ihdr[10] = ihdr[11] = ihdr[12] = 0;  // deflate, adaptive filtering, no interlace
  appendChunk(file, "IHDR", ihdr, sizeof ihdr);
  // One zlib stream over all slices: header (deflate, 32 KiB window, fastest), the slices, the Adler-32 of
  // the whole uncompressed data (combined from the slices').
  std::vector<unsigned char> stream = {0x78, 0x01};
  uLong adler = 1;
  for (const Slice& s : parts) {
    if (!s.ok) throw Error(path + ": cannot write (PNG compression failed)");
    stream.insert(stream.end(), s.deflated.begin(), s.deflated.end());
    adler = adler32_combine(adler, s.adler, static_cast<z_off_t>(s.rawSize));
  }
  putU32(stream, static_cast<std::uint32_t>(adler));
  appendChunk(file, "IDAT", stream.data(), stream.size());
  appendChunk(file, "IEND", nullptr, 0);

  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!f || std::fwrite(file.data(), 1, file.size(), f.get()) != file.size()) throw Error(path + ": cannot write");
  if (std::fclose(f.release()) != 0) throw Error(path + ": cannot write");
}

}  // namespace mobmap::render
