#include "core/vertex_positions.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <memory>
#include <string>

#include "core/error.h"
#include "core/parallel.h"

namespace mobmap {

namespace {

constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;

// A coordinate's bits with -0 taken as +0: equal numbers give equal bits (non-finite ones by their bits).
std::uint64_t positionBits(double v) {
  const std::uint64_t b = std::bit_cast<std::uint64_t>(v);
  return (b & ~kSignBit) == 0 ? 0 : b;
}

std::uint64_t mix(std::uint64_t z) {  // splitmix64's finaliser
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::uint64_t hashOf(const Point& p) { return mix(positionBits(p.x) ^ mix(positionBits(p.y) + 0x9e3779b97f4a7c15ull)); }

// A vertex's bits as the numbering reads them, gathered bucket by bucket.
struct Entry {
  std::uint64_t x, y;   // its coordinates' bits
  std::uint32_t index;  // in the vertex array
};

// The positions of one bucket: an open-addressing table from a position (its first vertex's bits) to its
// number within the bucket, small enough to stay in a core's cache, emptied for the next bucket.
class PositionTable {
 public:
  // Makes the table empty with room for `vertices` vertices of distinct positions.
  void reset(std::size_t vertices) {
    std::size_t cap = 16;
    while (cap * 3 < vertices * 4 + 4) cap *= 2;
    m_slots.assign(cap, Slot{});
    m_mask = cap - 1;
    m_count = 0;
  }
  std::uint32_t count() const { return m_count; }

  // The number within the bucket of the position of `e` (hashing to `hash`), the next number when first seen;
  // sets `differentZero` when an earlier vertex there differs from `e` in the sign of a zero.
  std::uint32_t add(std::uint64_t hash, const Entry& e, bool& differentZero) {
    const std::uint64_t px = positionBits(std::bit_cast<double>(e.x)), py = positionBits(std::bit_cast<double>(e.y));
    std::size_t i = static_cast<std::size_t>(hash >> 24) & m_mask;
    while (true) {
      Slot& s = m_slots[i];
      if (s.numberPlusOne == 0) break;
      if (positionBits(std::bit_cast<double>(s.x)) == px && positionBits(std::bit_cast<double>(s.y)) == py) {
        differentZero = s.x != e.x || s.y != e.y;
        return s.numberPlusOne - 1;
      }
      i = (i + 1) & m_mask;
    }
    m_slots[i] = {e.x, e.y, ++m_count};
    differentZero = false;
    return m_count - 1;
  }

 private:
  struct alignas(32) Slot {           // two to a cache line
    std::uint64_t x = 0, y = 0;       // the bits of the position's first vertex
    std::uint32_t numberPlusOne = 0;  // 0: empty
  };
  std::vector<Slot> m_slots;
  std::size_t m_mask = 0;
  std::uint32_t m_count = 0;
};

}  // namespace

VertexPositions vertexPositions(const GeometryStore& geometry, unsigned threads) {
  const std::span<const Point> points = geometry.points();
  const std::size_t n = points.size();
  if (n >= std::numeric_limits<std::uint32_t>::max())
    throw Error("a layer of " + std::to_string(n) + " vertices is too large to number its positions");
  if (threads == 0) threads = maxThreads();
  if (n < 40000) threads = 1;  // not worth a thread
  // The vertices are sorted into buckets by hash (in vertex order within each), each bucket numbers its
  // positions in a table that fits in a core's cache (one table for them all would not, and the vertices of
  // a bucket, gathered with their coordinates, are read in sequence), and the positions are numbered bucket
  // by bucket. Workers take contiguous ranges of vertices, then of buckets.
  std::size_t buckets = 1;
  while (n / buckets > 8192) buckets *= 2;
  const std::size_t bucketMask = buckets - 1;
  auto bucketOf = [bucketMask](std::uint64_t hash) { return static_cast<std::size_t>(hash) & bucketMask; };
  std::vector<std::vector<std::uint32_t>> count(threads, std::vector<std::uint32_t>(buckets, 0));
  parallelRanges(n, threads, [&](std::size_t begin, std::size_t end, unsigned w) {
    for (std::size_t v = begin; v < end; ++v) ++count[w][bucketOf(hashOf(points[v]))];
  });
  // cursor[w][b]: where worker w's first vertex of bucket b goes; bucketStart[b]: where bucket b begins.
  std::vector<std::vector<std::uint32_t>> cursor(threads, std::vector<std::uint32_t>(buckets, 0));
  std::vector<std::size_t> bucketStart(buckets + 1, 0);
  std::size_t at = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    bucketStart[b] = at;
    for (unsigned w = 0; w < threads; ++w) {
      cursor[w][b] = static_cast<std::uint32_t>(at);
      at += count[w][b];
    }
  }
  bucketStart[buckets] = at;
  const std::unique_ptr<Entry[]> entries(new Entry[n]);  // every entry is written below: not zeroed first
  parallelRanges(n, threads, [&](std::size_t begin, std::size_t end, unsigned w) {
    std::vector<std::uint32_t> next = cursor[w];
    for (std::size_t v = begin; v < end; ++v) {
      const Point& p = points[v];
      entries[next[bucketOf(hashOf(p))]++] = {std::bit_cast<std::uint64_t>(p.x), std::bit_cast<std::uint64_t>(p.y),
                                              static_cast<std::uint32_t>(v)};
    }
  });
  // Each bucket's positions, numbered from 0 in the order first seen (so a position's first vertex is its
  // lowest); each entry takes its position's number within the bucket.
  std::vector<std::uint32_t> positionsIn(buckets, 0);
  const std::unique_ptr<std::uint32_t[]> numberAt(new std::uint32_t[n]);  // per entry
  std::vector<VertexPositions> part(threads);  // the workers' positions, in bucket order
  parallelRanges(buckets, threads, [&](std::size_t firstBucket, std::size_t endBucket, unsigned w) {
    PositionTable table;
    std::vector<std::uint32_t>& firstVertex = part[w].firstVertex;
    std::vector<std::uint8_t>& signedZeros = part[w].signedZeros;
    for (std::size_t b = firstBucket; b < endBucket; ++b) {
      table.reset(bucketStart[b + 1] - bucketStart[b]);
      const std::size_t before = firstVertex.size();
      for (std::size_t i = bucketStart[b]; i < bucketStart[b + 1]; ++i) {
        const Entry& e = entries[i];
        bool differentZero = false;
        const std::uint32_t number = table.add(hashOf({std::bit_cast<double>(e.x), std::bit_cast<double>(e.y)}), e, differentZero);
        if (before + number == firstVertex.size()) {
          firstVertex.push_back(e.index);
          signedZeros.push_back(0);
        } else if (differentZero) {
          signedZeros[before + number] = 1;
        }
        numberAt[i] = number;
      }
      positionsIn[b] = table.count();
    }
  });
  VertexPositions out;
  for (VertexPositions& m : part) {
    out.firstVertex.insert(out.firstVertex.end(), m.firstVertex.begin(), m.firstVertex.end());
    out.signedZeros.insert(out.signedZeros.end(), m.signedZeros.begin(), m.signedZeros.end());
    m = VertexPositions{};
  }
  std::vector<std::uint32_t> positionStart(buckets, 0);
  for (std::size_t b = 1; b < buckets; ++b) positionStart[b] = positionStart[b - 1] + positionsIn[b - 1];
  // Each vertex takes its entry's number (its bucket's entries are met in the order they were placed).
  out.positionOf.resize(n);
  parallelRanges(n, threads, [&](std::size_t begin, std::size_t end, unsigned w) {
    std::vector<std::uint32_t>& next = cursor[w];
    for (std::size_t v = begin; v < end; ++v) {
      const std::size_t b = bucketOf(hashOf(points[v]));
      out.positionOf[v] = positionStart[b] + numberAt[next[b]++];
    }
  });
  return out;
}

}  // namespace mobmap
