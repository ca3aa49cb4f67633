#include "analysis/moran.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>

#include "core/parallel.h"
#include "core/error.h"

namespace mobmap::analysis {

double normalUpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

namespace {

// Σ z_i · lag_i with row-standardised weights.
double crossProduct(const std::vector<double>& z, const SpatialWeights& w) {
  double total = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const auto& nb = w.neighbours(i);
    if (nb.empty()) continue;
    double lag = 0;
    if (w.binary()) {
      for (std::size_t j : nb) lag += z[j];
      total += z[i] * lag / static_cast<double>(nb.size());
    } else {
      for (std::size_t k = 0; k < nb.size(); ++k) lag += w.weight(i, k) * z[nb[k]];
      total += z[i] * lag;
    }
  }
  return total;
}

// The neighbour lists in one flat array, for the many cross products of the permutations.
class NeighbourTable {
 public:
  explicit NeighbourTable(const SpatialWeights& w) : m_first(w.size() + 1, 0) {
    for (std::size_t i = 0; i < w.size(); ++i) m_first[i + 1] = m_first[i] + w.cardinality(i);
    m_index.reserve(m_first.back());
    for (std::size_t i = 0; i < w.size(); ++i)
      for (std::size_t j : w.neighbours(i)) m_index.push_back(static_cast<std::uint32_t>(j));
    if (!w.binary())
      for (std::size_t i = 0; i < w.size(); ++i)
        for (std::size_t k = 0; k < w.cardinality(i); ++k) m_weight.push_back(w.weight(i, k));
  }
  std::size_t links() const { return m_index.size(); }
  // crossProduct() above for values z[0..size): the same operations in the same order, so the same result.
  double crossProduct(const double* z) const {
    double total = 0;
    const std::size_t n = m_first.size() - 1;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t b = m_first[i], e = m_first[i + 1];
      if (b == e) continue;
      double lag = 0;
      if (m_weight.empty()) {
        for (std::size_t k = b; k < e; ++k) lag += z[m_index[k]];
        total += z[i] * lag / static_cast<double>(e - b);
      } else {
        for (std::size_t k = b; k < e; ++k) lag += m_weight[k] * z[m_index[k]];
        total += z[i] * lag;
      }
    }
    return total;
  }

 private:
  std::vector<std::size_t> m_first;
  std::vector<std::uint32_t> m_index;
  std::vector<double> m_weight;  // row-standardised link weights, parallel to m_index; empty when binary
};

MoranTest makeTest(double I, double expected, double variance) {
  MoranTest t;
  t.variance = variance;
  t.z = (I - expected) / std::sqrt(variance);
  t.pGreater = normalUpperTail(t.z);
  t.pTwoSided = 2 * normalUpperTail(std::fabs(t.z));
  return t;
}

}  // namespace

