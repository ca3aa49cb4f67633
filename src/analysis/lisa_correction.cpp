#include "analysis/lisa_correction.h"

#include <numeric>
#include <string>

#include "core/error.h"

namespace mobmap::analysis {

void correctLocalMoran(LocalMoran& result, const std::vector<double>& x, PCorrection correction) {
  const std::size_t n = result.areas.size();
  if (x.size() != n) throw Error("LISA correction: " + std::to_string(x.size()) + " values for " + std::to_string(n) + " areas");
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
  std::vector<double> p;
  std::vector<std::size_t> tested;
  for (std::size_t i = 0; i < n; ++i) {
    const LocalMoranArea& a = result.areas[i];
    const std::optional<double>& pv = result.usedPseudoP ? a.pseudoP : a.p;
    if (a.island || !pv) continue;
    p.push_back(*pv);
    tested.push_back(i);
  }
  const std::vector<double> adjusted = adjustPValues(p, correction);
  for (std::size_t k = 0; k < tested.size(); ++k) {
    LocalMoranArea& a = result.areas[tested[k]];
    a.pAdjusted = adjusted[k];
    const double zi = x[tested[k]] - mean, lag = a.lag;
    a.cluster = LisaCluster::NotSignificant;
    if (adjusted[k] <= result.alpha) {
      if (zi > 0 && lag > 0) a.cluster = LisaCluster::HighHigh;
      else if (zi < 0 && lag < 0) a.cluster = LisaCluster::LowLow;
      else if (zi > 0 && lag < 0) a.cluster = LisaCluster::HighLow;
      else if (zi < 0 && lag > 0) a.cluster = LisaCluster::LowHigh;
    }
  }
  std::fill(std::begin(result.counts), std::end(result.counts), 0);
  for (const LocalMoranArea& a : result.areas) ++result.counts[static_cast<int>(a.cluster)];
  result.correction = correction;
  result.comparisons = tested.size();
}

}  // namespace mobmap::analysis
