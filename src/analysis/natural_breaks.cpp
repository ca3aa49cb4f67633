// Fisher's exact optimal univariate partition ("natural breaks", the classInt "fisher" optimum).
//
// The sorted values are grouped into runs of equal values ("units": value + multiplicity), so a class
// boundary can only fall between distinct values. Cost(i, j) is the within-class sum of squared
// deviations of units [i, j), read from prefix sums of weight, value and value² (centred on the mean
// and accumulated in long double to keep the subtraction accurate). The dynamic programme is
//   D[1][j] = Cost(0, j),   D[c][j] = min over i < j of D[c-1][i] + Cost(i, j).
// Cost satisfies the quadrangle inequality on sorted data, so the smallest minimising i is
// non-decreasing in j, and each level can be filled by divide and conquer in O(n log n).
#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "analysis/classification.h"
#include "core/error.h"

namespace mobmap::analysis {

namespace {

class SegmentCost {
 public:
  SegmentCost(const std::vector<double>& unitValues, const std::vector<double>& unitWeights) {
    const std::size_t m = unitValues.size();
    long double total = 0;
    long double totalWeight = 0;
    for (std::size_t u = 0; u < m; ++u) {
      total += static_cast<long double>(unitValues[u]) * unitWeights[u];
      totalWeight += unitWeights[u];
    }
    const long double centre = total / totalWeight;
    m_weight.assign(m + 1, 0);
    m_sum.assign(m + 1, 0);
    m_sumSquares.assign(m + 1, 0);
    for (std::size_t u = 0; u < m; ++u) {
      const long double w = unitWeights[u];
      const long double x = static_cast<long double>(unitValues[u]) - centre;
      m_weight[u + 1] = m_weight[u] + w;
      m_sum[u + 1] = m_sum[u] + w * x;
      m_sumSquares[u + 1] = m_sumSquares[u] + w * x * x;
    }
  }

  // Within-class sum of squares of units [i, j), i < j.
  long double operator()(std::size_t i, std::size_t j) const {
    const long double w = m_weight[j] - m_weight[i];
    const long double s = m_sum[j] - m_sum[i];
    const long double cost = (m_sumSquares[j] - m_sumSquares[i]) - s * s / w;
    return cost > 0 ? cost : 0;
  }

 private:
  std::vector<long double> m_weight;
  std::vector<long double> m_sum;
  std::vector<long double> m_sumSquares;
};

// One level of the programme: cur[j] = min over i in [first, j) of prev[i] + cost(i, j), recording the
// smallest minimising i in opt[j].
class LevelSolver {
 public:
  LevelSolver(const SegmentCost& cost, const std::vector<long double>& prev, std::vector<long double>& cur,
              std::vector<std::size_t>& opt, std::size_t first)
      : m_cost(cost), m_prev(prev), m_cur(cur), m_opt(opt), m_first(first) {}

  void bestFor(std::size_t j, std::size_t iLo, std::size_t iHi) {
    long double best = std::numeric_limits<long double>::infinity();
    std::size_t bestI = iLo;
    for (std::size_t i = iLo; i <= iHi; ++i) {
      const long double candidate = m_prev[i] + m_cost(i, j);
      if (candidate < best) {
        best = candidate;
        bestI = i;
      }
    }
    m_cur[j] = best;
    m_opt[j] = bestI;
  }

  void exhaustive(std::size_t jLo, std::size_t jHi) {
    for (std::size_t j = jLo; j <= jHi; ++j) bestFor(j, m_first, j - 1);
  }

  // Fills j in [jLo, jHi] knowing that their optimal i lies in [optLo, optHi].
  void divideAndConquer(std::size_t jLo, std::size_t jHi, std::size_t optLo, std::size_t optHi) {
    if (jLo > jHi) return;
    const std::size_t mid = jLo + (jHi - jLo) / 2;
    const std::size_t hi = std::min(optHi, mid - 1);
    bestFor(mid, optLo, hi);
    const std::size_t found = m_opt[mid];
    if (mid > jLo) divideAndConquer(jLo, mid - 1, optLo, found);
    divideAndConquer(mid + 1, jHi, found, optHi);
  }

 private:
  const SegmentCost& m_cost;
  const std::vector<long double>& m_prev;
  std::vector<long double>& m_cur;
  std::vector<std::size_t>& m_opt;
  std::size_t m_first;
};

}  // namespace

std::vector<double> naturalBreaks(const std::vector<double>& sortedValues, int classes, JenksSolver solver) {
  if (classes < 1) throw UsageError("number of classes must be at least 1, got " + std::to_string(classes));
  std::vector<double> unitValues;
  std::vector<double> unitWeights;
  for (double v : sortedValues) {
    if (!unitValues.empty() && unitValues.back() == v) {
      unitWeights.back() += 1;
    } else {
      unitValues.push_back(v);
      unitWeights.push_back(1);
    }
  }
  const std::size_t m = unitValues.size();
  const auto k = static_cast<std::size_t>(classes);
  if (m < k) {
    throw Error("field has only " + std::to_string(m) + " distinct value" + (m == 1 ? "" : "s") +
                "; cannot make " + std::to_string(classes) + " classes");
  }

  const SegmentCost cost(unitValues, unitWeights);
  std::vector<long double> prev(m + 1, std::numeric_limits<long double>::infinity());
  std::vector<long double> cur(m + 1, std::numeric_limits<long double>::infinity());
  for (std::size_t j = 1; j <= m; ++j) prev[j] = cost(0, j);
  // opt[c][j]: start unit of the last class in the best split of units [0, j) into c+1 classes.
  std::vector<std::vector<std::size_t>> opt(k);
  for (std::size_t c = 1; c < k; ++c) {
    opt[c].assign(m + 1, 0);
    std::fill(cur.begin(), cur.end(), std::numeric_limits<long double>::infinity());
    // c+1 classes need at least c+1 units; the remaining k-1-c classes need one unit each after j.
    const std::size_t jLo = c + 1;
    const std::size_t jHi = m - (k - 1 - c);
    LevelSolver level(cost, prev, cur, opt[c], c);
    if (c + 1 == k) {
      level.bestFor(m, c, m - 1);
    } else if (solver == JenksSolver::Exhaustive) {
      level.exhaustive(jLo, jHi);
    } else {
      level.divideAndConquer(jLo, jHi, c, jHi - 1);
    }
    std::swap(prev, cur);
  }

  std::vector<double> breaks(k + 1);
  breaks[0] = unitValues.front();
  breaks[k] = unitValues.back();
  std::size_t end = m;
  for (std::size_t c = k - 1; c >= 1; --c) {
    const std::size_t start = opt[c][end];
    breaks[c] = unitValues[start - 1];
    end = start;
  }
  return breaks;
}

}  // namespace mobmap::analysis