GlobalMoran globalMoran(const std::vector<double>& x, const SpatialWeights& weights, int permutations, std::uint64_t seed) {
  const std::size_t n = x.size();
  if (weights.size() != n)
    throw Error("Moran's I: " + std::to_string(n) + " values for " + std::to_string(weights.size()) + " areas");
  GlobalMoran r;
  r.n = n;
  r.islands = weights.islands().size();
  r.nAdjusted = static_cast<double>(n - r.islands);
  if (r.nAdjusted < 4) throw Error("Moran's I needs at least 4 areas with neighbours (found " +
                                   std::to_string(n - r.islands) + ")");

  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
  std::vector<double> z(n);
  double zz = 0, z4 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    z[i] = x[i] - mean;
    zz += z[i] * z[i];
    z4 += z[i] * z[i] * z[i] * z[i];
  }
  if (!(zz > 0)) throw Error("Moran's I is undefined: every value is the same");

  // Weight constants of the row-standardised weights; column sums need the reverse links. A link whose reverse
  // is absent (k nearest neighbours) enters S1 for both ordered pairs, with w_ji = 0.
  std::vector<double> colSum(n, 0.0);
  double s1 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& nb = weights.neighbours(i);
    if (nb.empty()) continue;
    r.s0 += 1.0;
    for (std::size_t k = 0; k < nb.size(); ++k) {
      const std::size_t j = nb[k];
      const double wij = weights.weight(i, k);
      colSum[j] += wij;
      const auto& back = weights.neighbours(j);
      const auto it = std::lower_bound(back.begin(), back.end(), i);
      const bool mutual = it != back.end() && *it == i;
      const double wji = mutual ? weights.weight(j, static_cast<std::size_t>(it - back.begin())) : 0.0;
      s1 += (mutual ? 1.0 : 2.0) * (wij + wji) * (wij + wji);
    }
  }
  r.s1 = 0.5 * s1;
  for (std::size_t i = 0; i < n; ++i) {
    const double rowSum = weights.neighbours(i).empty() ? 0.0 : 1.0;
    r.s2 += (rowSum + colSum[i]) * (rowSum + colSum[i]);
  }
  r.kurtosis = static_cast<double>(n) * z4 / (zz * zz);

  const double m = r.nAdjusted, s0 = r.s0, s02 = s0 * s0;
  r.I = (m / s0) * crossProduct(z, weights) / zz;
  r.expected = -1.0 / (m - 1);
  const double e2 = r.expected * r.expected;
  const double varNormal = (m * m * r.s1 - m * r.s2 + 3 * s02) / (s02 * (m * m - 1)) - e2;
  const double varRandom = (m * ((m * m - 3 * m + 3) * r.s1 - m * r.s2 + 3 * s02) -
                            r.kurtosis * ((m * m - m) * r.s1 - 2 * m * r.s2 + 6 * s02)) /
                               ((m - 1) * (m - 2) * (m - 3) * s02) - e2;
  r.normal = makeTest(r.I, r.expected, varNormal);
  r.randomisation = makeTest(r.I, r.expected, varRandom);

  if (permutations > 0) {
    r.permutations = permutations;
    // The shuffles form one random stream (each continues from the last arrangement), so they are drawn in
    // order on this thread; the statistics of a batch of arrangements are then computed in parallel, each
    // exactly as above, and accumulated in permutation order.
    const NeighbourTable table(weights);
    std::mt19937_64 rng(seed);
    std::vector<double> perm = z;  // permuting z permutes x: the mean and Σz² do not change
    const std::size_t batch =
        std::max<std::size_t>(1, std::min<std::size_t>(4 * maxThreads(), (std::size_t{1} << 21) / (n + 1)));
    std::vector<double> arrangements(batch * n);
    std::vector<double> Ik(batch);
    std::size_t atLeast = 0;
    double sum = 0, sumSq = 0;
    for (int done = 0; done < permutations;) {
      const std::size_t count = std::min<std::size_t>(batch, static_cast<std::size_t>(permutations - done));
      for (std::size_t b = 0; b < count; ++b) {
        std::shuffle(perm.begin(), perm.end(), rng);
        std::copy(perm.begin(), perm.end(), arrangements.begin() + static_cast<std::ptrdiff_t>(b * n));
      }
      const unsigned workers = workerCount(count * table.links(), 200000);
      parallelRanges(count, workers, [&](std::size_t begin, std::size_t end, unsigned) {
        for (std::size_t b = begin; b < end; ++b)
          Ik[b] = (m / s0) * table.crossProduct(arrangements.data() + b * n) / zz;
      });
      for (std::size_t b = 0; b < count; ++b) {
        if (Ik[b] >= r.I) ++atLeast;
        sum += Ik[b];
        sumSq += Ik[b] * Ik[b];
      }
      done += static_cast<int>(count);
    }
    const double N = permutations;
    r.pseudoP = (1.0 + static_cast<double>(atLeast)) / (N + 1.0);
    r.permutationMean = sum / N;
    r.permutationSd = N > 1 ? std::sqrt(std::max(0.0, (sumSq - sum * sum / N) / (N - 1))) : 0.0;
  }
  return r;
}

}  // namespace mobmap::analysis
