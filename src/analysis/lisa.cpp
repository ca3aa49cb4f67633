#include "analysis/lisa.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>

#include "analysis/moran.h"
#include "core/parallel.h"
#include "core/error.h"

namespace mobmap::analysis {

namespace {
// With 999 permutations 256 areas take about a millisecond: often enough to stop promptly.
constexpr std::size_t kCancelEvery = 256;
constexpr std::size_t kCancelRows = 4096;
}  // namespace

std::string_view lisaClusterLabel(LisaCluster c) {
  switch (c) {
    case LisaCluster::HighHigh: return "high-high";
    case LisaCluster::LowLow: return "low-low";
    case LisaCluster::HighLow: return "high-low";
    case LisaCluster::LowHigh: return "low-high";
    case LisaCluster::NotSignificant: break;
  }
  return "not significant";
}

LocalMoran localMoran(const std::vector<double>& x, const SpatialWeights& weights, int permutations, std::uint64_t seed,
                      double alpha, const std::atomic<bool>* cancel) {
  const std::size_t n = x.size();
  if (weights.size() != n)
    throw Error("local Moran: " + std::to_string(n) + " values for " + std::to_string(weights.size()) + " areas");
  if (n < 3) throw Error("local Moran needs at least 3 areas");
  if (!(alpha > 0 && alpha < 1)) throw UsageError("--alpha must lie between 0 and 1");
  if (permutations < 0) throw UsageError("--permutations must be 0 or more");

  const double nd = static_cast<double>(n);
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / nd;
  std::vector<double> z(n);
  double zz = 0;
  for (std::size_t i = 0; i < n; ++i) {
    z[i] = x[i] - mean;
    zz += z[i] * z[i];
  }
  if (!(zz > 0)) throw Error("local Moran is undefined: every value is the same");
  const double m2 = zz / nd;

  LocalMoran out;
  out.permutations = permutations;
  out.alpha = alpha;
  out.usedPseudoP = permutations > 0;
  out.areas.resize(n);

  // The permutation table (GeoDa's lookup table): row p holds maxK distinct positions among n − 1, the first
  // maxK draws of a partial Fisher–Yates shuffle of a pool of 0..n−2 (the pool is not reset between rows: any
  // arrangement of it gives a uniform draw). Area i reads the first card(i) positions of every row and maps
  // position q to area q + (q ≥ i), so each row is a draw without replacement from the other n − 1 areas. The
  // table is drawn once, from the seed alone, so the areas can be computed in any order and on any number of
  // threads with the same result.
  std::size_t maxK = 0;
  for (std::size_t i = 0; i < n; ++i) maxK = std::max(maxK, weights.cardinality(i));
  const std::size_t perms = static_cast<std::size_t>(permutations);
  std::vector<std::uint32_t> table;
  if (perms > 0 && maxK > 0) {
    if (n - 1 > std::numeric_limits<std::uint32_t>::max()) throw Error("local Moran: too many areas");
    table.resize(perms * maxK);
    std::vector<std::uint32_t> pool(n - 1);
    std::iota(pool.begin(), pool.end(), 0u);
    std::mt19937_64 rng(seed);
    for (std::size_t p = 0; p < perms; ++p) {
      if (cancel && p % kCancelRows == 0 && cancel->load(std::memory_order_relaxed)) throw Cancelled();
      for (std::size_t d = 0; d < maxK; ++d) {
        std::uniform_int_distribution<std::size_t> pick(d, n - 2);
        std::swap(pool[d], pool[pick(rng)]);
        table[p * maxK + d] = pool[d];
      }
    }
  }

  const unsigned workers = workerCount(perms > 0 ? n : 0, perms > 0 ? 64 : 1);
  parallelRanges(n, workers, [&](std::size_t begin, std::size_t end, unsigned) {
    for (std::size_t i = begin; i < end; ++i) {
      if (cancel && (i - begin) % kCancelEvery == 0 && cancel->load(std::memory_order_relaxed)) throw Cancelled();
      LocalMoranArea& a = out.areas[i];
      const auto& nb = weights.neighbours(i);
      const std::size_t k = nb.size();
      if (k == 0) {
        a.island = true;  // zero weights: I_i = 0, E = 0, Var = 0 (spdep zero.policy = TRUE)
        continue;
      }
      const double w = 1.0 / static_cast<double>(k);
      double lag = 0;
      for (std::size_t j : nb) lag += z[j];
      lag *= w;
      a.lag = lag;
      a.Ii = z[i] * lag / m2;
      const double Wi = 1.0, Wi2 = w;  // Σ w = 1, Σ w² = k · (1/k)² = 1/k
      a.expected = -(z[i] * z[i] * Wi) / ((nd - 1) * m2);
      a.variance =
          (z[i] / m2) * (z[i] / m2) * (nd / (nd - 2)) * (Wi2 - Wi * Wi / (nd - 1)) * (m2 - z[i] * z[i] / (nd - 1));
      if (a.variance > 0) {
        a.z = (a.Ii - a.expected) / std::sqrt(a.variance);
        a.p = 2 * normalUpperTail(std::fabs(*a.z));
      }

      if (perms > 0) {
        const std::uint32_t self = static_cast<std::uint32_t>(i);
        const double* zs = z.data();
        std::size_t larger = 0;
        for (std::size_t p = 0; p < perms; ++p) {
          const std::uint32_t* row = table.data() + p * maxK;
          double sum = 0;
          for (std::size_t d = 0; d < k; ++d) sum += zs[row[d] + (row[d] >= self ? 1u : 0u)];
          if (z[i] * sum * w / m2 >= a.Ii) ++larger;
        }
        const std::size_t folded = std::min(larger, perms - larger);
        a.pseudoP = (1.0 + static_cast<double>(folded)) / (permutations + 1.0);
      }

      const std::optional<double>& pv = out.usedPseudoP ? a.pseudoP : a.p;
      if (pv && *pv <= alpha) {
        if (z[i] > 0 && lag > 0) a.cluster = LisaCluster::HighHigh;
        else if (z[i] < 0 && lag < 0) a.cluster = LisaCluster::LowLow;
        else if (z[i] > 0 && lag < 0) a.cluster = LisaCluster::HighLow;
        else if (z[i] < 0 && lag > 0) a.cluster = LisaCluster::LowHigh;
      }
    }
  });
  for (const LocalMoranArea& a : out.areas) ++out.counts[static_cast<int>(a.cluster)];
  return out;
}

}  // namespace mobmap::analysis
