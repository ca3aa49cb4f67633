#include "analysis/multiple_testing.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/error.h"
#include "core/text.h"

namespace mobmap::analysis {

PCorrection parsePCorrection(std::string_view name) {
  const std::string n = toLower(std::string(name));
  if (n == "none") return PCorrection::None;
  if (n == "bonferroni") return PCorrection::Bonferroni;
  if (n == "fdr" || n == "bh") return PCorrection::FalseDiscoveryRate;
  throw UsageError("unknown correction '" + std::string(name) + "' (use bonferroni or fdr)");
}

std::string_view pCorrectionName(PCorrection c) {
  switch (c) {
    case PCorrection::Bonferroni: return "bonferroni";
    case PCorrection::FalseDiscoveryRate: return "fdr";
    default: return "none";
  }
}

std::string pCorrectionPhrase(PCorrection c, std::size_t comparisons) {
  const std::string m = std::to_string(comparisons);
  switch (c) {
    case PCorrection::Bonferroni: return "Bonferroni correction for " + m + " comparisons";
    case PCorrection::FalseDiscoveryRate: return "Benjamini–Hochberg false discovery rate over " + m + " comparisons";
    default: return "no correction for multiple comparisons";
  }
}

namespace {

void checkP(const std::vector<double>& p) {
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!(p[i] >= 0 && p[i] <= 1)) throw Error("p value " + std::to_string(i + 1) + " is not between 0 and 1");
}

}  // namespace

std::vector<double> benjaminiHochberg(const std::vector<double>& p) {
  checkP(p);
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> out(m);
  double running = 1;
  for (std::size_t r = m; r-- > 0;) {
    const std::size_t i = order[r];
    running = std::min(running, static_cast<double>(m) * p[i] / static_cast<double>(r + 1));
    out[i] = std::min(1.0, running);
  }
  return out;
}

std::vector<double> bonferroni(const std::vector<double>& p) {
  checkP(p);
  std::vector<double> out(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) out[i] = std::min(1.0, static_cast<double>(p.size()) * p[i]);
  return out;
}

std::vector<double> adjustPValues(const std::vector<double>& p, PCorrection c) {
  if (c == PCorrection::Bonferroni) return bonferroni(p);
  if (c == PCorrection::FalseDiscoveryRate) return benjaminiHochberg(p);
  checkP(p);
  return p;
}

}  // namespace mobmap::analysis
